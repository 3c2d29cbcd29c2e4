"""Registering comments received by email, post, ePUAP or at a meeting, in the Wagtail admin.

Komunikacja and Eksperci type a comment in from its original (one form), or register a whole table
of them (XLSX: preview with the errors of each row, then all rows or none). The views call
`participation.intake.register_comment(s)`, which checks every rule; a refusal is shown above the
form, in Polish, and nothing is stored.
"""

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from consultation.core.refusals import Refused
from consultation.models import ChapterPage, CommentStatus, Phase
from consultation.participation.actions import CommentInput
from consultation.participation.intake import (
    Receipt,
    register_comment,
    register_comments,
)
from consultation.participation.intake_table import (
    check_rows,
    read_table,
    registrable,
    template_workbook,
)
from consultation.plans.rules import can_register_comments, plans_for
from consultation.staff.intake_forms import (
    RegisterCommentForm,
    TableUploadForm,
    parse_part,
)
from consultation.staff.plan_views import PlanAdminMixin

# Comments can be registered once the consultation has opened, and until the plan is adopted.
REGISTERING_PHASES = (Phase.OPEN, Phase.CLOSED)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def not_registering_message(plan):
    if plan.phase() == Phase.ADOPTED:
        return _("This plan has been adopted by resolution; its text can no longer be changed.")
    return _("Comments can be registered only once the consultation has opened.")


def registered_message(comment):
    """What staff are told of a registered comment: its number and how a late one is handled."""
    values = {"ref": comment.reference}
    if not comment.is_late:
        return _("The comment is registered as %(ref)s and waits for moderation.") % values
    if comment.status == CommentStatus.REJECTED:
        return _("The comment is registered as %(ref)s. It was received after the consultation closed: by the "
                 "plan's rule it is recorded as late, without being considered.") % values
    return _("The comment is registered as %(ref)s. It was received after the consultation closed: it is "
             "marked late and will be considered.") % values


class IntakeMixin(PlanAdminMixin):
    header_icon = "comment"
    rule = staticmethod(can_register_comments)
    index_url_name = "intake:index"
    index_label = gettext_lazy("Register comments")


class IntakeIndexView(IntakeMixin, TemplateView):
    """The plans, each with its two ways to register: one comment, or a table of them."""

    template_name = "consultation/admin/intake_index.html"
    page_title = gettext_lazy("Register comments")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plans = list(plans_for(self.request.user).select_related("adoption").order_by("path"))
        for plan in plans:
            plan.current_phase = plan.phase()
            plan.registering = plan.current_phase in REGISTERING_PHASES
        context["plans"] = plans
        return context


class RegisterCommentView(IntakeMixin, TemplateView):
    template_name = "consultation/admin/register_comment.html"

    def get_page_title(self):
        return _("Register a comment")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        refusal = kwargs.get("refusal")
        if refusal is None and self.plan.phase() not in REGISTERING_PHASES:
            refusal = not_registering_message(self.plan)  # said before anyone types; the action refuses too
        context.update({"plan": self.plan, "form": kwargs.get("form") or RegisterCommentForm(plan=self.plan),
                        "refusal": refusal})
        return context

    def post(self, request, *args, **kwargs):
        form = RegisterCommentForm(request.POST, request.FILES, plan=self.plan)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        chapter_pk, paragraph_key = parse_part(data["part"])
        chapter = None
        if chapter_pk is not None:
            chapter = ChapterPage.objects.child_of(self.plan).filter(pk=chapter_pk).first()
            if chapter is None:
                form.add_error("part", _("There is no such chapter in this plan."))
                return self.render_to_response(self.get_context_data(form=form), status=400)
        comment_input = CommentInput(
            title=data["title"], text=data["comment"], name=data["name"], organisation=data["organisation"],
            commenter_kind=data["commenter_kind"], email=data["email"], idempotency_key=None,
            publish_name=data["publish_name"], proposed_wording=data["proposed_wording"],
            justification=data["justification"],
        )
        receipt = Receipt(channel=data["channel"], received_on=data["received_on"], meeting=data["meeting"],
                          original_file=data["original"] or None)
        try:
            comment = register_comment(plan=self.plan, data=comment_input, receipt=receipt, user=request.user,
                                       chapter=chapter, paragraph_key=paragraph_key)
        except Refused as refusal:
            return self.render_to_response(self.get_context_data(form=form, refusal=refusal.message), status=400)
        messages.success(request, registered_message(comment))
        return redirect("intake:register", pk=self.plan.pk)


class RegisterTableView(IntakeMixin, TemplateView):
    """Upload the table, see every row with what it registers and its errors, then confirm.

    The file is read in memory and never stored; the rows, as plain text, wait in the session for
    the confirmation, which checks them again and registers all of them or none.
    """

    template_name = "consultation/admin/register_table.html"

    def get_page_title(self):
        return _("Register comments from a table")

    def session_key(self):
        return f"drogowskaz-intake-table-{self.plan.pk}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        refusal = kwargs.get("refusal")
        if refusal is None and self.plan.phase() not in REGISTERING_PHASES:
            refusal = not_registering_message(self.plan)
        rows = kwargs.get("rows")
        context.update({
            "plan": self.plan, "form": kwargs.get("form") or TableUploadForm(), "refusal": refusal,
            "rows": rows, "token": kwargs.get("token"),
            "error_rows": sum(1 for row in rows if not row.ok) if rows else 0,
            "warned_rows": sum(1 for row in rows if row.warnings) if rows else 0,
        })
        return context

    def refuse(self, message, form=None):
        return self.render_to_response(self.get_context_data(form=form, refusal=message), status=400)

    def post(self, request, *args, **kwargs):
        if request.POST.get("confirm"):
            return self.confirm(request)
        request.session.pop(self.session_key(), None)  # a new upload replaces an earlier preview
        if self.plan.phase() not in REGISTERING_PHASES:
            return self.refuse(not_registering_message(self.plan))
        form = TableUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            cells = read_table(form.cleaned_data["table"])
        except Refused as refusal:
            return self.refuse(refusal.message, form)
        rows = check_rows(self.plan, cells)
        token = None
        if all(row.ok for row in rows):
            token = secrets.token_urlsafe(16)
            request.session[self.session_key()] = {"token": token, "rows": cells}
        return self.render_to_response(self.get_context_data(rows=rows, token=token),
                                       status=200 if token else 400)

    def confirm(self, request):
        stored = request.session.pop(self.session_key(), None)
        if not stored or not secrets.compare_digest(str(stored.get("token", "")), request.POST.get("token", "")):
            return self.refuse(_("The preview has expired. Upload the table again."))
        rows = check_rows(self.plan, stored["rows"])
        if not all(row.ok for row in rows):  # something changed since the preview: show it again
            return self.render_to_response(self.get_context_data(rows=rows), status=400)
        try:
            registered = register_comments(registrable(rows), plan=self.plan, user=request.user)
        except Refused as refusal:
            return self.refuse(refusal.message)
        late = sum(1 for comment in registered if comment.is_late)
        message = _("Registered %(n)d comments: %(first)s to %(last)s.") % {
            "n": len(registered), "first": registered[0].reference, "last": registered[-1].reference}
        if late:
            message += " " + _("Received after the deadline: %(n)d.") % {"n": late}
        messages.success(request, message)
        return redirect("intake:table", pk=self.plan.pk)


class TableTemplateView(View):
    """The empty standard table of comments, with its header row."""

    def get(self, request):
        if not can_register_comments(request.user):
            raise PermissionDenied
        response = HttpResponse(template_workbook(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="tabela-uwag.xlsx"'
        return response


class IntakeMenuItem(MenuItem):
    def is_shown(self, request):
        return can_register_comments(request.user)


class IntakeViewSet(ViewSet):
    name = "intake"
    url_prefix = "rejestracja-uwag"
    icon = "form"
    menu_label = gettext_lazy("Register comments")
    menu_order = 2

    @property
    def menu_item_class(self):
        return IntakeMenuItem

    @property
    def menu_url(self):
        return reverse("intake:index")

    def get_urlpatterns(self):
        return [
            path("", IntakeIndexView.as_view(), name="index"),
            path("<int:pk>/", RegisterCommentView.as_view(), name="register"),
            path("<int:pk>/tabela/", RegisterTableView.as_view(), name="table"),
            path("tabela-uwag.xlsx", TableTemplateView.as_view(), name="template"),
        ]
