"""Panels of the Wagtail dashboard for the expert team (issue 14): what waits for me, and how far
each plan's consultation is from its report.

Each number links to the moderation queue filtered to exactly the comments it counts. Each panel
runs a fixed number of queries, whatever the number of plans, chapters and comments.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from consultation.models import (
    ChapterPage,
    CommentScope,
    CommentStatus,
    OfficialResponse,
    ParagraphComment,
    PlanPage,
    ReviewState,
)
from consultation.models.pages import numbered_title, reading_order
from consultation.moderation.assignment import assigned_to_user
from consultation.plans.rules import can_approve_responses, can_moderate, comments_for, plans_for
from consultation.staff.queue_forms import ALL_STATES, MINE


def queue_url(**filters):
    """The moderation queue with a tab (`status`) and filters, as its own filter form writes them."""
    return f"{reverse('moderation:index')}?{urlencode(filters)}"


@dataclass
class QueueCount:
    """A number on the dashboard and the queue that lists what it counts."""

    key: str
    label: str
    count: int
    url: str


class MyCommentsPanel(Component):
    """"My comments": what is assigned to me (or to my chapters) and waits, and my returned responses;
    for a coordinator, the responses awaiting approval. Four queries at most."""

    name = "drogowskaz_my_comments"
    template_name = "consultation/admin/dashboard/my_comments.html"
    order = 60

    def __init__(self, user):
        self.user = user

    def rows(self):
        user = self.user
        rows = [
            QueueCount("pending", _("Assigned to me, awaiting moderation"),
                   assigned_to_user(comments_for(user, ParagraphComment.objects.pending()), user).count(),
                   queue_url(status=CommentStatus.PENDING, assignee=MINE)),
            QueueCount("to_answer", _("Assigned to me, awaiting an official response"),
                   assigned_to_user(comments_for(user, ParagraphComment.objects.unanswered()), user).count(),
                   queue_url(status="unanswered", assignee=MINE)),
            QueueCount("returned", _("My responses returned by the coordinator"),
                   OfficialResponse.objects.filter(review_state=ReviewState.RETURNED, author=user).count(),
                   queue_url(status=ALL_STATES, review=ReviewState.RETURNED, responder=MINE)),
        ]
        if can_approve_responses(user):
            rows.append(QueueCount("to_approve", _("Responses awaiting my approval"),
                               OfficialResponse.objects.filter(
                                   review_state=ReviewState.SUBMITTED,
                                   comment__in=comments_for(user, ParagraphComment.objects.all())).count(),
                               queue_url(status=ALL_STATES, review=ReviewState.SUBMITTED)))
        return rows

    def get_context_data(self, parent_context=None):
        return {"rows": self.rows()}


@dataclass
class ChapterProgress:
    title: str
    url: str
    published: int = 0
    answered: int = 0

    @property
    def left(self):
        return self.published - self.answered


@dataclass
class PlanProgress:
    plan: PlanPage
    is_open: bool
    days_left: int | None
    url: str
    chapters: list = field(default_factory=list)

    @property
    def published(self):
        return sum(chapter.published for chapter in self.chapters)

    @property
    def answered(self):
        return sum(chapter.answered for chapter in self.chapters)

    @property
    def left(self):
        return self.published - self.answered

    @property
    def days_overdue(self):
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def consultation_progress(user, now=None):
    """Every plan whose consultation is open or closed and which is not adopted yet, with the days
    left to its report and, per chapter (and for the general comments), its published top-level
    comments, those answered by a published response, and those left. Three queries."""
    now = now or timezone.now()
    plans = list(plans_for(user).filter(live=True, consultation_opens__lte=now, adoption__isnull=True)
                 .order_by("consultation_closes", "title"))
    if not plans:
        return []
    in_plans = Q()
    for plan in plans:
        in_plans |= Q(path__startswith=plan.path, depth=plan.depth + 1)
    chapters = reading_order(ChapterPage.objects.filter(in_plans).only("pk", "title", "number", "path"))
    counts = (ParagraphComment.objects.published().filter(level=0, plan_id__in=[plan.pk for plan in plans])
              .values("plan_id", "scope", "object_pk").order_by()
              .annotate(published=Count("pk"),
                        # answered by its own response, or by its group lead's (uwagi tożsame)
                        answered=Count("pk", filter=Q(official_response__published_at__isnull=False)
                                       | Q(same_as__official_response__published_at__isnull=False))))
    progress, rows = {}, {}
    for plan in plans:
        due = plan.report_due
        progress[plan.pk] = PlanProgress(
            plan=plan, is_open=now < plan.consultation_closes, days_left=(due - now).days if due else None,
            url=queue_url(status="unanswered", plan=plan.pk))
    for chapter in chapters:
        plan = next(p for p in plans if chapter.path.startswith(p.path))
        row = ChapterProgress(numbered_title(chapter.number, chapter.title),
                              queue_url(status="unanswered", plan=plan.pk, chapter=chapter.pk))
        progress[plan.pk].chapters.append(row)
        rows[str(chapter.pk)] = row
    general = {}
    for count in counts:
        if count["scope"] == CommentScope.GENERAL:
            row = general.get(count["plan_id"])
            if row is None:
                row = general[count["plan_id"]] = ChapterProgress(_("General comments on the whole document"), "")
        else:
            row = rows.get(count["object_pk"])
            if row is None:  # a chapter deleted since: its comments still count for the plan
                continue
        row.published += count["published"]
        row.answered += count["answered"]
    for plan_id, row in general.items():
        progress[plan_id].chapters.append(row)
    return list(progress.values())


class ConsultationProgressPanel(Component):
    """Per plan under consultation or waiting for its report: the days left and the answers per chapter."""

    name = "drogowskaz_consultation_progress"
    template_name = "consultation/admin/dashboard/progress.html"
    order = 70

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        # A coordinator decides who is responsible for which chapter: the link to that screen.
        return {"plans": consultation_progress(self.user),
                "may_set_responsible": can_approve_responses(self.user) or self.user.is_superuser}


def dashboard_panels(user):
    """The panels of this project on the dashboard of `user`: only for the expert team."""
    if not can_moderate(user):
        return []
    return [MyCommentsPanel(user), ConsultationProgressPanel(user)]
