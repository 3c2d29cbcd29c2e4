from django import template

from ..sanitize import render_plain_text

register = template.Library()


@register.filter
def plain_text(value):
    """Show text written by a person: escaped, links made safe, paragraphs kept."""
    return render_plain_text(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
