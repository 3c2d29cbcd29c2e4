"""A stored column of Polish search terms (core.polish_words) and the lookup that searches it.

`SearchTermsField` holds `index_terms(...)`; `field__matches_terms=TermQuery(...)` finds the rows that hold
every word of a query (any of each word's terms). On PostgreSQL the condition is a 'simple' tsvector
matched by a tsquery, which the GIN index on the same expression serves (see the migrations that create
`*_search_terms` indexes); on SQLite it is a LIKE per term. Both give the same rows.
"""

from dataclasses import dataclass

from django.db import models

from consultation.core.polish_words import query_terms

# The expression the GIN indexes are built on: a query must use exactly this one to be served by them.
TSVECTOR_SQL = "to_tsvector('simple'::regconfig, {column})"


@dataclass(frozen=True)
class TermQuery:
    """Each word of a query as its alternatives: (term, whether it may be the start of a longer term)."""

    words: tuple

    @classmethod
    def of(cls, query, *, prefixes=False):
        """The query's words (core.polish_words.query_terms); with `prefixes`, each written form also
        finds the words it begins ("transp" finds "transport"), as a moderator's quick search expects."""
        words = []
        for terms in query_terms(query):
            alternatives = {(term, False) for term in terms}
            if prefixes:
                alternatives.add((terms[-1], True))
            words.append(tuple(sorted(alternatives)))
        return cls(tuple(words))

    def __bool__(self):
        return bool(self.words)

    def tsquery(self):
        """PostgreSQL's tsquery text; terms are letters and digits only (polish_words.WORD), quoted."""
        return " & ".join(
            "(" + " | ".join(f"'{term}'" + (":*" if prefix else "") for term, prefix in alternatives) + ")"
            for alternatives in self.words
        )


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
        column, params = self.process_lhs(compiler, connection)
        if not self.rhs:
            return "FALSE", []
        return (f"{TSVECTOR_SQL.format(column=column)} @@ to_tsquery('simple'::regconfig, %s)",
                [*params, self.rhs.tsquery()])

    def as_sql(self, compiler, connection):
        column, column_params = self.process_lhs(compiler, connection)
        if not self.rhs:
            return "1 = 0", []
        sql, params = [], []
        for alternatives in self.rhs.words:
            sql.append("(" + " OR ".join(f"{column} LIKE %s" for _ in alternatives) + ")")
            for term, prefix in alternatives:
                params += [*column_params, f"% {term}{'%' if prefix else ' %'}"]
        return " AND ".join(sql), params


