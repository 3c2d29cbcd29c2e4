"""What a change can show, and where: which cached pages it makes stale (see page_cache).

A change forgets only the pages that can show it:

- a comment whose public state changes (published, hidden or rejected after being published,
  edited while published), or an official response that is or was published: the chapter the
  comment hangs on (its prefix: the chapter and its subpages), or, for a general comment, the plan
  page alone, and the fragment of its paragraph (paragraph_fragments). The chapter's siblings, the
  plan's other pages and the chapter's other paragraphs stay cached;
- a version, an adoption, an erratum, a report publication, a page of a plan published or
  unpublished: the plan's prefix (every chapter lists the plan's chapters and its phase);
- a page outside any plan (home page, statements), a page moved, renamed or deleted: "/", which
  every page's scopes hold.

A comment submitted or confirmed changes nothing public and invalidates nothing. The receivers
compare the public state before a save (pre_save) with the state after it (post_save); a save
whose `update_fields` names no public field is not even looked at.

With Wagtail's frontend cache configured (WAGTAILFRONTENDCACHE: Varnish, Cloudflare, CloudFront…),
the same pages are purged from it once the change is committed, so a shared cache may hold public
pages for DROGOWSKAZ_SHARED_CACHE_SECONDS.

QuerySet.update() sends no signals: code that changes what the public sees must save instances or
call `invalidate_plan` / `page_cache.bump_generation` itself.
"""

from django.conf import settings

from consultation.public.page_cache import SITE_WIDE, exact, invalidate
from consultation.public.paragraph_fragments import paragraph_scope


def _site_roots():
    from wagtail.models import Site

    return Site.get_site_root_paths()


def _paths(url_path):
    """The site-relative URL paths of a page's `url_path` ("/home/plan/" -> "/plan/") on every site,
    with each site's root URL."""
    return [(root.root_url, url_path[len(root.root_path) - 1:]) for root in _site_roots()
            if url_path.startswith(root.root_path)]


def _parent_url_path(url_path):
    return url_path.rstrip("/").rsplit("/", 1)[0] + "/"


def _purge_later(targets):
    """Purge the pages of `targets` ((url_path, with the pages below it)) from the frontend cache."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return ()

    def purge():
        from django.db.models import Q
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
        from wagtail.models import Page

        wanted = Q(pk__in=[])
        for url_path, below in targets:
            wanted |= Q(url_path__startswith=url_path) if below else Q(url_path=url_path)
        url_paths = Page.objects.live().filter(wanted).values_list("url_path", flat=True)
        urls = sorted({root + path for url_path in url_paths for root, path in _paths(url_path)})
        if urls:
            purge_urls_from_cache(urls)

    return (purge,)


def forget(targets):
    """Forget the cached pages of `targets`: (url_path, with the pages below it) pairs."""
    targets = [(url_path, below) for url_path, below in targets if url_path]
    scopes = {path if below else exact(path) for url_path, below in targets for _root, path in _paths(url_path)}
    invalidate(scopes, on_commit=_purge_later(targets))


def forget_site():
    invalidate([SITE_WIDE], on_commit=_purge_later([("/", True)]))


def invalidate_plan(plan_id):
    """Forget the cached pages of one plan (by its page id): the plan page and its chapters."""
    from wagtail.models import Page

    url_path = Page.objects.filter(pk=plan_id).values_list("url_path", flat=True).first()
    if url_path:
        forget([(url_path, True)])
    else:
        forget_site()


def _forget_pages_of(page_ids):
    """A comment shows on the page it hangs on: a chapter (and its paragraph pages), or the plan page
    alone for a general comment. An id that is not a page's: we cannot tell where it shows."""
    from wagtail.models import Page

    from consultation.models import PlanPage

    ids = {int(pk) for pk in page_ids if str(pk).isdigit()}
    if len(ids) < len(set(page_ids)):
        forget_site()
    pages = Page.objects.filter(pk__in=ids).values_list("url_path", "content_type__model")
    plan_model = PlanPage._meta.model_name
    forget([(url_path, model != plan_model) for url_path, model in pages])


def _page_changed(sender, instance, **kwargs):
    """A page published or unpublished: its plan's pages, or the whole site for a page outside a plan."""
    from consultation.models import ChapterPage, PlanPage

    if not settings.DROGOWSKAZ_PAGE_CACHE_SECONDS:
        return
    if isinstance(instance, PlanPage):
        forget([(instance.url_path, True)])
    elif isinstance(instance, ChapterPage):
        forget([(_parent_url_path(instance.url_path), True)])
    else:
        forget_site()


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
        if not settings.DROGOWSKAZ_PAGE_CACHE_SECONDS:
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
        if settings.DROGOWSKAZ_PAGE_CACHE_SECONDS and self.visible(row):
            self.where([row])


_UNKNOWN = object()

COMMENT_FIELDS = (
    "is_public", "is_removed", "content_type", "object_pk", "plan", "scope", "paragraph_key", "paragraph_text",
    "title", "comment", "proposed_wording", "justification", "user_name", "organisation", "commenter_kind",
    "publish_name", "submit_date", "parent", "thread_id", "level", "order", "same_as",
)
RESPONSE_FIELDS = ("published_at", "disposition", "justification", "version", "comment")
_WHERE_SHOWN = ("object_pk", "paragraph_key", "same_as_id")


def _comments_shown(rows):
    """A paragraph or chapter comment shows on its chapter, a general comment on the plan page; a
    comment joining or leaving a group also changes the group's lead, which links its members."""
    from consultation.models import ParagraphComment

    leads = {row["same_as_id"] for row in rows if row.get("same_as_id")}
    if leads:
        rows = [*rows, *ParagraphComment.objects.filter(pk__in=leads).values(*_WHERE_SHOWN)]
    _forget_pages_of({row["object_pk"] for row in rows})
    invalidate({paragraph_scope(row["object_pk"], row["paragraph_key"]) for row in rows
                if row["paragraph_key"] and str(row["object_pk"]).isdigit()})


def _responses_shown(rows):
    """A response shows under its comment and under the comments of its group (tożsame), which may
    hang on other chapters."""
    from django.db.models import Q

    from consultation.models import ParagraphComment

    ids = {row["comment_id"] for row in rows}
    answered = ParagraphComment.objects.filter(Q(pk__in=ids) | Q(same_as__in=ids))
    _comments_shown(list(answered.values(*_WHERE_SHOWN)))


def _plan_record_changed(sender, instance, raw=False, **kwargs):
    """A version, an adoption, an erratum or a report publication: always public, shown by its plan."""
    if not raw and settings.DROGOWSKAZ_PAGE_CACHE_SECONDS:
        invalidate_plan(instance.plan_id)


def _paths_changed(sender, instance=None, **kwargs):
    """A page moved, renamed or deleted: its address and those below it change (rare), so all of it."""
    if settings.DROGOWSKAZ_PAGE_CACHE_SECONDS:
        forget_site()


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
