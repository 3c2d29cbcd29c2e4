"""Publishing the consultation report: the action behind the admin button."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultation.core.refusals import Refused
from consultation.models import ParagraphComment, Phase, ReportPublication
from consultation.notifications import events
from consultation.plans.rules import can_publish_report, require, require_region


def report_refusal(plan, now=None):
    """Why the report of `plan` cannot be published now, or "" when it can."""
    if plan.report_publication_or_none is not None:
        return _("The report is already public.")
    if plan.phase(now) not in (Phase.CLOSED, Phase.ADOPTED):
        return _("The report can be published only after the consultation has closed.")
    return ""


def report_gaps(plan):
    """(comments waiting for moderation, published comments without a published response) of `plan`:
    what the report would list as not yet considered."""
    comments = ParagraphComment.objects.filter(plan=plan)
    return comments.pending().count(), comments.unanswered().count()


def publish_report(plan, *, user, incomplete=False, now=None):
    """Make the consultation report of `plan` public (after the consultation closed).

    The report states the position on every comment received. While comments wait for moderation or
    for a response it would list them as not yet considered: it is published so only when the
    communications team confirms it (`incomplete`), and the log keeps the counts."""
    require(can_publish_report(user), _("Only the communications team can publish the consultation report."))
    require_region(user, [plan])
    now = now or timezone.now()
    with transaction.atomic():
        refusal = report_refusal(plan, now)
        if refusal:
            raise Refused(refusal)
        pending, unanswered = report_gaps(plan)
        if (pending or unanswered) and not incomplete:
            raise Refused(_("Waiting for moderation: %(pending)d; published without a response: %(unanswered)d. "
                            "The report would list them as not yet considered; answer them first, or confirm that "
                            "the report is published incomplete.") % {"pending": pending, "unanswered": unanswered})
        publication = ReportPublication.objects.create(plan=plan, published_at=now, published_by=user)
        log(instance=plan, action="drogowskaz.report.publish", user=user,
            data={"pending": pending, "unanswered": unanswered})
        events.report_published(plan)
    plan.report_publication = publication
    return publication
