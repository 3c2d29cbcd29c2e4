from django.db import migrations

from consultation.core.term_search import TSVECTOR_SQL

INDEXES = [("comment_search_terms", "consultation_paragraphcomment"),
           ("response_search_terms", "consultation_officialresponse")]


def create_indexes(apps, schema_editor):
    """On PostgreSQL, GIN indexes on the very expression the `matches_terms` lookup searches. SQLite has
    none: the demo's few rows are read in full."""
    if schema_editor.connection.vendor == "postgresql":
        for name, table in INDEXES:
            expression = TSVECTOR_SQL.format(column="search_terms")
            schema_editor.execute(f"CREATE INDEX {name} ON {table} USING gin ({expression})")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _table in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0020_search_terms"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
