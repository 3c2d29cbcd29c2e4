"""Confirming a comment by email: a short-lived random token, of which only a hash is stored.

django-comments-xtd's own flow puts the whole comment, email included, in a signed link that
never expires; here the comment waits in the database and the link carries only the token.
"""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consultation.models import ParagraphComment

logger = logging.getLogger(__name__)


class ConfirmationRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(comment, now=None):
    """Give `comment` a new token (the old one stops working) and return it; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    comment.confirmation_token_hash = token_hash(token)
    comment.confirmation_sent_at = now or timezone.now()
    comment.save(update_fields=["confirmation_token_hash", "confirmation_sent_at"])
    return token


def send_confirmation_email(comment, link):
    """Mail the confirmation link once the transaction that stored the comment has committed."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {"comment": comment, "link": link, "hours": settings.DROGOWSKAZ_CONFIRMATION_HOURS}
        subject = _("Confirm your comment %(ref)s") % {"ref": comment.reference}
        body = render_to_string("consultation/email/confirm_comment.txt", context)
    transaction.on_commit(lambda: _send(subject, body, comment))


def _send(subject, body, comment):
    """The comment is already stored: a mail server that fails must not turn the receipt into an error."""
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [comment.user_email])
    except OSError:
        logger.exception("Confirmation mail for comment %s could not be sent", comment.pk)


def find_comment(token):
    if not token or len(token) > 100:
        return None
    return ParagraphComment.objects.filter(confirmation_token_hash=token_hash(token)).first()


def confirm_comment(token, now=None):
    """Confirm the comment of `token`; it then waits for a moderator. Returns the comment."""
    now = now or timezone.now()
    with transaction.atomic():
        comment = find_comment(token)
        if comment is None:
            raise ConfirmationRefused(_("This confirmation link is not valid. It may have been used already."))
        comment = ParagraphComment.objects.select_related(None).select_for_update().get(pk=comment.pk)
        if comment.confirmed_at is not None:
            return comment
        expires = comment.confirmation_sent_at + timedelta(hours=settings.DROGOWSKAZ_CONFIRMATION_HOURS)
        if now > expires:
            raise ConfirmationRefused(
                _("This confirmation link has expired. Please submit the comment again.")
            )
        comment.confirmed_at = now
        comment.save(update_fields=["confirmed_at"])
    return comment
