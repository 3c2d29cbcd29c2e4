"""The outbox in the admin ("Poczta wychodząca"), for administrators: what was sent, what waits, what
failed and why; mail given up after repeated failures can be queued again."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from consultation.core.refusals import Refused
from consultation.models import MailState, OutgoingMail
from consultation.notifications.outbox import retry_failed
from consultation.plans.rules import can_manage_personal_data


class OutboxView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultation/admin/outbox.html"
    page_title = gettext_lazy("Outgoing mail")
    header_icon = "mail"
    per_page = 50

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_personal_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def state(self):
        state = self.request.GET.get("state", "")
        return state if state in MailState.values else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mails = OutgoingMail.objects.order_by("-created_at", "-pk")
        state = self.state()
        if state:
            mails = mails.filter(state=state)
        counts = dict.fromkeys(MailState.values, 0)
        counts.update(OutgoingMail.objects.order_by().values_list("state").annotate(n=Count("pk")))
        context.update({
            "page_obj": Paginator(mails.only("pk", "kind", "to", "subject", "state", "created_at", "sent_at",
                                             "attempts", "next_attempt_at", "last_error"), self.per_page)
            .get_page(self.request.GET.get("p")),
            "state": state,
            "states": [(value, label, counts[value]) for value, label in MailState.choices],
        })
        return context

    def post(self, request, *args, **kwargs):
        chosen = OutgoingMail.objects.filter(pk__in=[pk for pk in request.POST.getlist("mails") if pk.isdigit()])
        try:
            queued = retry_failed(list(chosen), user=request.user)
        except Refused as refusal:
            messages.error(request, refusal.message)
            return redirect(request.get_full_path())
        if queued:
            messages.success(request, _("Queued again: %(n)d.") % {"n": queued})
        else:
            messages.error(request, _("Choose mail that was given up; nothing was queued."))
        return redirect(request.get_full_path())


class OutboxMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_personal_data(request.user)


class OutboxViewSet(ViewSet):
    name = "outbox"
    url_prefix = "poczta"
    icon = "mail"
    add_to_admin_menu = False  # in Settings (wagtail_hooks.register_outbox_menu_item)

    def get_urlpatterns(self):
        return [path("", OutboxView.as_view(), name="index")]
