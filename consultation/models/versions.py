"""Public versions of a plan, and its adoption by the regional board.

A version is a frozen copy of the plan's published text at one moment: the chapters' titles,
numbers and bodies are copied (with their block UUIDs), so a version stays what it was whatever
happens later to the pages or to Wagtail's revision history.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanVersion(models.Model):
    plan = models.ForeignKey("consultation.PlanPage", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=200,
                             help_text=_("For example: draft for consultation, after consultation."))
    plan_revision = models.ForeignKey("wagtailcore.Revision", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_number_per_plan_version")]

    def __str__(self):
        return _("version %(number)s — %(label)s") % {"number": self.number, "label": self.label}


class PlanVersionChapter(models.Model):
    """One chapter as it stood in a version. `chapter_page_id` identifies the chapter across versions."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="chapters")
    chapter_page_id = models.PositiveIntegerField()
    revision = models.ForeignKey("wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    position = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255)
    body = models.JSONField(default=list)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "chapter_page_id"], name="one_copy_of_a_chapter_per_version")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class AdoptingBody(models.TextChoices):
    BOARD = "board", _("Regional Board (Zarząd Województwa)")
    ASSEMBLY = "assembly", _("Regional Assembly (Sejmik Województwa)")


class Adoption(models.Model):
    """The resolution that adopted the plan. Recording it freezes the plan."""

    plan = models.OneToOneField("consultation.PlanPage", on_delete=models.PROTECT, related_name="adoption")
    version = models.OneToOneField(PlanVersion, on_delete=models.PROTECT, related_name="adoption",
                                   verbose_name=_("adopted version"))
    resolution_number = models.CharField(_("resolution number"), max_length=100)
    resolution_date = models.DateField(_("resolution date"))
    adopting_body = models.CharField(_("adopting body"), max_length=20, choices=AdoptingBody.choices,
                                     default=AdoptingBody.BOARD)
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("resolution document"),
                                 on_delete=models.PROTECT, related_name="+")
    fingerprint = models.CharField(_("SHA-256 of the adopted text"), max_length=64)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")

    def __str__(self):
        return _("Resolution no. %(number)s") % {"number": self.resolution_number}


class Erratum(models.Model):
    """A correction notice on an adopted plan, recorded by an administrator with its reason.

    The adopted text and its fingerprint stay as the board adopted them; the erratum is shown
    beside them, so anyone can see what was corrected, when, by whom and why.
    """

    plan = models.ForeignKey("consultation.PlanPage", on_delete=models.PROTECT, related_name="errata")
    correction = models.TextField(_("correction"), help_text=_("What is corrected, and how it reads now."))
    reason = models.TextField(_("reason"))
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("erratum")
        verbose_name_plural = _("errata")
        ordering = ["plan", "recorded_at", "pk"]


class ReportPublication(models.Model):
    """The consultation report of a plan is public from `published_at` (after the consultation closed)."""

    plan = models.OneToOneField("consultation.PlanPage", on_delete=models.CASCADE, related_name="report_publication")
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        verbose_name = _("published consultation report")
        permissions = [("view_report_before_publication", _("Can see the consultation report before it is public"))]
