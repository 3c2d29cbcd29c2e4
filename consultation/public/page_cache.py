"""Rendered chapter pages for anonymous readers, kept in the shared cache.

A page is cached only when nothing in it belongs to the reader: a GET by an anonymous person with
no pending message, for a host that ALLOWED_HOSTS accepts (a request for another host is not
answered here but falls through to Django, which refuses it with 400).

Invalidation is by generations, one per URL path prefix. A cached page's key holds the host, the
language, the path and the generation of every "/"-ended prefix of its path: "/" (site-wide),
"/plan/" (its plan) and "/plan/chapter/". A change bumps only the generation of what can show it:

- a comment whose public state changes (published, hidden or rejected after being published,
  edited while published), found by its `plan_id` (a general comment hangs on the plan page
  itself, the others on a chapter), an official response that is or was published, a version, an
  adoption, an erratum, a report publication, a page of a plan published or unpublished: the
  plan's prefix, so the pages of other plans stay cached;
- a page outside any plan (home page, statements), a page moved, renamed or deleted: "/", which
  every key holds.

A comment submitted or confirmed changes nothing public and invalidates nothing. The receivers
compare the public state before a save (pre_save) with the state after it (post_save); a save
whose `update_fields` names no public field is not even looked at. Bumps happen at once and again
when the transaction commits, so a reader who rendered the page in between (still seeing the old
rows) cannot keep an old copy. With the cache down, pages are rendered as usual.

QuerySet.update() sends no signals: code that changes what the public sees must save instances
or call `invalidate_plan` / `bump_generation` itself.
"""

import hashlib
import logging
import secrets

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.utils import translation

logger = logging.getLogger(__name__)

SITE_WIDE = "/"
MAX_PREFIXES = 8  # deeper paths are not cached: every prefix costs a key to read
_GENERATION_KEY = "drogowskaz:page-cache:generation:"
_PAGE_KEY = "drogowskaz:page:"


def _cache():
    return caches["shared"]


def _digest(*parts):
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _generation_key(prefix):
    return _GENERATION_KEY + _digest(prefix)


def prefixes_of(path):
    """Every "/"-ended prefix of a URL path: "/a/b/" -> ["/", "/a/", "/a/b/"]."""
    positions = [i for i, char in enumerate(path) if char == "/"]
    return [path[: i + 1] for i in positions] if path.startswith("/") else []


def _generations(prefixes):
    """The current generation of each prefix; a prefix never seen (or evicted) gets a new random one,
    so a page cached under an earlier generation can never match again."""
    cache = _cache()
    keys = [_generation_key(p) for p in prefixes]
    found = cache.get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        for key in missing:
            cache.add(key, secrets.token_hex(8), None)
        found.update(cache.get_many(missing))
    if any(k not in found for k in keys):
        return None
    return [str(found[k]) for k in keys]


def _bump(prefixes):
    try:
        _cache().set_many({_generation_key(p): secrets.token_hex(8) for p in prefixes}, None)
    except Exception:  # the cache is down: nothing is served from it either
        logger.warning("Could not invalidate the page cache", exc_info=True)


def _enabled():
    return bool(settings.DROGOWSKAZ_PAGE_CACHE_SECONDS)


def invalidate(prefixes):
    """Forget every cached page under these URL path prefixes, now and when the transaction commits."""
    prefixes = frozenset(prefixes)
    if not prefixes or not _enabled():
        return
    _bump(prefixes)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(prefixes))


def bump_generation(**kwargs):
    """Forget every cached page of the site."""
    invalidate([SITE_WIDE])


def _key(host, path, language):
    prefixes = prefixes_of(path)
    if not prefixes or len(prefixes) > MAX_PREFIXES:
        return None
    try:
        generations = _generations(prefixes)
    except Exception:
        logger.warning("Page cache unavailable", exc_info=True)
        return None
    if generations is None:
        return None
    return _PAGE_KEY + _digest(host.lower(), language or "", path, *generations)


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
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    return _key(host, request.path_info, translation.get_language())


def timeout_for(plan, now, moments=()):
    """Keep a page no longer than until the plan's consultation opens or closes (its phase changes),
    or until any of `moments` (a meeting that starts or ends: the plan page shows it as past)."""
    timeout = settings.DROGOWSKAZ_PAGE_CACHE_SECONDS
    for moment in (plan.consultation_opens, plan.consultation_closes, *moments):
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
    headers as fresh ones. The Host header is checked here as Django would (ALLOWED_HOSTS): a
    request for any other host is a miss, and Django then answers it with 400.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if may_serve_from_cache(request):
            try:
                host = request.get_host()
            except DisallowedHost:
                return self.get_response(request)
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            if language not in dict(settings.LANGUAGES):
                language = settings.LANGUAGE_CODE
            key = _key(host, request.path_info, language)
            content = get(key) if key else None
            if content is not None:
                from django.http import HttpResponse

                response = HttpResponse(content)
                response["X-Page-Cache"] = "hit"
                return response
        return self.get_response(request)


# --- What a change can show, and where ------------------------------------------------------------


def _request_paths(url_path):
    """The site-relative URL paths of a page's `url_path` ("/home/plan/" -> "/plan/") on every site."""
    from wagtail.models import Site

    return {url_path[len(root.root_path) - 1:] for root in Site.get_site_root_paths()
            if url_path.startswith(root.root_path)}


def _parent_url_path(url_path):
    return url_path.rstrip("/").rsplit("/", 1)[0] + "/"


def invalidate_plan_url_path(url_path):
    invalidate(_request_paths(url_path) if url_path else [SITE_WIDE])


def invalidate_plan(plan_id):
    """Forget the cached pages of one plan (by its page id)."""
    from wagtail.models import Page

    invalidate_plan_url_path(Page.objects.filter(pk=plan_id).values_list("url_path", flat=True).first())


def _invalidate_plans(plan_ids):
    """Forget the cached pages of these plans (by their page ids): the plan page and its chapters."""
    from wagtail.models import Page

    ids = {int(pk) for pk in plan_ids if pk is not None}
    if not ids:
        return
    paths = set()
    for url_path in Page.objects.filter(pk__in=ids).values_list("url_path", flat=True):
        paths |= _request_paths(url_path)
    invalidate(paths)


def _invalidate_chapters(chapter_pks):
    """Forget the cached pages of the plans of these chapters (comments know their chapter's pk)."""
    from wagtail.models import Page

    ids = {int(pk) for pk in chapter_pks if str(pk).isdigit()}
    if any(not str(pk).isdigit() for pk in chapter_pks):
        invalidate([SITE_WIDE])  # not a page's id: we cannot tell where it shows
    if not ids:
        return
    paths = set()
    for url_path in Page.objects.filter(pk__in=ids).values_list("url_path", flat=True):
        paths |= _request_paths(_parent_url_path(url_path))
    invalidate(paths)


def _page_changed(sender, instance, **kwargs):
    """A page published or unpublished: its plan's pages, or the whole site for a page outside a plan."""
    from consultation.models import ChapterPage, PlanPage

    if not _enabled():
        return
    if isinstance(instance, PlanPage):
        invalidate(_request_paths(instance.url_path))
    elif isinstance(instance, ChapterPage):
        invalidate(_request_paths(_parent_url_path(instance.url_path)))
    else:
        bump_generation()


class _PublicState:
    """Remembers, between pre_save and post_save, what the public could see of one row."""

    def __init__(self, model, fields, visible, where):
        names = {f.name: f.attname for f in model._meta.concrete_fields}
        self.model = model
        self.attnames = tuple(names[f] for f in fields if f in names)
        self.names = frozenset(f for f in fields if f in names)
        self.visible = visible  # row (dict of attnames) -> bool
        self.where = where  # rows -> invalidates what they show
        self.attribute = f"_page_cache_state_{model.__name__}"

    def state(self, row):
        if row is None or not self.visible(row):
            return None
        return tuple(row[a] for a in self.attnames)

    def pre_save(self, sender, instance, raw=False, update_fields=None, **kwargs):
        remembered = instance.__dict__.pop(self.attribute, _UNKNOWN)
        if not _enabled():
            return  # nothing is cached, so nothing to compare (and no query)
        if raw or instance.pk is None or instance._state.adding:
            old = None
        elif update_fields is not None and not self.names.intersection(update_fields):
            return  # nothing the public sees is written
        elif remembered is not _UNKNOWN:
            old = remembered  # saved again right after its creation (django-comments-xtd does so)
        else:
            old = self.model._base_manager.filter(pk=instance.pk).values(*self.attnames).first()
        instance.__dict__[self.attribute + "_before"] = old

    def post_save(self, sender, instance, created=False, raw=False, **kwargs):
        if raw:
            return
        new = {a: getattr(instance, a) for a in self.attnames}
        if created:
            instance.__dict__[self.attribute] = new
        if (self.attribute + "_before") not in instance.__dict__:
            return  # pre_save found nothing public in update_fields
        old = instance.__dict__.pop(self.attribute + "_before")
        if self.state(old) != self.state(new):
            self.where([row for row in (old, new) if row is not None and self.visible(row)])

    def post_delete(self, sender, instance, **kwargs):
        row = {a: getattr(instance, a) for a in self.attnames}
        if _enabled() and self.visible(row):
            self.where([row])


_UNKNOWN = object()

COMMENT_FIELDS = (
    "is_public", "is_removed", "content_type", "object_pk", "plan", "scope", "paragraph_key", "paragraph_text",
    "title", "comment", "proposed_wording", "justification", "user_name", "organisation", "commenter_kind",
    "publish_name", "submit_date", "parent", "thread_id", "level", "order", "same_as",
)
RESPONSE_FIELDS = ("published_at", "disposition", "justification", "version", "comment")


def _comments_shown(rows):
    """Every comment records its plan (`plan_id`): a paragraph or chapter comment shows on its chapter,
    a general comment on the plan page; both are under the plan's prefix. A comment without a plan
    (its plan deleted) falls back to the page it hangs on."""
    _invalidate_plans({row["plan_id"] for row in rows if row["plan_id"] is not None})
    _invalidate_chapters({row["object_pk"] for row in rows if row["plan_id"] is None})


def _responses_shown(rows):
    from consultation.models import ParagraphComment

    ids = {row["comment_id"] for row in rows}
    comments = list(ParagraphComment.objects.filter(pk__in=ids).values("plan_id", "object_pk"))
    _comments_shown(comments)


def _plan_record_changed(sender, instance, raw=False, **kwargs):
    """A version, an adoption, an erratum or a report publication: always public, shown by its plan."""
    if not raw and _enabled():
        invalidate_plan(instance.plan_id)


def _paths_changed(sender, instance=None, **kwargs):
    """A page moved, renamed or deleted: its address and those below it change (rare), so all of it."""
    bump_generation()


_states = []


def connect_invalidation():
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save, pre_save
    from wagtail.models import Page
    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
    )

    from consultation.models import OfficialResponse, ParagraphComment

    comments = _PublicState(ParagraphComment, COMMENT_FIELDS,
                            lambda row: row["is_public"] and not row["is_removed"], _comments_shown)
    responses = _PublicState(OfficialResponse, RESPONSE_FIELDS,
                             lambda row: row["published_at"] is not None, _responses_shown)
    _states[:] = [comments, responses]
    for state in _states:
        name = state.model.__name__
        pre_save.connect(state.pre_save, sender=state.model, dispatch_uid=f"page-cache-pre-save-{name}")
        post_save.connect(state.post_save, sender=state.model, dispatch_uid=f"page-cache-save-{name}")
        post_delete.connect(state.post_delete, sender=state.model, dispatch_uid=f"page-cache-delete-{name}")

    for name in ("PlanVersion", "Adoption", "Erratum", "ReportPublication"):
        try:
            model = apps.get_model("consultation", name)
        except LookupError:
            continue
        post_save.connect(_plan_record_changed, sender=model, dispatch_uid=f"page-cache-save-{name}")
        post_delete.connect(_plan_record_changed, sender=model, dispatch_uid=f"page-cache-delete-{name}")

    page_published.connect(_page_changed, dispatch_uid="page-cache-published")
    page_unpublished.connect(_page_changed, dispatch_uid="page-cache-unpublished")
    page_slug_changed.connect(_paths_changed, dispatch_uid="page-cache-slug-changed")
    post_page_move.connect(_paths_changed, dispatch_uid="page-cache-moved")
    post_delete.connect(_paths_changed, sender=Page, dispatch_uid="page-cache-page-deleted")
