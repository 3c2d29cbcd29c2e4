"""The consultation report (sprawozdanie z przebiegu i wyników konsultacji): every comment received, in
document order, compared with the database row by row; the course of the consultation; who may read
it; nothing non-public in it; a fixed number of queries. The exports are in test_report_exports.py.

The record is made through the real actions: web comments submitted and confirmed, comments registered
from other channels (with a scan of the original), moderation, responses, a withdrawal, the report's
publication.
"""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.documents import get_document_model

from consultation.demo.builders import comment_input, make_chapter, make_comment
from consultation.models import ConsultationMeeting, ParagraphComment, ReportPublication
from consultation.moderation.actions import (
    publish_comments,
    reject_comments,
    save_response,
)
from consultation.participation.actions import (
    confirm_comment,
    submit_comment,
    withdraw_comment,
)
from consultation.participation.intake import Receipt, register_comment
from consultation.reports.actions import publish_report
from consultation.reports.columns import DOCUMENT_COLUMNS, headers
from consultation.reports.report import build_report
from tests.conftest import CHAPTER_BLOCKS
from tests.utils import coordinator_user, text_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OFFENSIVE_TEXT = "obelgaobelgaobelga"
SECRET_EMAIL = "tajny.adres@example.org"
SECRET_IP = "198.51.100.77"


def pl(msgid, **values):
    """The Polish text of `msgid`, as the report shows it (the msgid itself until it is translated)."""
    with translation.override("pl"):
        text = translation.gettext(msgid)
    return text % values if values else text


def report_url(plan, file_format=""):
    return plan.url + (plan.reverse_subpage("report_export", args=[file_format]) if file_format
                       else plan.reverse_subpage("report"))


def submit(plan, *, chapter=None, paragraph=None, confirm=True, **fields):
    """A web comment as the public sends it: submitted, then confirmed from the emailed link.
    Returns (comment, token)."""
    tokens = []
    key = chapter.paragraphs()[paragraph - 1].key if paragraph else ""
    fields.setdefault("email", SECRET_EMAIL)
    fields.setdefault("ip_address", SECRET_IP)
    comment, _created = submit_comment(plan=plan, chapter=chapter, paragraph_key=key, data=comment_input(**fields),
                                       link_for_token=lambda token: tokens.append(token) or "/x/")
    if confirm:
        comment = confirm_comment(tokens[0])
    return comment, tokens[0]


def close(plan, *, opens=-45, closes=-5):
    now = timezone.now()
    plan.consultation_opens, plan.consultation_closes = now + timedelta(days=opens), now + timedelta(days=closes)
    plan.save_revision().publish()
    plan.refresh_from_db()
    return plan


@pytest.fixture
def record(plan, chapter, users):
    """A closed consultation with a comment in every state the report must handle."""
    expert, office = users["eksperci"], users["komunikacja"]
    second = make_chapter(plan, number=2, title="Prognoza", slug="prognoza", blocks=CHAPTER_BLOCKS)
    c = {}
    c["p3"], _t = submit(plan, chapter=chapter, paragraph=3, title="Akapit trzeci", name="Anna Nowak",
                         proposed_wording="Nowy zapis akapitu.", justification="Bo tak trzeba.")
    c["p1"], _t = submit(plan, chapter=chapter, paragraph=1, title="Akapit pierwszy", name="Ewa",
                         commenter_kind="organisation", organisation="Fundacja Idea Rozwoju")
    c["chapter"], _t = submit(plan, chapter=chapter, title="Cały rozdział", name="Jan Jawny", publish_name=True)
    c["general"], _t = submit(plan, title="Uwaga ogólna", name="Urząd Gminy", commenter_kind="institution",
                              organisation="Urząd Gminy Wola")
    c["second"], _t = submit(plan, chapter=second, paragraph=2, title="Drugi rozdział", text="=HYPERLINK(1)")
    c["draft_answer"], _t = submit(plan, chapter=second, paragraph=1, title="Z projektem odpowiedzi")
    c["offensive"], _t = submit(plan, chapter=chapter, paragraph=1, title=OFFENSIVE_TEXT, text=OFFENSIVE_TEXT)
    c["off_topic"], _t = submit(plan, chapter=chapter, paragraph=3, title="Nie na temat", text="O pogodzie.")
    c["duplicate"], _t = submit(plan, chapter=chapter, paragraph=1, title="Powtórzenie", text="To samo.")
    c["pending"], _t = submit(plan, chapter=second, paragraph=3, title="Czeka na moderację", text="Jeszcze nie.")
    unconfirmed, _t = submit(plan, chapter=chapter, paragraph=1, title="Niepotwierdzonaznacznik", confirm=False)
    withdrawn, token = submit(plan, chapter=chapter, paragraph=1, title="Wycofanaznacznik")
    withdraw_comment(token)
    published = [c[k] for k in ("p3", "p1", "chapter", "general", "second", "draft_answer")]
    publish_comments(published, moderator=expert)
    reply = make_comment(chapter, parent=ParagraphComment.objects.get(pk=c["p1"].pk), title="Odpowiedźznacznik")
    publish_comments([reply], moderator=expert)

    close(plan)
    minutes = get_document_model().objects.create(title="Protokół ze spotkania",
                                                  file=ContentFile(PDF, name="protokol.pdf"))
    meeting = ConsultationMeeting.objects.create(
        plan=plan, starts_at=timezone.now() - timedelta(days=20), ends_at=timezone.now() - timedelta(days=20, hours=-2),
        place="Sala Kolumnowa, ul. Spokojna 4", participants=27, minutes=minutes)
    today = timezone.localdate()
    c["email"] = register_comment(
        plan=plan, chapter=chapter, paragraph_key=chapter.paragraphs()[1].key, user=office,
        data=comment_input(title="Przysłana mailem", name="Stowarzyszenie", email=SECRET_EMAIL,
                           commenter_kind="organisation", organisation="Stowarzyszenie Razem"),
        receipt=Receipt("email", today - timedelta(days=10), original_file=ContentFile(PDF, name="skan.pdf")))
    c["meeting"] = register_comment(
        plan=plan, chapter=second, user=office, data=comment_input(title="Do protokołu", name="Mieszkaniec"),
        receipt=Receipt("meeting", today - timedelta(days=20), meeting=meeting))
    c["late"] = register_comment(plan=plan, user=office, data=comment_input(title="Spóźniona", name="Ktoś"),
                                 receipt=Receipt("post", today))
    for comment in c.values():
        comment.refresh_from_db()
    publish_comments([c["email"], c["meeting"]], moderator=expert)
    reject_comments([c["offensive"]], moderator=expert, reason="Wulgaryzmy.", category="offensive")
    reject_comments([c["off_topic"]], moderator=expert, reason="Nie dotyczy planu.", category="off_topic")
    reject_comments([c["duplicate"]], moderator=expert, reason="Powtarza uwagę.", category="duplicate",
                    duplicate_of=c["p1"])
    for comment in c.values():
        comment.refresh_from_db()
    save_response(c["p1"], author=coordinator_user(), disposition="accepted", justification="Przyjęto w całości.",
                  publish=True)
    save_response(c["p3"], author=coordinator_user(), disposition="not_accepted", justification="Nie pasuje.",
                  publish=True)
    save_response(c["general"], author=coordinator_user(), disposition="explanation", justification="Wyjaśniamy.",
                  publish=True)
    save_response(c["draft_answer"], author=expert, disposition="partly", justification="Szkicodpowiedzi",
                  publish=False)
    plan.report_prepared_by, plan.report_approved_by = "Zespół ds. konsultacji", "Zarząd Województwa"
    plan.announced_in, plan.legal_basis_details = "BIP, strona urzędu", "Uchwała nr 1/2/2026"
    plan.save_revision().publish()
    plan.refresh_from_db()
    hidden = {"unconfirmed": unconfirmed, "withdrawn": withdrawn, "reply": reply}
    return c, hidden, meeting


# The document order the report must follow: general comments, then chapters in order; in a chapter,
# chapter-wide comments first, then by paragraph, then by date of receipt.
ORDER = ["general", "late", "chapter", "p1", "offensive", "duplicate", "email", "p3", "off_topic",
         "meeting", "draft_answer", "second", "pending"]


def table_rows(html):
    soup = BeautifulSoup(html, "html.parser")
    table = soup.select_one("table.report-table")
    return table, [[cell.get_text(" ", strip=True) for cell in tr.find_all(["td", "th"])]
                   for tr in table.select("tbody tr")]


@pytest.mark.django_db
def test_the_table_lists_every_comment_received_in_document_order(client, users, plan, record):
    comments, hidden, _meeting = record
    publish_report(plan, user=users["komunikacja"], incomplete=True)
    html = text_of(client.get(report_url(plan)))
    table, rows = table_rows(html)
    with translation.override("pl"):
        assert [th.get_text(strip=True) for th in table.select("thead th")] == headers(DOCUMENT_COLUMNS)
    assert [row[1] for row in rows] == [comments[key].reference for key in ORDER]
    assert [row[0] for row in rows] == [str(n) for n in range(1, len(ORDER) + 1)]
    by_key = dict(zip(ORDER, rows, strict=True))

    general = by_key["general"]
    assert general[2].startswith("Urząd Gminy Wola") and general[4] == pl("general comment")
    assert general[8] == "wyjaśnienie" and general[9] == "Wyjaśniamy."
    p3 = by_key["p3"]
    assert p3[2].startswith(f"osoba prywatna ({comments['p3'].reference})")  # no signature chosen
    assert p3[4] == pl("Chapter %(number)s. %(title)s", number=1, title="Diagnoza") + ", § 3" and p3[5] == "• punkt pierwszy • punkt drugi"
    assert p3[6] == "Nowy zapis akapitu." and "Bo tak trzeba." in p3[7] and "Akapit trzeci" in p3[7]
    assert p3[8] == "nieuwzględniona" and p3[9] == "Nie pasuje."
    assert by_key["chapter"][2].startswith("Jan Jawny") and by_key["chapter"][4].endswith(pl("chapter as a whole"))
    assert by_key["email"][3].startswith(pl("email"))
    assert comments["email"].received_on.strftime("%d.%m.%Y") in by_key["email"][3]
    assert comments["late"].received_on.strftime("%d.%m.%Y") in by_key["late"][3]
    assert comments["late"].is_late and pl("received after the deadline") in by_key["late"][3]
    assert pl("received after the deadline") not in by_key["email"][3]
    # Positions: a draft response is shown to nobody; a pending comment is not considered yet.
    assert by_key["draft_answer"][8] == by_key["pending"][8] == by_key["second"][8] == pl("not considered yet")
    assert by_key["draft_answer"][9] == ""
    # Rejected ones keep their row with the reason; a duplicate answers with its original's position.
    assert by_key["off_topic"][8] == pl("not considered: %(kind)s", kind=pl("not about the document"))
    assert by_key["off_topic"][9] == "Nie dotyczy planu." and "O pogodzie." in by_key["off_topic"][7]
    assert comments["p1"].reference in by_key["duplicate"][8] and "uwzględniona" in by_key["duplicate"][8]
    assert by_key["duplicate"][9] == "Przyjęto w całości."
    assert by_key["duplicate"][8] == f"uwzględniona ({pl('identical to %(ref)s', ref=comments['p1'].reference)})"
    assert OFFENSIVE_TEXT not in html and by_key["offensive"][1] == comments["offensive"].reference
    assert by_key["offensive"][7] == pl("The content is not published because it broke the rules of the consultation.")
    # The public reads a pending comment's row, not its text, until a moderator has checked it.
    assert "Jeszcze nie." not in html and "Czeka na moderację" not in html

    for state, comment in hidden.items():
        assert comment.reference not in html, state
        assert comment.title not in html, state
    for secret in (SECRET_EMAIL, "@example.org", SECRET_IP, "Szkicodpowiedzi", "skan.pdf",
                   comments["email"].original_document.url):
        assert secret not in html, secret


@pytest.mark.django_db
def test_the_staff_preview_shows_pending_comments_with_their_text(client, users, plan, record):
    comments, _hidden, _meeting = record
    client.force_login(users["eksperci"])
    html = text_of(client.get(report_url(plan)))
    _table, rows = table_rows(html)
    pending = next(row for row in rows if row[1] == comments["pending"].reference)
    assert "Czeka na moderację" in pending[7] and "Jeszcze nie." in pending[7] and pending[8] == pl("not considered yet")
    assert OFFENSIVE_TEXT not in html and "Szkicodpowiedzi" not in html and SECRET_EMAIL not in html
    assert pl("Draft for staff: this report is not public yet.") in html


@pytest.mark.django_db
def test_the_course_of_the_consultation_and_its_counts(client, users, plan, record):
    comments, _hidden, meeting = record
    with translation.override("pl"):
        report = build_report(plan)
    course = report.course
    facts = {fact.label: fact.value for fact in course.facts}
    assert str(plan.get_legal_basis_display()) in facts.values() and "Uchwała nr 1/2/2026" in facts.values()
    assert timezone.localtime(plan.consultation_opens).date() in facts.values()
    assert round(plan.consultation_days) in facts.values() and "BIP, strona urzędu" in facts.values()
    assert (course.received, course.withdrawn, course.late) == (len(ORDER), 1, 1)
    counts = {table.key: dict(table.lines) for table in course.tables}
    web = sum(1 for key in ORDER if comments[key].channel == "web")
    assert list(counts["channel"].values())[:4] == [web, 1, 1, 0] and sum(counts["channel"].values()) == len(ORDER)
    assert counts["part"] == {pl("general comments"): 2, pl("Chapter %(number)s. %(title)s", number=1, title="Diagnoza"): 7,
                              pl("Chapter %(number)s. %(title)s", number=2, title="Prognoza"): 4}
    # A duplicate is counted once, on its own line, and not among the rejected comments.
    assert counts["position"]["uwzględniona"] == 1 and counts["position"][pl("identical to another comment")] == 1
    assert counts["position"]["nieuwzględniona"] == 1 and counts["position"]["wyjaśnienie"] == 1
    assert sum(counts["rejection"].values()) == 3  # offensive, off-topic, late
    assert pl("duplicate of another comment") not in counts["rejection"]
    assert course.table("position").total + course.table("rejection").total == course.received
    assert counts["kind"]["organizacja"] == 2

    publish_report(plan, user=users["komunikacja"], incomplete=True)
    html = text_of(client.get(report_url(plan)))
    soup = BeautifulSoup(html, "html.parser")
    assert [h.name for h in soup.select("main h1, main h2, main h3")][:4] == ["h1", "h2", "h2", "h3"]
    assert "Sala Kolumnowa, ul. Spokojna 4" in html and "27" in html
    assert soup.find("a", href=meeting.minutes.url) is not None  # minutes are public documents
    signature = soup.select_one(".report-signature").get_text(" ", strip=True)
    assert "Zespół ds. konsultacji" in signature and "Zarząd Województwa" in signature
    assert timezone.localdate().strftime("%Y") in signature
    for table in soup.select("table"):
        region = table.find_parent(class_="table-scroll")
        assert region["role"] == "region" and region["tabindex"] == "0"
        assert soup.find(id=region["aria-labelledby"]) is table.caption
        assert all(th.get("scope") in ("col", "row") for th in table.select("th"))


@pytest.mark.django_db
def test_report_is_for_staff_until_published_after_the_close(client, users, plan, chapter, expert):
    make_comment(chapter, 1, title="Jakaś uwaga")
    urls = [report_url(plan)] + [report_url(plan, f) for f in ("pdf", "odt", "xlsx", "csv")]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for role in ("komunikacja", "eksperci", "zarzad", "admin"):
        client.force_login(users[role])
        assert client.get(report_url(plan)).status_code == 200, role
    client.force_login(users["commenter"])
    assert all(client.get(url).status_code == 404 for url in urls)
    client.force_login(users["komunikacja"])
    assert client.post(reverse("plans:publish_report", args=[plan.pk])).status_code == 400  # still open
    close(plan)
    refused = client.post(reverse("plans:publish_report", args=[plan.pk]))  # comments without a position
    assert refused.status_code == 400
    assert "bez stanowiska" in text_of(refused) and not ReportPublication.objects.exists()
    assert client.post(reverse("plans:publish_report", args=[plan.pk]), {"incomplete": "on"}).status_code == 302
    assert ReportPublication.objects.exists()
    client.logout()
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert client.get(report_url(plan, "docx")).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), [("commenter", False), ("eksperci", False), ("zarzad", False),
                                               ("komunikacja", True), ("admin", True)])
def test_only_communications_publish_the_report(client, users, plan, chapter, role, allowed):
    close(plan)
    client.force_login(users[role])
    client.post(reverse("plans:publish_report", args=[plan.pk]))
    assert ReportPublication.objects.exists() is allowed


@pytest.mark.django_db
def test_typed_text_is_escaped(client, users, plan, chapter):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    comment, _t = submit(plan, chapter=chapter, paragraph=1, title=attack, text=attack, name="<b>Jan</b>",
                         publish_name=True, proposed_wording=attack, justification=attack)
    publish_comments([comment], moderator=users["eksperci"])
    client.force_login(users["eksperci"])
    html = text_of(client.get(report_url(plan)))
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Jan" not in html
    assert "&lt;script&gt;alert" in html


@pytest.mark.django_db
def test_report_queries_do_not_grow_with_comments(client, users, plan, chapter, expert):
    """The same queries for 3 and for 30 comments, on the page and in every export."""
    client.force_login(users["eksperci"])
    second = make_chapter(plan, number=2, title="Prognoza", slug="prognoza", blocks=CHAPTER_BLOCKS)

    def add(count):
        comments = [make_comment((chapter, second)[n % 2], n % 3 + 1, title=f"K{n}") for n in range(count)]
        publish_comments(comments[: count // 2], moderator=expert)
        for comment in comments[: count // 3]:
            comment.refresh_from_db()
            save_response(comment, author=coordinator_user(), disposition="accepted", justification="Tak.",
                          publish=True)
        reject_comments(comments[-2:-1], moderator=expert, reason="Powtórzenie.", category="duplicate",
                        duplicate_of=comments[0])

    def count(url):
        client.get(url)  # warm per-process caches (content types, site root paths)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200
            if response.streaming:
                b"".join(response.streaming_content)
        return len(queries)

    formats = ("", "csv", "xlsx", "odt", "pdf")
    add(3)
    small = {f: count(report_url(plan, f)) for f in formats}
    add(27)
    assert ParagraphComment.objects.filter(plan=plan).count() == 30
    assert {f: count(report_url(plan, f)) for f in formats} == small


@pytest.mark.django_db
def test_export_report_command_writes_every_format(plan, record, tmp_path):
    import io

    out = io.StringIO()
    call_command("export_report", plan.slug, "--format", "csv", stdout=out)
    import csv

    assert len(list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff")), delimiter=";"))) == 1 + len(ORDER)
    for file_format in ("pdf", "odt", "xlsx"):
        target = tmp_path / f"raport.{file_format}"
        call_command("export_report", plan.slug, "--format", file_format, "--output", str(target))
        assert target.stat().st_size > 1000, file_format
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("export_report", plan.slug, "--format", "pdf")
