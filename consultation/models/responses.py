"""The official answer of the expert team to a comment."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from consultation.models.comments import ParagraphComment


class Disposition(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    NOT_ACCEPTED = "not_accepted", _("not accepted")
    EXPLANATION = "explanation", _("explanation")


class OfficialResponse(models.Model):
    """How the experts dealt with a top-level comment, with a justification.

    Public under the comment once `published_at` is set and the comment itself is published.
    """

    comment = models.OneToOneField(
        ParagraphComment, on_delete=models.CASCADE, related_name="official_response",
        verbose_name=_("comment"),
    )
    disposition = models.CharField(_("disposition"), max_length=20, choices=Disposition.choices)
    justification = models.TextField(_("justification"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    version = models.ForeignKey(
        "consultation.PlanVersion", verbose_name=_("version that made the change"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="responses",
    )

    class Meta:
        verbose_name = _("official response")
        verbose_name_plural = _("official responses")

    def __str__(self):
        return f"{self.comment.reference}: {self.get_disposition_display()}"

    @property
    def is_published(self):
        return self.published_at is not None
