from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def accessibility_statement_url(context):
    """The URL of the live accessibility statement, looked up once per request."""
    from home.models import AccessibilityStatementPage

    request = context.get("request")
    cached = getattr(request, "_accessibility_statement_url", None) if request else None
    if cached is not None:
        return cached
    page = AccessibilityStatementPage.objects.live().public().first()
    url = page.get_url(request) if page else ""
    if request is not None:
        request._accessibility_statement_url = url
    return url
