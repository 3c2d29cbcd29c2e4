"""The consultation report: rows compared with the database, visibility, exports opened with the
real libraries, bounded queries, the admin's view of unanswered comments."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from consultation.demo.builders import make_chapter, make_comment
from consultation.models import ParagraphComment, ReportPublication
from consultation.moderation.actions import publish_comments, reject_comments, save_response
from tests.conftest import CHAPTER_BLOCKS
from tests.utils import text_of


def close(plan):
    plan.consultation_opens = timezone.now() - timedelta(days=50)
    plan.consultation_closes = timezone.now() - timedelta(days=5)
    plan.save_revision().publish()
    plan.refresh_from_db()
    return plan


@pytest.fixture
def answered(plan, chapter, expert):
    second = make_chapter(plan, number=2, title="Prognoza", slug="prognoza", blocks=CHAPTER_BLOCKS)
    comments = {
        "late": make_comment(chapter, 3, title="Późniejszy akapit", name="Anna"),
        "early": make_comment(chapter, 1, title="Pierwszy akapit", commenter_kind="organisation",
                              organisation="Fundacja Idea Rozwoju", name="Ewa"),
        "second": make_comment(second, 1, title="Drugi rozdział", name="Jan Kowalski"),
        "formula": make_comment(second, 2, title="=HYPERLINK(\"http://evil.example\")", name="X"),
    }
    publish_comments(list(comments.values()), moderator=expert)
    hidden = make_comment(chapter, 1, title="Oczekujący")
    rejected = make_comment(chapter, 1, title="Odrzucony")
    reject_comments([rejected], moderator=expert, reason="spam")
    for comment in comments.values():
        comment.refresh_from_db()
    save_response(comments["early"], author=expert, disposition="accepted", justification="Tak.", publish=True)
    save_response(comments["late"], author=expert, disposition="not_accepted", justification="Nie.", publish=True)
    save_response(comments["second"], author=expert, disposition="partly", justification="Szkic", publish=False)
    return comments, hidden


def report_url(plan, suffix=""):
    return plan.url + (plan.reverse_subpage("report_export", args=[suffix]) if suffix else plan.reverse_subpage("report"))


@pytest.mark.django_db
def test_rows_match_the_database_in_document_order(client, users, plan, answered):
    from consultation.reports.report import report_rows

    comments, _hidden = answered
    rows = report_rows(plan)
    assert [r.title for r in rows] == ["Pierwszy akapit", "Późniejszy akapit", "Drugi rozdział",
                                       '=HYPERLINK("http://evil.example")']
    published = ParagraphComment.objects.published().filter(level=0)
    assert sorted(r.reference for r in rows) == sorted(c.reference for c in published)
    assert rows[0].submitter == "Fundacja Idea Rozwoju"
    assert rows[1].submitter == f"osoba prywatna ({comments['late'].reference})"
    assert rows[2].disposition == "" and rows[2].disposition_label == "brak odpowiedzi"  # draft response


@pytest.mark.django_db
def test_one_naming_rule_on_every_channel(client, plan, chapter, expert):
    """Defect 16: private persons were named on pages and in the API but pseudonymised in the report.
    Now the commenter chooses on the form, and every channel follows the choice."""
    from consultation.public.comment_tree import chapter_comments
    from consultation.reports.report import report_rows

    named = make_comment(chapter, 1, title="Podpisana", name="Anna Jawna", publish_name=True)
    unnamed = make_comment(chapter, 1, title="Niepodpisana", name="Zofia Ukryta")
    organisation = make_comment(chapter, 1, title="Organizacja", name="Jan Prezes", organisation="Fundacja X",
                                commenter_kind="organisation")
    publish_comments([named, unnamed, organisation], moderator=expert)
    page = text_of(client.get(chapter.url))
    api = text_of(client.get(reverse("api-chapter-comments", args=[chapter.pk])))
    report = {r.reference: r.submitter for r in report_rows(plan)}
    for channel in (page, api):
        assert "Anna Jawna" in channel and "Zofia Ukryta" not in channel and "Fundacja X" in channel
        assert f"osoba prywatna ({unnamed.reference})" in channel
        assert "Jan Prezes" not in channel  # the organisation is named, its signatory only by choice
    assert report[named.reference] == "Anna Jawna"
    assert report[unnamed.reference] == f"osoba prywatna ({unnamed.reference})"
    assert report[organisation.reference] == "Fundacja X"
    assert chapter_comments(chapter).count() == 3


@pytest.mark.django_db
def test_report_is_for_staff_until_published_after_the_close(client, users, plan, answered):
    assert client.get(report_url(plan)).status_code == 404
    assert client.get(report_url(plan, "csv")).status_code == 404
    for role in ("komunikacja", "eksperci", "zarzad", "admin"):
        client.force_login(users[role])
        assert client.get(report_url(plan)).status_code == 200, role
    client.force_login(users["commenter"])
    assert client.get(report_url(plan)).status_code == 404
    client.logout()

    client.force_login(users["komunikacja"])
    response = client.post(reverse("plans:publish_report", args=[plan.pk]))
    assert response.status_code == 400 and not ReportPublication.objects.exists()  # still open
    close(plan)
    assert client.post(reverse("plans:publish_report", args=[plan.pk])).status_code == 302
    client.logout()
    html = text_of(client.get(report_url(plan)))
    assert "Raport z konsultacji" in html and "Fundacja Idea Rozwoju" in html
    assert "Oczekujący" not in html and "Odrzucony" not in html and "Szkic" not in html
    assert "Raport z konsultacji" in text_of(client.get(plan.url))


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), [("commenter", False), ("eksperci", False), ("zarzad", False),
                                               ("komunikacja", True), ("admin", True)])
def test_only_communications_publish_the_report(client, users, plan, answered, role, allowed):
    close(plan)
    client.force_login(users[role])
    client.post(reverse("plans:publish_report", args=[plan.pk]))
    assert ReportPublication.objects.exists() is allowed


@pytest.mark.django_db
def test_csv_opens_as_excel_expects_and_matches_the_rows(client, users, plan, answered):
    client.force_login(users["eksperci"])
    response = client.get(report_url(plan, "csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0][:4] == ["Nr", "Rozdział", "Tytuł rozdziału", "Akapit"]
    assert len(rows) == 1 + 4
    assert rows[1][9] == "Treść uwagi." and rows[1][10] == "uwzględniona"
    assert rows[4][8].startswith("'=")  # a formula is shown as text, never run


@pytest.mark.django_db
def test_xlsx_opens_with_openpyxl(client, users, plan, answered):
    client.force_login(users["eksperci"])
    response = client.get(report_url(plan, "xlsx"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == plan.title
    assert rows[1][0] == "Nr" and len(rows) == 2 + 4
    assert rows[2][5] == "Fundacja Idea Rozwoju"


@pytest.mark.django_db
def test_export_report_command(plan, answered, tmp_path):
    out = io.StringIO()
    call_command("export_report", plan.slug, "--format", "csv", stdout=out)
    target = tmp_path / "raport.xlsx"
    call_command("export_report", plan.slug, "--format", "xlsx", "--output", str(target))
    assert len(list(load_workbook(target).active.iter_rows())) == 2 + 4


@pytest.mark.django_db
def test_report_queries_do_not_grow_with_comments(client, users, plan, chapter, expert):
    client.force_login(users["eksperci"])

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
            if hasattr(client, "streaming"):
                pass
        return len(queries)

    make_comment(chapter, 1)
    small = {suffix: count(report_url(plan, suffix)) for suffix in ("", "csv", "xlsx")}
    comments = [make_comment(chapter, n % 5 + 1, title=f"K{n}") for n in range(60)]
    publish_comments(comments, moderator=expert)
    for suffix in ("", "csv", "xlsx"):
        assert count(report_url(plan, suffix)) <= small[suffix], suffix


@pytest.mark.django_db
def test_queue_flags_unanswered_comments_with_days_left(client, expert, plan, answered):
    client.force_login(expert)
    html = text_of(client.get(reverse("moderation:index"), {"status": "unanswered"}))
    days = (plan.report_due - timezone.now()).days
    assert f"brak odpowiedzi: do raportu zostało {days} dni" in html or f"brak odpowiedzi: do raportu został {days} dzień" in html
    assert "<strong>Drugi rozdział</strong>" in html and "<strong>Pierwszy akapit</strong>" not in html
