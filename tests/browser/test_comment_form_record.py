"""The consultation form (formularz zgłaszania uwag) in a real browser: proposed wording and
justification sent by a public institution, comments on a chapter as a whole and on the whole
document, the correction page, and the plan page with its meetings; axe (WCAG 2.1 AA), reflow at
320 px, keyboard and no JavaScript."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from consultation.demo.builders import ensure_home_page, make_chapter, make_plan
from consultation.models import ConsultationMeeting, ParagraphComment
from tests.browser.conftest import ARTIFACTS, assert_accessible, send_comment_form
from tests.conftest import CHAPTER_BLOCKS

pytestmark = [pytest.mark.browser, pytest.mark.committing,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def open_plan():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model

    home = ensure_home_page()
    now = timezone.now()
    plan = make_plan(home, title="Plan testowy", slug="plan", opens=now - timedelta(days=1),
                     closes=now + timedelta(days=40))
    chapter = make_chapter(plan, number=1, title="Diagnoza", slug="diagnoza", blocks=CHAPTER_BLOCKS)
    minutes = get_document_model().objects.create(
        title="Protokół spotkania w Chełmie", file=SimpleUploadedFile("protokol.pdf", b"%PDF-1.4\n%%EOF\n"))
    ConsultationMeeting.objects.create(
        plan=plan, starts_at=now + timedelta(days=7), ends_at=now + timedelta(days=7, hours=2),
        place="Urząd Marszałkowski Województwa Lubelskiego, ul. Artura Grottgera 4, sala konferencyjna nr 101",
        online_url="https://spotkanie.example.org/konsultacje-rpres-2026-bardzo-dlugi-adres-spotkania",
        accessibility="Wejście bez schodów od ul. Grottgera, pętla indukcyjna, tłumacz PJM na zgłoszenie.",
        registration="Zapisy do piątku przed spotkaniem, telefonicznie lub przez formularz.",
        registration_url="https://zapisy.example.org/rpres")
    ConsultationMeeting.objects.create(plan=plan, starts_at=now - timedelta(days=3), place="Starostwo w Chełmie",
                                       participants=23, minutes=minutes)
    return plan, chapter


def scrolls_sideways(page, name, width=320):
    page.set_viewport_size({"width": width, "height": 800})
    page.screenshot(path=ARTIFACTS / f"reflow-{name}-{width}.png", full_page=True)
    wide = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    return wide > width


def test_an_institution_sends_proposed_wording_and_justification(live_server, page, screenshot, open_plan):
    _plan, chapter = open_plan
    first = chapter.paragraphs()[0]
    page.goto(live_server.url + chapter.url + chapter.reverse_subpage("comment", args=[first.key]))
    assert "Pierwszy akapit o diagnozie." in page.locator("figure.quoted-paragraph").inner_text()
    assert_accessible(page)
    screenshot(page, "comment-form-record")
    assert not scrolls_sideways(page, "comment-form-record")
    # The live counter follows the proposed wording too.
    page.fill("#id_proposed_wording", "abc")
    assert "3" in page.locator("#id_proposed_wording_count").inner_text()
    send_comment_form(page, title="Dane powiatowe", text="Proszę dodać dane o powiatach.",
                      proposed_wording="Pierwszy akapit o diagnozie w podziale na powiaty.",
                      justification="GUS publikuje te dane od 2021 r.", kind="institution",
                      organisation="Urząd Gminy Kock", name="Anna Wójt", email="gmina@example.org")
    assert "K-" in page.get_by_role("status").inner_text()
    comment = ParagraphComment.objects.get()
    assert (comment.commenter_kind, comment.organisation) == ("institution", "Urząd Gminy Kock")
    assert comment.proposed_wording == "Pierwszy akapit o diagnozie w podziale na powiaty."
    assert comment.justification == "GUS publikuje te dane od 2021 r."
    assert_accessible(page)

    # The correction link of the mail: the same fields, the current wording quoted.
    link = re.search(r"https?://\S+/komentarz/popraw/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert page.locator("#id_justification").input_value() == "GUS publikuje te dane od 2021 r."
    assert_accessible(page)
    screenshot(page, "correct-comment")
    assert not scrolls_sideways(page, "correct-comment")
    page.fill("#id_justification", "GUS publikuje te dane od 2020 r.")
    page.locator("form.comment-form button[type=submit]").click()
    page.wait_for_load_state()
    comment.refresh_from_db()
    assert comment.justification == "GUS publikuje te dane od 2020 r." and comment.corrections.count() == 1


def test_an_institution_with_no_name_gets_an_accessible_error(live_server, page, open_plan):
    _plan, chapter = open_plan
    page.goto(live_server.url + chapter.url + chapter.reverse_subpage("chapter_comment"))
    send_comment_form(page, title="Bez nazwy", kind="institution")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.locator("#error-summary a[href='#id_organisation']").count() == 1
    assert_accessible(page)
    assert ParagraphComment.objects.count() == 0


def test_chapter_and_general_comments_by_keyboard_and_without_javascript(live_server, browser, page, screenshot,
                                                                        open_plan):
    plan, chapter = open_plan
    # A comment on the chapter as a whole, reached by keyboard from the chapter page.
    page.goto(live_server.url + chapter.url)
    link = page.locator(f"a[href='{chapter.url}{chapter.reverse_subpage('chapter_comment')}']")
    for _ in range(120):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("the link to comment on the chapter cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/komentarz/")
    assert_accessible(page)
    screenshot(page, "chapter-comment-form")
    send_comment_form(page, title="Cały rozdział", text="Rozdział pomija ekonomię społeczną na wsi.")
    assert ParagraphComment.objects.get().scope == "chapter"

    # A general comment from the plan page, with JavaScript off.
    context = browser.new_context(java_script_enabled=False, locale="pl-PL")
    nojs = context.new_page()
    nojs.goto(live_server.url + plan.url)
    nojs.locator(f"a[href='{plan.url}{plan.reverse_subpage('general_comment')}']").click()
    nojs.wait_for_load_state()
    send_comment_form(nojs, title="Uwaga ogólna", text="Plan jest zbyt ogólny.", email="ewa@example.org")
    assert "K-" in nojs.get_by_role("status").inner_text()
    assert nojs.url.startswith(live_server.url + plan.url)
    assert ParagraphComment.objects.get(title="Uwaga ogólna").scope == "general"
    context.close()


def test_the_plan_page_with_meetings_is_accessible_and_reflows(live_server, page, screenshot, open_plan):
    plan, _chapter = open_plan
    page.goto(live_server.url + plan.url)
    meetings = page.locator("#spotkania")
    assert "sala konferencyjna nr 101" in meetings.inner_text()
    assert "pętla indukcyjna" in meetings.inner_text()
    assert meetings.locator("a[href='https://zapisy.example.org/rpres']").count() == 1
    assert meetings.locator("a[href*='protokol']").count() == 1
    assert page.locator(".about-consultation").is_visible()
    assert_accessible(page)
    screenshot(page, "plan-with-meetings")
    assert not scrolls_sideways(page, "plan-with-meetings")
