"""Admin panels that show what the editor should know but need not type."""

from wagtail.admin.panels import Panel


class ConsultationTimelinePanel(Panel):
    """Shows the length of the consultation window (warning under 35 days) and the report deadline."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "consultation/admin/timeline_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["plan"] = self.instance
            return context
