"""Mail to the expert team about what the public did (sent once the transaction commits)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def moderator_emails():
    """Addresses of the active people who may moderate comments."""
    perm = Q(codename="moderate_paragraphcomment", content_type__app_label="consultation")
    users = get_user_model().objects.filter(is_active=True).exclude(email="").filter(
        Q(is_superuser=True)
        | Q(groups__permissions__in=_permissions(perm))
        | Q(user_permissions__in=_permissions(perm))
    )
    return sorted(set(users.values_list("email", flat=True)))


def _permissions(condition):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(condition)


def notify_moderators_of_flag(comment, reason):
    """Tell the moderators that a published comment was flagged, with a link to it in the admin."""
    recipients = moderator_emails()
    if not recipients:
        return
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("moderation:comment", args=[comment.pk])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Comment %(ref)s was flagged") % {"ref": comment.reference}
        body = _(
            "A reader flagged published comment %(ref)s as breaking the rules.\n\nReason given: %(reason)s\n\n"
            "The comment stays visible until a moderator decides: %(link)s\n"
        ) % {"ref": comment.reference, "reason": reason or "—", "link": link}

    def send():
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        except OSError:
            logger.exception("Flag notice for comment %s could not be sent", comment.pk)

    transaction.on_commit(send)
