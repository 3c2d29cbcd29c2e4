from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from consultation.models import Phase, PlanPage


class HomePage(Page):
    """The region's consultation portal: lists its plans by the state of their consultation."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["consultation.PlanPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        plans = PlanPage.objects.child_of(self).live().public().order_by("-consultation_opens")
        groups = {phase: [] for phase in (Phase.OPEN, Phase.ANNOUNCED, Phase.CLOSED)}
        for plan in plans:
            groups.setdefault(plan.phase(), []).append(plan)
        context["plan_groups"] = [(phase, groups[phase]) for phase in groups if groups[phase]]
        return context
