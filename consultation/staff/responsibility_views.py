"""Who is responsible for each chapter of a plan: the coordinators' screen. Comments on a chapter go
to its responsible experts unless assigned to someone else (`moderation.assignment`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from consultation.core.refusals import Refused
from consultation.models import ChapterPage
from consultation.models.pages import numbered_title, reading_order
from consultation.moderation.assignment import assignable_experts, expert_name, set_responsible_experts
from consultation.plans.rules import can_approve_responses, plans_for


def may_decide(user):
    return can_approve_responses(user) or (user.is_active and user.is_superuser)


class ResponsibleExpertsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultation/admin/responsible_experts.html"
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not may_decide(request.user):
            raise PermissionDenied
        self.plan = get_object_or_404(plans_for(request.user), pk=kwargs["pk"])
        self.experts = list(assignable_experts(colleagues_of=request.user))
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Experts responsible for the chapters of %(plan)s") % {"plan": self.plan.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("moderation:index"), "label": _("Comment moderation")},
            {"url": "", "label": self.get_page_title()},
        ]

    def chapters(self):
        return reading_order(ChapterPage.objects.child_of(self.plan).prefetch_related("responsible_experts"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chosen = kwargs.get("chosen")
        rows = []
        for chapter in self.chapters():
            current = chosen.get(chapter.pk, set()) if chosen is not None else {
                expert.pk for expert in chapter.responsible_experts.all()}
            rows.append({"chapter": chapter, "title": numbered_title(chapter.number, chapter.title),
                         "experts": [(expert, expert_name(expert), expert.pk in current) for expert in self.experts]})
        context.update({"plan": self.plan, "rows": rows, "error": kwargs.get("error", "")})
        return context

    def post(self, request, *args, **kwargs):
        by_id = {expert.pk: expert for expert in self.experts}
        chosen = {}
        for chapter in self.chapters():
            ids = {int(value) for value in request.POST.getlist(f"chapter-{chapter.pk}") if value.isdigit()}
            chosen[chapter.pk] = ids
        unknown = set().union(*chosen.values()) - set(by_id) if chosen else set()
        try:
            if unknown:
                raise Refused(_("Only members of the expert team can be responsible for a chapter."))
            changed = set_responsible_experts(
                self.plan, {pk: [by_id[i] for i in sorted(ids)] for pk, ids in chosen.items()}, by=request.user)
        except Refused as refusal:  # the ticks stay as they were sent
            return self.render_to_response(self.get_context_data(chosen=chosen, error=refusal.message), status=400)
        messages.success(request, _("Responsible experts saved: %(n)d chapters changed.") % {"n": changed})
        return redirect("moderation:responsible", pk=self.plan.pk)
