"""Moderation queue and comment screens in the Wagtail admin, for the Eksperci group."""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.log_actions import registry as log_registry

from consultation.core.refusals import Refused
from consultation.models import (
    Adoption,
    ChapterPage,
    CommentScope,
    CommentStatus,
    ParagraphComment,
    PlanPage,
)
from consultation.moderation.actions import (
    INTERNAL_NOTE_MAX_CHARS,
    add_internal_note,
    answerable_versions,
    dismiss_flags,
    publish_comments,
    reject_comments,
    save_response,
)
from consultation.plans.rules import can_moderate, can_respond
from consultation.staff.forms import (
    QUEUE_VIEWS,
    BulkModerationForm,
    QueueFilterForm,
    RejectForm,
    ResponseForm,
)


def annotate_for_admin(comments):
    """Plan, chapter title, paragraph number and, for comments owed a response, the days left to the report.

    A comment on a paragraph or on a chapter as a whole hangs on its chapter; a general comment hangs on
    its plan page (its object_pk is the plan's). Two queries, whatever the number of comments.
    """
    chapter_ids = {int(c.object_pk) for c in comments if c.scope != CommentScope.GENERAL}
    chapters = ChapterPage.objects.filter(pk__in=chapter_ids).only("id", "title", "number", "body")
    chapters = {chapter.pk: (chapter.title, {p.key: p.number for p in chapter.paragraphs()}) for chapter in chapters}
    plans = {plan.pk: plan for plan in PlanPage.objects.filter(pk__in={c.plan_id for c in comments if c.plan_id})}
    today = timezone.now()
    for comment in comments:
        plan = plans.get(comment.plan_id)
        comment.plan_title = plan.title if plan else ""
        title, numbers = ("", {}) if comment.scope == CommentScope.GENERAL else chapters.get(int(comment.object_pk),
                                                                                          ("", {}))
        comment.chapter_title = title
        comment.paragraph_number = numbers.get(comment.paragraph_key) if comment.scope == CommentScope.PARAGRAPH else None
        response = getattr(comment, "official_response", None)
        owed = comment.status == CommentStatus.PUBLISHED and comment.level == 0 and not (
            response and response.is_published)
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


class CommentDetailView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultation/admin/comment.html"
    header_icon = "comment"

    def get_page_title(self):
        return _("Comment %(ref)s") % {"ref": self.comment.reference}

    def dispatch(self, request, *args, **kwargs):
        self.comment = get_object_or_404(
            ParagraphComment.objects.select_related("official_response", "registered_by", "moderated_by", "meeting",
                                                    "original_document", "duplicate_of"),
            pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def plan_versions(self):
        return answerable_versions(self.comment)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("moderation:index"), "label": _("Comment moderation")},
            {"url": "", "label": self.comment.reference},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        annotate_for_admin([self.comment])
        response = getattr(self.comment, "official_response", None)
        initial = {"disposition": response.disposition, "justification": response.justification,
                   "publish": response.is_published, "version": response.version_id} if response else None
        frozen = self.is_frozen()
        context.update({
            # An adopted plan's record is closed: no form that would change it, and the reason instead.
            "frozen_message": _("This plan has been adopted by resolution; its text can no longer be changed.")
            if frozen else "",
            "publish_refusal": unchanged_reason(self.comment, "publish"),
            "reject_refusal": unchanged_reason(self.comment, "reject"),
            "response_refusal": response_refusal(self.comment),
            "may_publish_response": self.comment.status == CommentStatus.PUBLISHED,
            "comment": self.comment,
            "response": response,
            "reject_form": kwargs.get("reject_form") or RejectForm(plan_id=self.comment.plan_id),
            "corrections": self.comment.corrections.all(),
            "original_url": (reverse("wagtaildocs:edit", args=[self.comment.original_document_id])
                             if self.comment.original_document_id else ""),
            "response_form": kwargs.get("response_form") or self.response_form(initial=initial),
            "can_respond": can_respond(self.request.user) and self.comment.level == 0,
            "flags": self.comment.reader_flags.order_by("created_at"),
            "notes": self.comment.internal_notes.select_related("author"),
            "note_limit": INTERNAL_NOTE_MAX_CHARS, "note_text": kwargs.get("note_text", ""),
            "open_flags": self.comment.reader_flags.filter(reviewed_at__isnull=True).exists(),
            "history": log_registry.get_logs_for_instance(self.comment).select_related("user").order_by("-timestamp"),
        })
        return context

    def is_frozen(self):
        return bool(self.comment.plan_id) and Adoption.objects.filter(plan_id=self.comment.plan_id).exists()

    def response_form(self, *args, **kwargs):
        """A response is published only on a published comment; until then it is saved as a draft."""
        return ResponseForm(*args, versions=self.plan_versions(),
                            may_publish=self.comment.status == CommentStatus.PUBLISHED, **kwargs)

    def refuse(self, message):
        messages.error(self.request, message)
        return self.render_to_response(self.get_context_data(), status=400)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            return self.act(request, action)
        except Refused as refusal:
            return self.refuse(refusal.message)

    def act(self, request, action):
        if action in ("publish", "reject") and unchanged_reason(self.comment, action):
            return self.unchanged(action)
        if action == "publish":
            if not publish_comments([self.comment], moderator=request.user):
                return self.unchanged(action)
            messages.success(request, _("Comment published."))
        elif action == "reject":
            form = RejectForm(request.POST, plan_id=self.comment.plan_id)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(reject_form=form), status=400)
            try:
                changed = reject_comments([self.comment], moderator=request.user, **rejection_arguments(form))
            except Refused as refusal:
                form.add_error(None, refusal.message)  # what was typed stays in the form
                return self.render_to_response(self.get_context_data(reject_form=form), status=400)
            if not changed:
                return self.unchanged(action)
            messages.success(request, _("Comment rejected."))
        elif action == "note":
            try:
                add_internal_note(self.comment, author=request.user, text=request.POST.get("note", ""))
            except Refused as error:  # what was typed stays in the form
                messages.error(request, error.message)
                return self.render_to_response(self.get_context_data(note_text=request.POST.get("note", "")),
                                               status=400)
            messages.success(request, _("Internal note added."))
            return redirect(reverse("moderation:comment", args=[self.comment.pk]) + "#notatki")
        elif action == "dismiss_flags":
            dismiss_flags(self.comment, moderator=request.user)
            messages.success(request, _("The flags are dismissed; the comment stays published."))
        elif action == "respond":
            if not can_respond(request.user):
                raise PermissionDenied
            form = self.response_form(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(response_form=form), status=400)
            try:
                save_response(self.comment, author=request.user, **form.cleaned_data)
            except Refused as error:
                messages.error(request, error.message)
                return self.render_to_response(self.get_context_data(response_form=form), status=400)
            messages.success(request, _("Response saved."))
        else:
            messages.error(request, _("Unknown action."))
            return self.render_to_response(self.get_context_data(), status=400)
        return redirect("moderation:comment", pk=self.comment.pk)

    def unchanged(self, action):
        """Nothing changed (the comment's state does not allow `action`, perhaps since the screen was
        read): say why, as the comment is now, and show it again; no success is reported."""
        self.comment.refresh_from_db()
        messages.error(self.request, unchanged_reason(self.comment, action) or _("Nothing was changed."))
        return redirect("moderation:comment", pk=self.comment.pk)


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
        return [
            path("", ModerationQueueView.as_view(), name="index"),
            path("<int:pk>/", CommentDetailView.as_view(), name="comment"),
        ]
