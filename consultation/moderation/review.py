"""The second step of an official response: a coordinator approves it (and so publishes it) or returns it
to the expert with a note.

An expert writes a response as a draft and submits it (`actions.save_response`); a coordinator (the
group Koordynatorzy, `can_approve_responses`) may edit it there too. Each action here checks its own
rules, runs in one transaction with the comment's row locked and writes Wagtail's log.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultation.core.refusals import Refused
from consultation.core.sanitize import clean_plain_text
from consultation.models import CommentStatus, OfficialResponse, ReviewState
from consultation.moderation.actions import _locked, _plans_of, approve_and_publish
from consultation.plans.rules import can_approve_responses, require, require_not_frozen, require_region

REVIEW_NOTE_MAX_CHARS = 5000


def _locked_response(response, by):
    """The comment and its response read again under the comment's lock, with the rules every review
    shares: a coordinator, a plan not adopted, a comment that can still be answered."""
    require(can_approve_responses(by), _("Only a coordinator can approve or return official responses."))
    comment = _locked([response.comment_id]).get()
    for plan in _plans_of([comment]):
        require_region(by, [plan])
        require_not_frozen(plan)
    response = OfficialResponse.objects.select_for_update().filter(pk=response.pk).first()
    if response is None:
        raise Refused(_("This response no longer exists."))
    if comment.withdrawn_at is not None:
        raise Refused(_("This comment was withdrawn by its author; it is not answered."))
    if comment.is_removed:
        raise Refused(_("A rejected comment cannot be answered."))
    return comment, response


def _reviewable(response, by):
    """A submitted response, or a draft (or returned one) the coordinator `by` wrote."""
    if response.review_state == ReviewState.SUBMITTED:
        return True
    return response.review_state in (ReviewState.DRAFT, ReviewState.RETURNED) and response.author_id == by.pk


def approve_response(response, *, by, now=None):
    """The coordinator `by` approves the response, which is published at once under its comment.

    Refused unless the response was submitted for approval (or is a draft `by` wrote), while the
    comment is not published, and once the plan is adopted. The commenters are told
    (`events.response_published`) when it is published for the first time.
    """
    now = now or timezone.now()
    with transaction.atomic():
        comment, response = _locked_response(response, by)
        if response.review_state == ReviewState.APPROVED:
            raise Refused(_("This response is already approved and published."))
        require(_reviewable(response, by),
                _("Only a response submitted for approval can be approved; the expert has not submitted this one."))
        require(comment.status == CommentStatus.PUBLISHED,
                _("A response can be approved only once the comment is published; publish the comment first."))
        approve_and_publish(response, by=by, now=now)
        log(instance=comment, action="drogowskaz.response.approve", user=by,
            data={"response": response.pk, "author": response.author.get_username() if response.author else None})
    return response


def return_response(response, *, by, note, now=None):
    """The coordinator `by` returns a submitted response to its expert with a note saying what to change.

    The note is plain text of at most REVIEW_NOTE_MAX_CHARS characters (refused, not cut), shown to
    the expert on the comment's screen. Only a submitted response can be returned; it is not public.
    """
    note = clean_plain_text(note)
    now = now or timezone.now()
    with transaction.atomic():
        comment, response = _locked_response(response, by)
        require(response.review_state == ReviewState.SUBMITTED,
                _("Only a response submitted for approval can be returned."))
        require(note, _("Write a note for the expert: what should change in the response."))
        require(len(note) <= REVIEW_NOTE_MAX_CHARS,
                _("The note is %(length)d characters long; at most %(limit)d are allowed. Shorten it.")
                % {"length": len(note), "limit": REVIEW_NOTE_MAX_CHARS})
        response.review_state, response.review_note = ReviewState.RETURNED, note
        response.reviewed_by, response.reviewed_at = by, now
        response.published_at = None
        response.save(update_fields=["review_state", "review_note", "reviewed_by", "reviewed_at", "published_at",
                                     "updated_at"])
        log(instance=comment, action="drogowskaz.response.return", user=by,
            data={"response": response.pk, "note": note})
    return response
