"""The screen of one comment: moderation, the official response, flags, internal notes, history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import registry as log_registry

from consultation.core.refusals import Refused
from consultation.models import (
    Adoption,
    CommentStatus,
    ParagraphComment,
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
from consultation.plans.rules import can_respond
from consultation.staff.forms import (
    RejectForm,
    ResponseForm,
)
from consultation.staff.moderation_views import (
    ModeratorRequiredMixin,
    annotate_for_admin,
    rejection_arguments,
    response_refusal,
    unchanged_reason,
)


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


