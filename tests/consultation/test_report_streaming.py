"""The spreadsheet exports stream: the database sorts the comments in document order and they are read
in chunks, so the memory of a CSV or XLSX export does not grow with the number of comments, and the rows
come in the same order as when the report sorted them in Python.

`document_order_as_before` is that Python sort, kept here as the reference the database's order must
match: general comments, then chapters in reading order; in a chapter, chapter-wide comments first,
then by paragraph number (a paragraph no longer in the chapter after the others), then by date of
receipt (the local day of submission when none was recorded), then by number; comments on a part no
longer in the document last.
"""

import csv
import gc
import hashlib
import io
import tracemalloc
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook

from consultation.demo.builders import edit_chapter, make_chapter, make_plan
from consultation.models import CommentScope, ParagraphComment, PlanPage
from consultation.moderation.actions import publish_comments, reject_comments
from consultation.reports import rows as report_rows_module
from consultation.reports.report import build_report
from consultation.reports.rows import document_parts, received_comments, report_rows
from tests.conftest import CHAPTER_BLOCKS
from tests.consultation.test_report import report_url, submit


def document_order_as_before(plan):
    """The references of the plan's received comments in the order the report used to sort its rows in
    Python, from the same document parts."""
    chapters, by_pk, numbers = document_parts(plan)
    plan_type = ContentType.objects.get_for_model(PlanPage)
    order = {c.pk: n for n, c in enumerate(chapters)}
    unknown = len(chapters) + 1
    keyed = []
    for comment in received_comments(plan):
        on_plan = comment.content_type_id == plan_type.pk
        chapter = None if on_plan else by_pk.get(comment.object_pk)
        received_on = comment.received_on or timezone.localtime(comment.submit_date).date()
        if on_plan:
            place = (0, 0, 0)
        elif chapter is None:
            place = (unknown, 0, 0)
        else:
            in_chapter = 0 if comment.scope == CommentScope.CHAPTER else 1
            place = (1 + order[chapter.pk], in_chapter, numbers[chapter.pk].get(comment.paragraph_key) or 10**6)
        keyed.append((place + (received_on, comment.pk), comment.reference))
    return [reference for _key, reference in sorted(keyed)]


def csv_references(body):
    rows = list(csv.reader(io.StringIO(body.decode("utf-8").lstrip("\ufeff")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, len(rows))]  # numbered 1..n in order
    return [row[1] for row in rows[1:]]


def set_received(comment, received_on, submit_date=None):
    fields = {"received_on": received_on} | ({"submit_date": submit_date} if submit_date else {})
    ParagraphComment.objects.filter(pk=comment.pk).update(**fields)


@pytest.fixture
def mixed(users, plan, chapter):
    """Comments on every kind of place: general, chapter-wide and paragraph comments in three chapters
    (one an unnumbered annex), a paragraph removed after it was commented on, a chapter deleted and one
    unpublished, and dates of receipt that disagree with the order of submission, one of them missing
    (the local day of submission counts: 23:30 UTC is the next day in Warsaw)."""
    expert = users["eksperci"]
    second = make_chapter(plan, number=2, title="Prognoza", slug="prognoza", blocks=CHAPTER_BLOCKS)
    annex = make_chapter(plan, number=0, title="Załącznik", slug="zalacznik", blocks=CHAPTER_BLOCKS)
    deleted = make_chapter(plan, number=3, title="Usunięty", slug="usuniety", blocks=CHAPTER_BLOCKS)
    hidden = make_chapter(plan, number=4, title="Wycofany", slug="wycofany", blocks=CHAPTER_BLOCKS)
    c = {}
    c["annex"], _t = submit(plan, chapter=annex, paragraph=1, title="Załącznik")
    c["second_p1"], _t = submit(plan, chapter=second, paragraph=1, title="Drugi §1")
    c["p3"], _t = submit(plan, chapter=chapter, paragraph=3, title="§3")
    c["removed"], _t = submit(plan, chapter=chapter, paragraph=2, title="Akapit usunięty")
    c["p4"], _t = submit(plan, chapter=chapter, paragraph=4, title="§4, potem §3")
    c["deleted"], _t = submit(plan, chapter=deleted, paragraph=1, title="W usuniętym rozdziale")
    c["unpublished"], _t = submit(plan, chapter=hidden, title="W wycofanym rozdziale")
    c["late_p1"], _t = submit(plan, chapter=chapter, paragraph=1, title="§1, najpóźniej")
    c["p1_no_date"], _t = submit(plan, chapter=chapter, paragraph=1, title="§1 bez daty")
    c["p1_first"], _t = submit(plan, chapter=chapter, paragraph=1, title="§1 najwcześniej")
    c["chapter_wide"], _t = submit(plan, chapter=chapter, title="Cały rozdział")
    c["general_2"], _t = submit(plan, title="Ogólna druga")
    c["general_1"], _t = submit(plan, title="Ogólna pierwsza")
    c["second_wide"], _t = submit(plan, chapter=second, title="Drugi w całości")
    unconfirmed, _t = submit(plan, chapter=chapter, paragraph=1, confirm=False)

    day = date(2026, 1, 10)  # winter: Warsaw is UTC+1
    set_received(c["late_p1"], day + timedelta(days=2))
    set_received(c["p1_first"], day)
    set_received(c["p1_no_date"], None, submit_date=datetime(2026, 1, 10, 23, 30, tzinfo=UTC))  # 11 January
    set_received(c["general_2"], day + timedelta(days=1))
    set_received(c["general_1"], day)
    for key in ("annex", "second_p1", "p3", "removed", "p4", "deleted", "unpublished", "chapter_wide", "second_wide"):
        set_received(c[key], day + timedelta(days=1))
    # Paragraph 2 goes: the comment on it stays, after the chapter's paragraphs; § 3 becomes § 2, § 4 § 3.
    edit_chapter(chapter, lambda raw: raw.pop(2))
    deleted.delete()
    hidden.unpublish()
    for comment in c.values():
        comment.refresh_from_db()
    publish_comments([c["p3"], c["general_1"], c["annex"]], moderator=expert)
    reject_comments([c["second_p1"]], moderator=expert, reason="Nie na temat.", category="off_topic")
    return c, unconfirmed


# Chapter 1, chapter 2, then the annex (an unnumbered part after chapter 2); the deleted and the unpublished
# chapter are no longer in the document. In § 1 the comment without a date of receipt was submitted at
# 23:30 UTC on 10 January, the 11th in Warsaw: after the one received on the 10th, though submitted before it.
EXPECTED = ["general_1", "general_2", "chapter_wide", "p1_first", "p1_no_date", "late_p1", "p3", "p4", "removed",
            "second_wide", "second_p1", "annex", "deleted", "unpublished"]


@pytest.mark.django_db
def test_streamed_exports_keep_the_document_order_of_the_python_sort(client, users, plan, mixed, tmp_path):
    comments, unconfirmed = mixed
    expected = [comments[key].reference for key in EXPECTED]
    assert document_order_as_before(plan) == expected  # the fixture is what its docstring says
    client.force_login(users["eksperci"])

    response = client.get(report_url(plan, "csv"))
    assert response.streaming
    body = b"".join(response.streaming_content)
    assert csv_references(body) == expected
    assert unconfirmed.reference not in body.decode("utf-8")
    rows = {row[1]: row for row in csv.reader(io.StringIO(body.decode("utf-8").lstrip("\ufeff")), delimiter=";")}
    assert rows[comments["p1_no_date"].reference][5] == "2026-01-11"  # the local day of submission
    assert (rows[comments["p3"].reference][9], rows[comments["p4"].reference][9]) == ("2", "3")  # renumbered
    assert rows[comments["removed"].reference][9] == ""

    workbook = load_workbook(io.BytesIO(b"".join(client.get(report_url(plan, "xlsx")).streaming_content)))
    assert [row[1] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)] == expected

    out = io.StringIO()
    call_command("export_report", plan.slug, stdout=out)
    assert csv_references(out.getvalue().encode("utf-8")) == expected
    target = tmp_path / "raport.xlsx"
    call_command("export_report", plan.slug, "--format", "xlsx", "--output", str(target))
    assert [row[1] for row in load_workbook(target).worksheets[0].iter_rows(min_row=2, values_only=True)] == expected

    # The page, PDF and ODT take the same rows as a list, and count them as the streamed XLSX does.
    report = build_report(plan, staff=True)
    assert [row.reference for row in report.rows] == expected
    assert [row.number for row in report.rows] == list(range(1, len(expected) + 1))
    counts = {table.key: dict(table.lines) for table in report.course.tables}
    sheet = workbook.worksheets[1]
    for table in report.course.tables:
        for label, count in table.lines:
            assert any(row[:2] == (label, count) for row in sheet.iter_rows(values_only=True)), label
    assert report.course.received == len(expected) and sum(counts["part"].values()) == len(expected)


@pytest.mark.django_db
def test_a_plan_without_chapters_lists_its_general_comments(client, users, home):
    plan = make_plan(home, title="Bez rozdziałów", slug="bez-rozdzialow")
    first, _t = submit(plan, title="Pierwsza")
    second, _t = submit(plan, title="Druga")
    set_received(first, date(2026, 1, 11))
    set_received(second, date(2026, 1, 10))
    client.force_login(users["eksperci"])
    body = b"".join(client.get(report_url(plan, "csv")).streaming_content)
    assert csv_references(body) == [second.reference, first.reference] == document_order_as_before(plan)


def add_received_comments(plan, chapters, count):
    """`count` received comments spread over the chapters' paragraphs, the chapters as a whole and the
    whole plan, written straight to the tables (as scripts/bench.py does): the report only reads them."""
    site_id = Site.objects.get_current().pk
    now = timezone.now()
    places = [(chapter, [p.key for p in chapter.paragraphs()], CommentScope.PARAGRAPH) for chapter in chapters]
    places += [(chapters[0], [""], CommentScope.CHAPTER), (plan, [""], CommentScope.GENERAL)]
    text = "Województwo wspiera podmioty ekonomii społecznej i współpracę z samorządami. " * 4
    with transaction.atomic():
        for n in range(count):
            target, paragraphs, scope = places[n % len(places)]
            ParagraphComment(
                content_object=target, plan=plan, site_id=site_id, scope=scope,
                paragraph_key=paragraphs[n % len(paragraphs)],
                paragraph_text=text, title=f"Uwaga {n}", comment=text, user_name=f"Osoba {n}",
                user_email=f"o{n}@example.org", submit_date=now, received_on=now.date() - timedelta(days=n % 20),
                confirmed_at=now, is_public=n % 3 != 0, idempotency_key=uuid.uuid4(),
            ).save()


def traced_peak(consume):
    """The peak of memory traced while `consume()` runs, in bytes, and what it returned."""
    gc.collect()
    tracemalloc.start()
    try:
        result = consume()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, result


N = 300


@pytest.mark.django_db
def test_memory_of_a_streamed_export_does_not_grow_with_the_comments(client, users, plan, chapter, monkeypatch,
                                                                     tmp_path):
    """N and then 5N comments, read in chunks of N/3 (in production 2,000: the bound is the chunk, not
    the plan). The CSV download and the XLSX written by the command stay within twice the peak for N,
    while the same rows held in a list grow with the comments; the streamed rows are in the order of the
    Python sort."""
    monkeypatch.setattr(report_rows_module, "CHUNK_SIZE", N // 3)
    second = make_chapter(plan, number=2, title="Prognoza", slug="prognoza", blocks=CHAPTER_BLOCKS)
    client.force_login(users["eksperci"])
    url = report_url(plan, "csv")

    def download():
        digest, count = hashlib.sha256(), 0
        for part in client.get(url).streaming_content:
            digest.update(part)
            count += part.count(b"\n")
        return digest.hexdigest(), count

    def write_xlsx():
        call_command("export_report", plan.slug, "--format", "xlsx", "--output", str(tmp_path / "raport.xlsx"))

    peaks = {}
    for total in (N, 5 * N):
        add_received_comments(plan, [chapter, second], total - ParagraphComment.objects.count())
        download()  # warm per-process caches (translations, content types, templates)
        write_xlsx()
        csv_peak, (digest, lines) = traced_peak(download)
        assert lines == 1 + total
        body = b"".join(client.get(url).streaming_content)
        assert hashlib.sha256(body).hexdigest() == digest
        assert csv_references(body) == document_order_as_before(plan)
        xlsx_peak, _none = traced_peak(write_xlsx)
        list_peak, rows = traced_peak(lambda: report_rows(plan, staff=True))
        assert len(rows) == total
        del rows
        peaks[total] = {"csv": csv_peak, "xlsx": xlsx_peak, "list": list_peak}
    small, large = peaks[N], peaks[5 * N]
    assert large["csv"] < 2 * small["csv"], peaks
    assert large["xlsx"] < 2 * small["xlsx"], peaks
    assert large["list"] > 2 * small["list"], peaks  # the measure sees rows that are held
