"""The moderation queue: comments by state and filters, with bulk publishing, rejecting and assigning."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from consultation.core.bounded_counts import CountedPaginator, shown_count
from consultation.core.refusals import Refused
from consultation.models import (
    CommentStatus,
    ParagraphComment,
)
from consultation.moderation.actions import (
    publish_comments,
    reject_comments,
)
from consultation.moderation.assignment import (
    assign_comments,
    assignable_experts,
    chapter_id_of,
    expert_name,
    responsible_experts_by_chapter,
)
from consultation.plans.rules import plans_for
from consultation.staff.moderation_views import (
    ModeratorRequiredMixin,
    annotate_for_admin,
    rejection_arguments,
    skipped_message,
)
from consultation.staff.queue_forms import (
    ALL_STATES,
    QUEUE_TABS,
    QueueActionForm,
    QueueFilterForm,
)

# The tabs count so far and no further, and the pages go as far: beyond it the filters narrow the view.
# The count then stays quick however many comments there are (issue 15: a million).
COUNT_LIMIT = 1_000


def attach_people(comments):
    """Give each comment its `registered_by` and `assigned_to` users: one query (none when no comment names anyone)."""
    people = get_user_model().objects.in_bulk(
        {pk for comment in comments for pk in (comment.registered_by_id, comment.assigned_to_id) if pk})
    for comment in comments:
        comment.registered_by = people.get(comment.registered_by_id)
        comment.assigned_to = people.get(comment.assigned_to_id)
    return comments


def annotate_assignees(comments):
    """Who answers each comment, for its row: `assignee_name` when assigned to an expert, otherwise
    `responsible_names`, its chapter's responsible experts (none for a general comment). One query."""
    experts = responsible_experts_by_chapter({chapter_id_of(c) for c in comments} - {None})
    for comment in comments:
        comment.assignee_name = expert_name(comment.assigned_to) if comment.assigned_to_id else ""
        comment.responsible_names = [expert_name(user) for user in experts.get(chapter_id_of(comment), [])]
    return comments


class ModerationQueueView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultation/admin/queue.html"
    page_title = gettext_lazy("Comment moderation")
    header_icon = "comment"
    per_page = 50

    def get_breadcrumbs_items(self):
        # The heading is the last crumb: without this one it read "Home".
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    @cached_property
    def experts(self):
        """Who may be assigned comments or named in the filters: one query per request."""
        return list(assignable_experts(colleagues_of=self.request.user))

    @cached_property
    def my_plans(self):
        """The plans of the regions the user works for, read once for the filters, the list and the counts."""
        return list(plans_for(self.request.user).order_by("title").only("pk", "title", "path", "depth"))

    @cached_property
    def filter_form(self):
        return QueueFilterForm(self.request.GET, user=self.request.user, plans=self.my_plans, experts=self.experts)

    def get_status(self):
        self.filter_form.is_valid()
        return self.filter_form.cleaned_data.get("status") or CommentStatus.PENDING

    def comments_with(self, status):
        """The comments of one tab (a state, or all), narrowed by the other filters."""
        comments = ParagraphComment.objects.all() if status == ALL_STATES else ParagraphComment.objects.with_status(status)
        return self.filter_form.filter(self.of_my_regions(comments))

    @cached_property
    def my_plan_ids(self):
        """None for a super-administrator, whose view is not narrowed."""
        return None if self.request.user.is_superuser else [plan.pk for plan in self.my_plans]

    def of_my_regions(self, comments):
        return comments if self.my_plan_ids is None else comments.filter(plan_id__in=self.my_plan_ids)

    @cached_property
    def counted(self):
        """How many comments each tab holds under the other filters, up to COUNT_LIMIT, in one query; and
        whether the counts are of the first COUNT_LIMIT comments only (a word search: one scan of the
        words' index instead of one per tab)."""
        tabs = {value: None if value == ALL_STATES else value for value, _label in QUEUE_TABS}
        comments = self.filter_form.filter(self.of_my_regions(ParagraphComment.objects.all()))
        if "q" in self.filter_form.filters():
            return comments.count_by_status_among_first(tabs, up_to=COUNT_LIMIT)
        return comments.count_by_status(tabs, up_to=COUNT_LIMIT), False

    @property
    def tab_counts(self):
        return self.counted[0]

    def get_queryset(self):
        # In the order received: the numbers (K-00012) are given in that order.
        # Only the response is joined: each further join cost PostgreSQL more in planning than the query
        # took to run (10 ms against 3 at a million comments); the people come in one query (attach_people).
        return (
            self.comments_with(self.get_status())
            .select_related(None).select_related("official_response")
            .order_by("pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.get_status()
        page = CountedPaginator(self.get_queryset(), self.per_page, count=self.tab_counts[status]).get_page(
            self.request.GET.get("p"))
        comments = annotate_assignees(annotate_for_admin(attach_people(list(page.object_list))))
        bulk_form = kwargs.get("bulk_form")
        filters = urlencode(self.filter_form.filters())
        context.update({
            "filter_form": self.filter_form,
            # Each tab keeps the filters; each page link keeps the tab and the filters.
            "filter_query": filters,
            "page_query": urlencode({"status": status}) + (f"&{filters}" if filters else ""),
            "comments": comments,
            # A refused bulk action keeps the ticked boxes and the values typed.
            "selected": {str(pk) for pk in bulk_form.data.getlist("comments")} if bulk_form is not None else set(),
            "page_obj": page,
            "status": status,
            "tabs": [(value, label, shown_count(self.tab_counts[value], COUNT_LIMIT, at_least=self.counted[1]))
                     for value, label in QUEUE_TABS],
            "count_limit": number_format(COUNT_LIMIT, force_grouping=True),
            "beyond_count_limit": self.tab_counts[status] >= COUNT_LIMIT or self.counted[1],
            "bulk_form": bulk_form or QueueActionForm(queryset=ParagraphComment.objects.none(), experts=self.experts),
        })
        return context

    def post(self, request, *args, **kwargs):
        form = QueueActionForm(request.POST, queryset=self.of_my_regions(ParagraphComment.objects.all()),
                               experts=self.experts)
        if not form.is_valid():
            messages.error(request, _("Nothing was done: correct the form."))
            return self.render_to_response(self.get_context_data(bulk_form=form), status=400)
        selected = list(form.cleaned_data["comments"])
        action = form.cleaned_data["action"]
        try:
            if action == "publish":
                changed = publish_comments(selected, moderator=request.user)
                done = _("Comments published: %(n)d.") % {"n": changed}
            elif action == QueueActionForm.ASSIGN:
                assignee = form.cleaned_data["assignee"]
                changed = assign_comments(selected, by=request.user, assignee=assignee)
                done = (_("Comments assigned to %(name)s: %(n)d.") % {"name": expert_name(assignee), "n": changed}
                        if assignee else
                        _("Comments given back to their chapters' responsible experts: %(n)d.") % {"n": changed})
            else:
                changed = reject_comments(selected, moderator=request.user, **rejection_arguments(form))
                done = _("Comments rejected: %(n)d.") % {"n": changed}
        except Refused as refusal:
            form.add_error(None, refusal.message)
            return self.render_to_response(self.get_context_data(bulk_form=form), status=400)
        if changed:
            messages.success(request, done)
        if action == QueueActionForm.ASSIGN:
            if len(selected) > changed:
                messages.info(request, _("Already assigned so, left as they were: %(n)d.")
                              % {"n": len(selected) - changed})
        else:
            skipped = skipped_message(selected, changed, action)
            if skipped:
                (messages.warning if changed else messages.error)(request, skipped)
        return redirect(request.get_full_path())
