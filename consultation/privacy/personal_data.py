"""Personal data of commenters (RODO/GDPR): export, erasure under a pseudonym, retention."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultation.models import MailOptOut, OutgoingMail, ParagraphComment, PlanFollower
from consultation.plans.rules import can_manage_personal_data, require


def comments_of(email):
    return ParagraphComment.objects.filter(user_email__iexact=(email or "").strip()).order_by("submit_date")


def pseudonym(email):
    """A stable name that replaces a person's signature, from which the email cannot be read back."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:pseudonym:{email.strip().lower()}".encode()).hexdigest()
    return f"Anonim-{digest[:8]}"


def export_personal_data(email):
    """Everything stored about the person who used `email`, as JSON-ready data."""
    comments = comments_of(email).select_related("official_response").prefetch_related("corrections")
    return {
        "email": email,
        "comments": [
            {
                "reference": c.reference,
                "submitted_at": c.submit_date.isoformat(),
                "status": c.status.value if hasattr(c.status, "value") else c.status,
                "title": c.title,
                "text": c.comment,
                "signature": c.user_name,
                "organisation": c.organisation,
                "commenter_kind": c.commenter_kind,
                "ip_address": c.ip_address,
                "consent_given_at": c.consent_given_at.isoformat() if c.consent_given_at else None,
                "confirmed_at": c.confirmed_at.isoformat() if c.confirmed_at else None,
                "paragraph_text": c.paragraph_text,
                "proposed_wording": c.proposed_wording,
                "justification": c.justification,
                "channel": c.channel,
                "received_on": c.received_on.isoformat() if c.received_on else None,
                "corrections": [{"corrected_at": k.corrected_at.isoformat(), "previous": k.previous}
                                for k in c.corrections.all()],
                "response": (
                    {"disposition": c.official_response.disposition,
                     "justification": c.official_response.justification}
                    if getattr(c, "official_response", None) is not None and c.official_response.is_published
                    else None  # a draft, submitted or returned response is the team's work, not yet an answer
                ),
            }
            for c in comments
        ],
        "following": [
            {"plan": f.plan.title, "asked_at": f.created_at.isoformat(),
             "confirmed_at": f.confirmed_at.isoformat() if f.confirmed_at else None}
            for f in PlanFollower.objects.filter(email__iexact=email.strip()).select_related("plan")
        ],
        "unsubscribed_from": [o.plan.title for o in MailOptOut.objects.filter(
            email__iexact=email.strip()).select_related("plan")],
        "mail": [
            {"subject": m.subject, "queued_at": m.created_at.isoformat(), "state": m.state,
             "sent_at": m.sent_at.isoformat() if m.sent_at else None}
            for m in OutgoingMail.objects.filter(to__iexact=email.strip()).order_by("created_at", "pk")
        ],
    }


def erase_personal_data(email, *, user):
    """Replace the person's signature, email and IP address with a pseudonym; keep the comments.

    The consultation record (comment text, responses) stays complete, as the report must answer
    every comment. The scan of an original received on paper or by email carries the signature and
    cannot be pseudonymised, so it is deleted with its file. Only an administrator may do it.
    Returns how many comments were changed.
    """
    require(can_manage_personal_data(user), _("Only an administrator can erase personal data."))
    require((email or "").strip(), _("Give the email address."))
    name = pseudonym(email)
    with transaction.atomic():
        comments = list(comments_of(email).select_related(None).select_for_update())
        for comment in comments:
            comment.user_name, comment.user_email, comment.ip_address = name, "", None
            comment.user_id = None
            comment.publish_name = False
            original, comment.original_document = comment.original_document, None
            comment.save(update_fields=["user_name", "user_email", "ip_address", "user", "publish_name",
                                        "original_document"])
            if original is not None:
                original.delete()  # Wagtail removes the file from storage once the transaction commits
            log(instance=comment, action="drogowskaz.privacy.erase", user=user,
                data={"pseudonym": name, "original_deleted": original is not None})
        # The address goes from the mail record too: the outbox (sent or waiting), following, opt-outs.
        address = email.strip()
        OutgoingMail.objects.filter(to__iexact=address).delete()
        PlanFollower.objects.filter(email__iexact=address).delete()
        MailOptOut.objects.filter(email__iexact=address).delete()
    return len(comments)


def apply_retention(now=None):
    """Drop IP addresses older than DROGOWSKAZ_IP_RETENTION_DAYS and delete comments never confirmed
    within DROGOWSKAZ_CONFIRMATION_HOURS. Returns (addresses dropped, comments deleted)."""
    now = now or timezone.now()
    ip_cutoff = now - timedelta(days=settings.DROGOWSKAZ_IP_RETENTION_DAYS)
    unconfirmed_cutoff = now - timedelta(hours=settings.DROGOWSKAZ_CONFIRMATION_HOURS)
    with transaction.atomic():
        dropped = ParagraphComment.objects.filter(submit_date__lt=ip_cutoff, ip_address__isnull=False).update(
            ip_address=None
        )
        stale = ParagraphComment.objects.unconfirmed().filter(
            submit_date__lt=unconfirmed_cutoff, confirmation_sent_at__lt=unconfirmed_cutoff
        )
        deleted = 0
        for comment in stale:  # one by one: deleting the MTI parents too
            comment.delete()
            deleted += 1
        PlanFollower.objects.filter(confirmed_at__isnull=True, created_at__lt=unconfirmed_cutoff).delete()
    return dropped, deleted
