"""The consultation report (raport z konsultacji): every published comment, in document order, with
its official response; a summary; CSV and XLSX exports that stream.

Rows cover the top-level published comments of the plan's chapters, which are the ones the experts
answer officially; replies are part of the discussion on the chapter pages.
"""

import csv
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultation.models import ChapterPage, Disposition, ParagraphComment, Phase


@dataclass
class ReportRow:
    reference: str
    chapter_number: int
    chapter_title: str
    paragraph_number: int | None
    paragraph_text: str
    submitter: str
    commenter_kind: str
    submitted_at: object
    title: str
    comment: str
    disposition: str  # "" when not answered yet
    disposition_label: str
    justification: str


def submitter_name(comment):
    """The same name as on the chapter page and in the API (ParagraphComment.public_author)."""
    return comment.public_author


def report_chapters(plan):
    return list(ChapterPage.objects.child_of(plan).live().order_by("number", "path"))


def report_rows(plan, chapters=None):
    """ReportRows in document order: two queries whatever the number of comments."""
    chapters = chapters if chapters is not None else report_chapters(plan)
    by_id = {str(c.pk): c for c in chapters}
    numbers = {c.pk: {p.key: p.number for p in c.paragraphs()} for c in chapters}
    comments = (
        ParagraphComment.objects.published()
        .filter(content_type=ContentType.objects.get_for_model(ChapterPage), object_pk__in=list(by_id), level=0)
        .select_related(None).select_related("official_response")
        .order_by("submit_date", "pk")
    )
    rows = []
    for comment in comments.iterator(chunk_size=2000):
        chapter = by_id[comment.object_pk]
        response = getattr(comment, "official_response", None)
        if response is not None and not response.is_published:
            response = None
        rows.append(ReportRow(
            reference=comment.reference, chapter_number=chapter.number, chapter_title=chapter.title,
            paragraph_number=numbers[chapter.pk].get(comment.paragraph_key), paragraph_text=comment.paragraph_text,
            submitter=submitter_name(comment), commenter_kind=comment.get_commenter_kind_display(),
            submitted_at=comment.submit_date, title=comment.title, comment=comment.comment,
            disposition=response.disposition if response else "",
            disposition_label=str(response.get_disposition_display()) if response else _("no response yet"),
            justification=response.justification if response else "",
        ))
    removed = 10**6  # comments on removed paragraphs come last in their chapter
    rows.sort(key=lambda r: (r.chapter_number, r.paragraph_number or removed, r.submitted_at))
    return rows


def summary(rows, chapters):
    """Counts per chapter and per disposition, for the tables and charts."""
    dispositions = list(Disposition.choices) + [("", _("no response yet"))]
    per_chapter = []
    for chapter in chapters:
        chapter_rows = [r for r in rows if r.chapter_number == chapter.number and r.chapter_title == chapter.title]
        per_chapter.append({
            "number": chapter.number, "title": chapter.title, "total": len(chapter_rows),
            "counts": [sum(1 for r in chapter_rows if r.disposition == value) for value, _label in dispositions],
        })
    totals = [(label, sum(1 for r in rows if r.disposition == value)) for value, label in dispositions]
    largest = max([count for _label, count in totals] + [1])
    bars = [{"label": label, "count": count, "y": 32 * n, "width": round(300 * count / largest)}
            for n, (label, count) in enumerate(totals)]
    return {"dispositions": [label for _value, label in dispositions], "per_chapter": per_chapter,
            "totals": totals, "total": len(rows), "chart": {"bars": bars, "height": 32 * len(bars) + 8}}


def can_see_report(plan, user, now=None):
    """Staff at any time; everyone once the consultation has closed and the report is published."""
    if user.is_authenticated and user.is_active and user.has_perm("consultation.view_report_before_publication"):
        return True
    return plan.report_publication_or_none is not None and plan.phase(now) in (Phase.CLOSED, Phase.ADOPTED)


COLUMNS = [
    ("reference", gettext_lazy("No.")), ("chapter_number", gettext_lazy("Chapter")), ("chapter_title", gettext_lazy("Chapter title")),
    ("paragraph_number", gettext_lazy("Paragraph")), ("paragraph_text", gettext_lazy("Paragraph text")),
    ("submitter", gettext_lazy("Submitted by")), ("commenter_kind", gettext_lazy("Submitter kind")),
    ("submitted_at", gettext_lazy("Date")), ("title", gettext_lazy("Title")), ("comment", gettext_lazy("Comment")),
    ("disposition_label", gettext_lazy("Disposition")), ("justification", gettext_lazy("Justification")),
]


def header():
    return [str(label) for _field, label in COLUMNS]


def cells(row):
    values = []
    for field_name, _label in COLUMNS:
        value = getattr(row, field_name)
        if field_name == "submitted_at":
            value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        values.append("" if value is None else value)
    return values


class _Echo:
    def write(self, value):
        return value


def csv_lines(rows):
    """CSV lines for a streaming response: UTF-8 with a byte-order mark and semicolons, which Excel in
    Polish opens as columns with Polish letters intact."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    yield writer.writerow(header())
    for row in rows:
        yield writer.writerow([_neutralise_formula(v) for v in cells(row)])


def _neutralise_formula(value):
    """Spreadsheets run cells that start with =, +, - or @ as formulas: prefix such text with '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_xlsx(rows, destination, plan_title):
    """Write the report as XLSX with openpyxl's write-only mode (memory stays flat)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Consultation report")[:31])
    sheet.append([plan_title])
    bold = []
    for value in header():
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    for row in rows:
        sheet.append([_neutralise_formula(v) for v in cells(row)])
    workbook.save(destination)
