"""The published text of plans, a row per paragraph, with its Polish search terms: what the site's search
finds in the text (comments and responses carry their own terms).

Rows are written from a page's live revision each time it is published (`index_page`, connected to
Wagtail's page_published in apps.py) and rebuilt by `manage.py index_plan_text`. They never decide
who may read them: the search shows a row only while its page is visible (pages.visible_chapters), so a
row left behind by an unpublished page or plan leaks nothing.
"""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from consultation.core.polish_words import index_terms
from consultation.core.sanitize import html_to_plain_text
from consultation.core.term_search import SearchTermsField
from consultation.models.pages import ChapterPage, PlanPage


class PlanText(models.Model):
    """One searchable piece of a published page: a chapter's title (number 0) or one of its paragraphs,
    or a plan's title and introduction (no chapter)."""

    plan = models.ForeignKey(PlanPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("plan"))
    chapter = models.ForeignKey(ChapterPage, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                verbose_name=_("chapter"))
    paragraph_key = models.CharField(_("paragraph"), max_length=64, blank=True)
    number = models.PositiveIntegerField(_("number"), default=0)
    text = models.TextField(_("text"))
    search_terms = SearchTermsField(_("search terms"))

    class Meta:
        verbose_name = _("searchable text")
        verbose_name_plural = _("searchable texts")
        ordering = ["plan", "chapter", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "chapter", "number"], name="plan_text_unique")]


def texts_of(page):
    """The pieces of a live plan or chapter page: (paragraph key, number, text)."""
    if isinstance(page, PlanPage):
        yield "", 0, "\n".join(filter(None, [page.title, html_to_plain_text(page.intro or "")]))
        return
    yield "", 0, f"{page.number}. {page.title}" if page.number else page.title
    for paragraph in page.paragraphs():
        if paragraph.text.strip():
            yield paragraph.key, paragraph.number, paragraph.text


def index_page(page):
    """Write the searchable pieces of a plan or chapter page anew from what it is now (its live state)."""
    page = page.specific
    if isinstance(page, ChapterPage):
        plan = PlanPage.objects.filter(path=page.path[: -page.steplen]).first()
        chapter = page
    elif isinstance(page, PlanPage):
        plan, chapter = page, None
    else:
        return
    with transaction.atomic():
        PlanText.objects.filter(chapter=page).delete() if chapter else PlanText.objects.filter(
            plan=page, chapter=None).delete()
        if plan is None or not page.live:
            return
        PlanText.objects.bulk_create([
            PlanText(plan=plan, chapter=chapter, paragraph_key=key, number=number, text=text,
                     search_terms=index_terms(text))
            for key, number, text in texts_of(page)
        ])
