"""Published comments of a chapter, loaded in a fixed number of queries and arranged by paragraph
and thread. A chapter page shows the first threads of each paragraph; the paragraph's own page
shows them all, a page at a time."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from .models import ChapterPage, ParagraphComment


@dataclass
class CommentNode:
    comment: ParagraphComment
    response: object = None
    children: list = field(default_factory=list)
    changed_since: bool = False  # the paragraph's text differs from what the commenter read
    diff_url: str = ""  # what changed in the paragraph since the comment
    change_url: str = ""  # the change the official response points at
    reply_url: str = ""
    report_url: str = ""

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def chapter_comments(chapter):
    chapter_type = ContentType.objects.get_for_model(ChapterPage)
    return ParagraphComment.objects.published().filter(content_type=chapter_type, object_pk=str(chapter.pk))


def _in_thread_order(comments):
    return comments.select_related("official_response", "official_response__version").order_by("thread_id", "order")


def published_comments(chapter, threads_per_paragraph=None):
    """Published comments of one chapter in thread order, with their responses: one query.

    With `threads_per_paragraph`, only the first (oldest) threads of each paragraph are loaded.
    """
    comments = chapter_comments(chapter)
    if threads_per_paragraph is not None:
        first_threads = (
            chapter_comments(chapter).filter(level=0)
            .annotate(rank=Window(RowNumber(), partition_by=F("paragraph_key"),
                                  order_by=[F("submit_date").asc(), F("pk").asc()]))
            .filter(rank__lte=threads_per_paragraph).values("pk")
        )
        comments = comments.filter(thread_id__in=first_threads)
    return _in_thread_order(comments)


def paragraph_comments(chapter, key, thread_ids):
    """All published comments of the given threads of one paragraph (one page of them): one query."""
    return _in_thread_order(chapter_comments(chapter).filter(paragraph_key=key, thread_id__in=thread_ids))


def paragraph_counts(chapter):
    """{paragraph key: (published comments, threads)} for a chapter: one query."""
    rows = (chapter_comments(chapter).order_by().values("paragraph_key")
            .annotate(total=Count("pk"), threads=Count("pk", filter=Q(level=0))))
    return {row["paragraph_key"]: (row["total"], row["threads"]) for row in rows}


def published_response(comment):
    response = getattr(comment, "official_response", None)
    if response is not None and response.is_published:
        return response
    return None


def build_threads(comments):
    """Arrange comments into threads keyed by paragraph key.

    A reply is shown only under a shown parent: the replies of a hidden or rejected comment are
    never shown on their own.
    """
    nodes = {}
    threads = {}
    for comment in comments:
        node = CommentNode(comment=comment, response=published_response(comment))
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
                if response is not None and response.version_id:
                    start = seen.number if seen and seen.number < response.version.number else response.version.number - 1
                    if start >= 1:
                        node.change_url = compare_url(start, response.version.number, anchor)


def link_threads(threads, chapter):
    """Reply and report links of every comment, made once here rather than by a template tag each."""
    base = chapter.url
    for thread in threads:
        for node in thread.walk():
            node.reply_url = base + chapter.reverse_subpage("reply", args=[node.comment.pk])
            node.report_url = base + chapter.reverse_subpage("report", args=[node.comment.pk])
