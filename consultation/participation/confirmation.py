"""Confirming a comment by email: a short-lived random token, of which only a hash is stored.

django-comments-xtd's own flow puts the whole comment, email included, in a signed link that
never expires; here the comment waits in the database and the link carries only the token.
"""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consultation.models import ParagraphComment
from consultation.notifications import events


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token_hash():
    """A new random token for an emailed link, and the hash that is all the database keeps of it."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def issue_token(comment, now=None):
    """Give `comment` a new token (the old one stops working) and return it; only its hash is kept."""
    token, comment.confirmation_token_hash = issue_token_hash()
    comment.confirmation_sent_at = now or timezone.now()
    comment.save(update_fields=["confirmation_token_hash", "confirmation_sent_at"])
    return token


def comment_subject(comment):
    """What a comment concerns, as its copy shows it: {"plan", "chapter", "paragraph_number"}.

    The chapter is None for a general comment (it hangs on the plan page) or when the chapter was
    deleted; the paragraph number is None for a comment on a chapter as a whole, or on a paragraph
    no longer in the text (its wording is then the snapshot `comment.paragraph_text`)."""
    from consultation.models import ChapterPage

    target = comment.content_object
    chapter = target.specific if target is not None and not isinstance(target, ChapterPage) else target
    chapter = chapter if isinstance(chapter, ChapterPage) else None
    paragraph = chapter.get_paragraph(comment.paragraph_key) if chapter and comment.paragraph_key else None
    return {"plan": comment.plan, "chapter": chapter, "paragraph_number": paragraph.number if paragraph else None}


def send_confirmation_email(comment, link, links, *, corrected=False):
    """Mail a copy of the whole comment (what it concerns with the wording commented on, the proposed
    wording, the comment, its justification, as whom it was sent) with its reference, the
    confirmation link and `links` ({"withdraw": …, "correct": …}) once the transaction that stored
    the comment has committed. After a correction (`corrected`) the same mail carries the new wording,
    so that the author's copy is the current one; a confirmed comment needs no confirmation link."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {"comment": comment, "link": link, "hours": settings.DROGOWSKAZ_CONFIRMATION_HOURS,
                   "withdraw_link": links["withdraw"], "correct_link": links["correct"], "corrected": corrected,
                   **comment_subject(comment)}
        if corrected:
            subject = _("Your comment %(ref)s is corrected") % {"ref": comment.reference}
        else:
            subject = _("Confirm your comment %(ref)s") % {"ref": comment.reference}
        body = render_to_string("consultation/email/confirm_comment.txt", context)
    # Through the outbox, in the transaction that stored the comment: a mail server that is down
    # delays the mail and never turns the receipt into an error.
    events.comment_copy(comment, subject=subject, body=body, sequence=uuid.uuid4().hex)


def find_comment(token):
    return find_by_token(ParagraphComment.objects.all(), token, field="confirmation_token_hash")


def find_by_token(queryset, token, field="token_hash"):
    """The row of `queryset` whose stored hash is that of `token`, or None (also for a malformed token)."""
    if not token or len(token) > 100:
        return None
    return queryset.filter(**{field: token_hash(token)}).first()
