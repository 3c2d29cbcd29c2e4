"""Counting a list no further than a bound, and paging it with that count.

A list of a million comments or search results need not be counted to the last row: each count stops
at the bound (one query for several lists, each part `LIMIT`-ed), and the pages go as far. Its time then
does not grow with the data. A count equal to the bound means "that many or more".
"""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.utils.formats import number_format
from django.utils.translation import gettext as _


def count_up_to(querysets, up_to, *, using="default"):
    """{name: how many rows the queryset has, no more than `up_to`} of {name: queryset}: one query."""
    parts, params = [], []
    for number, queryset in enumerate(querysets.values()):
        try:
            sql, part_params = queryset.order_by().values("pk")[:up_to].query.get_compiler(using=using).as_sql()
        except EmptyResultSet:  # a condition no row can meet, such as `pk__in=[]`
            parts.append("0")
            continue
        # The SQL is Django's own, compiled from the querysets; every value stays a parameter.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted_{number})")  # nosec B608
        params.extend(part_params)
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return dict(zip(querysets, cursor.fetchone(), strict=True))


def shown_count(count, up_to, *, at_least=False):
    """A count as a label shows it: "10 000 or more" at the bound, or whenever it is `at_least` (a count
    of the first rows only)."""
    shown = number_format(count, force_grouping=True)
    return _("%(n)s or more") % {"n": shown} if count >= up_to or at_least else shown


class CountedPaginator(Paginator):
    """A paginator told its count (counted once, with the others) instead of counting again."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.count = count
