"""A stored column of Polish search terms (core.polish_words) and the lookup that searches it.

`SearchTermsField` holds `index_terms(...)`; `field__matches_terms=TermQuery.of(query)` finds the rows that
hold every word of a query (any of each word's terms). On PostgreSQL each such column has a generated
`<column>_vector` beside it, a 'simple' tsvector of the same terms with a GIN index (`terms_index`, used by
the migrations), and the lookup is a tsquery on that vector; on SQLite it is a LIKE per term. Both give
the same rows. The vector is stored, not worked out per row, because a large bitmap scan turns lossy and
rechecks every row of its pages: parsing the text again cost 17 µs a row at a million comments.
"""

from dataclasses import dataclass

from django.db import models

from consultation.core.polish_words import query_terms

VECTOR_SUFFIX = "_vector"


def terms_index(name, table, column="search_terms"):
    """A migration's RunPython pair that adds (and drops) the generated tsvector of a terms column and its
    GIN index on PostgreSQL. SQLite has neither: the demo's few rows are read in full."""
    vector = column + VECTOR_SUFFIX

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # Names from the migrations' own constants, never from input.
            schema_editor.execute(
                f"ALTER TABLE {table} ADD COLUMN {vector} tsvector "  # nosec B608
                f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {column})) STORED")
            schema_editor.execute(f"CREATE INDEX {name} ON {table} USING gin ({vector})")  # nosec B608

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {vector}")  # nosec B608

    return create, drop


@dataclass(frozen=True)
class TermQuery:
    """Each word of a query as the tuple of terms any of which finds it (core.polish_words.query_terms)."""

    words: tuple

    @classmethod
    def of(cls, query):
        return cls(tuple(query_terms(query)))

    def __bool__(self):
        return bool(self.words)

    def tsquery(self):
        """PostgreSQL's tsquery text; terms are letters and digits only (polish_words.WORD), quoted."""
        return " & ".join("(" + " | ".join(f"'{term}'" for term in terms) + ")" for terms in self.words)


class SearchTermsField(models.TextField):
    """The space-separated terms of a text (core.polish_words.index_terms), kept by the model's save."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)


@SearchTermsField.register_lookup
class MatchesTerms(models.Lookup):
    lookup_name = "matches_terms"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [value])

    def as_postgresql(self, compiler, connection):
        if not self.rhs:
            return "FALSE", []
        vector = self.lhs.target.column + VECTOR_SUFFIX
        table = compiler.quote_name_unless_alias(self.lhs.alias)
        return f"{table}.{connection.ops.quote_name(vector)} @@ to_tsquery('simple'::regconfig, %s)", [self.rhs.tsquery()]

    def as_sql(self, compiler, connection):
        column, column_params = self.process_lhs(compiler, connection)
        if not self.rhs:
            return "1 = 0", []
        sql, params = [], []
        for terms in self.rhs.words:
            sql.append("(" + " OR ".join(f"{column} LIKE %s" for _ in terms) + ")")
            for term in terms:
                params += [*column_params, f"% {term} %"]
        return " AND ".join(sql), params
