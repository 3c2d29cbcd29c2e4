"""Each paragraph of a chapter page, with its comment threads, kept as a rendered fragment in the
shared cache, so that a chapter page rendered again after one comment was published re-renders that
paragraph alone.

A fragment's key holds everything its HTML is made of that the cache cannot be told about: the
chapter's live revision, the paragraph, its counts and first threads (ParagraphStats, so a recount
after a change by hand shows), the language and whether commenting is open (which changes with the
clock). Everything that changes by an action bumps a generation the fragment was stamped with:
the paragraph's own (a comment on it, or a response to one, shown, hidden or edited: see
cache_invalidation) and the site's and the plan's (a version, a page published or moved), read in
the same round trip as the fragments, before the view reads any comment. A fragment whose stamp
differs is rendered again. With the page cache off (no shared cache to reach every process) or in a
preview, nothing is kept.
"""

import logging
from dataclasses import dataclass

from django.conf import settings

from consultation.public import page_cache

logger = logging.getLogger(__name__)

_FRAGMENT_KEY = "drogowskaz:page-cache:paragraph:"
FRAGMENT_SECONDS = 24 * 60 * 60


def paragraph_scope(chapter_pk, key):
    """The generation of one paragraph's comments (bumped by cache_invalidation)."""
    return f"¶{int(chapter_pk)}:{key}"


@dataclass(frozen=True)
class Fragment:
    stamp: tuple
    html: str


class Fragments:
    """The fragments of one chapter page: those found current (`found`, {key: html}) and the stamps
    to store new ones under."""

    def __init__(self, found=None, keys=None, stamps=None):
        self.found = found or {}
        self.keys = keys or {}
        self.stamps = stamps or {}

    def store(self, rendered):
        """Keep the newly rendered paragraphs ({key: html})."""
        entries = {self.keys[key]: Fragment(self.stamps[key], html) for key, html in rendered.items()
                   if key in self.keys}
        if not entries:
            return
        try:
            page_cache.shared_cache().set_many(entries, FRAGMENT_SECONDS)
        except Exception:
            logger.warning("Page cache unavailable", exc_info=True)


def read(request, chapter, paragraphs, stats, *, language, commenting_open):
    """The current fragments of `paragraphs`, in one round trip to the cache."""
    if (not settings.DROGOWSKAZ_PAGE_CACHE_SECONDS or getattr(request, "is_preview", False)
            or not paragraphs or chapter.live_revision_id is None):
        return Fragments()
    shared = page_cache.prefixes_of(request.path_info)[:-1]  # the site's and the plan's, not the chapter's
    threads = settings.DROGOWSKAZ_THREADS_PER_PARAGRAPH
    keys = {}
    for paragraph in paragraphs:
        row = stats.get(paragraph.key)
        counts = (row.published_count, row.thread_count, *row.first_threads[:threads]) if row else ()
        keys[paragraph.key] = _FRAGMENT_KEY + page_cache.digest(
            str(chapter.pk), str(chapter.live_revision_id), paragraph.key, language, str(commenting_open),
            str(threads), ",".join(map(str, counts)))
    scopes = shared + [paragraph_scope(chapter.pk, p.key) for p in paragraphs]
    found = page_cache.read_with_generations(scopes, list(keys.values()))
    if found is None:
        return Fragments()
    generations, entries = found
    site_and_plan = tuple(generations[: len(shared)])
    stamps = {p.key: (*site_and_plan, generations[len(shared) + i]) for i, p in enumerate(paragraphs)}
    current = {}
    for key, cache_key in keys.items():
        entry = entries.get(cache_key)
        if isinstance(entry, Fragment) and entry.stamp == stamps[key]:
            current[key] = entry.html
    return Fragments(current, keys, stamps)
