from django import template

from consultation.core.sanitize import render_plain_text
from consultation.models.blocks import LIST_TYPES
from consultation.public.chapter_html import ThreadWriter

register = template.Library()


@register.filter
def plain_text(value):
    """Show text written by a person: escaped, links made safe, paragraphs kept."""
    return render_plain_text(value)


@register.filter
def list_type(number_format):
    """The letter of <ol type> for a numbered list's format ("1" for decimal or none)."""
    return LIST_TYPES.get(number_format or "decimal", "1")


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.simple_tag
def comment_threads(nodes, *, commenting_open, orphan=False):
    """Comment threads (comment_tree.CommentNode) as nested lists; see chapter_html."""
    return ThreadWriter(commenting_open=commenting_open).threads(nodes, orphan=orphan)
