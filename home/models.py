from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from consultation.models import Phase, PlanPage
from consultation.models.blocks import ChapterBodyBlock
from home import privacy_text


class HomePage(Page):
    """The region's consultation portal: lists its plans by the state of their consultation."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    # A region's home is the root of its own site, or a page of a shared site's home (issue 16); only
    # `manage.py create_region` makes one (editors cannot add a home in the admin).
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "consultation.PlanPage", "home.AccessibilityStatementPage", "home.PrivacyNoticePage", "home.StandardPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        plans = PlanPage.objects.child_of(self).live().public().order_by("-consultation_opens")
        groups = {phase: [] for phase in (Phase.OPEN, Phase.ANNOUNCED, Phase.CLOSED)}
        for plan in plans:
            groups.setdefault(plan.phase(), []).append(plan)
        context["plan_groups"] = [(phase, groups[phase]) for phase in groups if groups[phase]]
        return context


class ComplianceStatus(models.TextChoices):
    FULL = "full", _("fully compliant")
    PARTIAL = "partial", _("partially compliant")
    NONE = "none", _("not compliant")


class AccessibilityStatementPage(Page):
    """Deklaracja dostępności: the statement Polish law requires of a public body's site, in the
    statutory structure, with the `a11y-*` element ids, linked from every page's footer."""

    entity_name = models.CharField(_("public body"), max_length=255)
    site_url = models.URLField(_("address of the site"))
    publication_date = models.DateField(_("date the site was published"))
    update_date = models.DateField(_("date of the last major update"))
    status = models.CharField(_("compliance status"), max_length=10, choices=ComplianceStatus.choices,
                              default=ComplianceStatus.PARTIAL)
    non_compliance = RichTextField(_("non-compliant content and exemptions"), blank=True,
                                   features=["bold", "italic", "link", "ul", "ol"])
    statement_date = models.DateField(_("date the statement was prepared"))
    review_date = models.DateField(_("date the statement was last reviewed"))
    assessment = RichTextField(_("how the statement was prepared"), features=["bold", "italic", "link"])
    auditor = models.CharField(_("external auditor (if any)"), max_length=255, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=255)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=50)
    procedure = RichTextField(_("requests and complaints procedure"), features=["bold", "italic", "link", "ul", "ol"])
    architecture = RichTextField(_("architectural accessibility"), features=["bold", "italic", "link", "ul", "ol"])
    mobile_apps = RichTextField(_("mobile applications"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [
        FieldPanel("entity_name"), FieldPanel("site_url"), FieldPanel("publication_date"), FieldPanel("update_date"),
        FieldPanel("status"), FieldPanel("non_compliance"), FieldPanel("statement_date"), FieldPanel("review_date"),
        FieldPanel("assessment"), FieldPanel("auditor"), FieldPanel("contact_person"), FieldPanel("contact_email"),
        FieldPanel("contact_phone"), FieldPanel("procedure"), FieldPanel("architecture"), FieldPanel("mobile_apps"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    # One per region: each region's home has its own.
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("accessibility statement")


class StandardPage(Page):
    """A plain content page (information about the consultation, privacy notice …), without comments.

    The benchmark also uses it as the baseline: the same text as a chapter, served by plain Wagtail.
    """

    body = StreamField(ChapterBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("standard page")


_NOTICE_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class PrivacyNoticePage(Page):
    """Klauzula informacyjna (RODO art. 13): who processes the personal data of people who comment,
    why, on what legal basis, who receives it, for how long and what rights they have.

    Linked from every page's footer and from the comment and reply forms. A new page starts with the
    Polish default text of `home.privacy_text`; the retention of IP addresses and of unconfirmed
    comments is shown from the settings that enforce it, so the notice cannot contradict them.
    """

    controller = RichTextField(_("controller"), features=_NOTICE_FEATURES, default=privacy_text.controller)
    dpo_email = models.EmailField(_("data protection officer's email"))
    dpo_contact = RichTextField(_("data protection officer's other contact details"), blank=True,
                                features=_NOTICE_FEATURES, default=privacy_text.dpo_contact)
    purposes = RichTextField(_("purposes of processing"), features=_NOTICE_FEATURES, default=privacy_text.purposes)
    legal_basis = RichTextField(_("legal basis"), features=_NOTICE_FEATURES, default=privacy_text.legal_basis)
    recipients = RichTextField(_("recipients"), features=_NOTICE_FEATURES, default=privacy_text.recipients)
    retention = RichTextField(_("retention period"), features=_NOTICE_FEATURES, default=privacy_text.retention)
    rights = RichTextField(_("rights of the data subject"), features=_NOTICE_FEATURES, default=privacy_text.rights)
    other_information = RichTextField(_("other information"), blank=True, features=_NOTICE_FEATURES,
                                      default=privacy_text.other_information)

    content_panels = Page.content_panels + [
        FieldPanel("controller"), FieldPanel("dpo_email"), FieldPanel("dpo_contact"), FieldPanel("purposes"),
        FieldPanel("legal_basis"), FieldPanel("recipients"), FieldPanel("retention"), FieldPanel("rights"),
        FieldPanel("other_information"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    # One per region: each region's home has its own.
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("privacy notice")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["ip_retention_days"] = settings.DROGOWSKAZ_IP_RETENTION_DAYS
        context["confirmation_hours"] = settings.DROGOWSKAZ_CONFIRMATION_HOURS
        return context
