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


def _key(path, language):
    try:
        generation = _generation()
    except Exception:
        logger.warning("Page cache unavailable", exc_info=True)
        return None
    return f"drogowskaz:page:{generation}:{language}:{path}"


def may_serve_from_cache(request):
    """Before any middleware touches the session: a GET with no session and no message cookie is
    from an anonymous reader with nothing pending."""
    return (
        settings.DROGOWSKAZ_PAGE_CACHE_SECONDS
        and request.method == "GET"
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def key_for(request):
    """The key to store this response under, or None when it holds anything personal."""
    if not settings.DROGOWSKAZ_PAGE_CACHE_SECONDS or request.method != "GET" or request.GET:
        return None
    if request.user.is_authenticated or getattr(request, "is_preview", False) or len(messages.get_messages(request)):
        return None
    return _key(request.path, translation.get_language())


def timeout_for(plan, now):
    """Keep a page no longer than until the plan's consultation opens or closes (its phase changes)."""
    timeout = settings.DROGOWSKAZ_PAGE_CACHE_SECONDS
    for moment in (plan.consultation_opens, plan.consultation_closes):
        if moment and moment > now:
            timeout = min(timeout, int((moment - now).total_seconds()) + 1)
    return timeout


def get(key):
    try:
        return _cache().get(key)
    except Exception:
        logger.warning("Page cache unavailable", exc_info=True)
        return None


def put(key, content, timeout):
    try:
        _cache().set(key, content, timeout)
    except Exception:
        logger.warning("Page cache unavailable", exc_info=True)


class PageCacheMiddleware:
    """Answers anonymous readers from the cache before sessions, routing and the database are touched.

    Placed after the security, CSP and frame-options middleware, so cached answers carry the same
    headers as fresh ones.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if may_serve_from_cache(request):
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            if language not in dict(settings.LANGUAGES):
                language = settings.LANGUAGE_CODE
            key = _key(request.path, language)
            content = get(key) if key else None
            if content is not None:
                from django.http import HttpResponse

                response = HttpResponse(content)
                response["X-Page-Cache"] = "hit"
                return response
        return self.get_response(request)


def connect_invalidation():
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished

    from consultation.models import Adoption, CommentReport, OfficialResponse, ParagraphComment, PlanVersion, ReportPublication

    for model in (ParagraphComment, OfficialResponse, CommentReport, PlanVersion, Adoption, ReportPublication):
        post_save.connect(bump_generation, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}")
        post_delete.connect(bump_generation, sender=model, dispatch_uid=f"page-cache-delete-{model.__name__}")
    page_published.connect(bump_generation, dispatch_uid="page-cache-published")
    page_unpublished.connect(bump_generation, dispatch_uid="page-cache-unpublished")
