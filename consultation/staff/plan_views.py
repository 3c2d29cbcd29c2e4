"""Plans in the Wagtail admin: publishing numbered versions (Komunikacja) and recording adoption (Zarząd)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from consultation.core.refusals import Refused
from consultation.models import Phase
from consultation.plans.rules import (
    can_adopt,
    can_publish_report,
    can_publish_version,
    can_record_erratum,
    plans_for,
)
from consultation.reports.actions import publish_report, report_gaps, report_refusal
from consultation.staff.forms import (
    AdoptionForm,
    CorrectAdoptionForm,
    ErratumForm,
    PublishVersionForm,
)
from consultation.versions.actions import (
    adopt_plan,
    adoption_checklist,
    correct_adoption,
    publish_version,
    record_erratum,
)

FROZEN = gettext_lazy("This plan has been adopted by resolution; its text can no longer be changed.")


def may_use_plans_admin(user):
    return (can_publish_version(user) or can_adopt(user) or can_publish_report(user)
            or can_record_erratum(user))


class PlanAdminMixin(WagtailAdminTemplateMixin):
    """An admin screen of one plan (`pk`) or of all plans, for those `rule` lets in; its breadcrumbs
    start at the screen `index_url_name`."""

    header_icon = "doc-full"
    rule = staticmethod(may_use_plans_admin)
    index_url_name = "plans:index"
    index_label = gettext_lazy("Plans and versions")

    def dispatch(self, request, *args, **kwargs):
        if not self.rule(request.user):
            raise PermissionDenied
        if "pk" in kwargs:
            # A plan of another region is not found (issue 16).
            self.plan = get_object_or_404(plans_for(request.user).select_related("adoption"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = self.breadcrumbs_items + [{"url": reverse(self.index_url_name), "label": str(self.index_label)}]
        if hasattr(self, "plan"):
            items.append({"url": "", "label": self.plan.title})
        return items


class PlanIndexView(PlanAdminMixin, TemplateView):
    template_name = "consultation/admin/plans.html"
    page_title = gettext_lazy("Plans and versions")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plans = list(plans_for(self.request.user).select_related("adoption", "report_publication")
                     .prefetch_related("versions").order_by("path"))
        context.update({
            "plans": plans,
            "may_publish_version": can_publish_version(self.request.user),
            "may_adopt": can_adopt(self.request.user),
            "may_publish_report": can_publish_report(self.request.user),
            "may_record_erratum": can_record_erratum(self.request.user),
        })
        return context


class ActionFormView(PlanAdminMixin, TemplateView):
    """A screen with one form whose data go to one action: the action's refusal is shown above the
    form, which keeps what was typed; success returns to the list of plans."""

    form_class = None
    success_message = ""

    def get_form(self, data=None, files=None):
        return self.form_class(data, files, initial=self.get_initial())

    def get_initial(self):
        return None

    def perform(self, data):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"plan": self.plan, "form": kwargs.get("form") or self.get_form(),
                        "refusal": kwargs.get("refusal")})
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            self.perform(form.cleaned_data)
        except Refused as refusal:
            return self.render_to_response(self.get_context_data(form=form, refusal=refusal.message), status=400)
        messages.success(request, self.success_message)
        return redirect("plans:index")


class PublishVersionView(ActionFormView):
    template_name = "consultation/admin/publish_version.html"
    rule = staticmethod(can_publish_version)
    form_class = PublishVersionForm
    success_message = gettext_lazy("The version is published.")

    def get_page_title(self):
        return _("Publish a version")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["versions"] = self.plan.versions.order_by("number")
        if context["refusal"] is None and self.plan.phase() == Phase.ADOPTED:
            context["refusal"] = FROZEN  # said before anyone types; the action refuses it too
        return context

    def perform(self, data):
        publish_version(self.plan, label=data["label"], user=self.request.user)


class AdoptionView(ActionFormView):
    """Shows the checklist of what adoption requires, then records the resolution."""

    template_name = "consultation/admin/adoption.html"
    rule = staticmethod(can_adopt)
    form_class = AdoptionForm
    success_message = gettext_lazy("The adoption is recorded and the plan is frozen.")

    def get_page_title(self):
        return _("Record the adoption")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["checklist"] = checklist = adoption_checklist(self.plan)
        context["ready"] = all(c.met for c in checklist)
        return context

    def perform(self, data):
        adopt_plan(plan=self.plan, user=self.request.user, resolution_number=data["resolution_number"],
                   resolution_date=data["resolution_date"], adopting_body=data["adopting_body"],
                   document_file=data["document"])


class CorrectAdoptionView(ActionFormView):
    """A mistyped resolution number, date or body, or a wrong document; the adopted text stays."""

    template_name = "consultation/admin/correct_adoption.html"
    rule = staticmethod(can_adopt)
    form_class = CorrectAdoptionForm
    success_message = gettext_lazy("The adoption record is corrected; the adopted text is unchanged.")

    def get_page_title(self):
        return _("Correct the adoption record")

    def adoption(self):
        adoption = self.plan.adoption_or_none
        if adoption is None:
            raise Http404(_("This plan has not been adopted."))
        return adoption

    def get_initial(self):
        adoption = self.adoption()
        return {"resolution_number": adoption.resolution_number, "resolution_date": adoption.resolution_date,
                "adopting_body": adoption.adopting_body}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["adoption"] = self.adoption()
        return context

    def perform(self, data):
        correct_adoption(self.adoption(), user=self.request.user, reason=data["reason"],
                         resolution_number=data["resolution_number"], resolution_date=data["resolution_date"],
                         adopting_body=data["adopting_body"], document_file=data["document"] or None)


class ErratumView(ActionFormView):
    template_name = "consultation/admin/erratum.html"
    rule = staticmethod(can_record_erratum)
    form_class = ErratumForm
    success_message = gettext_lazy("The erratum is recorded and shown with the adopted plan.")

    def get_page_title(self):
        return _("Record an erratum")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["errata"] = self.plan.errata.all()
        return context

    def perform(self, data):
        record_erratum(self.plan, user=self.request.user, **data)


class PublishReportView(PlanAdminMixin, TemplateView):
    """Makes the consultation report public (after the consultation closed)."""

    template_name = "consultation/admin/publish_report.html"
    rule = staticmethod(can_publish_report)

    def get_page_title(self):
        return _("Publish the consultation report")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pending, unanswered = report_gaps(self.plan)
        context.update({"plan": self.plan, "refusal": kwargs.get("refusal", report_refusal(self.plan)),
                        "pending": pending, "unanswered": unanswered, "error": kwargs.get("error", "")})
        return context

    def post(self, request, *args, **kwargs):
        try:
            publish_report(self.plan, user=request.user, incomplete=request.POST.get("incomplete") == "on")
        except Refused as error:
            return self.render_to_response(self.get_context_data(error=error.message), status=400)
        messages.success(request, _("The consultation report is public."))
        return redirect("plans:index")


class PlansMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_plans_admin(request.user)


class PlansViewSet(ViewSet):
    name = "plans"
    url_prefix = "plany"
    icon = "doc-full"
    menu_label = gettext_lazy("Plans and versions")
    add_to_admin_menu = True
    menu_order = 160

    @property
    def menu_item_class(self):
        return PlansMenuItem

    @property
    def menu_url(self):
        return reverse("plans:index")

    def get_urlpatterns(self):
        # Imported here: the import screen builds on this module's PlanAdminMixin.
        from consultation.staff.import_views import ImportView

        return [
            path("", PlanIndexView.as_view(), name="index"),
            path("<int:pk>/wersja/", PublishVersionView.as_view(), name="publish_version"),
            path("<int:pk>/przyjecie/", AdoptionView.as_view(), name="adopt"),
            path("<int:pk>/raport/", PublishReportView.as_view(), name="publish_report"),
            path("<int:pk>/import/", ImportView.as_view(), name="import"),
            path("<int:pk>/przyjecie/korekta/", CorrectAdoptionView.as_view(), name="correct_adoption"),
            path("<int:pk>/errata/", ErratumView.as_view(), name="erratum"),
        ]
