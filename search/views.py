from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Q
from django.template.response import TemplateResponse
from wagtail.models import Page


def readable_pages():
    """Live pages that anyone may see: `.public()` keeps out pages behind a view restriction, and a
    page under an unpublished one (a chapter of an unpublished plan) is hidden with it."""
    hidden = Q()
    for path in Page.objects.filter(live=False).values_list("path", flat=True):
        hidden |= Q(path__startswith=path)
    pages = Page.objects.live().public()
    return pages.exclude(hidden) if hidden else pages


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.none()
    if query:
        results = readable_pages().specific().search(query)
    paginator = Paginator(results, 10)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return TemplateResponse(request, "search/search.html", {"search_query": query, "search_results": page})
