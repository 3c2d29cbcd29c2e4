"""The consultation report page and its exports."""

import tempfile

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from consultation.reports.report import can_see_report, csv_lines, report_chapters, report_rows, summary, write_xlsx


def _visible_plan(request, plan):
    if not can_see_report(plan, request.user):
        raise Http404(_("The consultation report is not published yet."))


def report_view(request, plan):
    _visible_plan(request, plan)
    chapters = report_chapters(plan)
    rows = report_rows(plan, chapters)
    groups = []
    for chapter in chapters:
        chapter_rows = [r for r in rows if r.chapter_number == chapter.number and r.chapter_title == chapter.title]
        groups.append((chapter, chapter_rows))
    context = {"page": plan, "self": plan, "plan": plan, "groups": groups, "summary": summary(rows, chapters),
               "published": plan.report_publication_or_none}
    return TemplateResponse(request, "consultation/report.html", context)


def report_export_view(request, plan, file_format):
    _visible_plan(request, plan)
    rows = report_rows(plan)
    filename = f"raport-z-konsultacji-{plan.slug}"
    if file_format == "csv":
        response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    if file_format == "xlsx":
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        write_xlsx(rows, spool, plan.title)
        spool.seek(0)
        return FileResponse(
            spool, as_attachment=True, filename=f"{filename}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    raise Http404(_("Unknown format."))
