"""Comment policy: publishing, rejecting, reports from the public, official responses.

Each operation is one transaction and leaves an entry in Wagtail's log.
"""

import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from consultation.moderation import paragraph_stats
from consultation.models import CommentReport, OfficialResponse, ParagraphComment


def _locked(pks):
    """Rows locked for this transaction; plain joins only (PostgreSQL cannot lock an outer join)."""
    return ParagraphComment.objects.select_related(None).select_for_update().filter(pk__in=pks).order_by("pk")


class ModerationError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def publish_comments(comments, *, moderator, now=None):
    """Publish the given comments; return how many changed."""
    now = now or timezone.now()
    changed = []
    with transaction.atomic():
        for comment in _locked([c.pk for c in comments]):
            if (comment.is_public and not comment.is_removed) or comment.confirmed_at is None:
                continue  # already public, or its author has not confirmed it
            comment.is_public, comment.is_removed = True, False
            comment.rejection_reason = ""
            comment.moderated_at, comment.moderated_by = now, moderator
            comment.save(update_fields=["is_public", "is_removed", "rejection_reason", "moderated_at", "moderated_by"])
            log(instance=comment, action="drogowskaz.comment.publish", user=moderator)
            changed.append(comment)
        paragraph_stats.refresh_for(changed)
    return len(changed)


def reject_comments(comments, *, moderator, reason, now=None):
    """Reject the given comments with a reason the commenter can be told; return how many changed."""
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Give the reason for rejection."))
    now = now or timezone.now()
    changed = []
    with transaction.atomic():
        for comment in _locked([c.pk for c in comments]):
            comment.is_public, comment.is_removed = False, True
            comment.rejection_reason = reason
            comment.moderated_at, comment.moderated_by = now, moderator
            comment.save(update_fields=["is_public", "is_removed", "rejection_reason", "moderated_at", "moderated_by"])
            log(instance=comment, action="drogowskaz.comment.reject", user=moderator, data={"reason": reason})
            changed.append(comment)
        paragraph_stats.refresh_for(changed)
    return len(changed)


def reporter_key(session_key):
    """A salted hash that tells reporters apart without storing who they are."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:report:{session_key}".encode()).hexdigest()


def report_comment(comment, *, reporter, reason=""):
    """Record a report on a published comment; after enough reports it goes back to moderation.

    Returns False when this reporter had already reported the comment.
    """
    with transaction.atomic():
        comment = _locked([comment.pk]).get()
        try:
            with transaction.atomic():
                CommentReport.objects.create(comment=comment, reporter_key=reporter, reason=reason)
        except IntegrityError:
            return False
        threshold = settings.DROGOWSKAZ_FLAGS_FOR_REVIEW
        if comment.is_public and comment.reports.count() >= threshold:
            comment.is_public = False
            comment.save(update_fields=["is_public"])
            log(instance=comment, action="drogowskaz.comment.review", data={"reports": threshold})
            paragraph_stats.refresh_for([comment])
    return True


def save_response(comment, *, author, disposition, justification, publish, version=None, now=None):
    """Write (or rewrite) the official response to a top-level comment."""
    if comment.level != 0:
        raise ModerationError(_("An official response can be given to a comment only, not to a reply."))
    if comment.is_removed:
        raise ModerationError(_("A rejected comment cannot be answered."))
    now = now or timezone.now()
    with transaction.atomic():
        response, _created = OfficialResponse.objects.select_for_update().get_or_create(
            comment=comment,
            defaults={"disposition": disposition, "justification": justification, "author": author},
        )
        response.disposition, response.justification, response.author = disposition, justification, author
        response.version = version
        if publish and not response.published_at:
            response.published_at = now
        if not publish:
            response.published_at = None
        response.save()
        log(
            instance=comment, action="drogowskaz.response.save", user=author,
            data={"disposition": disposition, "published": bool(response.published_at),
                  "version": version.number if version else None},
        )
    return response
