"""The one row builder of the consultation report: every top-level comment received, in document order.

Every format (the page, PDF, ODT, XLSX, CSV) shows these rows and nothing else. A row holds what the
public may read: the comment's public name (never an email or an address), its channel and date of
receipt, the part of the document, the wording, and the position once it is published. Received means
confirmed by email (web) or registered by staff; unconfirmed comments were never received, withdrawn
ones are only counted (see `course.py`), replies between residents are discussion, not comments on the
document. A rejected comment keeps its row with the reason; an offensive one keeps its row without its
text; a duplicate is not a rejected comment in the report but one identical to another ("uwaga tożsama z
K-…"): it answers with the position of the comment it repeats. A comment of a group of identical comments
(`same_as`, see `moderation/groups.py`) keeps its own row too, published, with the position of the
comment leading its group and the note "tożsama z K-…".
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from consultation.models import (
    ChapterPage,
    CommentScope,
    CommentStatus,
    ParagraphComment,
    PlanPage,
    RejectionCategory,
)
from consultation.models.pages import chapter_heading, reading_order

NOT_CONSIDERED_YET = ""  # the position of a comment nobody has answered (publicly) yet
REJECTED = "rejected"  # the position of a comment not taken up, whatever the kind

# The status of a comment in the report (its "Status" cell), in the report's own words.
PUBLISHED = "published"
PENDING = "pending"  # awaiting moderation: not considered yet
IDENTICAL = "identical"  # rejected as a duplicate of a named comment: takes that comment's position


@dataclass
class ReportRow:
    number: int  # "Lp.", from 1 in document order
    reference: str
    submitter: str
    commenter_kind: str  # label
    channel: str
    channel_label: str
    received_on: date | None
    is_late: bool
    scope: str
    chapter_number: int | None
    chapter_title: str
    paragraph_number: int | None
    part: str  # the part of the document in words: chapter and §, "chapter as a whole", "general comment"
    paragraph_text: str  # the wording commented on (dotychczasowy zapis)
    proposed_wording: str
    title: str
    comment: str
    justification: str  # of the comment
    content_withheld: bool  # offensive, or not moderated yet and read by the public: no text shown
    status: str  # PUBLISHED, PENDING, REJECTED or IDENTICAL
    status_label: str
    position: str  # a Disposition value, REJECTED or NOT_CONSIDERED_YET (a duplicate: its original's)
    position_label: str
    position_justification: str
    rejection_category: str  # "" unless rejected (a duplicate of a named comment is not)
    duplicate_of: str  # the reference of the comment it is identical to, or ""
    same_as: str = ""  # a published member of a group: the reference of the comment leading it, else ""

    @property
    def is_identical(self):
        return self.status == IDENTICAL

    @property
    def is_rejected(self):
        return self.status == REJECTED


def document_parts(plan):
    """({chapter pk as str: chapter}, {chapter pk: {paragraph key: number}}) of the plan's live chapters."""
    chapters = reading_order(ChapterPage.objects.child_of(plan).live())
    numbers = {c.pk: {p.key: p.number for p in c.paragraphs()} for c in chapters}
    return chapters, {str(c.pk): c for c in chapters}, numbers


def received_comments(plan):
    """Top-level comments of `plan` that reached the office and were not withdrawn: one query."""
    return (
        ParagraphComment.objects.filter(plan=plan, level=0, confirmed_at__isnull=False, withdrawn_at__isnull=True)
        .select_related(None)
        .select_related("content_type", "official_response", "duplicate_of", "duplicate_of__official_response",
                        "same_as", "same_as__official_response")
    )


def _published_response(comment):
    response = getattr(comment, "official_response", None) if comment is not None else None
    return response if response is not None and response.is_published else None


def _identical_to(comment):
    """The comment that `comment` repeats, when it was rejected as its duplicate; else None."""
    if comment.status == CommentStatus.REJECTED and comment.rejection_category == RejectionCategory.DUPLICATE:
        return comment.duplicate_of if comment.duplicate_of_id else None
    return None


def _own_position(comment):
    """(position, label, justification) of `comment` itself, as the public may read it."""
    status = comment.status
    if status == CommentStatus.REJECTED:
        kind = RejectionCategory(comment.rejection_category or RejectionCategory.OTHER)
        label = _("not considered: %(kind)s") % {"kind": kind.label}
        return REJECTED, label, comment.rejection_reason
    response = _published_response(comment) if status == CommentStatus.PUBLISHED else None
    if response is None:
        return NOT_CONSIDERED_YET, _("not considered yet"), ""
    return response.disposition, str(response.get_disposition_display()), response.justification


def _group_lead(comment):
    """The comment leading the group of a published member, whose position answers it; else None."""
    if comment.same_as_id and comment.status == CommentStatus.PUBLISHED:
        return comment.same_as
    return None


def _position(comment, original):
    """(position, label, justification); a duplicate takes the position of the comment it repeats, and
    a published member of a group the position of the comment leading the group."""
    lead = _group_lead(comment)
    if original is None and lead is not None:
        position, label, justification = _own_position(lead)
        identical = _("identical to %(ref)s") % {"ref": lead.reference}
        return position, f"{label} ({identical})", justification
    if original is None:
        return _own_position(comment)
    position, label, justification = _own_position(original)
    identical = _("identical to %(ref)s") % {"ref": original.reference}
    return position, f"{label} ({identical})", justification


def _status(comment, original):
    """(status, label) of the comment in the report's words, which fit "uwaga" (a comment)."""
    if original is not None:
        return IDENTICAL, _("identical to %(ref)s") % {"ref": original.reference}
    if comment.status == CommentStatus.REJECTED:
        return REJECTED, pgettext("status of a comment in the report", "rejected")
    if comment.status == CommentStatus.PUBLISHED:
        return PUBLISHED, pgettext("status of a comment in the report", "published")
    return PENDING, _("not considered yet")


def _part(scope, chapter, paragraph_number, on_plan):
    if scope == CommentScope.GENERAL or on_plan:
        return _("general comment")
    if chapter is None:
        return _("a part no longer in the document")
    where = chapter_heading(chapter.number, chapter.title)
    if scope == CommentScope.CHAPTER:
        return f"{where}, {_('chapter as a whole')}"
    if paragraph_number is None:
        return f"{where}, {_('paragraph removed')}"
    return f"{where}, § {paragraph_number}"


def report_rows(plan, *, staff=False, parts=None):
    """ReportRows of `plan` in document order: general comments, then chapters in order; in a chapter,
    chapter-wide comments first, then by paragraph number, then by date of receipt.

    `staff` readers (the moderators' preview) also read comments awaiting moderation; others see
    their rows without their text. Two queries, whatever the number of comments.
    """
    chapters, by_pk, numbers = parts or document_parts(plan)
    plan_type = ContentType.objects.get_for_model(PlanPage)
    order = {c.pk: n for n, c in enumerate(chapters)}
    unknown = len(chapters) + 1
    keyed = []
    for comment in received_comments(plan).iterator(chunk_size=2000):
        on_plan = comment.content_type_id == plan_type.pk
        chapter = None if on_plan else by_pk.get(comment.object_pk)
        scope = CommentScope.GENERAL if on_plan else comment.scope
        paragraph_number = numbers[chapter.pk].get(comment.paragraph_key) if chapter is not None else None
        received_on = comment.received_on or timezone.localtime(comment.submit_date).date()
        status = comment.status
        offensive = status == CommentStatus.REJECTED and comment.rejection_category == RejectionCategory.OFFENSIVE
        withheld = offensive or (status == CommentStatus.PENDING and not staff)
        if offensive:
            text = _("The content is not published because it broke the rules of the consultation.")
        elif withheld:
            text = _("The content will be published once a moderator has checked it.")
        else:
            text = comment.comment
        original = _identical_to(comment)
        position, position_label, position_justification = _position(comment, original)
        report_status, status_label = _status(comment, original)
        row = ReportRow(
            number=0, reference=comment.reference, submitter=comment.public_author,
            commenter_kind=str(comment.get_commenter_kind_display()),
            channel=comment.channel, channel_label=str(comment.get_channel_display()),
            received_on=received_on, is_late=comment.is_late, scope=scope,
            chapter_number=chapter.number if chapter else None, chapter_title=chapter.title if chapter else "",
            paragraph_number=paragraph_number, part=_part(scope, chapter, paragraph_number, on_plan),
            paragraph_text=comment.paragraph_text,
            proposed_wording="" if withheld else comment.proposed_wording,
            title="" if withheld else comment.title, comment=text,
            justification="" if withheld else comment.justification, content_withheld=withheld,
            status=report_status, status_label=status_label,
            position=position, position_label=position_label, position_justification=position_justification,
            rejection_category=comment.rejection_category if report_status == REJECTED else "",
            duplicate_of=original.reference if original is not None else "",
            same_as=lead.reference if (lead := _group_lead(comment)) is not None and original is None else "",
        )
        if on_plan:
            place = (0, 0, 0)
        elif chapter is None:
            place = (unknown, 0, 0)
        else:
            in_chapter = 0 if scope == CommentScope.CHAPTER else 1
            place = (1 + order[chapter.pk], in_chapter, paragraph_number or 10**6)
        keyed.append((place + (received_on, comment.pk), row))
    keyed.sort(key=lambda item: item[0])
    rows = [row for _key, row in keyed]
    for number, row in enumerate(rows, start=1):
        row.number = number
    return rows
