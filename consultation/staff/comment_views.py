"""The screen of one comment: moderation, the official response and its review, the group of identical
comments, flags, internal notes, history."""

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
    OfficialResponse,
    ParagraphComment,
    ReviewState,
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
from consultation.moderation.assignment import (
    assign_comments,
    assignable_experts,
    expert_name,
    responsible_experts_of,
)
from consultation.moderation.groups import (
    group_comments,
    group_of,
    similar_comments,
    ungroup_comment,
)
from consultation.moderation.review import (
    REVIEW_NOTE_MAX_CHARS,
    approve_response,
    return_response,
)
from consultation.plans.rules import can_approve_responses, can_respond, comments_for
from consultation.staff.forms import (
    GroupForm,
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
        # A comment on another region's plan is not found (issue 16).
        self.comment = get_object_or_404(
            comments_for(request.user, ParagraphComment.objects).select_related("official_response", "official_response__reviewed_by",
                                                    "official_response__author", "registered_by", "moderated_by",
                                                    "meeting", "original_document", "duplicate_of", "same_as", "assigned_to"),
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
        context["experts"] = [(expert, expert_name(expert)) for expert in assignable_experts()]
        context["responsible"] = [expert_name(expert) for expert in responsible_experts_of(self.comment)
                                  ] if self.comment.assigned_to_id is None else []
        initial = {"disposition": response.disposition, "justification": response.justification,
                   "version": response.version_id} if response else None
        frozen = self.is_frozen()
        user = self.request.user
        answering = can_respond(user) and self.comment.level == 0
        lead, members = group_of(self.comment) if self.comment.level == 0 else (None, [])
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
            "can_respond": answering,
            "can_approve": can_approve_responses(user),
            "reviewable": bool(response) and response.review_state == ReviewState.SUBMITTED,
            "review_note_limit": REVIEW_NOTE_MAX_CHARS, "review_note_text": kwargs.get("review_note_text", ""),
            "group_lead": lead, "group_members": members,
            "group_form": kwargs.get("group_form") or GroupForm(plan_id=self.comment.plan_id),
            "similar": (similar_comments(self.comment)
                        if answering and not frozen and self.comment.same_as_id is None else []),
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
        return ResponseForm(*args, versions=self.plan_versions(), **kwargs)

    def response_step(self, request):
        """The button pressed under the response: "publish" (named so since the form had a checkbox) submits
        it for approval, or, by a coordinator, approves and publishes it; any other saves a draft. A
        response is submitted or published only on a published comment; until then it is a draft."""
        return bool(request.POST.get("publish")) and self.comment.status == CommentStatus.PUBLISHED

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
                response = save_response(self.comment, author=request.user, publish=self.response_step(request),
                                         **form.cleaned_data)
            except Refused as error:
                messages.error(request, error.message)
                return self.render_to_response(self.get_context_data(response_form=form), status=400)
            messages.success(request, {
                ReviewState.APPROVED: _("Response approved and published."),
                ReviewState.SUBMITTED: _("Response submitted to a coordinator for approval."),
            }.get(response.review_state, _("Response saved as a draft.")))
        elif action == "assign":
            return self.assign(request)
        elif action in ("approve", "return"):
            return self.review(request, action)
        elif action in ("group", "join", "ungroup"):
            return self.group(request, action)
        else:
            messages.error(request, _("Unknown action."))
            return self.render_to_response(self.get_context_data(), status=400)
        return redirect("moderation:comment", pk=self.comment.pk)

    def assign(self, request):
        """Assign this comment to an expert, or (empty) back to its chapter's responsible experts."""
        chosen = request.POST.get("assignee", "")
        experts = {str(expert.pk): expert for expert in assignable_experts()}
        if chosen and chosen not in experts:
            raise Refused(_("Comments can be assigned only to members of the expert team."))
        assign_comments([self.comment], by=request.user, assignee=experts.get(chosen))
        assignee = experts.get(chosen)
        messages.success(request, _("Comments assigned to %(name)s: %(n)d.") % {"name": expert_name(assignee), "n": 1}
                         if assignee else _("Comments given back to their chapters' responsible experts: %(n)d.")
                         % {"n": 1})
        return redirect("moderation:comment", pk=self.comment.pk)

    def current_response(self):
        response = OfficialResponse.objects.filter(comment=self.comment).first()
        if response is None:
            raise Refused(_("This comment has no response to review."))
        return response

    def review(self, request, action):
        """A coordinator approves the submitted response, or returns it with a note (kept on refusal)."""
        if action == "approve":
            approve_response(self.current_response(), by=request.user)
            messages.success(request, _("Response approved and published."))
        else:
            note = request.POST.get("note", "")
            try:
                return_response(self.current_response(), by=request.user, note=note)
            except Refused as error:
                messages.error(request, error.message)
                return self.render_to_response(self.get_context_data(review_note_text=note), status=400)
            messages.success(request, _("Response returned to the expert with the note."))
        return redirect("moderation:comment", pk=self.comment.pk)

    def group(self, request, action):
        """Group a comment named by its number with this one ("group": into this comment's group; "join": this
        comment into the named one's group), or take a comment out of its group ("ungroup")."""
        if action == "ungroup":
            named = request.POST.get("member", "")
            member = get_object_or_404(ParagraphComment, plan_id=self.comment.plan_id,
                                       pk=int(named) if named.isdigit() else (0 if named else self.comment.pk))
            ungroup_comment(member, by=request.user)
            messages.success(request, _("%(ref)s is no longer in the group.") % {"ref": member.reference})
            return redirect(reverse("moderation:comment", args=[self.comment.pk]) + "#grupa")
        form = GroupForm(request.POST, plan_id=self.comment.plan_id)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(group_form=form), status=400)
        other = form.cleaned_data["reference"]
        if action == "group":
            lead, member = self.comment.same_as or self.comment, other
        else:
            lead, member = other.same_as or other, self.comment
        try:
            group_comments(lead, [member], by=request.user)
        except Refused as error:
            form.add_error(None, error.message)  # the number typed stays in the form
            return self.render_to_response(self.get_context_data(group_form=form), status=400)
        messages.success(request, _("%(member)s is marked as identical to %(lead)s.")
                         % {"member": member.reference, "lead": lead.reference})
        return redirect(reverse("moderation:comment", args=[self.comment.pk]) + "#grupa")

    def unchanged(self, action):
        """Nothing changed (the comment's state does not allow `action`, perhaps since the screen was
        read): say why, as the comment is now, and show it again; no success is reported."""
        self.comment.refresh_from_db()
        messages.error(self.request, unchanged_reason(self.comment, action) or _("Nothing was changed."))
        return redirect("moderation:comment", pk=self.comment.pk)


