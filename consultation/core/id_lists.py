"""`field__in_ids=[…]`: a field's value among a list of ids, as one parameter on PostgreSQL.

A search passes the ids of every visible plan and chapter (hundreds) to each of its counts: as
`IN (%s, %s, …)` Django and psycopg spent about 10 ms a page building and splitting the placeholders;
`= ANY(%s)` sends the list as one array. SQLite gets the usual IN.
"""

from django.db import models


class InIds(models.Lookup):
    lookup_name = "in_ids"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [[int(item) for item in value]])

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, [int(item) for item in self.rhs]]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = [int(item) for item in self.rhs]
        if not ids:
            return "1 = 0", []
        return f"{lhs} IN ({', '.join(['%s'] * len(ids))})", [*lhs_params, *ids]


models.IntegerField.register_lookup(InIds)
models.ForeignKey.register_lookup(InIds)
