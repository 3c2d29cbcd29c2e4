"""The consultation report page and its exports (PDF, ODT, XLSX, CSV): one report, built once per request."""

import tempfile

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from consultation.reports.columns import DOCUMENT_COLUMNS, headers
from consultation.reports.odt import write_odt
from consultation.reports.pdf import write_pdf
from consultation.reports.report import build_report, can_see_report, is_staff_reader
from consultation.reports.tabular import csv_lines, write_xlsx

FILE_FORMATS = {
    "pdf": (write_pdf, "application/pdf"),
    "odt": (write_odt, "application/vnd.oasis.opendocument.text"),
    "xlsx": (write_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def _readable_report(request, plan):
    if not can_see_report(plan, request.user):
        raise Http404(_("The consultation report is not published yet."))
    return build_report(plan, staff=is_staff_reader(request.user))


def report_view(request, plan):
    report = _readable_report(request, plan)
    context = {"page": plan, "self": plan, "plan": plan, "report": report, "headers": headers(DOCUMENT_COLUMNS)}
    return TemplateResponse(request, "consultation/report.html", context)


def report_export_view(request, plan, file_format):
    if file_format not in FILE_FORMATS and file_format != "csv":
        raise Http404(_("Unknown format."))
    report = _readable_report(request, plan)
    filename = f"raport-z-konsultacji-{plan.slug}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(csv_lines(report.rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    write, content_type = FILE_FORMATS[file_format]
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 — FileResponse closes it
    write(report, spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=content_type)
