"""The official answer of the expert team to a comment."""

from django.conf import settings
from django.db import models, router, transaction
from django.utils.translation import gettext_lazy as _

from consultation.core.polish_words import index_terms
from consultation.core.term_search import SearchTermsField
from consultation.models.comments import ParagraphComment, refresh_awaiting_response


class Disposition(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    NOT_ACCEPTED = "not_accepted", _("not accepted")
    EXPLANATION = "explanation", _("explanation")


class ReviewState(models.TextChoices):
    """Where a response stands in the two steps: an expert drafts, a coordinator approves."""

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("awaiting the coordinator's approval")
    RETURNED = "returned", _("returned to the expert")
    APPROVED = "approved", _("approved")


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

    review_state = models.CharField(_("review"), max_length=20, choices=ReviewState.choices,
                                    default=ReviewState.DRAFT)
    submitted_at = models.DateTimeField(_("submitted for approval at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    review_note = models.TextField(_("coordinator's note"), blank=True)
    # The Polish search terms of the justification (core.term_search), stored by save() for the site's
    # search (a GIN index on PostgreSQL, migration 0021).
    search_terms = SearchTermsField(_("search terms"))

    class Meta:
        permissions = [("approve_officialresponse", _("Can approve official responses"))]
        verbose_name = _("official response")
        verbose_name_plural = _("official responses")

    def __str__(self):
        return f"{self.comment.reference}: {self.get_disposition_display()}"

    @property
    def is_published(self):
        return self.published_at is not None

    def save(self, *args, **kwargs):
        """Save, and with a change of publication, whether its comment and the comment's group await a response."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "justification" in update_fields:
            self.search_terms = index_terms(self.justification)
            if update_fields is not None:
                kwargs["update_fields"] = update_fields = {*update_fields, "search_terms"}
        with transaction.atomic(using=kwargs.get("using") or router.db_for_write(type(self), instance=self)):
            super().save(*args, **kwargs)
            if update_fields is None or "published_at" in update_fields:
                refresh_awaiting_response([self.comment_id])

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using") or router.db_for_write(type(self), instance=self)):
            deleted = super().delete(*args, **kwargs)
            refresh_awaiting_response([self.comment_id])
        return deleted
