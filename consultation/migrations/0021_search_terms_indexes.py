from django.db import migrations

from consultation.core.term_search import terms_index


class Migration(migrations.Migration):
    """GIN indexes on the very expression the `matches_terms` lookup searches (PostgreSQL only)."""

    dependencies = [
        ("consultation", "0020_search_terms"),
    ]

    operations = [
        migrations.RunPython(*terms_index("comment_search_terms", "consultation_paragraphcomment")),
        migrations.RunPython(*terms_index("response_search_terms", "consultation_officialresponse")),
    ]
