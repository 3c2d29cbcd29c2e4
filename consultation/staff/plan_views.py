"""Plans in the Wagtail admin: publishing numbered versions (Komunikacja) and recording adoption (Zarząd)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.documents import get_document_model
from wagtail.log_actions import log

from consultation.versions.adoption import AdoptionRefused, adopt_plan, check_can_adopt
from consultation.staff.forms import AdoptionForm, ImportForm, PublishVersionForm
from consultation.importing.parsers import ImportRefused, ParsedChapter, parse_file
from consultation.importing.plan_import import apply_import, preview_import
from consultation.models import Phase, PlanPage, ReportPublication
from consultation.plans.rules import can_adopt, can_publish_report, can_publish_version
from consultation.versions.reading import publish_version


def may_use_plans_admin(user):
    return can_publish_version(user) or can_adopt(user) or can_publish_report(user)


class PlanAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "doc-full"
    rule = staticmethod(may_use_plans_admin)

    def dispatch(self, request, *args, **kwargs):
        if not self.rule(request.user):
            raise PermissionDenied
        if "pk" in kwargs:
            self.plan = get_object_or_404(PlanPage.objects.select_related("adoption"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = self.breadcrumbs_items + [{"url": reverse("plans:index"), "label": _("Plans and versions")}]
        if hasattr(self, "plan"):
            items.append({"url": "", "label": self.plan.title})
        return items


class PlanIndexView(PlanAdminMixin, TemplateView):
    template_name = "consultation/admin/plans.html"
    page_title = gettext_lazy("Plans and versions")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plans = list(PlanPage.objects.select_related("adoption", "report_publication")
                     .prefetch_related("versions").order_by("path"))
        context.update({
            "plans": plans,
            "may_publish_version": can_publish_version(self.request.user),
            "may_adopt": can_adopt(self.request.user),
            "may_publish_report": can_publish_report(self.request.user),
            "closed": Phase.CLOSED,
        })
        return context


class PublishVersionView(PlanAdminMixin, TemplateView):
    template_name = "consultation/admin/publish_version.html"
    rule = staticmethod(can_publish_version)

    def get_page_title(self):
        return _("Publish a version")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"plan": self.plan, "form": kwargs.get("form") or PublishVersionForm(),
                        "versions": self.plan.versions.order_by("number")})
        return context

    def post(self, request, *args, **kwargs):
        if self.plan.phase() == Phase.ADOPTED:
            messages.error(request, _("This plan has been adopted by resolution; its text can no longer be changed."))
            return redirect("plans:index")
        form = PublishVersionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        version = publish_version(self.plan, label=form.cleaned_data["label"], user=request.user)
        messages.success(request, _("Published %(version)s.") % {"version": version})
        return redirect("plans:index")


class AdoptionView(PlanAdminMixin, TemplateView):
    template_name = "consultation/admin/adoption.html"
    rule = staticmethod(can_adopt)

    def get_page_title(self):
        return _("Record the adoption")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        refusal = kwargs.get("refusal")
        if refusal is None:
            try:
                check_can_adopt(self.plan, self.request.user)
            except AdoptionRefused as error:
                refusal = error.message
        context.update({"plan": self.plan, "form": kwargs.get("form") or AdoptionForm(), "refusal": refusal})
        return context

    def post(self, request, *args, **kwargs):
        form = AdoptionForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        try:
            with transaction.atomic():
                document = get_document_model().objects.create(
                    title=_("Resolution no. %(number)s") % {"number": data["resolution_number"]},
                    file=data["document"], uploaded_by_user=request.user,
                )
                adopt_plan(plan=self.plan, user=request.user, resolution_number=data["resolution_number"],
                           resolution_date=data["resolution_date"], adopting_body=data["adopting_body"],
                           document=document)
        except AdoptionRefused as error:
            return self.render_to_response(self.get_context_data(form=form, refusal=error.message), status=400)
        messages.success(request, _("The adoption is recorded and the plan is frozen."))
        return redirect("plans:index")


class PublishReportView(PlanAdminMixin, TemplateView):
    """Makes the consultation report public (after the consultation closed)."""

    template_name = "consultation/admin/publish_report.html"
    rule = staticmethod(can_publish_report)

    def get_page_title(self):
        return _("Publish the consultation report")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"plan": self.plan, "refusal": report_refusal(self.plan)})
        return context

    def post(self, request, *args, **kwargs):
        refusal = report_refusal(self.plan)
        if refusal:
            return self.render_to_response(self.get_context_data(), status=400)
        ReportPublication.objects.get_or_create(plan=self.plan, defaults={"published_at": timezone.now(),
                                                                          "published_by": request.user})
        log(instance=self.plan, action="drogowskaz.report.publish", user=request.user)
        messages.success(request, _("The consultation report is public."))
        return redirect("plans:index")


def report_refusal(plan):
    if plan.report_publication_or_none is not None:
        return _("The report is already public.")
    if plan.phase() not in (Phase.CLOSED, Phase.ADOPTED):
        return _("The report can be published only after the consultation has closed.")
    return ""


class ImportView(PlanAdminMixin, TemplateView):
    """Upload a draft, see what it changes, then save it as new chapter revisions (drafts for review)."""

    template_name = "consultation/admin/import.html"
    rule = staticmethod(can_publish_version)

    def get_page_title(self):
        return _("Import a draft")

    def session_key(self):
        return f"drogowskaz-import-{self.plan.pk}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"plan": self.plan, "form": kwargs.get("form") or ImportForm(),
                        "preview": kwargs.get("preview"), "refusal": kwargs.get("refusal")})
        return context

    def post(self, request, *args, **kwargs):
        if self.plan.phase() == Phase.ADOPTED:
            return self.render_to_response(self.get_context_data(refusal=_(
                "This plan has been adopted by resolution; its text can no longer be changed.")), status=400)
        if request.POST.get("confirm"):
            stored = request.session.pop(self.session_key(), None)
            if not stored:
                return self.render_to_response(self.get_context_data(
                    refusal=_("The preview has expired. Upload the file again.")), status=400)
            parsed = [ParsedChapter(title=c["title"], blocks=c["blocks"]) for c in stored]
            result = apply_import(self.plan, parsed, user=request.user)
            messages.success(request, _("Imported %(n)d chapters as drafts. Submit them for the experts' review.")
                             % {"n": len(result.chapters)})
            return redirect("wagtailadmin_explore", self.plan.pk)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["document"]
        if upload.size > settings.DROGOWSKAZ_IMPORT_MAX_BYTES:
            return self.render_to_response(self.get_context_data(form=form, refusal=_(
                "The file is too large (at most %(mb)s MB).") % {
                    "mb": settings.DROGOWSKAZ_IMPORT_MAX_BYTES // (1024 * 1024)}), status=400)
        try:
            parsed = parse_file(upload.name, upload.read())
        except ImportRefused as error:
            return self.render_to_response(self.get_context_data(form=form, refusal=error.message), status=400)
        request.session[self.session_key()] = [{"title": c.title, "blocks": c.blocks} for c in parsed]
        return self.render_to_response(self.get_context_data(preview=preview_import(self.plan, parsed)))


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
        return [
            path("", PlanIndexView.as_view(), name="index"),
            path("<int:pk>/wersja/", PublishVersionView.as_view(), name="publish_version"),
            path("<int:pk>/przyjecie/", AdoptionView.as_view(), name="adopt"),
            path("<int:pk>/raport/", PublishReportView.as_view(), name="publish_report"),
            path("<int:pk>/import/", ImportView.as_view(), name="import"),
        ]
