"""The consultation report page and its exports (PDF, ODT, XLSX, CSV): one report, built once per request.

The page, PDF and ODT lay out pages and hold the rows as a list (`build_report`); the CSV streams its
rows to the reader and the XLSX writes them to a spooled file as they are fetched (`stream_report`), so
their memory does not grow with the number of comments.
"""

import tempfile

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _

from consultation.reports.columns import DOCUMENT_COLUMNS, headers
from consultation.reports.odt import write_odt
from consultation.reports.pdf import write_pdf
from consultation.reports.report import (
    build_report,
    can_see_report,
    is_staff_reader,
    stream_report,
)
from consultation.reports.tabular import csv_lines, write_xlsx

# format: (writer, content type, whether it reads the rows once as they stream)
FILE_FORMATS = {
    "pdf": (write_pdf, "application/pdf", False),
    "odt": (write_odt, "application/vnd.oasis.opendocument.text", False),
    "xlsx": (write_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", True),
}


def _check_readable(request, plan):
    if not can_see_report(plan, request.user):
        raise Http404(_("The consultation report is not published yet."))


def _in_language(lines, language):
    """`lines` produced in `language`, the request's: a streamed response is read after the view returns."""
    lines = iter(lines)
    while True:
        with translation.override(language):
            line = next(lines, None)
        if line is None:
            return
        yield line


def report_view(request, plan):
    _check_readable(request, plan)
    report = build_report(plan, staff=is_staff_reader(request.user))
    context = {"page": plan, "self": plan, "plan": plan, "report": report, "headers": headers(DOCUMENT_COLUMNS)}
    return TemplateResponse(request, "consultation/report.html", context)


def report_export_view(request, plan, file_format):
    if file_format not in FILE_FORMATS and file_format != "csv":
        raise Http404(_("Unknown format."))
    _check_readable(request, plan)
    staff = is_staff_reader(request.user)
    filename = f"raport-z-konsultacji-{plan.slug}.{file_format}"
    if file_format == "csv":
        lines = _in_language(csv_lines(stream_report(plan, staff=staff).rows), translation.get_language())
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    write, content_type, streamed = FILE_FORMATS[file_format]
    report = stream_report(plan, staff=staff) if streamed else build_report(plan, staff=staff)
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 — FileResponse closes it
    write(report, spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=content_type)
