"""Mail to the expert team about what the public did (queued in the outbox with the change)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from consultation.moderation.assignment import assignable_experts
from consultation.notifications import events


def moderator_emails(plan):
    """Addresses of the active people who may moderate the comments of `plan` (its region's, issue 16)."""
    return sorted(set(assignable_experts(working_on=plan).exclude(email="").values_list("email", flat=True)))


def notify_moderators_of_flag(comment, flag, reason):
    """Tell the moderators that a published comment was flagged, with a link to it in the admin
    (through the outbox, in the transaction that stored the flag)."""
    recipients = moderator_emails(comment.plan)
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("moderation:comment", args=[comment.pk])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Comment %(ref)s was flagged") % {"ref": comment.reference}
        body = _(
            "A reader flagged published comment %(ref)s as breaking the rules.\n\nReason given: %(reason)s\n\n"
            "The comment stays visible until a moderator decides: %(link)s\n"
        ) % {"ref": comment.reference, "reason": reason or "—", "link": link}
    events.to_staff(recipients, key=f"flag:{flag.pk}", kind="flag", subject=subject, body=body,
                    plan=comment.plan, comment=comment)
