"""Taking a comment or a reply from the public: the rules, in one transaction."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.sites.models import Site
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consultation.participation.confirmation import issue_token, send_confirmation_email
from consultation.models import ParagraphComment
from consultation.plans.rules import can_comment


class CommentRefused(Exception):
    """The comment cannot be taken; `message` says why, in words for the person who wrote it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CommentInput:
    title: str
    text: str
    name: str
    organisation: str
    commenter_kind: str
    email: str
    idempotency_key: object
    ip_address: str | None = None


def closed_message(plan):
    if not plan.consultation_opens:
        return _("This document is not under consultation now.")
    return _("Comments can be submitted from %(opens)s to %(closes)s.") % {
        "opens": date_format(timezone.localtime(plan.consultation_opens), "DATETIME_FORMAT"),
        "closes": date_format(timezone.localtime(plan.consultation_closes), "DATETIME_FORMAT"),
    }


def check_reply_target(parent, chapter):
    """A reply goes to a published comment on the same chapter, within the thread depth."""
    if (
        parent is None
        or parent.status != "published"
        or parent.object_pk != str(chapter.pk)
        or parent.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL
    ):
        raise CommentRefused(_("This comment cannot be replied to."))


def submit_comment(*, chapter, plan, paragraph_key, data, link_for_token, parent=None, now=None):
    """Store a comment (or a reply to `parent`) and mail its author a confirmation link.

    Returns (comment, created). `link_for_token(token)` makes the absolute confirmation URL.
    A second submit with the same idempotency key returns the first comment and stores and sends
    nothing, also when both arrive at once: the unique key decides. The mail leaves only once the
    comment is committed.
    """
    if not can_comment(plan, now):
        raise CommentRefused(closed_message(plan))
    paragraph = chapter.get_paragraph(paragraph_key)
    if paragraph is None:
        raise CommentRefused(_("There is no such paragraph in this chapter."))
    if parent is not None:
        check_reply_target(parent, chapter)

    existing = ParagraphComment.objects.filter(idempotency_key=data.idempotency_key).first()
    if existing is not None:
        return existing, False

    comment = ParagraphComment(
        content_object=chapter,
        site_id=Site.objects.get_current().pk,
        paragraph_key=paragraph.key,
        page_revision_id=chapter.live_revision_id,
        paragraph_text=paragraph.text,
        title=data.title,
        comment=data.text,
        user_name=data.name,
        organisation=data.organisation,
        commenter_kind=data.commenter_kind,
        user_email=data.email,
        ip_address=data.ip_address,
        consent_given_at=now or timezone.now(),
        idempotency_key=data.idempotency_key,
        parent_id=parent.pk if parent else 0,
        is_public=False,
        submit_date=now or timezone.now(),
    )
    try:
        with transaction.atomic():
            comment.save()
            token = issue_token(comment, now)
            send_confirmation_email(comment, link_for_token(token))
    except IntegrityError:
        existing = ParagraphComment.objects.filter(idempotency_key=data.idempotency_key).first()
        if existing is None:
            raise
        return existing, False
    return comment, True
