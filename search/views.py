"""The site's search page: Polish words in the published text of the plans, in published comments and in
published responses (consultation.public.search), and in the site's other pages (Wagtail's search)."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from consultation.core.bounded_counts import CountedPaginator, shown_count
from consultation.core.term_search import TermQuery
from consultation.models import ChapterPage, PlanPage
from consultation.public.search import (
    COUNT_LIMIT,
    KINDS,
    Filters,
    counts,
    found,
    results,
    visible_plans,
)

PER_PAGE = 20
OTHER_PAGES = "pages"
LONGEST_QUERY = 200


def readable_pages():
    """Live pages that anyone may see: `.public()` keeps out pages behind a view restriction, and a
    page under an unpublished one (a chapter of an unpublished plan) is hidden with it."""
    hidden = Q()
    for path in Page.objects.filter(live=False).values_list("path", flat=True):
        hidden |= Q(path__startswith=path)
    pages = Page.objects.live().public()
    return pages.exclude(hidden) if hidden else pages


def page_of(paginator, number):
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def search(request):
    query = request.GET.get("q", "").strip()[:LONGEST_QUERY]
    readable = visible_plans()
    plans = list(readable.order_by("region", "title").only("pk", "title", "region"))
    regions = sorted({plan.region for plan in plans if plan.region})
    region = request.GET.get("region", "")
    region = region if region in regions else ""
    plan_ids = {str(plan.pk): plan.pk for plan in plans}
    plan = plan_ids.get(request.GET.get("plan", ""))
    kinds = [*KINDS, (OTHER_PAGES, _("Other pages"))]
    kind = request.GET.get("kind", "")
    kind = kind if kind in dict(kinds) else KINDS[0][0]
    context = {"search_query": query, "plans": plans, "regions": regions, "region": region, "plan": plan,
               "kind": kind}
    terms = TermQuery.of(query)
    if query and terms:
        filters = Filters(terms, plans=readable, region=region, plan=plan)
        numbers = counts(filters)
        other = readable_pages().not_type(PlanPage, ChapterPage).search(query)
        numbers[OTHER_PAGES] = min(other.count(), COUNT_LIMIT)
        if kind == OTHER_PAGES:
            page = page_of(Paginator(other[:COUNT_LIMIT], PER_PAGE), request.GET.get("page", 1))
            shown = [{"url": result.url, "heading": result.title, "excerpt": result.search_description}
                     for result in page.object_list]
        else:
            page = page_of(CountedPaginator(found(kind, filters), PER_PAGE, count=numbers[kind]),
                           request.GET.get("page", 1))
            shown = results(kind, list(page.object_list), terms)
        kept = {name: value for name, value in (("q", query), ("region", region), ("plan", plan)) if value}
        context.update({
            "tabs": [(value, label, shown_count(numbers[value], COUNT_LIMIT), urlencode({**kept, "kind": value}))
                     for value, label in kinds],
            "search_results": page,
            "shown": shown,
            "page_query": urlencode({**kept, "kind": kind}),
            "total": sum(numbers.values()),
        })
    return TemplateResponse(request, "search/search.html", context)
