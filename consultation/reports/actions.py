"""Publishing the consultation report: the action behind the admin button."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultation.core.refusals import Refused
from consultation.models import Phase, ReportPublication
from consultation.notifications import events
from consultation.plans.rules import can_publish_report, require


def report_refusal(plan, now=None):
    """Why the report of `plan` cannot be published now, or "" when it can."""
    if plan.report_publication_or_none is not None:
        return _("The report is already public.")
    if plan.phase(now) not in (Phase.CLOSED, Phase.ADOPTED):
        return _("The report can be published only after the consultation has closed.")
    return ""


def publish_report(plan, *, user, now=None):
    """Make the consultation report of `plan` public (after the consultation closed)."""
    require(can_publish_report(user), _("Only the communications team can publish the consultation report."))
    now = now or timezone.now()
    with transaction.atomic():
        refusal = report_refusal(plan, now)
        if refusal:
            raise Refused(refusal)
        publication = ReportPublication.objects.create(plan=plan, published_at=now, published_by=user)
        log(instance=plan, action="drogowskaz.report.publish", user=user)
        events.report_published(plan)
    plan.report_publication = publication
    return publication
