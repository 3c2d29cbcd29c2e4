from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page


def search(request):
    """Search live pages that anyone may see: `.public()` keeps out pages behind a view restriction."""
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
    paginator = Paginator(results, 10)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return TemplateResponse(request, "search/search.html", {"search_query": query, "search_results": page})
