"""What the public does to the record: submit a comment or a reply, confirm it, flag a published one.

Each action checks its own rules (the consultation is open, the plan is not frozen, the target
exists), runs in one transaction and writes Wagtail's log. Views, the demo loader and tests call
these functions; none of them checks a rule that is not also checked here.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.sites.models import Site
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultation.core.conf import absolute_url
from consultation.core.refusals import Refused
from consultation.models import CommentFlag, ParagraphComment
from consultation.participation.confirmation import find_comment, issue_token, send_confirmation_email
from consultation.participation.notifications import notify_moderators_of_flag
from consultation.plans.rules import plan_of_comment, require_not_frozen, require_open


@dataclass(frozen=True)
class CommentInput:
    title: str
    text: str
    name: str
    organisation: str
    commenter_kind: str
    email: str
    idempotency_key: object
    publish_name: bool = False
    ip_address: str | None = None


def check_reply_target(parent, chapter):
    """A reply goes to a published comment on the same chapter, within the thread depth."""
    if (
        parent is None
        or parent.status != "published"
        or parent.object_pk != str(chapter.pk)
        or parent.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL
    ):
        raise Refused(_("This comment cannot be replied to."))


def submit_comment(*, chapter, plan, paragraph_key, data, link_for_token, parent=None, now=None):
    """Store a comment (or a reply to `parent`) and mail its author a confirmation link.

    Returns (comment, created). `link_for_token(token)` makes the absolute confirmation URL.
    A second submit with the same idempotency key returns the first comment and stores and sends
    nothing, also when both arrive at once: the unique key decides. The mail leaves only once the
    comment is committed.
    """
    now = now or timezone.now()
    if plan.path != chapter.path[: -chapter.steplen] or not plan.live or not chapter.live:
        raise Refused(_("This chapter is not published."))
    require_open(plan, now)  # an adopted plan is never open: its phase is "adopted" whatever the dates
    paragraph = chapter.get_paragraph(paragraph_key)
    if paragraph is None:
        raise Refused(_("There is no such paragraph in this chapter."))
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
        publish_name=data.publish_name,
        user_email=data.email,
        ip_address=data.ip_address,
        consent_given_at=now,
        idempotency_key=data.idempotency_key,
        parent_id=parent.pk if parent else 0,
        is_public=False,
        submit_date=now,
    )
    try:
        with transaction.atomic():
            comment.save()
            token = issue_token(comment, now)
            log(instance=comment, action="drogowskaz.comment.submit",
                data={"reference": comment.reference, "reply_to": parent.pk if parent else None})
            send_confirmation_email(comment, link_for_token(token),
                                    absolute_url(reverse("comment-withdraw", args=[token])))
    except IntegrityError:
        existing = ParagraphComment.objects.filter(idempotency_key=data.idempotency_key).first()
        if existing is None:
            raise
        return existing, False
    return comment, True


def confirm_comment(token, now=None):
    """Confirm the comment of `token`; it then waits for a moderator. Returns the comment.

    A comment sent while the consultation was open may be confirmed after the close (within the
    link's validity), but not once the plan is adopted.
    """
    now = now or timezone.now()
    with transaction.atomic():
        comment = find_comment(token)
        if comment is None:
            raise Refused(_("This confirmation link is not valid. It may have been used already."))
        comment = ParagraphComment.objects.select_related(None).select_for_update().get(pk=comment.pk)
        if comment.confirmed_at is not None:
            return comment
        expires = comment.confirmation_sent_at + timedelta(hours=settings.DROGOWSKAZ_CONFIRMATION_HOURS)
        if now > expires:
            raise Refused(_("This confirmation link has expired. Please submit the comment again."))
        plan = plan_of_comment(comment)
        if plan is not None:  # a comment whose chapter was deleted is kept, and may still be confirmed
            require_not_frozen(plan)
        comment.confirmed_at = now
        comment.save(update_fields=["confirmed_at"])
        log(instance=comment, action="drogowskaz.comment.confirm")
    return comment


def withdraw_comment(token, now=None):
    """Withdraw a comment with the token of its emailed link, until a moderator has acted on it.

    The comment stays in the record, marked withdrawn, and is never shown; the moderators no longer
    see it as waiting. Returns the comment.
    """
    now = now or timezone.now()
    with transaction.atomic():
        comment = find_comment(token)
        if comment is None:
            raise Refused(_("This link is not valid."))
        comment = ParagraphComment.objects.select_related(None).select_for_update().get(pk=comment.pk)
        if comment.withdrawn_at is not None:
            return comment
        if comment.moderated_at is not None or comment.is_public or comment.is_removed:
            raise Refused(_("The expert team has already dealt with this comment; it can no longer be withdrawn."))
        plan = plan_of_comment(comment)
        if plan is not None:
            require_not_frozen(plan)
        comment.is_public, comment.is_removed, comment.withdrawn_at = False, True, now
        comment.save(update_fields=["is_public", "is_removed", "withdrawn_at"])
        log(instance=comment, action="drogowskaz.comment.withdraw")
    return comment


def flagger_key(session_key):
    """A salted hash that tells flaggers apart without storing who they are."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:report:{session_key}".encode()).hexdigest()


def flag_comment(comment, *, reporter, reason="", now=None):
    """Flag a published comment as breaking the rules.

    The comment stays visible: it goes on the moderators' list of flagged comments and they are
    told by email; only a moderator hides it (by rejecting it). Returns False when this flagger
    had already flagged the comment.
    """
    now = now or timezone.now()
    plan = plan_of_comment(comment)
    if plan is None:
        raise Refused(_("There is no such comment."))
    require_open(plan, now)
    with transaction.atomic():
        comment = ParagraphComment.objects.select_related(None).select_for_update().get(pk=comment.pk)
        if comment.status != "published":
            raise Refused(_("Only a published comment can be flagged."))
        try:
            with transaction.atomic():
                flag = CommentFlag.objects.create(comment=comment, reporter_key=reporter, reason=reason)
        except IntegrityError:
            return False
        log(instance=comment, action="drogowskaz.comment.flag", data={"flag": flag.pk})
        notify_moderators_of_flag(comment, reason)
    return True
