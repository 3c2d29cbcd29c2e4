from django.db import migrations, models


def index_search_text(apps, schema_editor):
    """On PostgreSQL, a trigram index on the searched text: the queue's words (LIKE '%word%') are found
    through it. SQLite has none: the demo's few comments are read in full."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute("CREATE INDEX comment_search_text_trgm ON consultation_paragraphcomment "
                              "USING gin (search_text gin_trgm_ops)")


def drop_search_text_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS comment_search_text_trgm")


class Migration(migrations.Migration):
    """The queue's indexes on what 0018 stores, and one for a chapter page's comments on the chapter as
    a whole: a migration of their own, because PostgreSQL cannot create an index on a table in the
    transaction whose updates left deferred foreign-key checks pending."""

    dependencies = [
        ("consultation", "0018_comment_state"),
    ]

    operations = [
        migrations.RunPython(index_search_text, drop_search_text_index),
        migrations.AddIndex(
            model_name='paragraphcomment',
            index=models.Index(fields=['state', 'xtdcomment_ptr'], name='comment_state_queue'),
        ),
        migrations.AddIndex(
            model_name='paragraphcomment',
            index=models.Index(fields=['plan', 'state', 'xtdcomment_ptr'], name='comment_plan_state_queue'),
        ),
        migrations.AddIndex(
            model_name='paragraphcomment',
            index=models.Index(condition=models.Q(('awaits_response', True)), fields=['xtdcomment_ptr'], name='comment_awaiting_queue'),
        ),
        migrations.AddIndex(
            model_name='paragraphcomment',
            index=models.Index(condition=models.Q(('awaits_response', True)), fields=['plan', 'xtdcomment_ptr'], name='comment_plan_awaiting_queue'),
        ),
        migrations.AddIndex(
            model_name="paragraphcomment",
            index=models.Index(fields=["chapter_pk", "state", "xtdcomment_ptr"], name="comment_chapter_state_queue"),
        ),
        migrations.AddIndex(
            model_name="paragraphcomment",
            index=models.Index(condition=models.Q(("awaits_response", True)), fields=["chapter_pk", "xtdcomment_ptr"],
                               name="comment_chapter_awaiting_queue"),
        ),
        migrations.AddIndex(
            model_name="paragraphcomment",
            index=models.Index(condition=models.Q(("scope", "chapter")), fields=["chapter_pk", "xtdcomment_ptr"],
                               name="comment_chapter_scope"),
        ),
    ]
