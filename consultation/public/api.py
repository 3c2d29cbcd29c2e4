"""Read-only JSON of published comments, per chapter (its paragraphs' and the chapter's as a whole)
and per paragraph.

Only live, public chapters; only published comments and published responses; never an email,
an IP address or anything about reports.
"""

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from consultation.models.comments import comment_reference
from consultation.models.pages import visible_chapters
from consultation.public.comment_tree import (
    attach_comments,
    published_comments,
    whole_chapter_threads,
)


def _live_public_chapter(chapter_id):
    chapter = visible_chapters().filter(pk=chapter_id).first()
    if chapter is None:
        raise Http404
    return chapter


def _node_json(node, paragraph_number):
    comment = node.comment
    response = node.response
    return {
        "id": comment.pk,
        "reference": comment.reference,
        "paragraph": comment.paragraph_key,
        "paragraph_number": paragraph_number,
        "scope": comment.scope,
        "title": comment.title,
        "text": comment.comment,
        "proposed_wording": comment.proposed_wording,
        "justification": comment.justification,
        "author": comment.public_author,
        "organisation": comment.organisation if comment.commenter_kind != "person" else "",
        "commenter_kind": comment.commenter_kind,
        "submitted_at": comment.submit_date.isoformat(),
        "channel": comment.channel,
        "received_on": comment.received_on.isoformat() if comment.received_on else None,
        "level": comment.level,
        # A comment of a group of identical comments is answered by the response to the one leading it.
        "same_as": comment_reference(comment.same_as) if comment.same_as else None,
        "response": None if response is None else {
            "disposition": response.disposition,
            "disposition_label": str(response.get_disposition_display()),
            "justification": response.justification,
            "published_at": response.published_at.isoformat(),
        },
        "replies": [_node_json(child, paragraph_number) for child in node.children],
    }


def _paragraph_json(chapter, paragraph):
    return {
        "key": paragraph.key,
        "number": paragraph.number,
        "anchor": f"{chapter.url}#p-{paragraph.key}",
        "comment_count": paragraph.published_count,
        "comments": [_node_json(node, paragraph.number) for node in paragraph.comments],
    }


def _chapter_paragraphs(chapter):
    paragraphs = chapter.paragraphs()
    attach_comments(paragraphs, published_comments(chapter))
    return paragraphs


@require_GET
def chapter_comments(request, chapter_id):
    chapter = _live_public_chapter(chapter_id)
    paragraphs = _chapter_paragraphs(chapter)
    return JsonResponse({
        "chapter": {"id": chapter.pk, "title": chapter.title, "number": chapter.number, "url": chapter.url},
        "paragraphs": [_paragraph_json(chapter, p) for p in paragraphs],
        # Comments on the chapter as a whole, not on one paragraph.
        "chapter_comments": [_node_json(node, None) for node in whole_chapter_threads(chapter)],
    }, json_dumps_params={"ensure_ascii": False})


@require_GET
def paragraph_comments(request, chapter_id, key):
    chapter = _live_public_chapter(chapter_id)
    paragraph = next((p for p in _chapter_paragraphs(chapter) if p.key == key), None)
    if paragraph is None:
        raise Http404
    return JsonResponse(
        {"chapter": {"id": chapter.pk, "title": chapter.title}, "paragraph": _paragraph_json(chapter, paragraph)},
        json_dumps_params={"ensure_ascii": False},
    )
