from django.db import migrations

import consultation.core.term_search
from consultation.core.polish_words import index_terms


def store_terms(model, sources, *, batch=2000):
    """The Polish search terms of each row's texts (core.polish_words.index_terms), in batches: read with
    the analyser of this release, as the models' save stores them."""

    def store(apps, schema_editor):
        rows = apps.get_model("consultation", model).objects.using(schema_editor.connection.alias)
        changed = []
        for pk, *texts in rows.order_by("pk").values_list("pk", *sources).iterator(chunk_size=batch):
            changed.append(rows.model(pk=pk, search_terms=index_terms(*texts)))
            if len(changed) == batch:
                rows.bulk_update(changed, ["search_terms"])
                changed = []
        if changed:
            rows.bulk_update(changed, ["search_terms"])

    return store


class Migration(migrations.Migration):
    """Comments and responses searched by Polish words (lemmas and forms, issue 16) instead of the
    lower-cased text, which its trigram index leaves with it. The GIN indexes are in 0021, for the reason
    given in 0019."""

    dependencies = [
        ("consultation", "0019_comment_state_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="paragraphcomment",
            name="search_terms",
            field=consultation.core.term_search.SearchTermsField(blank=True, default="", editable=False,
                                                                 verbose_name="search terms"),
        ),
        migrations.AddField(
            model_name="officialresponse",
            name="search_terms",
            field=consultation.core.term_search.SearchTermsField(blank=True, default="", editable=False,
                                                                 verbose_name="search terms"),
        ),
        migrations.RunPython(
            store_terms("ParagraphComment", ("title", "comment", "proposed_wording", "justification")),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(store_terms("OfficialResponse", ("justification",)), migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="paragraphcomment",
            name="search_text",
        ),
    ]
