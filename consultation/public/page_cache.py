"""Rendered public pages for anonymous readers, kept in the shared cache (Redis in production).

A page is cached only when nothing in it belongs to the reader: a GET without a query string, by
an anonymous person with no session and no pending message, for a host that ALLOWED_HOSTS accepts,
whose response sets no cookie. Views say which responses may be kept (`mark_cacheable`); this
middleware stores them on the way out, with the headers the inner middleware gave them, and
answers the next reader before sessions, routing and the database are touched.

Invalidation is by generations, one per scope of URL paths (see cache_invalidation for which change
bumps which scope): a "/"-ended prefix ("/", "/plan/", "/plan/chapter/": the page and everything
below it) or one exact page ("=/plan/"). An entry remembers the generations of its path's scopes
as they were *before* its view read any data; it is served only while they are all unchanged. The
generations and the entry are read in one round trip.

Each entry is compressed once, when stored, and carries an ETag: a reader who sends it back gets
304 Not Modified, and a reader who accepts gzip gets the compressed bytes. `Cache-Control` lets
browsers keep a copy they must revalidate; a shared cache or CDN may hold it for
DROGOWSKAZ_SHARED_CACHE_SECONDS, and is purged by cache_invalidation when Wagtail's frontend cache
is configured. With the cache down, pages are rendered as usual.
"""

import gzip
import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import translation

logger = logging.getLogger(__name__)

SITE_WIDE = "/"
MAX_PREFIXES = 8  # deeper paths are not cached: every prefix costs a key to read
_GENERATION_KEY = "drogowskaz:page-cache:generation:"
_ENTRY_KEY = "drogowskaz:page-cache:entry:"
_NOT_STORED_HEADERS = frozenset({"set-cookie", "date", "content-length", "x-page-cache", "etag",
                                 "cache-control", "vary", "content-encoding"})
_VARY = "Cookie, Accept-Encoding"


def shared_cache():
    return caches["shared"]


_cache = shared_cache


def digest(*parts):
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _generation_key(scope):
    return _GENERATION_KEY + digest(scope)


def exact(path):
    """The scope of one page alone, without the pages below it."""
    return "=" + path


def prefixes_of(path):
    """Every "/"-ended prefix of a URL path: "/a/b/" -> ["/", "/a/", "/a/b/"]."""
    positions = [i for i, char in enumerate(path) if char == "/"]
    return [path[: i + 1] for i in positions] if path.startswith("/") else []


def scopes_of(path):
    """The scopes whose change forgets the page at `path`: its prefixes and the page itself."""
    return [*prefixes_of(path), exact(path)]


def _enabled():
    return bool(settings.DROGOWSKAZ_PAGE_CACHE_SECONDS)


def _bump(scopes):
    try:
        _cache().set_many({_generation_key(s): secrets.token_hex(8) for s in scopes}, None)
    except Exception:  # the cache is down: nothing is served from it either
        logger.warning("Could not invalidate the page cache", exc_info=True)


def invalidate(scopes, *, on_commit=()):
    """Forget every cached page in these scopes, now and when the transaction commits (a reader who
    rendered the page in between, still seeing the old rows, cannot keep an old copy). `on_commit`
    callables run once the change is committed (purging a shared cache in front of the site)."""
    scopes = frozenset(scopes)
    if not scopes or not _enabled():
        return
    _bump(scopes)
    after = [lambda: _bump(scopes), *on_commit]
    if transaction.get_connection().in_atomic_block:
        for action in after:
            transaction.on_commit(action)
    else:
        for action in after[1:]:
            action()


def bump_generation(**kwargs):
    """Forget every cached page of the site."""
    invalidate([SITE_WIDE])


@dataclass(frozen=True)
class Entry:
    """One stored form of a page: as rendered, or compressed (`encoding` "gzip"), each under its own
    key so a hit reads only the bytes it sends."""

    stamp: tuple  # the generations of the page's scopes when its view started
    etag: str  # of the page as rendered; the compressed form's is etag + "-gz"
    headers: tuple  # (name, value) pairs of the response as the inner middleware left it
    body: bytes
    encoding: str = ""


@dataclass(frozen=True)
class Lookup:
    key: str  # of the page's form as rendered; the compressed form's is key + ":gz"
    language: str
    stamp: tuple
    entry: Entry | None


def _entry_key(host, language, path):
    return _ENTRY_KEY + digest(host.lower(), language or "", path)


def read_with_generations(scopes, keys):
    """([the current generation of each scope], {key: value} of `keys`): one round trip to the cache
    (more only when a generation was never set or was evicted); None with the cache down."""
    scope_keys = [_generation_key(s) for s in scopes]
    try:
        cache = _cache()
        found = cache.get_many([*scope_keys, *keys])
        missing = [k for k in scope_keys if k not in found]
        if missing:
            # A scope never seen (or evicted) gets a new random generation, so anything stored under
            # an earlier one can never match again.
            for scope_key in missing:
                cache.add(scope_key, secrets.token_hex(8), None)
            found.update(cache.get_many(missing))
            if any(k not in found for k in scope_keys):
                return None
    except Exception:
        logger.warning("Page cache unavailable", exc_info=True)
        return None
    return [str(found.pop(k)) for k in scope_keys], found


def lookup(host, path, language, *, compressed=False):
    """The current generations of `path`'s scopes and, if they still match, its stored entry (the
    compressed form when `compressed`): one round trip to the cache (two when a generation was never
    set or was evicted)."""
    prefixes = prefixes_of(path)
    if not prefixes or len(prefixes) > MAX_PREFIXES:
        return None
    key = _entry_key(host, language, path)
    wanted = key + ":gz" if compressed else key
    found = read_with_generations(scopes_of(path), [wanted])
    if found is None:
        return None
    generations, entries = found
    stamp = tuple(generations)
    entry = entries.get(wanted)
    if not isinstance(entry, Entry) or entry.stamp != stamp:
        entry = None
    return Lookup(key=key, language=language, stamp=stamp, entry=entry)


def _language_of(request):
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def may_serve_from_cache(request):
    """Before any middleware touches the session: a GET with no session and no message cookie is
    from an anonymous reader with nothing pending. Static files, media and the admin never are."""
    path = request.path_info
    return (
        settings.DROGOWSKAZ_PAGE_CACHE_SECONDS
        and request.method == "GET"
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not path.startswith((settings.STATIC_URL, settings.MEDIA_URL, "/admin/", "/api/", "/documents/"))
    )


def timeout_for(plan, now, moments=()):
    """Keep a page no longer than until the plan's consultation opens or closes (its phase changes),
    or until any of `moments` (a meeting that starts or ends: the plan page shows it as past)."""
    timeout = settings.DROGOWSKAZ_PAGE_CACHE_SECONDS
    for moment in (plan.consultation_opens, plan.consultation_closes, *moments):
        if moment and moment > now:
            timeout = min(timeout, int((moment - now).total_seconds()) + 1)
    return timeout


def mark_cacheable(request, response, timeout):
    """Let the middleware keep this response for `timeout` seconds, unless anything in it is personal:
    a signed-in reader, a preview, a pending message, or a request the middleware did not look up
    (its generations must be read before the view reads any data)."""
    if getattr(request, "page_cache_lookup", None) is None or timeout <= 0:
        return
    if request.user.is_authenticated or getattr(request, "is_preview", False) or len(messages.get_messages(request)):
        return
    response.page_cache_timeout = timeout
    response.page_cache_language = translation.get_language()


def _cache_control(response):
    shared = settings.DROGOWSKAZ_SHARED_CACHE_SECONDS
    response["Cache-Control"] = (f"public, max-age=0, must-revalidate, s-maxage={shared}" if shared
                                 else "public, no-cache")
    response["Vary"] = _VARY


def _store(found, response):
    body = response.content
    headers = tuple((name, value) for name, value in response.items() if name.lower() not in _NOT_STORED_HEADERS)
    etag = hashlib.sha256(body).hexdigest()[:32]
    entries = {
        found.key: Entry(stamp=found.stamp, etag=etag, headers=headers, body=body),
        found.key + ":gz": Entry(stamp=found.stamp, etag=etag, headers=headers, encoding="gzip",
                                 body=gzip.compress(body, compresslevel=6, mtime=0)),
    }
    try:
        _cache().set_many(entries, response.page_cache_timeout)
    except Exception:
        logger.warning("Page cache unavailable", exc_info=True)
        return
    response["ETag"] = f'"{etag}"'
    _cache_control(response)
    response["X-Page-Cache"] = "miss"


def _accepts_gzip(request):
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


def _matches(request, etag):
    tags = request.META.get("HTTP_IF_NONE_MATCH")
    if not tags:
        return False
    return any(tag.strip().removeprefix("W/") in (etag, "*") for tag in tags.split(","))


def answer(request, entry):
    """The stored page, or 304 if the reader has it already."""
    etag = f'"{entry.etag}-gz"' if entry.encoding else f'"{entry.etag}"'
    if _matches(request, etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(entry.body)
        for name, value in entry.headers:
            response[name] = value
        response["Content-Length"] = str(len(entry.body))
        if entry.encoding:
            response["Content-Encoding"] = entry.encoding
    response["ETag"] = etag
    _cache_control(response)
    response["X-Page-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """Answers anonymous readers from the cache, and keeps what views marked cacheable.

    Placed right after SecurityMiddleware (so HTTPS redirects and security headers still apply),
    before the CSP and frame-options middleware, whose headers are stored with the page. The Host
    header is checked here as Django would (ALLOWED_HOSTS): a request for any other host is not
    looked up, and Django then answers it with 400.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = None
        if may_serve_from_cache(request):
            try:
                host = request.get_host()
            except DisallowedHost:
                host = None
            found = (lookup(host, request.path_info, _language_of(request), compressed=_accepts_gzip(request))
                     if host else None)
            if found is not None and found.entry is not None:
                return answer(request, found.entry)
            request.page_cache_lookup = found
        response = self.get_response(request)
        if (found is not None and getattr(response, "page_cache_timeout", None) and response.status_code == 200
                and not response.streaming and not response.cookies
                and response.page_cache_language == found.language):
            _store(found, response)
        elif not response.has_header("Cache-Control") and not request.path_info.startswith(settings.STATIC_URL):
            # Nothing else may be kept by a shared cache: it may be personal.
            response["Cache-Control"] = "private, no-cache"
        return response
