"""Slugs from Polish titles."""

from django.utils.text import slugify

_POLISH = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def polish_slug(text, max_length=50):
    """ASCII slug of a Polish text: "Kierunki interwencji" -> "kierunki-interwencji" (ł becomes l, etc.)."""
    return slugify((text or "").translate(_POLISH))[:max_length].strip("-")


def unique_child_slug(parent, title):
    base = polish_slug(title) or "rozdzial"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
