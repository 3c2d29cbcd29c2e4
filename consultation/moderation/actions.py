"""What the expert team does to comments: publish, reject, review flags, answer officially.

Each action checks who may do it and that the plan is not frozen, runs in one transaction and
writes Wagtail's log. Views and commands call these functions and check nothing of their own.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultation.core.refusals import Refused
from consultation.core.sanitize import clean_plain_text
from consultation.models import (
    CommentStatus,
    Disposition,
    InternalNote,
    OfficialResponse,
    ParagraphComment,
    PlanPage,
    PlanVersion,
    RejectionCategory,
    ReviewState,
)
from consultation.models.comments import comment_reference
from consultation.moderation import paragraph_stats
from consultation.notifications import events
from consultation.plans.rules import (
    can_approve_responses,
    can_moderate,
    can_respond,
    require,
    require_not_frozen,
    require_region,
)


def _locked(pks):
    """Rows locked for this transaction; plain joins only (PostgreSQL cannot lock an outer join)."""
    return ParagraphComment.objects.select_related(None).select_for_update().filter(pk__in=pks).order_by("pk")


def _plans_of(comments):
    """The plans of `comments`, in one query."""
    return list(PlanPage.objects.filter(pk__in={c.plan_id for c in comments if c.plan_id}))


def _require_moderator_on_open_record(moderator, comments):
    require(can_moderate(moderator), _("Only the expert team can moderate comments."))
    plans = _plans_of(comments)
    require_region(moderator, plans)
    for plan in plans:
        require_not_frozen(plan)


def _moderate(comments, *, moderator, now, publish, reason, skip, category="", duplicate_of=None):
    """Publish (`publish`) or reject (with `reason`) the comments for which `skip` is false, in one
    transaction with the paragraphs' stats; a rejection also closes the comment's open flags."""
    now = now or timezone.now()
    changed = []
    with transaction.atomic():
        locked = list(_locked([c.pk for c in comments]))
        _require_moderator_on_open_record(moderator, locked)
        for comment in locked:
            if skip(comment):
                continue
            comment.is_public, comment.is_removed, comment.rejection_reason = publish, not publish, reason
            comment.rejection_category, comment.duplicate_of = category, duplicate_of
            comment.moderated_at, comment.moderated_by = now, moderator
            comment.save(update_fields=["is_public", "is_removed", "rejection_reason", "rejection_category",
                                        "duplicate_of", "moderated_at", "moderated_by"])
            if publish:
                log(instance=comment, action="drogowskaz.comment.publish", user=moderator)
            else:
                comment.reader_flags.filter(reviewed_at__isnull=True).update(reviewed_at=now, reviewed_by=moderator)
                _release_group(comment, by=moderator)
                log(instance=comment, action="drogowskaz.comment.reject", user=moderator,
                    data={"reason": reason, "category": category,
                          "duplicate_of": duplicate_of.reference if duplicate_of else None})
            changed.append(comment)
        paragraph_stats.refresh_for(changed)
        events.comments_moderated(changed, published=publish)
    return len(changed)


def _release_group(lead, *, by):
    """A rejected comment answers no group: its members go back to needing a response of their own."""
    for member in ParagraphComment.objects.select_related(None).filter(same_as=lead).order_by("pk"):
        member.same_as = None
        member.save(update_fields=["same_as"])
        log(instance=member, action="drogowskaz.comment.ungroup", user=by,
            data={"same_as": lead.reference, "reason": "lead rejected"})


def publish_comments(comments, *, moderator, now=None):
    """Publish the given comments; return how many changed. Comments already public, not confirmed
    by their authors or withdrawn by them are left as they are."""
    return _moderate(comments, moderator=moderator, now=now, publish=True, reason="", skip=lambda c: (
        (c.is_public and not c.is_removed) or c.confirmed_at is None or c.withdrawn_at is not None))


def _require_duplicate_target(comments, duplicate_of):
    if duplicate_of is None:
        raise Refused(_("Name the comment this one duplicates."))
    if duplicate_of.pk in {c.pk for c in comments}:
        raise Refused(_("A comment cannot duplicate itself."))
    if {c.plan_id for c in comments} != {duplicate_of.plan_id} or duplicate_of.status != CommentStatus.PUBLISHED:
        raise Refused(_("A comment can duplicate only a published comment on the same plan."))


def reject_comments(comments, *, moderator, reason, category=RejectionCategory.OTHER, duplicate_of=None, now=None):
    """Reject the given comments with a reason the commenter can be told; return how many changed.

    `category` is how the report names the reason (off-topic, offensive, duplicate of K-…, late,
    other); a duplicate names the published comment it repeats, whose position then answers it.
    A rejected comment stays in the record (and in the report's table); a withdrawn one is left as
    its author left it, and one its author has not confirmed is not yet received: both are skipped.
    """
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Give the reason for rejection."))
    if category not in RejectionCategory.values:
        raise Refused(_("Choose the kind of rejection."))
    if category == RejectionCategory.DUPLICATE:
        _require_duplicate_target(comments, duplicate_of)
    else:
        duplicate_of = None
    return _moderate(comments, moderator=moderator, now=now, publish=False, reason=reason,
                     category=category, duplicate_of=duplicate_of,
                     skip=lambda c: c.withdrawn_at is not None or c.confirmed_at is None)


def dismiss_flags(comment, *, moderator, now=None):
    """The moderator read the flags and keeps the comment published; returns how many were dismissed."""
    now = now or timezone.now()
    with transaction.atomic():
        comment = _locked([comment.pk]).get()
        _require_moderator_on_open_record(moderator, [comment])
        dismissed = comment.reader_flags.filter(reviewed_at__isnull=True).update(reviewed_at=now, reviewed_by=moderator)
        if dismissed:
            log(instance=comment, action="drogowskaz.comment.flags_dismissed", user=moderator,
                data={"flags": dismissed})
    return dismissed


INTERNAL_NOTE_MAX_CHARS = 5000


def add_internal_note(comment, *, author, text, now=None):
    """A note of the expert team on a comment, for the staff only (never public, never exported).

    Refused for anyone who may not moderate, for an empty note or one longer than
    INTERNAL_NOTE_MAX_CHARS (said, not cut), and once the plan is adopted. Plain text, kept as typed.
    """
    text = clean_plain_text(text)
    with transaction.atomic():
        comment = _locked([comment.pk]).get()
        require(can_moderate(author), _("Only the expert team can write internal notes."))
        for plan in _plans_of([comment]):
            require_region(author, [plan])
            require_not_frozen(plan)
        require(text, _("Write the note."))
        require(len(text) <= INTERNAL_NOTE_MAX_CHARS,
                _("The note is %(length)d characters long; at most %(limit)d are allowed. Shorten it.")
                % {"length": len(text), "limit": INTERNAL_NOTE_MAX_CHARS})
        note = InternalNote.objects.create(comment=comment, author=author, text=text, created_at=now or timezone.now())
        log(instance=comment, action="drogowskaz.comment.note", user=author, data={"note": note.pk})
    return note


def answerable_versions(comment):
    """Versions an official response may name as the one that made the change: versions of the
    comment's plan published after the comment was submitted."""
    if comment.plan_id is None:
        return PlanVersion.objects.none()
    return PlanVersion.objects.filter(plan_id=comment.plan_id, published_at__gt=comment.submit_date).order_by("number")


def _require_answerable(comment, publish, submit=False):
    if comment.level != 0:
        raise Refused(_("An official response can be given to a comment only, not to a reply."))
    if comment.withdrawn_at is not None:
        raise Refused(_("This comment was withdrawn by its author; it is not answered."))
    if comment.is_removed:
        raise Refused(_("A rejected comment cannot be answered."))
    if comment.same_as_id is not None:
        raise Refused(_("This comment is answered by the response to %(ref)s, the comment leading its group; "
                        "take it out of the group to answer it on its own.")
                      % {"ref": comment_reference(comment.same_as_id)})
    if publish and comment.status != CommentStatus.PUBLISHED:
        raise Refused(_("A response can be published only once the comment is published; save it as a draft."))
    if submit and comment.status != CommentStatus.PUBLISHED:
        raise Refused(_("A response can be submitted for approval only once the comment is published; "
                        "save it as a draft."))


def approve_and_publish(response, *, by, now, version_named=False):
    """Mark `response` approved by the coordinator `by` and publish it; the caller holds the comment's
    lock, has checked the rules and saves the response. A response published for the first time tells
    the commenters (`events.response_published`), once, inside the caller's transaction; returns
    whether it was published now. A response already published that now names the version that made
    the change (`version_named`) tells them again, with the version ("you said, we did")."""
    newly_published = response.published_at is None
    response.review_state, response.review_note = ReviewState.APPROVED, ""
    response.reviewed_by, response.reviewed_at = by, now
    response.submitted_at = response.submitted_at or now
    if newly_published:
        response.published_at = now
    response.save()
    if newly_published or (version_named and response.version_id):
        events.response_published(response)
    return newly_published


def save_response(comment, *, author, disposition, justification, publish=False, submit=False, version=None,
                  now=None):
    """Write (or rewrite) the official response to a top-level comment.

    Two steps (issue 14): an expert saves a draft, or submits it for approval (`submit`); only a
    coordinator (`can_approve_responses`) publishes. `publish` by a coordinator approves and publishes
    at once; `publish` by an expert who is not a coordinator means "submit for approval" and publishes
    nothing. Once approved and published, a response is changed by a coordinator only; saved again
    without `publish`, it is taken off the public pages and becomes a draft (or is submitted).

    The comment is read again under a lock, so the rules see its state as stored, not as the
    caller's copy last saw it. A response is submitted or published only on a published comment; a
    draft may be written while the comment waits for moderation.
    """
    require(can_respond(author), _("Only the expert team can answer comments officially."))
    if disposition not in Disposition.values:
        raise Refused(_("Choose the position on the comment."))
    justification = (justification or "").strip()
    if not justification:
        raise Refused(_("Give the justification of the position."))
    coordinator = can_approve_responses(author)
    if publish and not coordinator:
        publish, submit = False, True
    submit = bool(submit) and not publish
    now = now or timezone.now()
    with transaction.atomic():
        comment = _locked([comment.pk]).get()
        for plan in _plans_of([comment]):
            require_region(author, [plan])
            require_not_frozen(plan)
        _require_answerable(comment, publish, submit)
        if version is not None and not answerable_versions(comment).filter(pk=version.pk).exists():
            raise Refused(_("Only a version of this plan published after the comment can be named as the one "
                            "that made the change."))
        response = OfficialResponse.objects.select_for_update().filter(comment=comment).first()
        if response is not None and response.is_published and not coordinator:
            raise Refused(_("This response has been approved and published; only a coordinator can change it."))
        if response is None:
            response = OfficialResponse(comment=comment)
        version_named = (version.pk if version else None) != response.version_id
        response.disposition, response.justification, response.author = disposition, justification, author
        response.version = version
        if publish:
            approve_and_publish(response, by=author, now=now, version_named=version_named)
        else:
            response.published_at = None
            response.review_state = ReviewState.SUBMITTED if submit else ReviewState.DRAFT
            if submit:
                response.submitted_at = now
            response.save()
        log(
            instance=comment, action="drogowskaz.response.save", user=author,
            data={"disposition": disposition, "published": bool(response.published_at),
                  "state": response.review_state, "version": version.number if version else None},
        )
        if submit:
            log(instance=comment, action="drogowskaz.response.submit", user=author, data={"response": response.pk})
        if publish:
            log(instance=comment, action="drogowskaz.response.approve", user=author, data={"response": response.pk})
    return response
