"""The report as a spreadsheet: CSV that streams, and XLSX written in openpyxl's write-only mode.

Both take the typed cells of `columns.DATA_COLUMNS`. Text that a spreadsheet would run as a formula is
neutralised in both. Both read the rows once, one at a time, so they take the streamed report
(`report.stream_report`) and hold no more than a chunk of its comments.
"""

import csv
import datetime

from django.utils.translation import gettext as _

from consultation.reports.columns import DATA_COLUMNS, headers, values


def neutralise_formula(value):
    """Spreadsheets run cells that start with =, +, - or @ as formulas: prefix such text with '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise_formula(value)


def csv_lines(rows):
    """CSV lines for a streaming response: UTF-8 with a byte-order mark and semicolons, which Excel in
    Polish opens as columns with Polish letters intact; dates as YYYY-MM-DD."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    yield writer.writerow(headers(DATA_COLUMNS))
    for row in rows:
        yield writer.writerow([_csv_value(v) for v in values(DATA_COLUMNS, row)])


XLSX_DATE_FORMAT = "yyyy-mm-dd"


class _Cells:
    """Styled write-only cells of one sheet; the styles are made once."""

    def __init__(self, sheet):
        from openpyxl.styles import Alignment, Font

        self.sheet = sheet
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.bold = Font(bold=True)

    def cell(self, value, *, bold=False):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.sheet, value=neutralise_formula(value))
        cell.alignment = self.wrap
        if bold:
            cell.font = self.bold
        if isinstance(value, datetime.datetime):
            cell.number_format = XLSX_DATE_FORMAT + " hh:mm"
        elif isinstance(value, datetime.date):
            cell.number_format = XLSX_DATE_FORMAT
        return cell

    def row(self, cells, *, bold=False):
        self.sheet.append([self.cell(value, bold=bold) for value in cells])


def _naive(moment):
    return moment.replace(tzinfo=None) if moment else None  # Excel has no time zones: local time


def _table_sheet(workbook, rows):
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(_("Comments")[:31])
    for number, column in enumerate(DATA_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4 (Worksheet.PAPERSIZE_A4)
    cells = _Cells(sheet)
    cells.row(headers(DATA_COLUMNS), bold=True)
    count = 0
    for count, row in enumerate(rows, start=1):
        cells.row(values(DATA_COLUMNS, row))
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(DATA_COLUMNS))}{count + 1}"


def _course_sheet(workbook, report):
    sheet = workbook.create_sheet(_("Course of the consultation")[:31])
    sheet.column_dimensions["A"].width = 50
    for letter in "BCDEF":
        sheet.column_dimensions[letter].width = 22
    cells = _Cells(sheet)
    cells.row([_("Report on the course and results of the consultation")], bold=True)
    cells.row([report.title], bold=True)
    cells.row([])
    for fact in report.course.facts + report.count_facts:
        cells.row([fact.label, fact.value])
    cells.row([])
    cells.row([_("Consultation meetings")], bold=True)
    if report.course.meetings:
        cells.row([_("Place or online link"), _("Starts"), _("Ends"), _("Participants"), _("Minutes")], bold=True)
        for meeting in report.course.meetings:
            cells.row([meeting.place, _naive(meeting.starts_at), _naive(meeting.ends_at), meeting.participants,
                       meeting.minutes_title])
    else:
        cells.row([_("No consultation meetings were held.")])
    for table in report.course.tables:
        cells.row([])
        cells.row([table.caption], bold=True)
        cells.row([table.heading, _("Number of comments")], bold=True)
        for label, count in table.lines:
            cells.row([label, count])
        cells.row([_("Total"), table.total], bold=True)
    cells.row([])
    for fact in report.signature_facts:
        cells.row([fact.label, fact.value])


def write_xlsx(report, destination):
    """Write the report as XLSX: the table of comments (header frozen, with an autofilter) and the
    course of the consultation. openpyxl's write-only mode keeps memory flat: column widths, the frozen
    pane and the filter are set on the write-only sheet, the styles on each cell. The table is written
    first, so a streamed report has counted its rows by the time the course is written."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    workbook.properties.title = f"{_('Report on the course and results of the consultation')}: {report.title}"
    workbook.properties.language = "pl"
    _table_sheet(workbook, report.rows)
    _course_sheet(workbook, report)
    workbook.save(destination)
