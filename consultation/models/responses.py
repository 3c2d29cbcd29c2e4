"""The official answer of the expert team to a comment."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .comments import ParagraphComment


class Disposition(models.TextChoices):
    ACCEPTED = "accepted", _("uwzględniona")
    PARTLY = "partly", _("częściowo uwzględniona")
    NOT_ACCEPTED = "not_accepted", _("nieuwzględniona")
    EXPLANATION = "explanation", _("wyjaśnienie")


class OfficialResponse(models.Model):
    """How the experts dealt with a top-level comment, with a justification.

    Public under the comment once `published_at` is set and the comment itself is published.
    """

    comment = models.OneToOneField(
        ParagraphComment, on_delete=models.CASCADE, related_name="official_response",
        verbose_name=_("komentarz"),
    )
    disposition = models.CharField(_("rozstrzygnięcie"), max_length=20, choices=Disposition.choices)
    justification = models.TextField(_("uzasadnienie"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("autor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)
    published_at = models.DateTimeField(_("opublikowano"), null=True, blank=True)

    class Meta:
        verbose_name = _("odpowiedź oficjalna")
        verbose_name_plural = _("odpowiedzi oficjalne")

    def __str__(self):
        return f"{self.comment.reference}: {self.get_disposition_display()}"

    @property
    def is_published(self):
        return self.published_at is not None
