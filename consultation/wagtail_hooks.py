from wagtail import hooks

from .admin_views import ModerationViewSet
from .moderation import LOG_ACTIONS


@hooks.register("register_admin_viewset")
def register_moderation_viewset():
    return ModerationViewSet()


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)
