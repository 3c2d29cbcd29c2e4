from django import template

register = template.Library()


def _footer_page_urls(request):
    """URLs of the live accessibility statement and privacy notice, in one query per request: of the
    region the page belongs to when it has its own (issue 16), the first ones otherwise."""
    cached = getattr(request, "_footer_page_urls", None) if request is not None else None
    if cached is not None:
        return cached
    from wagtail.models import Page

    from home.models import AccessibilityStatementPage, PrivacyNoticePage

    urls = {}
    here = request.path if request is not None else "/"
    for page in Page.objects.live().public().type(AccessibilityStatementPage, PrivacyNoticePage).order_by("path"):
        url = page.get_url(request) or ""
        # The page's home: the longest one the current address is under wins (another site's URL is
        # absolute and never matches a path).
        home = url.rstrip("/").rsplit("/", 1)[0] + "/"
        nearness = len(home) if here.startswith(home) else -1
        if nearness > urls.get(page.specific_class, ("", -2))[1]:
            urls[page.specific_class] = (url, nearness)
    urls = {kind: url for kind, (url, _nearness) in urls.items()}
    result = {"accessibility": urls.get(AccessibilityStatementPage, ""), "privacy": urls.get(PrivacyNoticePage, "")}
    if request is not None:
        request._footer_page_urls = result
    return result


@register.simple_tag(takes_context=True)
def accessibility_statement_url(context):
    """The URL of the live accessibility statement ("" when there is none)."""
    return _footer_page_urls(context.get("request"))["accessibility"]


@register.simple_tag(takes_context=True)
def privacy_notice_url(context):
    """The URL of the live privacy notice (RODO art. 13; "" when there is none)."""
    return _footer_page_urls(context.get("request"))["privacy"]
