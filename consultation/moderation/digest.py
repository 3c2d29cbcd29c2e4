"""The experts' daily mail: a digest of the comments that reached their chapters, and reminders
7, 3 and 1 days before a plan's consultation report is due.

`manage.py send_expert_mail` runs it once a day (cron, README). Each mail is queued once per expert
and day (or plan and threshold), so running it twice sends nothing more, and a day the job missed
is made up by the next reminder that is still ahead. The mail names comments by reference, chapter
and title only and links to the admin, where the rest is behind the expert's login.
"""

from datetime import timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultation.core.conf import absolute_url
from consultation.models import ParagraphComment, PlanPage
from consultation.models.regions import home_path_of, home_paths, region_paths
from consultation.moderation.assignment import assignable_experts, assigned_to_user
from consultation.notifications import events
from consultation.plans.rules import can_approve_responses, comments_for

REMINDER_DAYS = (7, 3, 1)


def _mail(template, context):
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(f"consultation/email/{template}.txt", context)


def send_digests(now=None):
    """Mail each expert the comments confirmed in the last day on their chapters or assigned to them,
    awaiting moderation; returns how many mails were queued."""
    now = now or timezone.now()
    since = now - timedelta(days=1)
    fresh = ParagraphComment.objects.pending().filter(confirmed_at__gt=since, confirmed_at__lte=now)
    queued = 0
    for expert in assignable_experts().exclude(email=""):
        comments = list(assigned_to_user(comments_for(expert, fresh), expert).order_by("pk")[:200])
        if not comments:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = ngettext("%(n)d new comment to moderate", "%(n)d new comments to moderate",
                               len(comments)) % {"n": len(comments)}
        body = _mail("expert_digest", {"expert": expert, "comments": comments,
                                       "queue_link": absolute_url(reverse("moderation:index")) + "?assignee=mine"})
        queued += events.to_staff([expert.email], key=f"digest:{expert.pk}:{timezone.localdate(now).isoformat()}",
                                  kind="expert_digest", subject=subject, body=body)
    return queued


def _threshold(days_left):
    """The reminder due when `days_left` days remain: the nearest of REMINDER_DAYS not below it."""
    ahead = [days for days in REMINDER_DAYS if days_left <= days]
    return min(ahead) if ahead and days_left >= 0 else None


def send_reminders(now=None):
    """Remind the experts with unanswered comments of a plan, and the coordinators, that the report is
    due in 7, 3 or 1 days; returns how many mails were queued (none for a reminder already sent)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    plans = PlanPage.objects.live().filter(adoption__isnull=True, report_publication__isnull=True,
                                           consultation_closes__isnull=False)
    experts = list(assignable_experts().exclude(email=""))
    # Each is reminded only of the plans of the regions they work for (issue 16): read once.
    homes = home_paths()
    regions = {expert.pk: region_paths(expert) for expert in experts}
    queued = 0
    for plan in plans:
        due = plan.report_due
        threshold = _threshold((timezone.localdate(due) - today).days) if due else None
        if threshold is None:
            continue
        owed = ParagraphComment.objects.unanswered().filter(plan=plan)
        total = owed.count()
        home = home_path_of(plan.path, homes)
        for expert in experts:
            if regions[expert.pk] is not None and home not in regions[expert.pk]:
                continue
            mine = assigned_to_user(owed, expert).count()
            coordinates = can_approve_responses(expert) and not expert.is_superuser  # not every administrator
            if not mine and not (coordinates and total):
                continue
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("%(plan)s: the consultation report is due on %(date)s") % {
                    "plan": plan.title, "date": timezone.localdate(due).strftime("%d.%m.%Y")}
            body = _mail("expert_reminder", {
                "plan": plan, "due": due, "days_left": (timezone.localdate(due) - today).days, "mine": mine,
                # a coordinator's list is the whole plan's; an expert's, their own comments
                "total": total, "queue_link": absolute_url(reverse("moderation:index"))
                + f"?status=unanswered&plan={plan.pk}" + ("&assignee=mine" if mine else "")})
            queued += events.to_staff([expert.email], key=f"reminder:{plan.pk}:{threshold}:{expert.pk}",
                                      kind="expert_reminder", subject=subject, body=body, plan=plan)
    return queued
