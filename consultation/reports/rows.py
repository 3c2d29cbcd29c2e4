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

The rows are produced one at a time (`iter_report_rows`): the database sorts the comments in document
order (`document_order`) and they are fetched in chunks, so a spreadsheet export holds one chunk at a
time whatever the number of comments. The page, PDF and ODT lay out pages and take the list
(`report_rows`).
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    DateField,
    Expression,
    F,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
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

CHUNK_SIZE = 2000  # comments fetched from the database at a time: what an export holds in memory
NO_PARAGRAPH = 10**6  # sorts a comment on a paragraph no longer in its chapter after the chapter's paragraphs

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
    """(chapters in reading order, {chapter pk as str: chapter}, {chapter pk: {paragraph key: number}})
    of the plan's live chapters."""
    chapters = reading_order(ChapterPage.objects.child_of(plan).live())
    numbers = {c.pk: {p.key: p.number for p in c.paragraphs()} for c in chapters}
    return chapters, {str(c.pk): c for c in chapters}, numbers


class Numbering(Expression):
    """CASE column WHEN key THEN number … ELSE default END: the number that `numbers` ({key: number})
    gives the value of `column`, `default` for any other value. A number may itself be a Numbering (of
    another column). Written directly: Django takes most of a second to compile a Case of a few thousand
    Whens, and a plan has that many paragraphs."""

    output_field = IntegerField()

    def __init__(self, column, numbers, default):
        super().__init__()
        self.column, self.numbers, self.default = F(column), numbers, default

    def get_source_expressions(self):
        return [self.column, *(number for number in self.numbers.values() if isinstance(number, Expression))]

    def set_source_expressions(self, exprs):
        self.column, *nested = exprs
        nested = iter(nested)
        self.numbers = {key: next(nested) if isinstance(number, Expression) else number
                        for key, number in self.numbers.items()}

    def as_sql(self, compiler, connection):
        if not self.numbers:
            return str(int(self.default)), []
        column, params = compiler.compile(self.column)
        sql, params = [f"CASE {column}"], list(params)
        for key, number in self.numbers.items():
            if isinstance(number, Expression):
                number_sql, number_params = compiler.compile(number)
                sql.append(f"WHEN %s THEN {number_sql}")
                params += [key, *number_params]
            else:
                sql.append(f"WHEN %s THEN {int(number)}")
                params.append(key)
        sql.append(f"ELSE {int(self.default)} END")
        return " ".join(sql), params


def document_order(chapters, numbers, plan_type):
    """The ORDER BY of comments in document order, computed by the database: general comments first,
    then the chapters in reading order, then comments on a part no longer in the document; in a chapter,
    chapter-wide comments first, then by paragraph number (a paragraph no longer in the chapter after
    the others); then by date of receipt, then by number.

    `chapters` and the paragraph numbers come from `document_parts`. Needs the annotation
    `report_received_on` of `received_comments`.
    """
    on_plan = Q(content_type_id=plan_type.pk)
    section = Case(When(on_plan, then=Value(0)), default=Numbering(
        "object_pk", {str(c.pk): n for n, c in enumerate(chapters, start=1)}, len(chapters) + 1))
    within = Case(When(on_plan | Q(scope=CommentScope.CHAPTER), then=Value(0)),
                  default=Numbering("object_pk", {str(c.pk): 1 for c in chapters}, 0))
    paragraph = Case(When(on_plan, then=Value(0)), default=Numbering(
        "object_pk", {str(c.pk): Numbering("paragraph_key", numbers[c.pk], NO_PARAGRAPH) for c in chapters}, 0))
    return [section, within, paragraph, "report_received_on", "pk"]


def received_comments(plan):
    """Top-level comments of `plan` that reached the office and were not withdrawn: one query.

    `report_received_on` is the date of receipt, or the local day of submission when none was recorded.
    """
    return (
        ParagraphComment.objects.filter(plan=plan, level=0, confirmed_at__isnull=False, withdrawn_at__isnull=True)
        .select_related(None)
        .select_related("content_type", "official_response", "duplicate_of", "duplicate_of__official_response",
                        "same_as", "same_as__official_response")
        .annotate(report_received_on=Coalesce("received_on", TruncDate("submit_date"), output_field=DateField()))
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


def _row(comment, number, *, on_plan, chapter, numbers, staff):
    """The ReportRow of `comment`, the `number`-th in document order."""
    scope = CommentScope.GENERAL if on_plan else comment.scope
    paragraph_number = numbers[chapter.pk].get(comment.paragraph_key) if chapter is not None else None
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
    return ReportRow(
        number=number, reference=comment.reference, submitter=comment.public_author,
        commenter_kind=str(comment.get_commenter_kind_display()),
        channel=comment.channel, channel_label=str(comment.get_channel_display()),
        received_on=comment.report_received_on, is_late=comment.is_late, scope=scope,
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


def iter_report_rows(plan, *, staff=False, parts=None):
    """ReportRows of `plan` one by one in document order (`document_order`), numbered from 1.

    `staff` readers (the moderators' preview) also read comments awaiting moderation; others see
    their rows without their text. One query for the comments (and those of `document_parts` unless
    `parts` is given), whatever their number: the database sorts them and they are fetched
    `CHUNK_SIZE` at a time (through a server-side cursor on PostgreSQL), so one chunk is held at once.
    The CSV and XLSX exports stream these rows.
    """
    chapters, by_pk, numbers = parts or document_parts(plan)
    plan_type = ContentType.objects.get_for_model(PlanPage)
    comments = received_comments(plan).order_by(*document_order(chapters, numbers, plan_type))
    for number, comment in enumerate(comments.iterator(chunk_size=CHUNK_SIZE), start=1):
        on_plan = comment.content_type_id == plan_type.pk
        chapter = None if on_plan else by_pk.get(comment.object_pk)
        yield _row(comment, number, on_plan=on_plan, chapter=chapter, numbers=numbers, staff=staff)


def report_rows(plan, *, staff=False, parts=None):
    """The rows of `iter_report_rows` in a list, for the formats that lay out pages (the page, PDF,
    ODT) and need every row at once; the CSV and XLSX exports stream the generator instead."""
    return list(iter_report_rows(plan, staff=staff, parts=parts))
