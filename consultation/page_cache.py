"""Rendered chapter pages for anonymous readers, kept in the shared cache.

A page is cached only when nothing in it belongs to the reader: a GET by an anonymous person with
no pending message. Any change that could show on a chapter (a page published, a comment moderated,
a response, a version, an adoption, a report) bumps one generation number, which is part of every
key, so stale pages are never served. With the cache down, pages are rendered as usual.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.utils import translation

logger = logging.getLogger(__name__)
GENERATION_KEY = "drogowskaz:page-cache:generation"


def _cache():
    return caches["shared"]


def _generation():
    generation = _cache().get(GENERATION_KEY)
    if generation is None:
        _cache().add(GENERATION_KEY, 1, None)
        generation = _cache().get(GENERATION_KEY, 1)
    return generation


def bump_generation(**kwargs):
    """Forget every cached page (connected to the signals of everything a chapter shows)."""
    try:
        _cache().incr(GENERATION_KEY)
    except ValueError:
        _cache().add(GENERATION_KEY, 1, None)
    except Exception:  # the cache is down: nothing is served from it either
        logger.warning("Could not invalidate the page cache", exc_info=True)


def key_for(request, chapter, phase):
    if not settings.DROGOWSKAZ_PAGE_CACHE_SECONDS or request.method != "GET" or request.GET:
        return None
    if request.user.is_authenticated or getattr(request, "is_preview", False) or len(messages.get_messages(request)):
        return None
    try:
        generation = _generation()
    except Exception:
        logger.warning("Page cache unavailable", exc_info=True)
        return None
    return f"drogowskaz:chapter:{chapter.pk}:{translation.get_language()}:{phase}:{generation}"


def get(key):
    try:
        return _cache().get(key)
    except Exception:
        logger.warning("Page cache unavailable", exc_info=True)
        return None


def put(key, content):
    try:
        _cache().set(key, content, settings.DROGOWSKAZ_PAGE_CACHE_SECONDS)
    except Exception:
        logger.warning("Page cache unavailable", exc_info=True)


def connect_invalidation():
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished

    from .models import Adoption, CommentReport, OfficialResponse, ParagraphComment, PlanVersion, ReportPublication

    for model in (ParagraphComment, OfficialResponse, CommentReport, PlanVersion, Adoption, ReportPublication):
        post_save.connect(bump_generation, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}")
        post_delete.connect(bump_generation, sender=model, dispatch_uid=f"page-cache-delete-{model.__name__}")
    page_published.connect(bump_generation, dispatch_uid="page-cache-published")
    page_unpublished.connect(bump_generation, dispatch_uid="page-cache-unpublished")
