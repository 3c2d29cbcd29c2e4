"""The national overview of every region's plans, and the open data of their published comments and
responses (issue 16).

Only what anyone may read: live, public plans, the comments a moderator published on their visible
chapters (or on the plan as a whole) and the responses published on those. The export is streamed in
batches, so its memory does not grow with the number of comments; its columns (FIELDS) are a stable,
documented schema (docs/open-data.md), and each file says its licence.
"""

import csv
import json
from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from consultation.core.conf import absolute_url
from consultation.models import ChapterPage, CommentScope, CommentStatus, ParagraphComment, Phase, PlanPage, Region
from consultation.models.comments import comment_reference, public_author
from consultation.models.pages import titles_and_paragraph_numbers, visible_chapters
from consultation.models.regions import home_path_of
from consultation.public.search import comment_url, visible_plans

SCHEMA_VERSION = "1.0"
LICENCE = ("Dane udostępnia organizator konsultacji na zasadach ustawy z 11 sierpnia 2021 r. o otwartych danych "
           "i ponownym wykorzystywaniu informacji sektora publicznego, na licencji CC BY 4.0 "
           "(https://creativecommons.org/licenses/by/4.0/deed.pl): podaj źródło. Treść uwag pochodzi od ich "
           "autorów; uwagi osób, które nie zgodziły się na podanie nazwiska, są podpisane numerem.")
# (column, description): the order and names of the export's columns; a new column is added at the end.
FIELDS = [
    ("wojewodztwo", "województwo, którego dokument dotyczy"),
    ("dokument", "tytuł konsultowanego dokumentu"),
    ("dokument_url", "adres dokumentu w serwisie"),
    ("rozdzial", "numer i tytuł rozdziału; puste dla uwagi do całego dokumentu"),
    ("akapit", "numer akapitu w rozdziale; puste dla uwagi do całego rozdziału lub dokumentu"),
    ("zakres", "akapit, rozdział albo cały dokument"),
    ("numer_uwagi", "numer uwagi nadany przy jej złożeniu (K-00001)"),
    ("odpowiedz_na", "numer uwagi, na którą ta uwaga odpowiada; puste dla uwagi głównej"),
    ("data_wplywu", "data wpływu uwagi (RRRR-MM-DD)"),
    ("kanal", "droga, którą uwaga wpłynęła"),
    ("zglaszajacy", "podpis zgłaszającego, jak na stronie"),
    ("rodzaj_zglaszajacego", "osoba, organizacja, instytucja publiczna…"),
    ("tytul", "tytuł uwagi"),
    ("tresc", "treść uwagi"),
    ("proponowane_brzmienie", "proponowane brzmienie zapisu"),
    ("uzasadnienie", "uzasadnienie uwagi"),
    ("stanowisko", "stanowisko wobec uwagi: uwzględniona, częściowo, nieuwzględniona, wyjaśnienie"),
    ("uzasadnienie_stanowiska", "uzasadnienie stanowiska"),
    ("data_stanowiska", "data publikacji stanowiska (RRRR-MM-DD)"),
    ("uwaga_url", "adres uwagi w serwisie"),
]
BATCH = 2000


@dataclass
class PlanRow:
    plan: PlanPage
    region: str
    phase: str
    comments: int
    responses: int


def regions_by_home():
    return dict(Region.objects.values_list("home__path", "name"))


def overview_rows(now=None):
    """Every readable plan of every region with its phase, dates, published comments and responses and
    adoption: four queries whatever the number of plans."""
    now = now or timezone.now()
    plans = list(visible_plans().select_related("adoption").order_by("path"))
    homes = regions_by_home()
    counts = dict(ParagraphComment.objects.published().filter(plan__in=[p.pk for p in plans]).order_by()
                  .values("plan_id").annotate(n=Count("pk")).values_list("plan_id", "n"))
    answered = dict(ParagraphComment.objects.published().filter(
        plan__in=[p.pk for p in plans], official_response__published_at__isnull=False).order_by()
        .values("plan_id").annotate(n=Count("pk")).values_list("plan_id", "n"))
    rows = [PlanRow(plan=plan, region=homes.get(home_path_of(plan.path, homes), "") or plan.region,
                    phase=Phase(plan.phase(now)).label,
                    comments=counts.get(plan.pk, 0), responses=answered.get(plan.pk, 0)) for plan in plans]
    return sorted(rows, key=lambda row: (row.region, row.plan.title))


def overview(request):
    rows = overview_rows()
    return TemplateResponse(request, "consultation/overview.html", {
        "rows": rows, "fields": FIELDS, "licence": LICENCE, "schema_version": SCHEMA_VERSION,
        "regions": sorted({row.region for row in rows}),
    })


def published_rows():
    """The export's rows (a list of FIELDS' values each), streamed: the plans' and chapters' details
    are read once, the comments in batches of BATCH with their responses."""
    plans = {plan.pk: plan for plan in visible_plans()}
    homes = regions_by_home()
    chapter_ids = list(visible_chapters().values_list("pk", flat=True))
    chapters = {chapter.pk: chapter for chapter in ChapterPage.objects.filter(pk__in=chapter_ids)
                .only("pk", "title", "number", "path", "url_path", "depth")}
    numbers = titles_and_paragraph_numbers(chapter_ids)
    comments = (ParagraphComment.objects.filter(state=CommentStatus.PUBLISHED, plan__in=list(plans))
                .filter(Q(scope=CommentScope.GENERAL) | Q(chapter_pk__in=chapter_ids))
                .select_related(None).select_related("official_response").order_by("pk"))
    for comment in comments.iterator(chunk_size=BATCH):
        plan = plans[comment.plan_id]
        chapter = chapters.get(comment.chapter_pk) if comment.scope != CommentScope.GENERAL else None
        response = getattr(comment, "official_response", None)
        if response is not None and response.published_at is None:
            response = None
        yield [
            homes.get(home_path_of(plan.path, homes), "") or plan.region,
            plan.title,
            address(plan.url),
            (f"{chapter.number}. {chapter.title}" if chapter.number else chapter.title) if chapter else "",
            (numbers.get(chapter.pk, ("", {}))[1].get(comment.paragraph_key, "")
             if chapter and comment.scope == CommentScope.PARAGRAPH else ""),
            comment.scope,
            comment.reference,
            comment_reference(comment.parent_id) if comment.level else "",
            (comment.received_on or timezone.localdate(comment.submit_date)).isoformat(),
            comment.channel,
            public_author(pk=comment.pk, user_name=comment.user_name, organisation=comment.organisation,
                          commenter_kind=comment.commenter_kind, publish_name=comment.publish_name),
            comment.commenter_kind,
            comment.title,
            comment.comment,
            comment.proposed_wording,
            comment.justification,
            response.disposition if response else "",
            response.justification if response else "",
            timezone.localdate(response.published_at).isoformat() if response else "",
            address(comment_url(comment, plan, chapter)),
        ]


def address(url):
    """A page's address as anyone can follow it: Wagtail gives another site's pages with their host."""
    return url if url.startswith(("http://", "https://")) else absolute_url(url)


class _Echo:
    def write(self, value):
        return value


def open_data_csv(request):
    """The published comments and responses of every region as CSV (UTF-8 with a BOM, for spreadsheets),
    its licence in the first line after the header's comment."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([f"# {LICENCE}"])
        yield writer.writerow([name for name, _description in FIELDS])
        for row in published_rows():
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="uwagi-i-stanowiska.csv"'
    return response


def open_data_json(request):
    """The same rows as JSON: {"schemat", "licencja", "pola", "uwagi": [{column: value}]}, streamed."""
    names = [name for name, _description in FIELDS]

    def parts():
        yield ('{"schemat": ' + json.dumps(SCHEMA_VERSION) + ', "licencja": ' + json.dumps(LICENCE, ensure_ascii=False)
               + ', "pola": ' + json.dumps(dict(FIELDS), ensure_ascii=False) + ', "uwagi": [')
        for number, row in enumerate(published_rows()):
            yield ("," if number else "") + json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False)
        yield "]}"

    response = StreamingHttpResponse(parts(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="uwagi-i-stanowiska.json"'
    return response
