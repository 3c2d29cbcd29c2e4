"""The moderation queue: comments by state and filters, with bulk publishing and rejecting."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from consultation.core.refusals import Refused
from consultation.models import (
    CommentStatus,
    ParagraphComment,
)
from consultation.moderation.actions import (
    publish_comments,
    reject_comments,
)
from consultation.staff.forms import (
    QUEUE_VIEWS,
    BulkModerationForm,
    QueueFilterForm,
)
from consultation.staff.moderation_views import (
    ModeratorRequiredMixin,
    annotate_for_admin,
    rejection_arguments,
    skipped_message,
)


class ModerationQueueView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultation/admin/queue.html"
    page_title = gettext_lazy("Comment moderation")
    header_icon = "comment"
    per_page = 50

    def get_breadcrumbs_items(self):
        # The heading is the last crumb: without this one it read "Home".
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_filters(self):
        form = QueueFilterForm(self.request.GET)
        cleaned = form.cleaned_data if form.is_valid() else {}
        return cleaned.get("status") or CommentStatus.PENDING, cleaned.get("channel") or ""

    def get_status(self):
        return self.get_filters()[0]

    def comments_with(self, status):
        channel = self.get_filters()[1]
        comments = ParagraphComment.objects.with_status(status)
        return comments.filter(channel=channel) if channel else comments

    def get_queryset(self):
        return (
            self.comments_with(self.get_status())
            .select_related("official_response", "registered_by")
            .order_by("submit_date", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(self.get_queryset(), self.per_page).get_page(self.request.GET.get("p"))
        comments = annotate_for_admin(list(page.object_list))
        status, channel = self.get_filters()
        bulk_form = kwargs.get("bulk_form")
        context.update({
            "channel": channel,
            "filter_form": QueueFilterForm(initial={"status": status, "channel": channel}),
            "comments": comments,
            # A refused bulk action keeps the ticked boxes and the reason typed.
            "selected": {str(pk) for pk in bulk_form.data.getlist("comments")} if bulk_form is not None else set(),
            "page_obj": page,
            "status": status,
            "statuses": QUEUE_VIEWS,
            "counts": {value: self.comments_with(value).count() for value, _label in QUEUE_VIEWS},
            "bulk_form": kwargs.get("bulk_form") or BulkModerationForm(queryset=ParagraphComment.objects.none()),
        })
        return context

    def post(self, request, *args, **kwargs):
        form = BulkModerationForm(request.POST, queryset=ParagraphComment.objects.all())
        if not form.is_valid():
            messages.error(request, _("Nothing was done: correct the form."))
            return self.render_to_response(self.get_context_data(bulk_form=form), status=400)
        selected = list(form.cleaned_data["comments"])
        action = form.cleaned_data["action"]
        try:
            if action == "publish":
                changed = publish_comments(selected, moderator=request.user)
                done = _("Comments published: %(n)d.") % {"n": changed}
            else:
                changed = reject_comments(selected, moderator=request.user, **rejection_arguments(form))
                done = _("Comments rejected: %(n)d.") % {"n": changed}
        except Refused as refusal:
            form.add_error(None, refusal.message)
            return self.render_to_response(self.get_context_data(bulk_form=form), status=400)
        if changed:
            messages.success(request, done)
        skipped = skipped_message(selected, changed, action)
        if skipped:
            (messages.warning if changed else messages.error)(request, skipped)
        return redirect(request.get_full_path())


