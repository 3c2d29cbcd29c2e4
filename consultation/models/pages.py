"""Plan and chapter pages: the text under consultation."""

import json
import math
from dataclasses import dataclass, field
from datetime import timedelta
from operator import attrgetter, itemgetter

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Cast, Length, Substr
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from consultation.core import routes
from consultation.models import legal_basis
from consultation.models.blocks import (
    ChapterBodyBlock,
    block_plain_text,
    is_commentable,
)
from consultation.models.legal_basis import LateCommentRule, LegalBasis
from consultation.models.panels import ConsultationTimelinePanel
from consultation.models.plan_form import PlanPageForm


class Phase(models.TextChoices):
    """Where a plan's consultation stands; derived from dates, never stored."""

    DRAFT = "draft", _("internal draft")
    ANNOUNCED = "announced", _("consultation announced")
    OPEN = "open", _("consultation open")
    CLOSED = "closed", _("consultation closed")
    ADOPTED = "adopted", _("adopted")


def numbered_title(number, title):
    """"3. Cele rozwoju"; the title alone for an unnumbered part (number 0), such as an introduction."""
    return f"{number}. {title}" if number else title


def reading_order(chapters, number=attrgetter("number"), path=attrgetter("path")):
    """Chapters as a reader meets them: numbered ones by their numbers, and each unnumbered part
    (number 0) where it stands in the page tree among them — an introduction before chapter 1,
    annexes after the last chapter. `number` and `path` read them from other shapes (rows)."""
    keys, following = {}, math.inf
    in_tree = sorted(chapters, key=path)
    for chapter in reversed(in_tree):
        if number(chapter):
            following = number(chapter)
            keys[id(chapter)] = (following, 1, path(chapter))
        else:
            keys[id(chapter)] = (following, 0, path(chapter))
    return sorted(in_tree, key=lambda chapter: keys[id(chapter)])


def chapter_heading(number, title):
    """"Rozdział 3. Cele rozwoju" in a report; the title alone for an unnumbered part."""
    return _("Chapter %(number)s. %(title)s") % {"number": number, "title": title} if number else title


@dataclass(frozen=True)
class ChapterLink:
    """What a table of contents shows of a chapter."""

    pk: int
    number: int
    title: str
    url: str

    @property
    def numbered_title(self):
        return numbered_title(self.number, self.title)


class PlanPage(RoutablePageMixin, Page):
    """One plan and its consultation. Its children are the chapters; its versions are public."""

    region = models.CharField(_("region"), max_length=100)
    period_start = models.PositiveSmallIntegerField(_("period from (year)"))
    period_end = models.PositiveSmallIntegerField(_("period to (year)"))
    consultation_opens = models.DateTimeField(_("consultation opens"), null=True, blank=True)
    consultation_closes = models.DateTimeField(_("consultation closes"), null=True, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "superscript", "ol", "ul"])
    short_consultation_reason = models.TextField(
        _("reason for a consultation shorter than the minimum"), blank=True,
        help_text=_("Only an administrator can set a shorter consultation, and only with a reason; it is logged."),
    )
    legal_basis = models.CharField(
        _("legal basis of the consultation"), max_length=30, choices=LegalBasis.choices,
        default=LegalBasis.DEVELOPMENT_POLICY,
    )
    legal_basis_details = models.TextField(
        _("legal basis in detail"), blank=True,
        help_text=_("For example the sejmik's resolution that sets the procedure, with its number and date."),
    )
    minimum_days_entered = models.PositiveSmallIntegerField(
        _("minimum length of the consultation (days)"), null=True, blank=True,
        help_text=_("Required for a basis other than the act on development policy, which sets 35 days."),
    )
    report_days_entered = models.PositiveSmallIntegerField(
        _("report due (days after the close)"), null=True, blank=True,
        help_text=_("Required for a basis other than the act on development policy, which sets 30 days."),
    )
    late_comment_rule = models.CharField(
        _("comments received after the close are"), max_length=20, choices=LateCommentRule.choices,
        default=LateCommentRule.RECORD,
    )
    announced_in = models.TextField(
        _("where the consultation was announced"), blank=True,
        help_text=_("For example: Public Information Bulletin (BIP), the office's website, the notice board, press."),
    )
    report_prepared_by = models.CharField(_("report prepared by"), max_length=255, blank=True)
    report_approved_by = models.CharField(_("report approved by"), max_length=255, blank=True)

    base_form_class = PlanPageForm
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("region"), FieldPanel("period_start"), FieldPanel("period_end")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("consultation_opens"), FieldPanel("consultation_closes")]),
             FieldPanel("legal_basis"), FieldPanel("legal_basis_details"),
             FieldRowPanel([FieldPanel("minimum_days_entered"), FieldPanel("report_days_entered")]),
             FieldPanel("late_comment_rule"), FieldPanel("announced_in"),
             FieldPanel("short_consultation_reason", permission="superuser")],
            heading=_("Public consultation"),
        ),
        ConsultationTimelinePanel(heading=_("Consultation timeline")),
        InlinePanel("meetings", heading=_("Consultation meetings"), label=_("meeting")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("report_prepared_by"), FieldPanel("report_approved_by")])],
            heading=_("Consultation report: signatures"),
        ),
        FieldPanel("intro"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.FilterField("region")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["consultation.ChapterPage"]
    template = "consultation/plan_page.html"

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The end year cannot be before the start year.")})
        opens, closes = self.consultation_opens, self.consultation_closes
        if bool(opens) != bool(closes):
            raise ValidationError(_("Give both consultation dates or neither."))
        if opens and closes and closes <= opens:
            raise ValidationError({"consultation_closes": _("The consultation must close after it opens.")})
        if self.legal_basis != LegalBasis.DEVELOPMENT_POLICY:
            missing = {name: _("Enter the number of days set by the legal basis.")
                       for name in ("minimum_days_entered", "report_days_entered") if not getattr(self, name)}
            if missing:
                raise ValidationError(missing)

    @property
    def period(self):
        return f"{self.period_start}–{self.period_end}"

    @property
    def consultation_days(self):
        if not (self.consultation_opens and self.consultation_closes):
            return None
        return (self.consultation_closes - self.consultation_opens).total_seconds() / 86400

    @property
    def minimum_consultation_days(self):
        """The shortest consultation the plan's legal basis allows (None when not entered yet)."""
        return legal_basis.minimum_days(self.legal_basis, self.minimum_days_entered)

    @property
    def report_due_days(self):
        return legal_basis.report_days(self.legal_basis, self.report_days_entered)

    @property
    def consultation_too_short(self):
        days, minimum = self.consultation_days, self.minimum_consultation_days
        return days is not None and minimum is not None and days < minimum

    @property
    def report_due(self):
        """The last day for the consultation report, as the plan's legal basis sets it after the close."""
        if not self.consultation_closes or self.report_due_days is None:
            return None
        return self.consultation_closes + timedelta(days=self.report_due_days)

    def is_received_late(self, received_on):
        """A comment is late when its date of receipt is after the day the consultation closed."""
        if not self.consultation_closes or received_on is None:
            return False
        return received_on > timezone.localtime(self.consultation_closes).date()

    @property
    def adoption_or_none(self):
        try:
            return self.adoption
        except ObjectDoesNotExist:
            return None

    @property
    def report_publication_or_none(self):
        try:
            return self.report_publication
        except ObjectDoesNotExist:
            return None

    def chapter_links(self):
        """The live, public chapters in order, for a table of contents: no page objects built."""
        base = self.url
        # As PageQuerySet.public(): no view restriction on the chapter or on any page above it.
        restricted = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        rows = (ChapterPage.objects.filter(path__startswith=self.path, depth=self.depth + 1, live=True)
                .values_list("pk", "number", "title", "slug", "path"))
        rows = [row[:4] for row in reading_order(rows, number=itemgetter(1), path=itemgetter(4))
                if not row[4].startswith(restricted)]
        return [ChapterLink(pk, number, title, f"{base}{slug}/") for pk, number, title, slug in rows]

    def route(self, request, path_components):
        """As Wagtail routes, but a chapter is found in one query, not two (the page, then its
        specific type): every child of a plan is a chapter. The chapter takes its plan from here
        (ChapterPage.get_plan)."""
        request.routed_plan = self
        if not self.live:
            # A chapter is public only while its plan is: an unpublished plan hides them all.
            raise Http404
        if path_components:
            try:
                self.resolve_subpage("/" + "/".join(path_components) + "/")
            except Http404:
                chapter = ChapterPage.objects.child_of(self).filter(slug=path_components[0]).first()
                if chapter is not None:
                    chapter._cached_parent_obj = self
                    return chapter.route(request, path_components[1:])
        return super().route(request, path_components)

    def phase(self, now=None):
        now = now or timezone.now()
        if self.adoption_or_none is not None:
            return Phase.ADOPTED
        if not self.live or not self.consultation_opens:
            return Phase.DRAFT
        if now < self.consultation_opens:
            return Phase.ANNOUNCED
        if now < self.consultation_closes:
            return Phase.OPEN
        return Phase.CLOSED

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["chapters"] = self.chapter_links()
        context["phase"] = self.phase()
        return context

    @path("", name="plan")
    def plan_index(self, request):
        return routes.serve("plan.index", request, self)

    @path("wersje/", name="versions")
    def versions_page(self, request):
        return routes.serve("plan.versions", request, self)

    @path("wersje/porownanie/", name="compare")
    def compare_page(self, request):
        return routes.serve("plan.compare", request, self)

    @path("wersje/<int:number>/", name="version")
    def version_page(self, request, number):
        return routes.serve("plan.version", request, self, number)

    @path("uwagi-ogolne/", name="general_comment")
    def general_comment(self, request):
        return routes.serve("plan.general_comment", request, self)

    @path("komentarz/<int:comment_id>/zglos/", name="flag")
    def flag(self, request, comment_id):
        return routes.serve("plan.flag", request, self, comment_id)

    @path("powiadomienia/", name="follow")
    def follow(self, request):
        return routes.serve("plan.follow", request, self)

    @path("raport/", name="report")
    def report_page(self, request):
        return routes.serve("plan.report", request, self)

    @path("raport/<str:file_format>/", name="report_export")
    def report_export(self, request, file_format):
        return routes.serve("plan.report_export", request, self, file_format)

    @path("wersje/<int:number>/tekst/", name="version_text")
    def version_text(self, request, number):
        return routes.serve("plan.version_text", request, self, number)


@dataclass
class Paragraph:
    """A commentable block of a chapter, with its stable key and its number in the chapter."""

    key: str
    number: int
    block: object
    comments: list = field(default_factory=list)
    published_count: int = 0
    thread_count: int = 0
    more_threads: int = 0  # threads not shown on the chapter page
    comment_url: str = ""
    page_url: str = ""  # the paragraph's own page, with all its comments

    @cached_property
    def text(self):
        return block_plain_text(self.block)


def titles_and_paragraph_numbers(chapter_ids):
    """{chapter pk: (title, {paragraph key: number})} of the given chapters, their numbers read from the
    stored JSON of their bodies without building the blocks (which cost about 1 ms a chapter): one query."""
    children = ChapterPage._meta.get_field("body").stream_block.child_blocks
    rows = (ChapterPage.objects.filter(pk__in=chapter_ids)
            .annotate(raw_body=Cast("body", output_field=models.TextField())).values_list("pk", "title", "raw_body"))
    found = {}
    for pk, title, raw_body in rows:
        numbers, number = {}, 0
        for item in json.loads(raw_body or "[]"):
            if getattr(children.get(item.get("type")), "commentable", False):
                number += 1
                numbers[str(item.get("id"))] = number
        found[pk] = (title, numbers)
    return found


def visible_chapters():
    """Live, public chapters whose plan is live too: what anyone may read through any channel."""
    plan_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    plan_live = PlanPage.objects.filter(live=True, path=plan_path)
    return ChapterPage.objects.live().public().filter(Exists(plan_live))


class ChapterPage(RoutablePageMixin, Page):
    """A chapter of the plan; people comment on its paragraphs."""

    number = models.PositiveSmallIntegerField(
        _("chapter number"), default=1,
        help_text=_("0 for a part without a number, such as the introduction or the list of abbreviations."))
    body = StreamField(ChapterBodyBlock(), verbose_name=_("body"), blank=True)
    # Who answers the chapter's comments is office work, not text under review: it is not part of the
    # page's revisions, and is set on its own screen (staff/responsibility_views) by an action.
    responsible_experts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible experts"), blank=True,
        related_name="responsible_chapters",
        help_text=_("They answer the comments on this chapter unless a comment is assigned to someone else."),
    )

    content_panels = Page.content_panels + [FieldPanel("number"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]

    @property
    def numbered_title(self):
        return numbered_title(self.number, self.title)

    parent_page_types = ["consultation.PlanPage"]
    subpage_types = []
    template = "consultation/chapter_page.html"

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")

    def body_items(self):
        """Every block of the body; commentable ones as numbered `Paragraph`s."""
        number = 0
        for bound_block in self.body:
            if is_commentable(bound_block):
                number += 1
                yield Paragraph(key=str(bound_block.id), number=number, block=bound_block)
            else:
                yield bound_block

    def paragraphs(self):
        return [item for item in self.body_items() if isinstance(item, Paragraph)]

    def get_plan(self, request=None):
        """The plan this chapter belongs to: the one Wagtail routed the request through, or one query."""
        routed = getattr(request, "routed_plan", None)
        if isinstance(routed, PlanPage) and routed.path == self.path[: -self.steplen]:
            return routed
        return PlanPage.objects.filter(path=self.path[: -self.steplen]).select_related("adoption").first()

    def get_paragraph(self, key):
        return next((p for p in self.paragraphs() if p.key == key), None)

    @path("", name="chapter")
    def chapter(self, request):
        return routes.serve("chapter.index", request, self)

    @path("komentarz/", name="chapter_comment")
    def chapter_comment(self, request):
        return routes.serve("chapter.chapter_comment", request, self)

    @path("akapit/<str:key>/", name="paragraph")
    def paragraph(self, request, key):
        return routes.serve("chapter.paragraph", request, self, key)

    @path("akapit/<str:key>/komentarz/", name="comment")
    def comment(self, request, key):
        return routes.serve("chapter.comment", request, self, key)

    @path("komentarz/<int:comment_id>/odpowiedz/", name="reply")
    def reply(self, request, comment_id):
        return routes.serve("chapter.reply", request, self, comment_id)

    @path("komentarz/<int:comment_id>/zglos/", name="report")
    def report(self, request, comment_id):
        return routes.serve("chapter.flag", request, self, comment_id)
