"""Published comments of a chapter, loaded in a fixed number of queries and arranged by paragraph
and thread. A chapter page shows the first threads of each paragraph; the paragraph's own page
shows them all, a page at a time."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from wagtail.models import Page

from consultation.models import (
    ChapterPage,
    CommentScope,
    Disposition,
    ParagraphComment,
    PlanPage,
)
from consultation.models.comments import comment_reference, public_author


@dataclass(frozen=True)
class ShownResponse:
    """A published official response, as the public sees it."""

    disposition: str
    justification: str
    published_at: datetime
    version_number: int | None  # the version that made the change, if the experts named one

    def get_disposition_display(self):
        return Disposition(self.disposition).label


@dataclass(frozen=True)
class ShownComment:
    """A published comment, as the public sees it: no address, no IP, nothing about moderation.

    Plain rows rather than model instances: a chapter page shows hundreds of them.
    """

    pk: int
    thread_id: int
    parent_id: int
    level: int
    object_pk: str
    paragraph_key: str
    paragraph_text: str
    title: str
    comment: str
    proposed_wording: str
    justification: str
    scope: str
    user_name: str
    organisation: str
    commenter_kind: str
    publish_name: bool
    submit_date: datetime
    channel: str  # "web", or how a comment registered by staff reached the office
    received_on: date | None  # the date of receipt of a registered comment
    response: ShownResponse | None  # of a published member of a group: the response to the comment leading it
    same_as: int | None = None  # a member of a group of identical comments: the pk of the comment leading it
    leads_group: bool = False  # published comments are the same as this one

    @property
    def reference(self):
        return comment_reference(self.pk)

    @property
    def public_author(self):
        return public_author(pk=self.pk, user_name=self.user_name, organisation=self.organisation,
                             commenter_kind=self.commenter_kind, publish_name=self.publish_name)


@dataclass
class CommentNode:
    comment: ShownComment
    children: list = field(default_factory=list)
    changed_since: bool = False  # the paragraph's text differs from what the commenter read
    diff_url: str = ""  # what changed in the paragraph since the comment
    change_url: str = ""  # the change the official response points at
    reply_url: str = ""
    report_url: str = ""
    group: list = field(default_factory=list)  # [(reference, url)] of the other published comments of its group

    @property
    def response(self):
        return self.comment.response

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def chapter_comments(chapter):
    """Published comments hanging on a chapter: on its paragraphs and on the chapter as a whole."""
    chapter_type = ContentType.objects.get_for_model(ChapterPage)
    return ParagraphComment.objects.published().filter(content_type=chapter_type, object_pk=str(chapter.pk))


def paragraph_scope_comments(chapter):
    return chapter_comments(chapter).filter(scope=CommentScope.PARAGRAPH)


_COMMENT_COLUMNS = ("pk", "thread_id", "parent_id", "level", "object_pk", "paragraph_key", "paragraph_text",
                    "title", "comment", "proposed_wording", "justification", "scope", "user_name", "organisation",
                    "commenter_kind", "publish_name", "submit_date", "channel", "received_on")
_RESPONSE_COLUMNS = ("official_response__disposition", "official_response__justification",
                     "official_response__published_at", "official_response__version__number")
# A member of a group of identical comments shows the response to the comment leading the group.
_GROUP_COLUMNS = ("same_as_id", "same_as__is_public", "same_as__is_removed", "leads_group",
                  "same_as__official_response__disposition", "same_as__official_response__justification",
                  "same_as__official_response__published_at", "same_as__official_response__version__number")


def _shown_response(disposition, justification, published_at, version_number):
    return ShownResponse(disposition, justification, published_at, version_number) if published_at else None


def _in_thread_order(comments):
    """The comments as `ShownComment`s in thread order; responses only once published, a published
    member of a group with the published response to the published comment leading it."""
    leads = ParagraphComment.objects.published().filter(same_as=OuterRef("pk"))
    rows = (comments.annotate(leads_group=Exists(leads)).order_by("thread_id", "order")
            .values_list(*_COMMENT_COLUMNS, *_RESPONSE_COLUMNS, *_GROUP_COLUMNS))
    split, group = len(_COMMENT_COLUMNS), len(_COMMENT_COLUMNS) + len(_RESPONSE_COLUMNS)
    shown = []
    for row in rows:
        response = _shown_response(*row[split:group])
        same_as, lead_public, lead_removed, leads_group = row[group:group + 4]
        if same_as is not None and not (lead_public and not lead_removed):
            same_as = None  # its lead is not public (any more): the comment stands on its own
        if same_as is not None:
            response = _shown_response(*row[group + 4:])
        shown.append(ShownComment(*row[:split], response=response, same_as=same_as, leads_group=leads_group))
    return shown


def link_groups(thread_lists):
    """Give every shown comment of a group of identical comments the links to the other published
    comments of its group (the comment leading it first). Two queries, and none when no comment of
    the lists is in a group."""
    nodes = [node for threads in thread_lists for thread in threads for node in thread.walk()
             if node.comment.level == 0 and (node.comment.same_as or node.comment.leads_group)]
    if not nodes:
        return
    leads = {node.comment.same_as or node.comment.pk for node in nodes}
    rows = list(ParagraphComment.objects.published().filter(Q(pk__in=leads) | Q(same_as_id__in=leads, level=0))
                .order_by("pk").values_list("pk", "same_as_id", "object_pk"))
    pages = {str(page.pk): page for page in Page.objects.filter(pk__in={int(o) for _p, _s, o in rows if o.isdigit()})}
    members = {}
    for pk, same_as, object_pk in rows:
        page = pages.get(object_pk)
        url = f"{page.url}#c-{pk}" if page is not None and page.url else f"#c-{pk}"
        entry = (pk, comment_reference(pk), url)
        if same_as is None:
            members.setdefault(pk, []).insert(0, entry)
        else:
            members.setdefault(same_as, []).append(entry)
    for node in nodes:
        lead = node.comment.same_as or node.comment.pk
        group = members.get(lead, [])
        if lead not in {pk for pk, _ref, _url in group}:
            continue  # its lead is not published: no group to show
        node.group = [(ref, url) for pk, ref, url in group if pk != node.comment.pk]


def published_comments(chapter):
    """Every published comment on the paragraphs of one chapter in thread order, with its response: one query."""
    return _in_thread_order(paragraph_scope_comments(chapter))


def whole_chapter_threads(chapter):
    """The published comments on a chapter as a whole, oldest first, with their responses: one query."""
    return build_threads(_in_thread_order(chapter_comments(chapter).filter(scope=CommentScope.CHAPTER))).get("", [])


def general_threads(plan):
    """The published general comments on the whole document (uwagi ogólne) of a plan, oldest first,
    with their responses: one query."""
    comments = ParagraphComment.objects.published().filter(
        content_type=ContentType.objects.get_for_model(PlanPage), object_pk=str(plan.pk), scope=CommentScope.GENERAL)
    return build_threads(_in_thread_order(comments)).get("", [])


def first_threads(chapter, stats, threads_per_paragraph):
    """What a chapter page shows: (the oldest `threads_per_paragraph` threads of every paragraph, as
    `stats` (see paragraph_stats.for_chapter) remember them, with their replies and responses; the
    threads on the chapter as a whole). Two queries, each served by an index, so that neither reads
    all of the chapter's comments: the threads by their ids, the chapter's own through the index of
    comments on chapters as a whole (one query with both conditions joined by OR read them all)."""
    thread_ids = [pk for row in stats.values() for pk in row.first_threads[:threads_per_paragraph]]
    comments = chapter_comments(chapter)
    paragraphs = (_in_thread_order(comments.filter(scope=CommentScope.PARAGRAPH, thread_id__in=thread_ids))
                  if thread_ids else [])
    whole = ParagraphComment.objects.published().filter(chapter_pk=chapter.pk, scope=CommentScope.CHAPTER)
    return paragraphs, build_threads(_in_thread_order(whole)).get("", [])


def paragraph_comments(chapter, key, thread_ids):
    """All published comments of the given threads of one paragraph (one page of them): one query."""
    return _in_thread_order(chapter_comments(chapter).filter(paragraph_key=key, thread_id__in=thread_ids))


def build_threads(comments):
    """Arrange comments into threads keyed by paragraph key.

    A reply is shown only under a shown parent: the replies of a hidden or rejected comment are
    never shown on their own.
    """
    nodes = {}
    threads = {}
    for comment in comments:
        node = CommentNode(comment=comment)
        if comment.level == 0:
            threads.setdefault(comment.paragraph_key, []).append(node)
        else:
            parent = nodes.get(comment.parent_id)
            if parent is None:
                continue
            parent.children.append(node)
        nodes[comment.pk] = node
    return threads


def count_nodes(nodes):
    return sum(1 + count_nodes(node.children) for node in nodes)


def attach_comments(paragraphs, comments, counts=None):
    """Give each paragraph its threads and its count of published comments.

    `counts` ({key: (comments, threads)}, see paragraph_counts) is given when only some threads
    were loaded; the paragraph then knows how many more there are.
    """
    threads = build_threads(comments)
    for paragraph in paragraphs:
        paragraph.comments = threads.pop(paragraph.key, [])
        shown = count_nodes(paragraph.comments)
        paragraph.published_count, paragraph.thread_count = (counts or {}).get(
            paragraph.key, (shown, len(paragraph.comments)))
        paragraph.more_threads = paragraph.thread_count - len(paragraph.comments)
    return threads  # threads on paragraphs no longer in the text


def version_at(versions, moment):
    """The last version published at or before `moment` (versions in number order)."""
    seen = None
    for version in versions:
        if version.published_at <= moment:
            seen = version
    return seen


def annotate_history(threads_by_text, versions, compare_url):
    """Mark comments whose paragraph changed since, with links to the comparison of versions.

    `threads_by_text` pairs each list of threads with the paragraph's current text (None for a
    paragraph no longer in the text); `compare_url(old, new, anchor)` builds a comparison link.
    """
    latest = versions[-1] if versions else None
    for threads, current_text in threads_by_text:
        for thread in threads:
            for node in thread.walk():
                comment = node.comment
                anchor = f"p-{comment.paragraph_key}"
                seen = version_at(versions, comment.submit_date)
                node.changed_since = current_text is None or comment.paragraph_text != current_text
                if node.changed_since and seen and latest and seen.number != latest.number:
                    node.diff_url = compare_url(seen.number, latest.number, anchor)
                response = node.response
                changed_in = response.version_number if response is not None else None
                if changed_in:
                    start = seen.number if seen and seen.number < changed_in else changed_in - 1
                    if start >= 1:
                        node.change_url = compare_url(start, changed_in, anchor)


def subpage_url(page, name):
    """A function from an id or key to the URL of one of `page`'s subpages.

    The route is reversed once, not once for each of the hundreds of comments on a page.
    """
    marker = "987654321987"  # fits both <int:…> and <str:…> routes; the last occurrence is the route's
    head, tail = (page.url + page.reverse_subpage(name, args=[marker])).rsplit(marker, 1)
    return lambda value: f"{head}{value}{tail}"


def link_threads(thread_lists, chapter):
    """Reply and report links of every comment in the given lists of threads, and the links within
    groups of identical comments."""
    reply_url, report_url = subpage_url(chapter, "reply"), subpage_url(chapter, "report")
    for threads in thread_lists:
        for thread in threads:
            for node in thread.walk():
                node.reply_url, node.report_url = reply_url(node.comment.pk), report_url(node.comment.pk)
    link_groups(thread_lists)


def link_flags(threads, page):
    """Flag links of comments that take no reply: the general comments on the plan page."""
    report_url = subpage_url(page, "flag")
    for thread in threads:
        for node in thread.walk():
            node.report_url = report_url(node.comment.pk)
    link_groups([threads])
