"""Comments on one paragraph of a chapter, and flags about them from the public.

"Report" in this project means only the consultation report; a person who thinks a published
comment breaks the rules *flags* it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment, XtdCommentManager


class CommentStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("awaiting email confirmation")
    PENDING = "pending", _("awaiting moderation")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn by its author")


UNANSWERED = "unanswered"  # views of the moderation queue, not states of their own
FLAGGED = "flagged"


class CommenterKind(models.TextChoices):
    PERSON = "person", _("private person")
    ORGANISATION = "organisation", _("organisation or institution")


def comment_reference(pk):
    """The number a commenter sees on the receipt and can quote."""
    return f"K-{pk:05d}" if pk else ""


def public_author(*, pk, user_name, organisation, commenter_kind, publish_name):
    """How a commenter is named in public, on every page, in the API and in the report.

    An organisation or institution is named; a private person by the signature only when they
    chose so on the form, otherwise as "private person (K-00012)".
    """
    if commenter_kind != CommenterKind.PERSON and organisation:
        return f"{user_name} ({organisation})" if user_name and publish_name else organisation
    if publish_name and user_name:
        return user_name
    return gettext("private person (%(ref)s)") % {"ref": comment_reference(pk)}


class ParagraphCommentQuerySet(models.QuerySet):
    def published(self):
        """Visible to everyone: published by a moderator and not removed."""
        return self.filter(is_public=True, is_removed=False)

    def pending(self):
        """Confirmed by email, waiting for a moderator."""
        return self.filter(is_public=False, is_removed=False, confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(is_public=False, is_removed=False, confirmed_at__isnull=True)

    def rejected(self):
        return self.filter(is_removed=True, withdrawn_at__isnull=True)

    def withdrawn(self):
        """Withdrawn by their authors before a moderator acted: kept in the record, never shown."""
        return self.filter(withdrawn_at__isnull=False)

    def unanswered(self):
        """Published comments the experts still owe an official response (replies need none)."""
        return self.published().filter(level=0).exclude(official_response__published_at__isnull=False)

    def flagged(self):
        """Published comments with flags from readers that no moderator has reviewed yet."""
        return self.published().filter(pk__in=CommentFlag.objects.filter(reviewed_at__isnull=True).values("comment_id"))

    def with_status(self, status):
        return {
            CommentStatus.UNCONFIRMED: self.unconfirmed,
            CommentStatus.PENDING: self.pending,
            CommentStatus.PUBLISHED: self.published,
            CommentStatus.REJECTED: self.rejected,
            CommentStatus.WITHDRAWN: self.withdrawn,
            UNANSWERED: self.unanswered,
            FLAGGED: self.flagged,
        }[status]()

    def for_chapter(self, chapter):
        return self.filter(content_type__app_label="consultation", content_type__model="chapterpage",
                           object_pk=str(chapter.pk))


class ParagraphCommentManager(XtdCommentManager.from_queryset(ParagraphCommentQuerySet)):
    pass


class ParagraphComment(XtdComment):
    """A comment on one paragraph (block) of a chapter.

    Inherits threading from django-comments-xtd and name, email, text, IP, dates and the
    `is_public`/`is_removed` pair from django-contrib-comments. Nothing a member of the public
    writes is public until a moderator publishes it: `is_public` starts False. A comment reaches
    the moderators only once its author confirms it from the link sent by email (`confirmed_at`).
    `user_name` holds the signature and `user_email` the address, which is never shown publicly.
    """

    paragraph_key = models.CharField(_("paragraph key"), max_length=64, db_index=True)
    page_revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name=_("chapter revision"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    paragraph_text = models.TextField(_("paragraph text when commented on"), blank=True)
    title = models.CharField(_("title"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    publish_name = models.BooleanField(
        _("signature may be published"), default=False,
        help_text=_("A private person chose to be named in public; otherwise a pseudonym is shown."),
    )
    commenter_kind = models.CharField(
        _("commenter kind"), max_length=20, choices=CommenterKind.choices, default=CommenterKind.PERSON
    )
    consent_given_at = models.DateTimeField(_("consent to data processing"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    confirmation_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.UUIDField(_("form idempotency key"), null=True, blank=True, unique=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("moderator"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn by its author at"), null=True, blank=True)

    objects = ParagraphCommentManager()

    class Meta:
        verbose_name = _("paragraph comment")
        verbose_name_plural = _("paragraph comments")
        permissions = [("moderate_paragraphcomment", _("Can moderate comments"))]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    @property
    def reference(self):
        return comment_reference(self.pk)

    @property
    def status(self):
        if self.withdrawn_at is not None:
            return CommentStatus.WITHDRAWN
        if self.is_removed:
            return CommentStatus.REJECTED
        if self.is_public:
            return CommentStatus.PUBLISHED
        if self.confirmed_at is None:
            return CommentStatus.UNCONFIRMED
        return CommentStatus.PENDING

    def get_status_display(self):
        return CommentStatus(self.status).label

    @property
    def public_author(self):
        return public_author(pk=self.pk, user_name=self.user_name, organisation=self.organisation,
                             commenter_kind=self.commenter_kind, publish_name=self.publish_name)


class CommentFlag(models.Model):
    """A flag from the public that a published comment breaks the rules.

    A flag never hides a comment by itself: it puts the comment on the moderators' list of flagged
    comments, and the comment stays visible until a moderator rejects it or dismisses the flags.
    django-contrib-comments' CommentFlag needs a logged-in user; the public is anonymous, so
    flaggers are told apart by a salted hash of their session, which is never shown.
    """

    comment = models.ForeignKey(ParagraphComment, on_delete=models.CASCADE, related_name="reader_flags")
    reporter_key = models.CharField(max_length=64)
    reason = models.TextField(_("reason for the flag"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("comment flag")
        verbose_name_plural = _("comment flags")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter_key"], name="one_report_per_reporter")
        ]
