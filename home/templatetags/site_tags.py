from django import template

register = template.Library()


def _footer_page_urls(request):
    """URLs of the live accessibility statement and privacy notice, in one query per request."""
    cached = getattr(request, "_footer_page_urls", None) if request is not None else None
    if cached is not None:
        return cached
    from wagtail.models import Page

    from home.models import AccessibilityStatementPage, PrivacyNoticePage

    urls = {}
    for page in Page.objects.live().public().type(AccessibilityStatementPage, PrivacyNoticePage).order_by("path"):
        urls.setdefault(page.specific_class, page.get_url(request) or "")
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
