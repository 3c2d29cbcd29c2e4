"""The national dataset of the benchmark: 16 regions x 3 plans x 8 chapters x 60 paragraphs and about
1,000,000 comments on PostgreSQL, added after `bench.build_dataset()` (Django set up by `bench.configure()`).

The pages are made by the project's own builders (`make_plan`, `make_chapter`, `publish_version`);
the comments are written straight to their three tables (django-contrib-comments' `django_comments`,
django-comments-xtd's `django_comments_xtd_xtdcomment`, `consultation_paragraphcomment`) and the
responses to theirs, in batches through PostgreSQL's COPY, with the values the app's own code would
store (see `_comment_rows`). No action runs for them: nothing is logged, mailed or queued. The
paragraphs' `ParagraphStats` are then recounted in one SQL statement, as `paragraph_stats.refresh`
counts them, and the database is analysed.

    from bench import build_dataset, configure
    from bench_national import add_national_dataset, national_pages, queue_timings

`national_pages()` names the pages to measure on it and `queue_timings()` measures them with wrk as a
logged-in expert (`expert_cookie()`).
"""

import hashlib
import io
import random
import re
import subprocess
import time
import uuid
from bisect import bisect
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent

# (slug, name, the name in the genitive: "województwa …")
REGIONS = [
    ("dolnoslaskie", "dolnośląskie", "dolnośląskiego"),
    ("kujawsko-pomorskie", "kujawsko-pomorskie", "kujawsko-pomorskiego"),
    ("lubelskie", "lubelskie", "lubelskiego"),
    ("lubuskie", "lubuskie", "lubuskiego"),
    ("lodzkie", "łódzkie", "łódzkiego"),
    ("malopolskie", "małopolskie", "małopolskiego"),
    ("mazowieckie", "mazowieckie", "mazowieckiego"),
    ("opolskie", "opolskie", "opolskiego"),
    ("podkarpackie", "podkarpackie", "podkarpackiego"),
    ("podlaskie", "podlaskie", "podlaskiego"),
    ("pomorskie", "pomorskie", "pomorskiego"),
    ("slaskie", "śląskie", "śląskiego"),
    ("swietokrzyskie", "świętokrzyskie", "świętokrzyskiego"),
    ("warminsko-mazurskie", "warmińsko-mazurskie", "warmińsko-mazurskiego"),
    ("wielkopolskie", "wielkopolskie", "wielkopolskiego"),
    ("zachodniopomorskie", "zachodniopomorskie", "zachodniopomorskiego"),
]
PLAN_KINDS = [
    ("strategia", "Strategia rozwoju województwa {region} do 2035 roku", (2025, 2035)),
    ("polityka-spoleczna", "Strategia polityki społecznej województwa {region}", (2026, 2030)),
    ("ekonomia-spoleczna", "Regionalny program rozwoju ekonomii społecznej województwa {region}", (2026, 2030)),
]
CHAPTER_TITLES = [
    "Diagnoza sytuacji społeczno-gospodarczej", "Cele strategiczne i kierunki działań", "Rynek pracy i edukacja",
    "Ochrona zdrowia i usługi społeczne", "Transport i dostępność komunikacyjna", "Środowisko i energia",
    "Kultura, dziedzictwo i turystyka", "System realizacji i finansowanie", "Współpraca z samorządami",
    "Monitoring i ewaluacja",
]
SENTENCES = [
    "Samorząd województwa wspiera podmioty ekonomii społecznej i rozwija sieć ośrodków wsparcia.",
    "Priorytetem jest poprawa dostępności usług społecznych na obszarach wiejskich i w małych miastach.",
    "Działania obejmą rozwój transportu publicznego, w tym przywrócenie połączeń kolejowych i autobusowych.",
    "Województwo będzie współpracować z powiatami i gminami przy tworzeniu centrów usług społecznych.",
    "Zakłada się wzrost liczby miejsc opieki nad dziećmi do lat trzech o co najmniej jedną piątą.",
    "Szczególną uwagę poświęcono osobom starszym, osobom z niepełnosprawnościami i ich opiekunom.",
    "Środki z programu regionalnego zostaną przeznaczone na deinstytucjonalizację usług opiekuńczych.",
    "Rozwój odnawialnych źródeł energii ma ograniczyć ubóstwo energetyczne gospodarstw domowych.",
    "Diagnoza wskazuje na odpływ młodych osób z regionu i starzenie się społeczeństwa.",
    "Kształcenie zawodowe zostanie lepiej dopasowane do potrzeb lokalnego rynku pracy.",
    "Wskaźniki realizacji będą monitorowane corocznie i publikowane w raporcie z ewaluacji.",
    "Organizacje pozarządowe będą mogły ubiegać się o dotacje w otwartych konkursach ofert.",
    "Planowane jest utworzenie regionalnego obserwatorium polityki społecznej.",
    "Inwestycje w infrastrukturę zdrowotną obejmą modernizację szpitali powiatowych.",
    "Program przewiduje wsparcie mieszkalnictwa wspomaganego i treningowego.",
    "Dziedzictwo kulturowe regionu stanowi podstawę rozwoju turystyki zrównoważonej.",
    "Zarząd województwa przedstawi sejmikowi sprawozdanie z realizacji strategii co dwa lata.",
    "Partnerstwa lokalne pozwolą lepiej wykorzystać potencjał podmiotów ekonomii społecznej.",
    "Działania na rzecz rodzin obejmą poradnictwo, mediacje i wsparcie asystentów rodziny.",
    "Cyfryzacja usług publicznych ułatwi mieszkańcom załatwianie spraw bez wychodzenia z domu.",
    "Przeciwdziałanie wykluczeniu komunikacyjnemu wymaga współpracy wszystkich szczebli samorządu.",
    "Wsparcie otrzymają spółdzielnie socjalne i zakłady aktywności zawodowej.",
    "Ochrona powietrza i gospodarka wodna są ważnymi wyzwaniami dla obszarów metropolitalnych.",
    "Rozwój kompetencji cyfrowych seniorów zostanie włączony do oferty uniwersytetów trzeciego wieku.",
]
COMMENT_TITLES = [
    "Brak danych o obszarach wiejskich", "Propozycja zmiany wskaźnika", "Uwaga do finansowania",
    "Transport publiczny w powiecie", "Usługi opiekuńcze", "Doprecyzowanie zapisu", "Rola organizacji pozarządowych",
    "Mieszkalnictwo wspomagane", "Za mało o osobach starszych", "Termin realizacji", "Źródła danych",
    "Współpraca z gminami", "Ekonomia społeczna", "Dostępność dla osób z niepełnosprawnościami",
    "Energetyka obywatelska", "Edukacja zawodowa", "Zdrowie psychiczne dzieci i młodzieży", "Kultura w małych miastach",
]
REPLY_TITLES = ["Popieram tę uwagę", "Uzupełnienie", "Nie zgadzam się", "Podobnie w naszej gminie", "Pytanie",
                "Dodatkowe dane"]
COMMENT_SENTENCES = [
    "Proszę o uzupełnienie diagnozy o dane z ostatniego spisu powszechnego.",
    "Zapis jest zbyt ogólny i nie wskazuje, kto odpowiada za realizację działania.",
    "Wnosimy o dodanie wskaźnika dotyczącego liczby osób objętych usługami opiekuńczymi w miejscu zamieszkania.",
    "W naszej gminie od lat brakuje połączeń autobusowych do miasta powiatowego.",
    "Transport publiczny powinien być priorytetem, bo bez niego mieszkańcy wsi nie dojadą do pracy.",
    "Postulujemy zwiększenie środków na wsparcie spółdzielni socjalnych.",
    "Należy uwzględnić potrzeby opiekunów osób zależnych, którzy często rezygnują z pracy.",
    "Proponujemy, aby konkursy dla organizacji pozarządowych były ogłaszane wcześniej.",
    "Dokument pomija problem ubóstwa energetycznego na terenach wiejskich.",
    "Wskaźnik docelowy jest nierealny przy obecnym poziomie finansowania.",
    "Prosimy o doprecyzowanie, czy działanie obejmie także miasta na prawach powiatu.",
    "Brakuje odniesienia do zdrowia psychicznego dzieci i młodzieży.",
    "Mieszkalnictwo wspomagane to najlepsza droga do samodzielności osób z niepełnosprawnościami.",
    "Warto wpisać współpracę z lokalnymi grupami działania.",
    "Uważam, że termin realizacji należy przesunąć, ponieważ gminy nie zdążą przygotować projektów.",
    "Zwracam uwagę na błąd w tabeli: suma wartości nie zgadza się z podaną ogółem.",
    "Kultura w małych miastach wymaga stałego finansowania, a nie jednorazowych grantów.",
    "Popieramy ten zapis i prosimy o jego utrzymanie w ostatecznej wersji dokumentu.",
    "Brakuje informacji o tym, jak mieszkańcy będą informowani o postępach realizacji.",
    "Należy zapewnić dostępność architektoniczną wszystkich nowych placówek.",
]
PROPOSALS = [
    "Proponowane brzmienie: „Samorząd województwa zapewni finansowanie działań co najmniej do 2030 roku”.",
    "Dodać na końcu: „z uwzględnieniem potrzeb mieszkańców obszarów wiejskich”.",
    "Zastąpić wyrażenie „w miarę możliwości” wyrażeniem „corocznie”.",
    "Skreślić ostatnie zdanie akapitu.",
]
JUSTIFICATIONS = [
    "Obecny zapis nie pozwala ocenić, czy cel zostanie osiągnięty.",
    "Dane GUS wskazują na pogłębiające się różnice między powiatami.",
    "Doświadczenia innych województw pokazują, że bez stałego finansowania działanie nie przyniesie efektów.",
    "Zmiana ułatwi gminom przygotowanie wniosków.",
]
FIRST_NAMES = ["Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Michał", "Agnieszka", "Krzysztof", "Ewa",
               "Paweł", "Joanna", "Marcin", "Małgorzata", "Łukasz", "Zofia", "Grzegorz", "Barbara", "Jakub"]
LAST_NAMES = ["Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamińska", "Lewandowski", "Zielińska",
              "Szymański", "Woźniak", "Dąbrowska", "Kozłowski", "Jankowska", "Mazur", "Krawczyk", "Piotrowska"]
ORGANISATIONS = ["Stowarzyszenie Razem dla Regionu", "Fundacja Aktywni Seniorzy", "Spółdzielnia Socjalna Przystań",
                 "Lokalna Grupa Działania Dolina Rzeki", "Federacja Organizacji Pozarządowych",
                 "Związek Gmin Wiejskich", "Polski Związek Niewidomych, okręg"]
INSTITUTIONS = ["Urząd Gminy", "Starostwo Powiatowe", "Powiatowe Centrum Pomocy Rodzinie", "Urząd Miasta",
                "Miejski Ośrodek Pomocy Społecznej"]
DISPOSITIONS = ["accepted", "partly", "not_accepted", "explanation"]
RESPONSE_TEXTS = [
    "Uwaga została uwzględniona: zapis uzupełniono zgodnie z propozycją.",
    "Uwaga częściowo uwzględniona; wskaźnik zostanie doprecyzowany w planie działań.",
    "Uwaga nieuwzględniona: zakres działania wynika z ustawy i nie może zostać rozszerzony.",
    "Wyjaśniamy, że działanie obejmuje wszystkie powiaty województwa, także miasta na prawach powiatu.",
]
# Words of the queue's search that find some comments but far from all of them.
SEARCH_WORDS = "transport publiczny"

# The columns COPY writes, per table; every other column must be absent from the model (checked).
COMMENT_COLUMNS = ("id", "object_pk", "user_name", "user_email", "user_url", "comment", "submit_date",
                   "ip_address", "is_public", "is_removed", "content_type_id", "site_id", "user_id")
XTD_COLUMNS = ("comment_ptr_id", "thread_id", "parent_id", "level", "order", "followup", "nested_count")
PARAGRAPH_COLUMNS = (
    "xtdcomment_ptr_id", "paragraph_key", "paragraph_text", "title", "organisation", "commenter_kind",
    "consent_given_at", "idempotency_key", "moderated_at", "rejection_reason", "moderated_by_id", "page_revision_id",
    "confirmation_sent_at", "confirmation_token_hash", "confirmed_at", "publish_name", "withdrawn_at", "channel",
    "duplicate_of_id", "is_late", "justification", "original_document_id", "plan_id", "proposed_wording",
    "received_on", "registered_by_id", "rejection_category", "scope", "meeting_id", "assigned_to_id", "same_as_id",
    "state", "awaits_response", "chapter_pk", "search_terms",
)
RESPONSE_COLUMNS = ("comment_id", "disposition", "justification", "author_id", "created_at", "updated_at",
                    "published_at", "version_id", "review_state", "submitted_at", "reviewed_at", "reviewed_by_id",
                    "review_note", "search_terms")
NULL = r"\N"
# The texts above go into COPY's text format as they are: none may hold a character it escapes.
assert not any(set(text) & set("\t\n\r\\") for pool in (
    SENTENCES, COMMENT_TITLES, REPLY_TITLES, COMMENT_SENTENCES, PROPOSALS, JUSTIFICATIONS, FIRST_NAMES, LAST_NAMES, ORGANISATIONS,
    INSTITUTIONS, RESPONSE_TEXTS) for text in pool)


def _copy_text(value):
    """A value in COPY's text format: backslash, tab and line breaks escaped."""
    return (value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r"))


def _check_columns():
    """Refuse to write when a model gained a column this module does not fill (it would miss a value)."""
    from django_comments.models import Comment
    from django_comments_xtd.models import XtdComment

    from consultation.models import OfficialResponse, ParagraphComment

    for model, columns, skipped in ((Comment, COMMENT_COLUMNS, set()), (XtdComment, XTD_COLUMNS, set()),
                                    (ParagraphComment, PARAGRAPH_COLUMNS, set()),
                                    (OfficialResponse, RESPONSE_COLUMNS, {"id"})):
        fields = {field.column for field in model._meta.local_concrete_fields} - skipped
        if fields != set(columns):
            raise RuntimeError(f"{model.__name__} columns changed: missing {sorted(fields - set(columns))}, "
                               f"unknown {sorted(set(columns) - fields)}; update scripts/bench_national.py")


def _paragraph_html(rng, number):
    sentences = rng.sample(SENTENCES, rng.randint(2, 4))
    return f"<p>§{number}. {' '.join(sentences)}</p>"


def _user(username, group):
    """The user of that name, or a new one in `group` without a usable password (the bench logs in
    with `force_login`; hashing passwords would cost half a second each)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, created = get_user_model().objects.get_or_create(username=username,
                                                           defaults={"email": f"{username}@example.org"})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=group))
    return user


def _build_pages(home, *, regions, plans_per_region, chapters, paragraphs, now, rng, editor, log):
    """The plans (directly under the home page: a PlanPage's parent must be the HomePage; the region is
    the plan's `region`), their chapters, one published version each; returns a list of plan dicts."""
    from consultation.demo.builders import make_chapter, make_plan
    from consultation.versions.actions import publish_version

    plans = []
    for r in range(regions):
        slug, name, genitive = REGIONS[r % len(REGIONS)]
        if r >= len(REGIONS):
            slug, name = f"{slug}-{r // len(REGIONS) + 1}", f"{name} {r // len(REGIONS) + 1}"
        for k in range(plans_per_region):
            kind_slug, title, period = PLAN_KINDS[k % len(PLAN_KINDS)]
            kind_slug = kind_slug if k < len(PLAN_KINDS) else f"{kind_slug}-{k}"
            plan = make_plan(home, title=title.format(region=genitive) + (f" ({k + 1})" if k >= len(PLAN_KINDS) else ""),
                             slug=f"{slug}-{kind_slug}", region=name, period=period,
                             opens=now - timedelta(days=30 + (r + k) % 4), closes=now + timedelta(days=15 + r % 7),
                             intro=f"<p>Projekt dokumentu samorządu województwa {genitive} poddany konsultacjom "
                                   "społecznym.</p>")
            pages = []
            for n in range(1, chapters + 1):
                blocks = [("paragraph", _paragraph_html(rng, p)) for p in range(1, paragraphs + 1)]
                chapter = make_chapter(plan, number=n, slug=f"r{n}", blocks=blocks,
                                       title=CHAPTER_TITLES[(n - 1 + r) % len(CHAPTER_TITLES)])
                paragraph_rows = [(_copy_text(p.key), _copy_text(p.text)) for p in chapter.paragraphs()]
                pages.append({"chapter": chapter, "id": chapter.pk, "revision": chapter.live_revision_id,
                              "paragraphs": paragraph_rows})
            publish_version(plan, label="Projekt do konsultacji", user=editor)
            plan.refresh_from_db()
            plans.append({"plan": plan, "id": plan.pk, "revision": plan.live_revision_id, "chapters": pages,
                          "region": r})
        log(f"  region {r + 1}/{regions} ({name}): {plans_per_region} plans")
    return plans


class _Writer:
    """Buffers of the four tables in COPY's text format, flushed one batch (one transaction) at a time."""

    def __init__(self, seconds=None):
        self.comments, self.xtd, self.paragraph, self.responses = (io.StringIO() for _ in range(4))
        self.seconds = {} if seconds is None else seconds  # per table, over all batches

    def flush(self, connection):
        from django.db import transaction

        with transaction.atomic(), connection.cursor() as cursor:
            for table, columns, buffer in (
                ("django_comments", COMMENT_COLUMNS, self.comments),
                ("django_comments_xtd_xtdcomment", XTD_COLUMNS, self.xtd),
                ("consultation_paragraphcomment", PARAGRAPH_COLUMNS, self.paragraph),
                ("consultation_officialresponse", RESPONSE_COLUMNS, self.responses),
            ):
                data = buffer.getvalue()
                if not data:
                    continue
                quoted = ", ".join(f'"{column}"' for column in columns)
                started = time.perf_counter()
                with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    copy.write(data)
                self.seconds[table] = self.seconds.get(table, 0) + time.perf_counter() - started
            started = time.perf_counter()
        self.seconds["commit"] = self.seconds.get("commit", 0) + time.perf_counter() - started
        self.__init__(self.seconds)


def add_national_dataset(home, *, regions=16, plans_per_region=3, chapters=8, paragraphs=60, comments=1_000_000,
                         pending_share=0.05, response_share=0.3, batch=20_000, reply_share=0.05,
                         chapter_share=0.002, general_share=0.001, registered_share=0.03, assigned_share=0.1,
                         paragraphs_commented=None, seed=2026, now=None, vacuum=True, verbose=True):
    """Add the national dataset beside the bench's own plan; returns counts and seconds per step.

    `comments` in all: about `pending_share` of them confirmed and waiting for a moderator (most of
    those recent, as a backlog is), the others published; `reply_share` of them replies to a published
    comment of the same paragraph, `chapter_share` on a chapter as a whole, `general_share` general
    comments on a plan, `registered_share` received by email, post or ePUAP and registered by staff.
    About `response_share` of the published top-level comments have a published, approved official
    response; `assigned_share` of the comments are assigned to an expert. Comments go to every paragraph
    (earlier ones draw a few more), or to `paragraphs_commented` paragraphs of each chapter, evenly
    spaced: bench.build_dataset's chapters have comments on 15 of their 60 paragraphs, so pass 15 to
    compare a chapter page of the same shape. Ids are reserved from the comments' sequence, so each
    comment's reference (K-…, from its id) is unique and the sequence goes on after them.
    `vacuum=False` leaves out the final VACUUM ANALYZE, which cannot run inside a transaction (a test's).
    """
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sites.models import Site
    from django.db import connection, transaction
    from django.utils import timezone

    from consultation.models import (
        ChapterPage,
        OfficialResponse,
        ParagraphComment,
        ParagraphStats,
        PlanPage,
    )

    def log(message):
        if verbose:
            print(message, flush=True)

    _check_columns()
    home = home.specific  # the plans' parent is the HomePage (any Page of it will do)
    if comments < 1:
        raise ValueError("comments must be at least 1")
    started = time.perf_counter()
    seconds = {}
    rng = random.Random(seed)
    now = now or timezone.now()
    editor = _user("komunikacja-bench", "Komunikacja")
    expert = _user("ekspert-bench", "Eksperci")
    coordinator = _user("koordynator-bench", "Koordynatorzy")
    experts = [_user(f"ekspert-{REGIONS[r % len(REGIONS)][0]}" + (f"-{r}" if r >= len(REGIONS) else ""), "Eksperci")
               for r in range(regions)]

    log(f"national dataset: {regions} regions x {plans_per_region} plans x {chapters} chapters x {paragraphs} "
        f"paragraphs, {comments:,} comments")
    step = time.perf_counter()
    plans = _build_pages(home, regions=regions, plans_per_region=plans_per_region, chapters=chapters,
                         paragraphs=paragraphs, now=now, rng=rng, editor=editor, log=log)
    # Who answers: each region's expert its chapters; the bench's expert those of the middle plan too.
    middle = plans[len(plans) // 2]
    through = ChapterPage.responsible_experts.through
    through.objects.bulk_create(
        [through(chapterpage_id=c["id"], user_id=experts[p["region"]].pk) for p in plans for c in p["chapters"]]
        + [through(chapterpage_id=c["id"], user_id=expert.pk) for c in middle["chapters"]],
        ignore_conflicts=True)
    seconds["pages"] = time.perf_counter() - step
    log(f"pages: {len(plans)} plans, {len(plans) * chapters} chapters in {seconds['pages']:.0f} s")

    step = time.perf_counter()
    counts = _write_comments(
        plans, comments=comments, pending_share=pending_share, response_share=response_share, batch=batch,
        reply_share=reply_share, chapter_share=chapter_share, general_share=general_share,
        registered_share=registered_share, assigned_share=assigned_share, paragraphs_commented=paragraphs_commented,
        rng=rng, now=now,
        chapter_type=ContentType.objects.get_for_model(ChapterPage).pk,
        plan_type=ContentType.objects.get_for_model(PlanPage).pk, site=Site.objects.get_current().pk,
        editor=editor, coordinator=coordinator, experts=experts, expert=expert, connection=connection, log=log)
    seconds["comments"] = time.perf_counter() - step
    log(f"comments: {counts['comments']:,} and {counts['responses']:,} responses in {seconds['comments']:.0f} s "
        f"({counts['comments'] / max(seconds['comments'], 1e-9):,.0f}/s)")

    step = time.perf_counter()
    chapter_ids = [c["id"] for p in plans for c in p["chapters"]]
    with transaction.atomic(), connection.cursor() as cursor:
        # Threads: a top-level comment counts its replies (django-comments-xtd's nested_count).
        cursor.execute("""
            UPDATE django_comments_xtd_xtdcomment AS x SET nested_count = r.replies
            FROM (SELECT parent_id, count(*) AS replies FROM django_comments_xtd_xtdcomment
                  WHERE comment_ptr_id BETWEEN %s AND %s AND level > 0 GROUP BY parent_id) AS r
            WHERE x.comment_ptr_id = r.parent_id""", [counts["first_id"], counts["last_id"]])
        stats = rebuild_stats_sql(cursor, chapter_ids)
    seconds["stats"] = time.perf_counter() - step
    log(f"paragraph stats: {stats:,} rows in {seconds['stats']:.1f} s")

    if vacuum:  # fresh statistics and visibility map, so autovacuum does not run during a measurement
        step = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        seconds["vacuum_analyze"] = time.perf_counter() - step
        log(f"VACUUM ANALYZE in {seconds['vacuum_analyze']:.0f} s")
    seconds["total"] = time.perf_counter() - started
    log(f"national dataset added in {seconds['total']:.0f} s")
    middle_chapter = middle["chapters"][len(middle["chapters"]) // 2]["chapter"]
    return {
        "plans": len(plans), "chapters": len(chapter_ids), "paragraphs": len(chapter_ids) * paragraphs,
        **{key: value for key, value in counts.items() if key not in ("first_id", "last_id", "copy_seconds")},
        "paragraph_stats": stats, "comments_in_database": ParagraphComment.objects.count(),
        "responses_in_database": OfficialResponse.objects.count(),
        "stats_rows_in_database": ParagraphStats.objects.count(),
        "middle_plan_id": middle["id"], "middle_chapter_id": middle_chapter.pk, "expert_id": expert.pk,
        "seconds": {key: round(value, 1) for key, value in seconds.items()},
        # Of seconds["comments"]: the time in each COPY and in the commits (the deferred foreign-key checks).
        "copy_seconds": {key: round(value, 1) for key, value in counts["copy_seconds"].items()},
    }


def _write_comments(plans, *, comments, pending_share, response_share, batch, reply_share, chapter_share,
                    general_share, registered_share, assigned_share, paragraphs_commented, rng, now, chapter_type,
                    plan_type, site,
                    editor, coordinator, experts, expert, connection, log):
    """COPY `comments` comments (and their responses) in batches of `batch`; returns the counts."""
    from consultation.core.polish_words import index_terms

    # As OfficialResponse.save stores them.
    RESPONSE_TERMS = [index_terms(text) for text in RESPONSE_TEXTS]  # noqa: N806 - a constant of this run
    with connection.cursor() as cursor:
        # Reserve the ids: nextval gives the first, setval moves the sequence past the last.
        cursor.execute("SELECT pg_get_serial_sequence('django_comments', 'id')")
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [sequence])
        first_id = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s, %s)", [sequence, first_id + comments - 1])
    warsaw = ZoneInfo("Europe/Warsaw")
    # Comments arrive over the four weeks before `now`, in the order of their ids, on all plans at once.
    start, span = now - timedelta(days=28), timedelta(days=28) - timedelta(hours=2)
    span_seconds = span.total_seconds()
    # Most of the backlog is recent: 60 % of the pending comments are in the last tenth of the four weeks.
    recent_from = 0.9
    p_recent, p_old = min(0.6 * pending_share / 0.1, 1.0), 0.4 * pending_share / 0.9
    chapters = [(p, c) for p in plans for c in p["chapters"]]
    # Some chapters draw more comments than others (0.5 to 1.5 times the mean).
    weights = [0.5 + rng.random() for _ in chapters]
    cumulative, total = [], 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    paragraph_weights = None
    experts_all = experts + [expert]
    salt = uuid.uuid4().hex
    open_roots = {}  # (chapter index, paragraph index) -> [(id, order so far)] of published top-level comments
    writer = _Writer()
    counts = {"comments": 0, "published": 0, "pending": 0, "replies": 0, "chapter_scope": 0, "general": 0,
              "registered": 0, "assigned": 0, "responses": 0, "responses_submitted": 0}
    ip_base = rng.randrange(1 << 16)
    batch_started = time.perf_counter()
    for index in range(comments):
        pk = first_id + index
        fraction = index / comments
        submitted = start + timedelta(seconds=fraction * span_seconds)  # in the order of the ids
        chapter_index = bisect(cumulative, rng.random() * total)
        chapter_index = min(chapter_index, len(chapters) - 1)
        plan, chapter = chapters[chapter_index]
        paragraphs = chapter["paragraphs"]
        if paragraph_weights is None or len(paragraph_weights) != len(paragraphs) + 1:
            # Earlier paragraphs draw a few more comments than later ones, as readers do.
            count = len(paragraphs)
            chosen = (set(range(count)) if not paragraphs_commented
                      else {number * count // min(paragraphs_commented, count)
                            for number in range(min(paragraphs_commented, count))})
            paragraph_weights = [0.0]
            for number in range(count):
                weight = 1.5 - number / count if number in chosen else 0.0
                paragraph_weights.append(paragraph_weights[-1] + weight)
        draw = rng.random()
        pending = rng.random() < (p_recent if fraction >= recent_from else p_old)
        parent = None
        if draw < general_share:
            scope, content_type, object_pk, key, text, revision = ("general", plan_type, plan["id"], "", "",
                                                                   plan["revision"])
            counts["general"] += 1
        elif draw < general_share + chapter_share:
            scope, content_type, object_pk, key, text, revision = ("chapter", chapter_type, chapter["id"], "", "",
                                                                   chapter["revision"])
            counts["chapter_scope"] += 1
        else:
            paragraph = bisect(paragraph_weights, rng.random() * paragraph_weights[-1], hi=len(paragraphs)) - 1
            paragraph = min(max(paragraph, 0), len(paragraphs) - 1)
            key, text = paragraphs[paragraph]
            scope, content_type, object_pk, revision = "paragraph", chapter_type, chapter["id"], chapter["revision"]
            roots = open_roots.get((chapter_index, paragraph))
            if roots and draw < general_share + chapter_share + reply_share:
                parent = roots[rng.randrange(len(roots))]
                pending = False  # the replies here are published
        registered = parent is None and rng.random() < registered_share
        kind_draw = rng.random()
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if kind_draw < 0.8:
            kind, organisation, name = "person", "", f"{first} {last}"
        elif kind_draw < 0.93:
            kind, organisation, name = "organisation", rng.choice(ORGANISATIONS), f"{first} {last}"
        else:
            kind, organisation, name = "institution", rng.choice(INSTITUTIONS), ""
        publish_name = kind == "person" and rng.random() < 0.3
        sentences = rng.sample(COMMENT_SENTENCES, rng.randint(1, 2))
        body = " ".join(sentences)
        # The web form asks every comment and reply for a title; a reply has no proposed wording.
        title = rng.choice(REPLY_TITLES) if parent is not None else rng.choice(COMMENT_TITLES)
        proposal = rng.choice(PROPOSALS) if parent is None and rng.random() < 0.2 else ""
        justification = rng.choice(JUSTIFICATIONS) if parent is None and rng.random() < 0.3 else ""
        submit_text = submitted.isoformat()
        received_on = submitted.astimezone(warsaw).date().isoformat()
        if registered:
            # Registered by staff: the date of receipt may be a day or two before, confirmed by registering.
            channel = ("email", "post", "epuap")[index % 3]
            received_on = (submitted.astimezone(warsaw).date() - timedelta(days=index % 3)).isoformat()
            confirmed = submitted
            consent = sent = token = NULL
            ip = NULL
            registered_by = str(editor.pk)
            counts["registered"] += 1
        else:
            channel = "web"
            confirmed = submitted + timedelta(seconds=30 + rng.random() * 1800)
            consent = sent = submit_text
            token = hashlib.sha256(f"{salt}:{pk}".encode()).hexdigest()
            ip = f"10.{(ip_base + index) % 250}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
            registered_by = NULL
        confirmed_text = confirmed.isoformat()
        if pending:
            moderated = moderated_by = NULL
            counts["pending"] += 1
        else:
            left = max((now - confirmed).total_seconds() - 120, 1)
            moderated_at = confirmed + timedelta(seconds=rng.random() * min(left, 2 * 86400))
            moderated = moderated_at.isoformat()
            moderated_by = str(experts_all[rng.randrange(len(experts_all))].pk)
            counts["published"] += 1
        assigned = NULL
        if parent is None and rng.random() < assigned_share:
            assigned = str(experts_all[rng.randrange(len(experts_all))].pk)
            counts["assigned"] += 1
        if parent is None:
            thread, parent_id, level, order = pk, pk, 0, 1
        else:
            thread, parent_id, level = parent[0], parent[0], 1
            parent[1] += 1
            order = parent[1]
            counts["replies"] += 1
        public = "f" if pending else "t"
        writer.comments.write(
            f"{pk}\t{object_pk}\t{name}\t{'o' if name else 'urzad'}{pk}@example.org\t\t{body}\t{submit_text}\t{ip}\t"
            f"{public}\tf\t{content_type}\t{site}\t{NULL}\n")
        writer.xtd.write(f"{pk}\t{thread}\t{parent_id}\t{level}\t{order}\tf\t0\n")
        idempotency = uuid.UUID(int=rng.getrandbits(128), version=4)
        # A published top-level comment awaits a response until one is published (see awaiting_response_condition).
        awaits = not pending and parent is None
        if not pending and parent is None:
            if scope == "paragraph":
                roots = open_roots.setdefault((chapter_index, paragraph), [])
                if len(roots) < 8:  # replies go to a few threads of each paragraph
                    roots.append([pk, 1])
            response_draw = rng.random()
            if response_draw < response_share + 0.02:
                # An expert writes; a coordinator approves and so publishes (two steps), or it waits for approval.
                published = response_draw < response_share
                left = max((now - moderated_at).total_seconds() - 60, 1)
                written = moderated_at + timedelta(seconds=rng.random() * left * 0.5)
                reviewed = written + timedelta(seconds=rng.random() * left * 0.5)
                written_text, reviewed_text = written.isoformat(), reviewed.isoformat()
                author = experts_all[rng.randrange(len(experts_all))].pk
                disposition = rng.randrange(len(DISPOSITIONS))
                if published:
                    awaits = False
                    writer.responses.write(
                        f"{pk}\t{DISPOSITIONS[disposition]}\t{RESPONSE_TEXTS[disposition]}\t{author}\t{written_text}\t"
                        f"{reviewed_text}\t{reviewed_text}\t{NULL}\tapproved\t{written_text}\t{reviewed_text}\t"
                        f"{coordinator.pk}\t\t{RESPONSE_TERMS[disposition]}\n")
                    counts["responses"] += 1
                else:
                    writer.responses.write(
                        f"{pk}\t{DISPOSITIONS[disposition]}\t{RESPONSE_TEXTS[disposition]}\t{author}\t{written_text}\t"
                        f"{written_text}\t{NULL}\t{NULL}\tsubmitted\t{written_text}\t{NULL}\t{NULL}\t\t"
                        f"{RESPONSE_TERMS[disposition]}\n")
                    counts["responses_submitted"] += 1
        # As ParagraphComment.stored_search_terms works them out.
        search_terms = index_terms(title, body, proposal, justification)
        writer.paragraph.write(
            f"{pk}\t{key}\t{text}\t{title}\t{organisation}\t{kind}\t{consent}\t{idempotency}\t{moderated}\t\t"
            f"{moderated_by}\t{revision}\t{sent}\t{'' if token == NULL else token}\t{confirmed_text}\t"
            f"{'t' if publish_name else 'f'}\t{NULL}\t{channel}\t{NULL}\tf\t{justification}\t{NULL}\t{plan['id']}\t"
            f"{proposal}\t{received_on}\t{registered_by}\t\t{scope}\t{NULL}\t{assigned}\t{NULL}\t"
            f"{'pending' if pending else 'published'}\t{'t' if awaits else 'f'}\t"
            f"{NULL if scope == 'general' else chapter['id']}\t"
            f"{search_terms}\n")
        counts["comments"] += 1
        if counts["comments"] % batch == 0 or counts["comments"] == comments:
            generated = time.perf_counter()
            writer.flush(connection)
            log(f"  {counts['comments']:,}/{comments:,} comments (batch: generated in "
                f"{generated - batch_started:.1f} s, copied in {time.perf_counter() - generated:.1f} s)")
            batch_started = time.perf_counter()
    counts["first_id"], counts["last_id"] = first_id, first_id + comments - 1
    counts["copy_seconds"] = writer.seconds
    return counts


STATS_SQL = """
WITH published AS (
    SELECT c.id, c.object_pk, p.paragraph_key, x.level, c.submit_date
    FROM django_comments c
    JOIN django_comments_xtd_xtdcomment x ON x.comment_ptr_id = c.id
    JOIN consultation_paragraphcomment p ON p.xtdcomment_ptr_id = c.id
    WHERE c.content_type_id = %(chapter_type)s AND c.object_pk = ANY(%(chapters)s)
      AND c.is_public AND NOT c.is_removed AND p.paragraph_key <> ''
), totals AS (
    SELECT object_pk, paragraph_key, count(*) AS total, count(*) FILTER (WHERE level = 0) AS threads
    FROM published GROUP BY object_pk, paragraph_key
), ranked AS (
    SELECT object_pk, paragraph_key, id,
           row_number() OVER (PARTITION BY object_pk, paragraph_key ORDER BY submit_date, id) AS position
    FROM published WHERE level = 0
), first AS (
    SELECT object_pk, paragraph_key, jsonb_agg(id ORDER BY position) AS ids
    FROM ranked WHERE position <= %(kept)s GROUP BY object_pk, paragraph_key
)
INSERT INTO consultation_paragraphstats (chapter_id, paragraph_key, published_count, thread_count, first_threads)
SELECT totals.object_pk::integer, totals.paragraph_key, totals.total, totals.threads,
       coalesce(first.ids, '[]'::jsonb)
FROM totals LEFT JOIN first USING (object_pk, paragraph_key)
"""


def rebuild_stats_sql(cursor, chapter_ids):
    """What `paragraph_stats.rebuild(chapter_ids)` writes, in two statements: per paragraph with
    published comments, their number, the number of threads and the ids of the oldest threads."""
    from django.contrib.contenttypes.models import ContentType

    from consultation.models import FIRST_THREADS_KEPT, ChapterPage

    cursor.execute("DELETE FROM consultation_paragraphstats WHERE chapter_id = ANY(%s)", [list(chapter_ids)])
    cursor.execute(STATS_SQL, {"chapter_type": ContentType.objects.get_for_model(ChapterPage).pk,
                               "chapters": [str(pk) for pk in chapter_ids], "kept": FIRST_THREADS_KEPT})
    return cursor.rowcount


def national_pages(summary=None):
    """{name: path} of the pages to measure on the national data: a chapter of the plan in the middle of
    the dataset (anonymous; serve it with the page cache off to measure it uncached) and the moderation
    queue as an expert sees it: its default tab, filtered by plan and state, and a search for words.

    `summary` is what `add_national_dataset` returned; without it the middle plan is looked up."""
    from django.urls import reverse

    from consultation.models import ChapterPage, PlanPage

    if summary is not None:
        plan = PlanPage.objects.get(pk=summary["middle_plan_id"])
        chapter = ChapterPage.objects.get(pk=summary["middle_chapter_id"])
    else:
        plans = list(PlanPage.objects.filter(slug__in=[f"{slug}-{kind}" for slug, _n, _g in REGIONS
                                                       for kind, _t, _p in PLAN_KINDS]).order_by("path"))
        plan = plans[len(plans) // 2]
        chapters = list(ChapterPage.objects.child_of(plan).order_by("path"))
        chapter = chapters[len(chapters) // 2]
    queue = reverse("moderation:index")
    return {
        "national chapter page": chapter.url,
        "queue: default tab (pending)": queue,
        "queue: plan + published": f"{queue}?{urlencode({'status': 'published', 'plan': plan.pk})}",
        "queue: plan + chapter + unanswered + mine": f"{queue}?" + urlencode(
            {"status": "unanswered", "plan": plan.pk, "chapter": chapter.pk, "assignee": "mine"}),
        "queue: words": f"{queue}?{urlencode({'status': 'all', 'q': SEARCH_WORDS})}",
    }


def search_pages(summary=None):
    """{name: path} of the site's search as anyone uses it on the national data (issue 16): words in the
    text of the plans, in comments and in responses, all regions and one region's plan."""
    from django.urls import reverse

    from consultation.models import PlanPage

    plan = (PlanPage.objects.get(pk=summary["middle_plan_id"]) if summary is not None
            else PlanPage.objects.order_by("path")[PlanPage.objects.count() // 2])
    search = reverse("search")
    return {
        "search: text, all regions": f"{search}?{urlencode({'q': 'ekonomia społeczna'})}",
        "search: comments, all regions": f"{search}?{urlencode({'q': SEARCH_WORDS, 'kind': 'comments'})}",
        "search: responses, all regions": f"{search}?{urlencode({'q': 'powiat', 'kind': 'responses'})}",
        "search: comments of one plan, page 2": f"{search}?" + urlencode(
            {"q": "spółdzielnia socjalna", "kind": "comments", "plan": plan.pk, "page": 2}),
        "search: one region": f"{search}?{urlencode({'q': 'podmiot', 'region': plan.region})}",
    }


def expert_cookie(user=None):
    """A `Cookie` header value of a logged-in session of `user` (the bench's expert by default).

    The session is stored in the database, so the served app accepts it; the header is sent as it is,
    whatever SESSION_COOKIE_SECURE says."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = user or get_user_model().objects.get(username="ekspert-bench")
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def queue_timings(base_url, urls, session_cookie, duration="10s", connections=2, warm_up="2s", timeout="60s"):
    """{name: {"rps", "p50", "p95", "errors", "total"}} (milliseconds) of each of `urls` ({name: path})
    under wrk with `connections` connections for `duration`, after a warm-up that is not measured.

    The cookie (see `expert_cookie`) goes with every request; each page must answer 200 with it first. The default of 2 connections is one
    request at a time per gunicorn worker, so p95 is the time of one answer, not of a queue of
    requests; pass 16 to measure as bench.py measures the public pages. wrk leaves a request that
    takes longer than its timeout (2 s unless told) out of the latencies: here it is `timeout`, and
    `timeouts` counts those that still took longer. A page of which no request finished within
    `duration` gets a p50 and p95 of infinity (wrk would say 0)."""
    script = ROOT / "scripts" / "bench_percentiles.lua"
    results = {}
    for name, path in urls.items():
        url = base_url.rstrip("/") + path
        status = check_login(base_url, path, session_cookie)
        if status != 200:  # wrk counts a redirect (to the login page) as a success
            raise RuntimeError(f"{name}: {path} answered {status}, not 200: is the session cookie accepted?")
        header = ["-H", f"Cookie: {session_cookie}"] if session_cookie else []
        options = ["-t2", f"-c{connections}", "--timeout", timeout, *header]
        subprocess.run(["wrk", *options, f"-d{warm_up}", url], capture_output=True, check=True)
        output = subprocess.run(["wrk", *options, f"-d{duration}", "-s", str(script), url],
                                capture_output=True, text=True, check=True).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        p50, p95 = (int(v) / 1000 for v in re.search(r"p50=(\d+) p95=(\d+)", output).groups())
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        total = int(re.search(r"(\d+) requests in", output).group(1))
        timeouts = re.search(r"timeout (\d+)", output)
        if total == 0:  # not one answer within the run: wrk reports latencies of 0, which must not pass
            p50 = p95 = float("inf")
        results[name] = {"rps": rps, "p50": p50, "p95": p95, "errors": int(errors.group(1)) if errors else 0,
                         "total": total, "timeouts": int(timeouts.group(1)) if timeouts else 0}
    return results


def check_login(base_url, path, session_cookie):
    """The status of `path` fetched with the cookie, without following redirects: 200 when the session works."""
    import urllib.error
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    headers = {"Cookie": session_cookie} if session_cookie else {}
    request = urllib.request.Request(base_url.rstrip("/") + path, headers=headers)
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
