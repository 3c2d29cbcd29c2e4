from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from consultation.core.log_actions import LOG_ACTIONS
from consultation.plans.rules import is_frozen
from consultation.staff.dashboard import dashboard_panels
from consultation.staff.intake_views import IntakeViewSet
from consultation.staff.moderation_views import ModerationViewSet
from consultation.staff.outbox_views import OutboxMenuItem, OutboxViewSet
from consultation.staff.plan_views import PlansViewSet


class CommentsMenu(ViewSetGroup):
    """One menu for the comments: moderation (Eksperci) and registering those received by other
    channels (Komunikacja and Eksperci); each item is shown to those who may use it."""

    menu_label = gettext_lazy("Comments")
    menu_icon = "comment"
    menu_order = 150
    items = (ModerationViewSet, IntakeViewSet)


@hooks.register("register_admin_viewset")
def register_comment_viewsets():
    return CommentsMenu()


@hooks.register("register_admin_viewset")
def register_plans_viewset():
    return PlansViewSet()


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutboxViewSet()


@hooks.register("register_settings_menu_item")
def register_outbox_menu_item():
    """The outgoing mail, in Settings: administrators only (it holds everyone's addresses)."""
    return OutboxMenuItem(gettext_lazy("Outgoing mail"), reverse("outbox:index"), icon_name="mail", order=900)


@hooks.register("construct_homepage_panels")
def add_consultation_panels(request, panels):
    """The expert team's own panels (my comments, the consultations and their reports) come first."""
    panels[:0] = dashboard_panels(request.user)


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


def _refuse_if_frozen(request, page):
    if is_frozen(page):
        messages.error(request, _("This plan has been adopted by resolution; its text can no longer be changed."))
        return redirect("wagtailadmin_explore", page.get_parent().pk if page.depth > 1 else page.pk)
    return None


@hooks.register("before_edit_page")
def refuse_editing_adopted_plans(request, page):
    return _refuse_if_frozen(request, page)


@hooks.register("before_delete_page")
def refuse_deleting_adopted_plans(request, page):
    return _refuse_if_frozen(request, page)


@hooks.register("before_move_page")
def refuse_moving_adopted_plans(request, page, destination):
    return _refuse_if_frozen(request, page)


@hooks.register("before_create_page")
def refuse_new_chapters_in_adopted_plans(request, parent_page, page_class):
    if page_class.__name__ == "ChapterPage" and is_frozen(parent_page):
        messages.error(request, _("This plan has been adopted by resolution; its text can no longer be changed."))
        return redirect("wagtailadmin_explore", parent_page.pk)
    return None


def _log_short_consultation(request, page):
    from wagtail.log_actions import log

    from consultation.models import PlanPage

    page = page.specific
    if isinstance(page, PlanPage) and page.consultation_too_short and page.short_consultation_reason:
        log(instance=page, action="drogowskaz.plan.short_consultation", user=request.user,
            data={"days": round(page.consultation_days, 1), "reason": page.short_consultation_reason})


@hooks.register("after_create_page")
def log_short_consultation_on_create(request, page):
    _log_short_consultation(request, page)


@hooks.register("after_edit_page")
def log_short_consultation_on_edit(request, page):
    _log_short_consultation(request, page)
