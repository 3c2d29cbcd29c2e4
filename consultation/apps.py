from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "consultation"
    label = "consultation"
    verbose_name = _("Consultations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import pre_save
        from django_comments_xtd.models import publish_or_unpublish_on_pre_save

        # django-comments-xtd publishes or hides every reply of a comment whenever the comment is
        # saved. With pre-moderation that would publish replies nobody has moderated: each
        # comment here is moderated on its own, and replies of hidden comments are not shown.
        pre_save.disconnect(publish_or_unpublish_on_pre_save, sender="consultation.ParagraphComment")

        from consultation import checks  # noqa: F401 registers the checks
        from consultation.public.cache_invalidation import connect_invalidation
        from consultation.public.routes import register_routes

        register_routes()
        connect_invalidation()

        from wagtail.signals import page_published, page_unpublished, post_page_move

        page_published.connect(_announce_meetings, dispatch_uid="drogowskaz-announce-meetings")
        # The searchable text follows what is published (consultation.models.search).
        page_published.connect(_index_text, dispatch_uid="drogowskaz-index-text")
        page_unpublished.connect(_index_text, dispatch_uid="drogowskaz-unindex-text")
        # A chapter moved to another plan is found under that plan.
        post_page_move.connect(_index_text, dispatch_uid="drogowskaz-index-moved-text")


def _announce_meetings(sender, instance, **kwargs):
    """A plan page published with new meetings tells its followers (consultation.notifications)."""
    from consultation.models import PlanPage
    from consultation.notifications.events import announce_meetings

    if isinstance(instance, PlanPage):
        announce_meetings(instance)


def _index_text(sender, instance, **kwargs):
    from consultation.models.search import index_page

    index_page(instance)