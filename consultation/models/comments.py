"""Comments on one paragraph of a chapter, and flags about them from the public.

"Report" in this project means only the consultation report; a person who thinks a published
comment breaks the rules *flags* it.
"""

from django.conf import settings
from django.db import models, router, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment, XtdCommentManager

from consultation.core.bounded_counts import count_up_to
from consultation.core.polish_words import index_terms
from consultation.core.term_search import SearchTermsField


class CommentStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("awaiting email confirmation")
    PENDING = "pending", _("awaiting moderation")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn by its author")


UNANSWERED = "unanswered"  # views of the moderation queue, not states of their own
FLAGGED = "flagged"


class CommenterKind(models.TextChoices):
    """Who submits, as the Polish consultation form asks: a person, an organisation, a public institution."""

    PERSON = "person", _("private person")
    ORGANISATION = "organisation", _("organisation")
    INSTITUTION = "institution", _("public institution")


class CommentScope(models.TextChoices):
    """What part of the document a comment concerns."""

    PARAGRAPH = "paragraph", _("paragraph")
    CHAPTER = "chapter", _("chapter as a whole")
    GENERAL = "general", _("general comment on the whole document")


class Channel(models.TextChoices):
    """How a comment reached the office. Only web comments are confirmed by email; the others are
    registered by staff on the submitter's behalf, with the date of receipt and the original."""

    WEB = "web", _("web form")
    EMAIL = "email", _("email")
    POST = "post", _("post or in person at the office")
    EPUAP = "epuap", _("ePUAP")
    MEETING = "meeting", _("orally at a consultation meeting (for the minutes)")
    OTHER = "other", _("other")


class RejectionCategory(models.TextChoices):
    """Why a comment was not taken up, as the report states it."""

    OFF_TOPIC = "off_topic", _("not about the document")
    OFFENSIVE = "offensive", _("offensive or unlawful content")
    DUPLICATE = "duplicate", _("duplicate of another comment")
    LATE = "late", _("received after the deadline")
    OTHER = "other", _("other reason")


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


# The fields searched by words (the moderation queue, the site's search), stored as Polish search terms in
# `search_terms` by save().
SEARCHED_FIELDS = ("title", "comment", "proposed_wording", "justification")

# The fields a comment's state follows (see ParagraphComment.status).
STATE_FIELDS = frozenset({"is_public", "is_removed", "confirmed_at", "withdrawn_at"})
# The stored fields and what each is worked out from: a save of any source saves the stored field too.
STORED_FROM = {"state": STATE_FIELDS, "chapter_pk": frozenset({"object_pk", "scope"}),
               "search_terms": frozenset(SEARCHED_FIELDS)}


def status_condition(status):
    """The condition on a comment (a Q) of each state and of the queue's views: one definition for the
    filters and for the counts. The states and "awaiting a response" are read from what is stored
    (`state`, `awaits_response`), which indexes serve."""
    if status in CommentStatus.values:
        return models.Q(state=status)
    return {
        UNANSWERED: models.Q(awaits_response=True),
        FLAGGED: models.Q(state=CommentStatus.PUBLISHED,
                          pk__in=CommentFlag.objects.filter(reviewed_at__isnull=True).values("comment_id")),
    }[status]


def awaiting_response_condition():
    """What `awaits_response` stores, worked out from the comment and the responses: a published
    top-level comment without a published response of its own or of the comment leading its group.
    Replies need no response."""
    return models.Q(state=CommentStatus.PUBLISHED, level=0, official_response__published_at__isnull=True,
                    same_as__official_response__published_at__isnull=True)


def refresh_awaiting_response(comment_ids):
    """Store `awaits_response` anew for the given comments and the members of the groups they lead.

    Called by the saves that can change it (a comment's, a response's): two queries, and an update
    only of what changed. Returns the ids of those that await one."""
    # The comments and their groups' members first, on this table alone (each condition has its index);
    # then the condition, with its joins, on those rows only.
    comments = ParagraphComment.objects.select_related(None).order_by()
    stored = dict(comments.filter(models.Q(pk__in=comment_ids) | models.Q(same_as_id__in=comment_ids))
                  .values_list("pk", "awaits_response"))
    awaiting = set(comments.filter(awaiting_response_condition(), pk__in=list(stored)).values_list("pk", flat=True))
    for value in (True, False):
        changed = [pk for pk, was in stored.items() if (pk in awaiting) == value and was != value]
        if changed:
            ParagraphComment.objects.filter(pk__in=changed).update(awaits_response=value)
    return awaiting


class ParagraphCommentQuerySet(models.QuerySet):
    def published(self):
        """Visible to everyone: published by a moderator and not removed."""
        return self.filter(status_condition(CommentStatus.PUBLISHED))

    def pending(self):
        """Confirmed by email, waiting for a moderator."""
        return self.filter(status_condition(CommentStatus.PENDING))

    def unconfirmed(self):
        return self.filter(status_condition(CommentStatus.UNCONFIRMED))

    def rejected(self):
        return self.filter(status_condition(CommentStatus.REJECTED))

    def withdrawn(self):
        """Withdrawn by their authors before a moderator acted: kept in the record, never shown."""
        return self.filter(status_condition(CommentStatus.WITHDRAWN))

    def unanswered(self):
        """Published comments the experts still owe an official response (replies need none; a comment
        grouped with another is answered by the response to the comment leading its group)."""
        return self.filter(status_condition(UNANSWERED))

    def flagged(self):
        """Published comments with flags from readers that no moderator has reviewed yet."""
        return self.filter(status_condition(FLAGGED))

    def with_status(self, status):
        return self.filter(status_condition(status))

    def count_by_status(self, tabs, up_to):
        """{name: how many of these comments are in it} of `tabs` ({name: a status, or None for all the
        comments}), each counted no further than `up_to` (core.bounded_counts): one query, each count
        found through the state's index."""
        return count_up_to({name: self if status is None else self.filter(status_condition(status))
                            for name, status in tabs.items()}, up_to, using=self.db)

    def count_by_status_among_first(self, tabs, up_to):
        """As count_by_status, but among the first `up_to` of these comments only, read in one scan: for
        a view whose rows a state's index does not find (a word search), where a count per tab would read
        the words' index once per tab. When these comments are more than `up_to`, every count is a lower
        bound (see `sampled`): returns (counts, sampled)."""
        first = ParagraphComment.objects.filter(pk__in=self.order_by().values("pk")[:up_to])
        counts = first.aggregate(**{
            name: models.Count("pk", filter=status_condition(status) if status is not None else None)
            for name, status in tabs.items()
        })
        return counts, max(counts.values(), default=0) >= up_to

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
    plan = models.ForeignKey(
        "consultation.PlanPage", verbose_name=_("plan"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="comments",
    )
    scope = models.CharField(_("concerns"), max_length=20, choices=CommentScope.choices, default=CommentScope.PARAGRAPH)
    title = models.CharField(_("title"), max_length=200, blank=True)
    proposed_wording = models.TextField(_("proposed wording"), blank=True)
    justification = models.TextField(_("justification of the comment"), blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    received_on = models.DateField(
        _("date of receipt"), null=True, blank=True,
        help_text=_("The deadline is judged by it. For web comments, the day they were submitted."),
    )
    is_late = models.BooleanField(_("received after the deadline"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    original_document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("scan of the original"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    meeting = models.ForeignKey(
        "consultation.ConsultationMeeting", verbose_name=_("consultation meeting"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="comments",
    )
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
    rejection_category = models.CharField(
        _("kind of rejection"), max_length=20, choices=RejectionCategory.choices, blank=True,
    )
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("duplicate of"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn by its author at"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned expert"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="assigned_comments",
        help_text=_("Empty: the responsible experts of the chapter."),
    )
    # What `status` works out, stored by save() so that the moderation queue finds a state through an index.
    state = models.CharField(
        _("state"), max_length=20, choices=CommentStatus.choices, default=CommentStatus.UNCONFIRMED, editable=False,
    )
    # The chapter it hangs on (its object_pk, as a number), none for a general comment: stored by save() so
    # that the queue filters a chapter through an index of this table (object_pk is django_comments').
    chapter_pk = models.PositiveIntegerField(_("chapter"), null=True, blank=True, editable=False)
    # The Polish search terms of SEARCHED_FIELDS (core.term_search), stored by save(): found through a GIN
    # index on PostgreSQL (migration 0021) instead of reading every comment.
    search_terms = SearchTermsField(_("search terms"))
    # Whether the experts owe it a response (see awaiting_response_condition), kept by the saves of
    # comments and responses: the queue's "unanswered" through an index.
    awaits_response = models.BooleanField(_("awaiting a response"), default=False, editable=False)
    same_as = models.ForeignKey(
        "self", verbose_name=_("same as comment"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="group_members",
        help_text=_("The comment that leads its group of identical or similar comments; its response answers "
                    "them all."),
    )

    objects = ParagraphCommentManager()

    class Meta:
        verbose_name = _("paragraph comment")
        verbose_name_plural = _("paragraph comments")
        permissions = [
            ("moderate_paragraphcomment", _("Can moderate comments")),
            ("register_paragraphcomment", _("Can register comments received by other channels")),
        ]
        indexes = [
            # The queue: a state (or a plan's), oldest first, a page at a time and counted up to a bound.
            models.Index(fields=["state", "xtdcomment_ptr"], name="comment_state_queue"),
            models.Index(fields=["plan", "state", "xtdcomment_ptr"], name="comment_plan_state_queue"),
            models.Index(fields=["xtdcomment_ptr"], condition=models.Q(awaits_response=True),
                         name="comment_awaiting_queue"),
            models.Index(fields=["plan", "xtdcomment_ptr"], condition=models.Q(awaits_response=True),
                         name="comment_plan_awaiting_queue"),
            models.Index(fields=["chapter_pk", "state", "xtdcomment_ptr"], name="comment_chapter_state_queue"),
            models.Index(fields=["chapter_pk", "xtdcomment_ptr"], condition=models.Q(awaits_response=True),
                         name="comment_chapter_awaiting_queue"),
            # A chapter page's comments on the chapter as a whole, without reading the chapter's others.
            models.Index(fields=["chapter_pk", "xtdcomment_ptr"], condition=models.Q(scope="chapter"),
                         name="comment_chapter_scope"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.title or self.comment[:60]}"

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

    @property
    def stored_chapter_pk(self):
        """What `chapter_pk` stores: a comment on a paragraph or on a chapter as a whole hangs on its
        chapter; a general comment on its plan page."""
        if self.scope == CommentScope.GENERAL or not str(self.object_pk or "").isdigit():
            return None
        return int(self.object_pk)

    @property
    def stored_search_terms(self):
        """What `search_terms` stores."""
        return index_terms(*(str(getattr(self, name) or "") for name in SEARCHED_FIELDS))

    def save(self, *args, **kwargs):
        """Store what is worked out from other fields (STORED_FROM) with any save that changes its sources,
        and whether the comment (and the group it leads) awaits a response."""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            update_fields = set(update_fields)
            update_fields |= {stored for stored, sources in STORED_FROM.items() if sources & update_fields}
            kwargs["update_fields"] = update_fields
        self.state, self.chapter_pk = self.status, self.stored_chapter_pk
        if update_fields is None or "search_terms" in update_fields:
            # Only when the words may have changed: a moderation save does not analyse them again.
            self.search_terms = self.stored_search_terms
        if self._state.adding and self.state != CommentStatus.PUBLISHED:
            # A new comment not yet published awaits nothing and leads no group: no queries (a submission).
            self.awaits_response = False
            super().save(*args, **kwargs)
            return
        with transaction.atomic(using=kwargs.get("using") or router.db_for_write(type(self), instance=self)):
            super().save(*args, **kwargs)
            if update_fields is None or (STATE_FIELDS | {"same_as"}) & set(update_fields):
                self.awaits_response = self.pk in refresh_awaiting_response([self.pk])

    def get_status_display(self):
        return CommentStatus(self.status).label

    @property
    def public_author(self):
        return public_author(pk=self.pk, user_name=self.user_name, organisation=self.organisation,
                             commenter_kind=self.commenter_kind, publish_name=self.publish_name)


class CommentCorrection(models.Model):
    """A correction (korekta) by the commenter before a moderator acted: the previous wording is kept.

    The comment keeps its reference number; its history is this list, oldest first.
    """

    comment = models.ForeignKey(ParagraphComment, on_delete=models.CASCADE, related_name="corrections")
    corrected_at = models.DateTimeField(_("corrected at"))
    previous = models.JSONField(_("previous wording"))

    class Meta:
        verbose_name = _("comment correction")
        verbose_name_plural = _("comment corrections")
        ordering = ["corrected_at", "pk"]


class InternalNote(models.Model):
    """A note of the staff on a comment (issue 14): for the experts, coordinators and communications
    team only. It never reaches a public page, the API, a feed, the report or its exports."""

    comment = models.ForeignKey(ParagraphComment, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at", "pk"]


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
