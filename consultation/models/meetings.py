"""Consultation meetings (spotkania konsultacyjne): announced with the plan, minutes attached after.

A meeting is part of the plan page and is edited in its editor, so it is published, revised and
logged with the page; the act on development policy requires announcing its date and place.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable


class ConsultationMeeting(Orderable):
    plan = ParentalKey("consultation.PlanPage", on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place (address and room)"), max_length=255, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    accessibility = models.TextField(
        _("accessibility"), blank=True,
        help_text=_("Step-free access, induction loop, sign language interpreter on request, and so on."),
    )
    registration = models.TextField(
        _("registration"), blank=True, help_text=_("How and by when to register, if registration is needed."),
    )
    registration_url = models.URLField(_("registration link"), blank=True)
    participants = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    minutes = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("minutes"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    announced_at = models.DateTimeField(_("announced to followers at"), null=True, blank=True, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("place"), FieldPanel("online_url")]),
        FieldPanel("accessibility"),
        FieldRowPanel([FieldPanel("registration"), FieldPanel("registration_url")]),
        FieldRowPanel([FieldPanel("participants"), FieldPanel("minutes")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("consultation meeting")
        verbose_name_plural = _("consultation meetings")
        ordering = ["starts_at"]

    def __str__(self):
        where = self.place or self.online_url
        return f"{timezone.localtime(self.starts_at):%Y-%m-%d %H:%M} {where}".strip()

    def clean(self):
        errors = {}
        if not (self.place or self.online_url):
            errors["place"] = _("Give the place or the online link: the meeting must be announced with its place.")
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The meeting must end after it starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_past(self):
        return (self.ends_at or self.starts_at) < timezone.now()
