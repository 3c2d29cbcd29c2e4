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
from wagtail.models import Page

from consultation.core.conf import absolute_url
from consultation.core.refusals import Refused
from consultation.models import CommentCorrection, CommentFlag, CommentScope, ParagraphComment
from consultation.participation.confirmation import find_comment, issue_token, send_confirmation_email
from consultation.participation.notifications import notify_moderators_of_flag
from consultation.plans.rules import plan_of_comment, require_not_frozen, require_open


@dataclass(frozen=True)
class CommentInput:
    """What the Polish consultation form asks (formularz zgłaszania uwag), from the web or from staff."""

    title: str
    text: str
    name: str
    organisation: str
    commenter_kind: str
    email: str
    idempotency_key: object
    publish_name: bool = False
    ip_address: str | None = None
    proposed_wording: str = ""
    justification: str = ""


# What a correction (korekta) may change: the wording, never who sent it or what it concerns.
CORRECTABLE_FIELDS = ("title", "comment", "proposed_wording", "justification")


def comment_target(*, plan, chapter, paragraph_key):
    """(scope, page the comment hangs on, paragraph or None): a paragraph, a chapter as a whole, or
    the whole document (a general comment hangs on the plan page)."""
    if chapter is None:
        if paragraph_key:
            raise Refused(_("There is no such paragraph in this chapter."))
        return CommentScope.GENERAL, plan, None
    if plan.path != chapter.path[: -chapter.steplen]:
        raise Refused(_("This chapter is not published."))
    if not paragraph_key:
        return CommentScope.CHAPTER, chapter, None
    paragraph = chapter.get_paragraph(paragraph_key)
    if paragraph is None:
        raise Refused(_("There is no such paragraph in this chapter."))
    return CommentScope.PARAGRAPH, chapter, paragraph


# The longest values the record keeps: a longer one is refused, never cut (the forms say it sooner).
FIELD_LIMITS = (("name", 50), ("organisation", 255), ("email", 254), ("title", 200))


def check_lengths(data):
    for name, limit in FIELD_LIMITS:
        if len(getattr(data, name) or "") > limit:
            raise Refused(_("The field “%(field)s” is longer than %(limit)d characters.")
                          % {"field": ParagraphComment._meta.get_field(
                              {"name": "user_name", "email": "user_email"}.get(name, name)).verbose_name,
                             "limit": limit})


def new_comment(*, plan, chapter, paragraph_key, data, now, parent=None):
    """An unsaved comment with what every channel records alike."""
    check_lengths(data)
    scope, target, paragraph = comment_target(plan=plan, chapter=chapter, paragraph_key=paragraph_key)
    return ParagraphComment(
        content_object=target,
        plan=plan,
        scope=scope,
        site_id=Site.objects.get_current().pk,
        paragraph_key=paragraph.key if paragraph else "",
        page_revision_id=target.live_revision_id,
        paragraph_text=paragraph.text if paragraph else "",
        title=data.title,
        comment=data.text,
        proposed_wording=data.proposed_wording,
        justification=data.justification,
        user_name=data.name,
        organisation=data.organisation,
        commenter_kind=data.commenter_kind,
        publish_name=data.publish_name,
        user_email=data.email,
        ip_address=data.ip_address,
        parent_id=parent.pk if parent else 0,
        is_public=False,
        submit_date=now,
        received_on=timezone.localtime(now).date(),
    )


def check_reply_target(parent, chapter):
    """A reply goes to a published comment on the same chapter, within the thread depth."""
    if (
        parent is None
        or chapter is None
        or parent.status != "published"
        or parent.object_pk != str(chapter.pk)
        or parent.scope != CommentScope.PARAGRAPH
        or parent.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL
    ):
        raise Refused(_("This comment cannot be replied to."))


def emailed_links(token):
    """The withdrawal and correction links of a comment's email, built from DROGOWSKAZ_BASE_URL."""
    return {"withdraw": absolute_url(reverse("comment-withdraw", args=[token])),
            "correct": absolute_url(reverse("comment-correct", args=[token]))}


def submit_comment(*, plan, data, link_for_token, chapter=None, paragraph_key="", parent=None, now=None):
    """Store a comment from the web form and mail its author a confirmation link.

    The comment concerns a paragraph (`chapter` and `paragraph_key`), a chapter as a whole
    (`chapter` alone) or the whole document (neither); a reply (`parent`) is always on a paragraph.
    Returns (comment, created). `link_for_token(token)` makes the absolute confirmation URL.
    A second submit with the same idempotency key returns the first comment and stores and sends
    nothing, also when both arrive at once: the unique key decides. The mail leaves only once the
    comment is committed.
    """
    now = now or timezone.now()
    if not plan.live or (chapter is not None and not chapter.live):
        raise Refused(_("This chapter is not published."))
    require_open(plan, now)  # an adopted plan is never open: its phase is "adopted" whatever the dates
    comment = new_comment(plan=plan, chapter=chapter, paragraph_key=paragraph_key, data=data, now=now,
                          parent=parent)
    if parent is not None:
        check_reply_target(parent, chapter)

    existing = ParagraphComment.objects.filter(idempotency_key=data.idempotency_key).first()
    if existing is not None:
        return existing, False

    comment.consent_given_at = now
    comment.idempotency_key = data.idempotency_key
    try:
        with transaction.atomic():
            comment.save()
            token = issue_token(comment, now)
            log(instance=comment, action="drogowskaz.comment.submit",
                data={"reference": comment.reference, "reply_to": parent.pk if parent else None,
                      "scope": comment.scope})
            send_confirmation_email(comment, link_for_token(token), emailed_links(token))
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
        comment = _locked_by_token(token, _("This confirmation link is not valid. It may have been used already."))
        if comment.confirmed_at is not None:
            return comment
        expires = comment.confirmation_sent_at + timedelta(hours=settings.DROGOWSKAZ_CONFIRMATION_HOURS)
        if now > expires:
            raise Refused(_("This confirmation link has expired. Please submit the comment again."))
        _require_plan_not_frozen(comment)
        comment.confirmed_at = now
        comment.save(update_fields=["confirmed_at"])
        log(instance=comment, action="drogowskaz.comment.confirm")
    return comment


def _locked_by_token(token, invalid):
    """The comment of an emailed link, locked for this transaction; `invalid` says why not."""
    comment = find_comment(token)
    if comment is None:
        raise Refused(invalid)
    return ParagraphComment.objects.select_related(None).select_for_update().get(pk=comment.pk)


def _require_plan_not_frozen(comment):
    plan = plan_of_comment(comment)
    if plan is not None:  # a comment whose plan was deleted is kept in the record
        require_not_frozen(plan)


def _authors_comment_for_change(token, already_dealt_with):
    """The comment of an emailed link, locked, while its author may still change it: no moderator
    has acted and the plan is not adopted. Call inside a transaction."""
    comment = _locked_by_token(token, _("This link is not valid."))
    if comment.withdrawn_at is not None:
        return comment
    if comment.moderated_at is not None or comment.is_public or comment.is_removed:
        raise Refused(already_dealt_with)
    _require_plan_not_frozen(comment)
    return comment


def withdraw_comment(token, now=None):
    """Withdraw a comment with the token of its emailed link, until a moderator has acted on it.

    The comment stays in the record, marked withdrawn, and is never shown; the moderators no longer
    see it as waiting. Returns the comment.
    """
    now = now or timezone.now()
    with transaction.atomic():
        comment = _authors_comment_for_change(
            token, _("The expert team has already dealt with this comment; it can no longer be withdrawn."))
        if comment.withdrawn_at is not None:
            return comment
        comment.is_public, comment.is_removed, comment.withdrawn_at = False, True, now
        comment.save(update_fields=["is_public", "is_removed", "withdrawn_at"])
        log(instance=comment, action="drogowskaz.comment.withdraw")
    return comment


def correct_comment(token, *, title, text, proposed_wording="", justification="", now=None):
    """Correct (korekta) a comment with the token of its emailed link, until a moderator has acted.

    The comment keeps its reference number; the previous wording is kept as a `CommentCorrection`
    and logged. Returns the comment. A correction that changes nothing stores nothing.
    """
    now = now or timezone.now()
    text = (text or "").strip()
    if not text:
        raise Refused(_("The comment text cannot be empty."))
    with transaction.atomic():
        comment = _authors_comment_for_change(
            token, _("The expert team has already dealt with this comment; it can no longer be corrected."))
        if comment.withdrawn_at is not None:
            raise Refused(_("This comment was withdrawn; it can no longer be corrected."))
        new = {"title": title or "", "comment": text, "proposed_wording": proposed_wording or "",
               "justification": justification or ""}
        previous = {name: getattr(comment, name) for name in CORRECTABLE_FIELDS}
        if new == previous:
            return comment
        if previous["title"] and not new["title"]:
            raise Refused(_("The title cannot be removed; change it instead."))
        CommentCorrection.objects.create(comment=comment, corrected_at=now, previous=previous)
        for name, value in new.items():
            setattr(comment, name, value)
        comment.save(update_fields=list(CORRECTABLE_FIELDS))
        log(instance=comment, action="drogowskaz.comment.correct",
            data={"changed": sorted(name for name in new if new[name] != previous[name])})
        if comment.user_email:
            send_confirmation_email(comment, absolute_url(reverse("comment-confirm", args=[token])),
                                    emailed_links(token), corrected=True)
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
    if plan is None or not Page.objects.filter(pk=comment.object_pk).exists():
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
        notify_moderators_of_flag(comment, flag, reason)
    return True
