"""The columns of the report's table, defined once.

`DOCUMENT_COLUMNS` are the ten columns of the printed table (the page, PDF, ODT), as offices print the
report; `DATA_COLUMNS` split them into typed cells for spreadsheets (CSV, XLSX): numbers as numbers,
the date of receipt as a date, and one column per field so a spreadsheet can filter them.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DATE_FORMAT = "%d.%m.%Y"  # as Polish offices write dates in tables


@dataclass(frozen=True)
class Column:
    label: object  # lazy text
    value: object  # function of a ReportRow
    width: int = 14  # characters, for spreadsheets and the share of the printed table


def received_text(row):
    """Channel and date of receipt in words, with the note of a late comment."""
    text = row.channel_label
    if row.received_on:
        text = f"{text}, {row.received_on.strftime(DATE_FORMAT)}"
    if row.is_late:
        text = f"{text} ({_('received after the deadline')})"
    return text


def comment_text(row):
    """The comment with its title and its justification, as one cell of a printed table."""
    parts = [row.title, row.comment]
    if row.justification:
        parts.append(f"{_('Justification')}: {row.justification}")
    return "\n".join(part for part in parts if part)


def _submitter(row):
    return f"{row.submitter} ({row.commenter_kind})"


DOCUMENT_COLUMNS = [
    Column(gettext_lazy("Ordinal no."), lambda r: str(r.number), 5),
    Column(gettext_lazy("No."), lambda r: r.reference, 9),
    Column(gettext_lazy("Submitted by"), _submitter, 14),
    Column(gettext_lazy("Channel and date of receipt"), received_text, 12),
    Column(gettext_lazy("Part of the document"), lambda r: r.part, 14),
    Column(gettext_lazy("Current wording"), lambda r: r.paragraph_text, 22),
    Column(gettext_lazy("Proposed wording"), lambda r: r.proposed_wording, 20),
    Column(gettext_lazy("Comment and its justification"), comment_text, 26),
    Column(gettext_lazy("Position"), lambda r: r.position_label, 12),
    Column(gettext_lazy("Justification of the position"), lambda r: r.position_justification, 26),
]

DATA_COLUMNS = [
    Column(gettext_lazy("Ordinal no."), lambda r: r.number, 7),
    Column(gettext_lazy("No."), lambda r: r.reference, 10),
    Column(gettext_lazy("Submitted by"), lambda r: r.submitter, 24),
    Column(gettext_lazy("Submitter kind"), lambda r: r.commenter_kind, 16),
    Column(gettext_lazy("Channel"), lambda r: r.channel_label, 18),
    Column(gettext_lazy("Date of receipt"), lambda r: r.received_on, 12),
    Column(gettext_lazy("Received after the deadline"), lambda r: _("yes") if r.is_late else "", 10),
    Column(gettext_lazy("Chapter"), lambda r: r.chapter_number, 9),
    Column(gettext_lazy("Chapter title"), lambda r: r.chapter_title, 24),
    Column(gettext_lazy("Paragraph"), lambda r: r.paragraph_number, 9),
    Column(gettext_lazy("Part of the document"), lambda r: r.part, 28),
    Column(gettext_lazy("Current wording"), lambda r: r.paragraph_text, 45),
    Column(gettext_lazy("Proposed wording"), lambda r: r.proposed_wording, 40),
    Column(gettext_lazy("Title"), lambda r: r.title, 24),
    Column(gettext_lazy("Comment"), lambda r: r.comment, 50),
    Column(gettext_lazy("Justification of the comment"), lambda r: r.justification, 40),
    Column(gettext_lazy("Status"), lambda r: r.status_label, 16),
    Column(gettext_lazy("Position"), lambda r: r.position_label, 22),
    Column(gettext_lazy("Justification of the position"), lambda r: r.position_justification, 50),
]


def headers(columns):
    return [str(column.label) for column in columns]


def values(columns, row):
    """The cells of `row`; None stays None (an empty cell)."""
    return [column.value(row) for column in columns]
