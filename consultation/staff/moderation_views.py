"""The moderation section of the Wagtail admin, for the Eksperci group: its URLs and menu item, and
what the queue (`queue_views`) and the comment screen (`comment_views`) share."""

from collections import Counter

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from consultation.models import (
    CommentScope,
    CommentStatus,
    PlanPage,
)
from consultation.models.pages import titles_and_paragraph_numbers
from consultation.plans.rules import can_moderate


def annotate_for_admin(comments):
    """Plan, chapter title, paragraph number and, for comments owed a response, the days left to the report.

    A comment on a paragraph or on a chapter as a whole hangs on its chapter; a general comment hangs on
    its plan page (its object_pk is the plan's). Two queries, whatever the number of comments.
    """
    chapter_ids = {int(c.object_pk) for c in comments if c.scope != CommentScope.GENERAL}
    chapters = titles_and_paragraph_numbers(chapter_ids)
    plans = {plan.pk: plan for plan in PlanPage.objects.filter(pk__in={c.plan_id for c in comments if c.plan_id})}
    today = timezone.now()
    for comment in comments:
        plan = plans.get(comment.plan_id)
        comment.plan_title = plan.title if plan else ""
        title, numbers = ("", {}) if comment.scope == CommentScope.GENERAL else chapters.get(int(comment.object_pk),
                                                                                          ("", {}))
        comment.chapter_title = title
        comment.paragraph_number = (numbers.get(comment.paragraph_key) if comment.scope == CommentScope.PARAGRAPH
                                    else None)
        response = getattr(comment, "official_response", None)
        owed = comment.status == CommentStatus.PUBLISHED and comment.level == 0 and not (
            response and response.is_published) and comment.same_as_id is None
        deadline = plan.report_due if plan else None
        comment.response_days_left = (deadline - today).days if owed and deadline else None
    return comments


def rejection_arguments(form):
    """The keyword arguments of `reject_comments` from a valid reject form."""
    return {"reason": form.cleaned_data["reason"], "category": form.cleaned_data["category"],
            "duplicate_of": form.cleaned_data["duplicate_of"]}


def unchanged_reason(comment, action):
    """Why publishing or rejecting (`action`) leaves `comment` as it is, or "" when it would change it.

    The comment screen offers neither form for such a comment and says this instead; the actions
    skip the same comments (`publish_comments`, `reject_comments` return how many changed).
    """
    status = comment.status
    if status == CommentStatus.WITHDRAWN:
        return _("This comment was withdrawn by its author; it can be neither published nor rejected.")
    if status == CommentStatus.UNCONFIRMED:
        return _("Its author has not confirmed this comment by email yet; it can be neither published nor "
                 "rejected.")
    if action == "publish" and status == CommentStatus.PUBLISHED:
        return _("This comment is already published.")
    if action == "reject" and status == CommentStatus.REJECTED:
        return _("This comment is already rejected.")
    return ""


def response_refusal(comment):
    """Why no official response can be written to `comment`, or "" when one can."""
    if comment.status == CommentStatus.WITHDRAWN:
        return _("This comment was withdrawn by its author; it is not answered.")
    if comment.status == CommentStatus.REJECTED:
        return _("A rejected comment cannot be answered.")
    return ""


def skipped_message(selected, changed, action):
    """What a bulk action says of the selected comments it left as they were, and why; "" if none."""
    skipped = len(selected) - changed
    if skipped <= 0:
        return ""
    counts = Counter(comment.status for comment in selected)
    reasons = [(CommentStatus.WITHDRAWN, _("withdrawn by their authors: %(n)d"))]
    if action == "publish":
        reasons += [(CommentStatus.UNCONFIRMED, _("not confirmed by email yet: %(n)d")),
                    (CommentStatus.PUBLISHED, _("already published: %(n)d"))]
    parts = [text % {"n": counts[status]} for status, text in reasons if counts[status]]
    explained = sum(counts[status] for status, _text in reasons)
    if skipped > explained:
        parts.append(_("changed by someone else meanwhile: %(n)d") % {"n": skipped - explained})
    message = _("Not published: %(n)d (%(reasons)s).") if action == "publish" else _(
        "Not rejected: %(n)d (%(reasons)s).")
    return message % {"n": skipped, "reasons": ", ".join(parts)}


class ModeratorRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return can_moderate(request.user)


class ModerationViewSet(ViewSet):
    name = "moderation"
    url_prefix = "moderacja"
    icon = "comment"
    menu_label = gettext_lazy("Comment moderation")
    menu_order = 1  # in the menu "Comments" (wagtail_hooks.CommentsMenu)

    @property
    def menu_item_class(self):
        return ModerationMenuItem

    @property
    def menu_url(self):
        return reverse("moderation:index")

    def get_urlpatterns(self):
        from consultation.staff import comment_views, queue_views, responsibility_views

        return [
            path("", queue_views.ModerationQueueView.as_view(), name="index"),
            path("<int:pk>/", comment_views.CommentDetailView.as_view(), name="comment"),
            path("odpowiedzialni/<int:pk>/", responsibility_views.ResponsibleExpertsView.as_view(), name="responsible"),
        ]
