"""A plan's own page: its chapters, phase and, once public, the link to the consultation report."""

from django.template.response import TemplateResponse

from consultation.reports.report import can_see_report


def plan_view(request, plan):
    context = plan.get_context(request)
    context["report_visible"] = can_see_report(plan, request.user)
    return TemplateResponse(request, plan.get_template(request), context)
