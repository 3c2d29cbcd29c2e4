"""A plan's own page: its chapters, phase, the consultation's legal basis and meetings, the general
comments on the whole document and, once public, the link to the consultation report.

Anonymous readers' copies are kept in the page cache, as chapters are (see page_cache): a general
comment published, a response to one, or the plan published again drops them (cache_invalidation).
"""

from django.template.response import TemplateResponse
from django.utils import timezone

from consultation.plans.rules import can_comment, closed_message
from consultation.public import page_cache
from consultation.public.chapter_html import ThreadWriter
from consultation.public.comment_tree import count_nodes, general_threads, link_flags
from consultation.reports.report import can_see_report


def meetings_of(plan, now):
    """(upcoming, past) consultation meetings of the plan, each oldest first: one query."""
    meetings = list(plan.meetings.select_related("minutes").order_by("starts_at", "pk"))
    past = [m for m in meetings if (m.ends_at or m.starts_at) < now]
    return [m for m in meetings if m not in past], past


def plan_view(request, plan):
    now = timezone.now()
    context = plan.get_context(request)
    commenting_open = can_comment(plan, now)
    general = general_threads(plan)
    link_flags(general, plan)
    upcoming, past = meetings_of(plan, now)
    context.update({
        "report_visible": can_see_report(plan, request.user),
        "commenting_open": commenting_open,
        "closed_message": closed_message(plan, now),
        "general_comment_url": plan.url + plan.reverse_subpage("general_comment"),
        # A general comment takes no reply; readers may flag it, as any published comment.
        "general_comments_html": (ThreadWriter(commenting_open=commenting_open).threads(general, reply=False)
                                  if general else ""),
        "general_comment_count": count_nodes(general),
        "upcoming_meetings": upcoming,
        "past_meetings": past,
    })
    response = TemplateResponse(request, plan.get_template(request), context)
    moments = [moment for m in upcoming for moment in (m.starts_at, m.ends_at) if moment]
    page_cache.mark_cacheable(request, response, page_cache.timeout_for(plan, now, moments))
    return response
