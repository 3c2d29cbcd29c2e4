"""The outbox of mail, followers of a plan and addresses that asked for no more mail (issue 14).

A mail is written to the outbox in the same transaction as the change it reports, and a worker
(django-tasks' database backend, `manage.py db_worker`) sends it; see `consultation/notifications`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailState(models.TextChoices):
    QUEUED = "queued", _("waiting to be sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("given up after repeated failures")
    CANCELLED = "cancelled", _("cancelled")


class OutgoingMail(models.Model):
    """One message to one address, kept until sent and afterwards as the record of what was sent.

    `key` names the event and the recipient, so the same event never queues the same mail twice;
    `message_id` is fixed when the mail is queued, so a mail sent again after a crash between
    sending and marking it sent is recognised by mail programs as the same message.
    """

    key = models.CharField(_("event key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    to = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    unsubscribe_url = models.URLField(_("unsubscribe link"), max_length=500, blank=True,
                                      help_text=_("Empty for transactional mail, which cannot be unsubscribed."))
    plan = models.ForeignKey("consultation.PlanPage", verbose_name=_("plan"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    comment = models.ForeignKey("consultation.ParagraphComment", verbose_name=_("comment"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(_("state"), max_length=20, choices=MailState.choices, default=MailState.QUEUED,
                             db_index=True)
    created_at = models.DateTimeField(_("queued at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.kind} → {self.to}"


class PlanFollower(models.Model):
    """Someone who asked to hear about a plan (no account needed), confirmed by a link (double opt-in).

    Only a hash of each link's token is kept. Unsubscribing deletes the address from the list."""

    plan = models.ForeignKey("consultation.PlanPage", verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="followers")
    email = models.EmailField(_("email"))
    token_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(_("asked at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("follower of a plan")
        verbose_name_plural = _("followers of plans")
        constraints = [models.UniqueConstraint(fields=["plan", "email"], name="one_follow_per_address")]

    def __str__(self):
        return self.email


class MailOptOut(models.Model):
    """An address that asked for no more news about its comments on a plan (List-Unsubscribe).

    Transactional mail (the confirmation of a comment) is still sent: the person asked for it."""

    email = models.EmailField(_("email"))
    plan = models.ForeignKey("consultation.PlanPage", verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="+")
    created_at = models.DateTimeField(_("unsubscribed at"))

    class Meta:
        verbose_name = _("unsubscribed address")
        verbose_name_plural = _("unsubscribed addresses")
        constraints = [models.UniqueConstraint(fields=["email", "plan"], name="one_opt_out_per_plan")]
