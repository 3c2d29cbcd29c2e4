"""Following a plan by email (double opt-in, no account) and unsubscribing from its news.

Nobody learns from these answers whether an address follows a plan: asking again sends a new
confirmation link and says the same thing.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultation.core.refusals import Refused
from consultation.models import (
    Adoption,
    MailOptOut,
    MailState,
    OutgoingMail,
    PlanFollower,
    PlanPage,
)
from consultation.notifications import events
from consultation.notifications.addresses import normalised, read_unsubscribe_token
from consultation.participation.confirmation import find_by_token, issue_token_hash


def follow_plan(plan, email, *, now=None):
    """Ask to follow `plan` at `email`: stores the address unconfirmed (or gives a confirmed one a new
    link) and queues the confirmation mail. Refused for an invalid address or a plan not published."""
    address = normalised(email)
    try:
        validate_email(address)
    except ValidationError:
        raise Refused(_("The email address is not valid.")) from None
    if not plan.live:
        raise Refused(_("This plan is not published."))
    if Adoption.objects.filter(plan=plan).exists():
        raise Refused(_("This plan has been adopted; there will be no more news of its consultation."))
    now = now or timezone.now()
    token, token_hash = issue_token_hash()
    with transaction.atomic():
        follower, _created = PlanFollower.objects.select_for_update().get_or_create(
            plan=plan, email=address, defaults={"token_hash": token_hash, "created_at": now})
        follower.token_hash, follower.created_at = token_hash, now
        follower.save(update_fields=["token_hash", "created_at"])
        log(instance=plan, action="drogowskaz.plan.follow", data={"follower": follower.pk})
        events.follow_requested(follower, token)
    return follower


def confirm_follow(token, *, now=None):
    """Confirm a follow from the emailed link (valid for DROGOWSKAZ_CONFIRMATION_HOURS). An address
    that had unsubscribed from the plan's news hears of it again."""
    now = now or timezone.now()
    with transaction.atomic():
        follower = find_by_token(PlanFollower.objects.select_for_update(), token)
        if follower is None:
            raise Refused(_("This link is not valid. It may have been used already."))
        if follower.confirmed_at is None and follower.created_at < now - timedelta(
                hours=settings.DROGOWSKAZ_CONFIRMATION_HOURS):
            raise Refused(_("This link has expired. Ask for news of the plan again."))
        if follower.confirmed_at is None:
            follower.confirmed_at = now
            follower.save(update_fields=["confirmed_at"])
            MailOptOut.objects.filter(plan_id=follower.plan_id, email=follower.email).delete()
            log(instance=follower.plan, action="drogowskaz.plan.follow_confirmed", data={"follower": follower.pk})
    return follower


def unsubscribe(token, *, now=None):
    """Stop all news of a plan to an address (the link in every mail; one click, RFC 8058): the address
    stops following the plan, is not told of its comments any more, and mail of that kind still
    waiting in the outbox is cancelled. The confirmation of a comment is not news: it is still sent.
    Returns the plan; refused for a link that is not valid."""
    found = read_unsubscribe_token(token)
    plan = PlanPage.objects.filter(pk=found[1]).first() if found else None
    if plan is None:
        raise Refused(_("This link is not valid."))
    email = found[0]
    with transaction.atomic():
        _opt_out, created = MailOptOut.objects.get_or_create(plan=plan, email=email,
                                                             defaults={"created_at": now or timezone.now()})
        PlanFollower.objects.filter(plan=plan, email=email).delete()
        OutgoingMail.objects.filter(plan=plan, to__iexact=email, state=MailState.QUEUED).exclude(
            unsubscribe_url="").update(state=MailState.CANCELLED)
        if created:
            log(instance=plan, action="drogowskaz.plan.unsubscribe", data={"opt_out": _opt_out.pk})
    return plan
