"""Published comments of a chapter, loaded in one query and arranged by paragraph and thread."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType

from .models import ChapterPage, ParagraphComment


@dataclass
class CommentNode:
    comment: ParagraphComment
    response: object = None
    children: list = field(default_factory=list)


def published_comments(chapter):
    """Published comments of one chapter, in thread order, with their responses: one query."""
    chapter_type = ContentType.objects.get_for_model(ChapterPage)
    return (
        ParagraphComment.objects.published()
        .filter(content_type=chapter_type, object_pk=str(chapter.pk))
        .select_related("official_response")
        .order_by("thread_id", "order")
    )


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


def attach_comments(paragraphs, comments):
    """Give each paragraph its threads and its count of published comments."""
    threads = build_threads(comments)
    for paragraph in paragraphs:
        paragraph.comments = threads.pop(paragraph.key, [])
        paragraph.published_count = count_nodes(paragraph.comments)
    return threads  # threads on paragraphs no longer in the text
