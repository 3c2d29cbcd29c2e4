"""The core loop as people do it, in a real browser: comment by keyboard, moderate, answer, read."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from consultation.demo.builders import ensure_home_page, make_chapter, make_plan
from consultation.models import ParagraphComment
from tests.browser.conftest import admin_login, assert_accessible, send_comment_form
from tests.conftest import CHAPTER_BLOCKS, make_user

pytestmark = [pytest.mark.browser, pytest.mark.committing,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

@pytest.fixture
def site_with_chapter():
    home = ensure_home_page()
    now = timezone.now()
    plan = make_plan(home, title="Plan testowy", slug="plan", opens=now - timedelta(days=1),
                     closes=now + timedelta(days=40))
    chapter = make_chapter(plan, number=1, title="Diagnoza", slug="diagnoza", blocks=CHAPTER_BLOCKS)
    expert = make_user("ekspertka", "Eksperci")
    return home, plan, chapter, expert


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching `selector` has focus, as a keyboard user would."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_comment_by_keyboard_then_moderate_answer_and_read(live_server, page, screenshot, site_with_chapter):
    _home, _plan, chapter, _expert = site_with_chapter
    third = chapter.paragraphs()[2]

    page.goto(live_server.url + "/")
    assert_accessible(page)
    screenshot(page, "home")
    page.get_by_role("link", name="Plan testowy").click()
    assert_accessible(page)
    screenshot(page, "plan")
    page.get_by_role("link", name="1. Diagnoza").first.click()
    assert page.locator(f"#p-{third.key}[data-paragraph='{third.key}']").is_visible()
    assert_accessible(page)
    screenshot(page, "chapter")

    # Keyboard only: reach "Skomentuj akapit 3", open it, fill the form, send it.
    tab_to(page, f"#p-{third.key} a.comment-link")
    page.keyboard.press("Enter")
    page.wait_for_url("**/komentarz/")
    assert_accessible(page)
    screenshot(page, "comment-form")
    tab_to(page, "#id_comment")
    page.keyboard.type("Proszę uzupełnić listę o punkt trzeci.")
    tab_to(page, "#id_title")
    page.keyboard.type("Uwaga z klawiatury")
    tab_to(page, "#id_name")
    page.keyboard.type("Maria Nowak")
    tab_to(page, "#id_email")
    page.keyboard.type("maria@example.org")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # consent checkbox
    tab_to(page, "form.comment-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    status = page.get_by_role("status")
    assert "Przyjęliśmy komentarz" in status.inner_text() and "potwierdzić" in status.inner_text()
    assert "Uwaga z klawiatury" not in page.content()
    comment = ParagraphComment.objects.get()
    assert comment.paragraph_key == third.key and comment.status == "unconfirmed"

    # The link from the mail, then the confirm button, by keyboard.
    link = re.search(r"https?://\S+/komentarz/potwierdz/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert_accessible(page)
    screenshot(page, "confirm-comment")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "jest potwierdzony" in page.get_by_role("status").inner_text()
    comment.refresh_from_db()
    assert comment.status == "pending"

    # The expert publishes it and answers in the Wagtail admin.
    admin_login(page, live_server, "ekspertka")
    page.goto(live_server.url + "/admin/moderacja/")
    assert "Uwaga z klawiatury" in page.content()
    screenshot(page, "admin-queue")
    page.get_by_role("link", name=comment.reference).click()
    page.get_by_role("button", name="Opublikuj").click()
    page.get_by_label("częściowo uwzględniona").check()
    page.get_by_label("Uzasadnienie").fill("Dopiszemy punkt trzeci w wersji 2.")
    with page.expect_navigation():
        page.get_by_role("button", name="Przekaż do zatwierdzenia").click()
    assert "czeka na zatwierdzenie przez koordynatora" in page.content()
    screenshot(page, "admin-comment")

    # A coordinator approves the response, and so publishes it.
    make_user("koordynatorka", "Koordynatorzy")
    admin_login(page, live_server, "koordynatorka")
    page.goto(live_server.url + f"/admin/moderacja/{comment.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Zatwierdź i opublikuj").first.click()
    screenshot(page, "admin-comment-approved")

    # Anyone now sees the comment and its answer under paragraph 3.
    public = page.context.browser.new_page()
    public.goto(live_server.url + chapter.url + f"#p-{third.key}")
    block = public.locator(f"#p-{third.key}")
    assert "Uwaga z klawiatury" in block.inner_text()
    assert "Dopiszemy punkt trzeci w wersji 2." in block.inner_text()
    assert "częściowo uwzględniona" in block.inner_text()
    assert "1 komentarz do akapitu 3" in block.inner_text()
    assert "maria@example.org" not in public.content()
    assert_accessible(public)
    screenshot(public, "chapter-with-answer")
    public.close()


def test_form_errors_are_announced_and_accessible(live_server, page, screenshot, site_with_chapter):
    _home, _plan, chapter, _expert = site_with_chapter
    first = chapter.paragraphs()[0]
    page.goto(live_server.url + chapter.url + chapter.reverse_subpage("comment", args=[first.key]))
    page.get_by_role("button", name="Wyślij komentarz").click()
    page.wait_for_load_state()
    alert = page.get_by_role("alert").first
    assert "Popraw zaznaczone pola" in alert.inner_text()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert_accessible(page)
    screenshot(page, "comment-form-errors")
    assert ParagraphComment.objects.count() == 0


def test_commenting_works_without_javascript(live_server, browser, site_with_chapter):
    _home, _plan, chapter, _expert = site_with_chapter
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + chapter.url)
    page.get_by_role("link", name="Skomentuj akapit 1").click()
    send_comment_form(page, title="Bez JavaScriptu", text="Działa.")
    assert "Przyjęliśmy komentarz" in page.get_by_role("status").inner_text()
    assert ParagraphComment.objects.get().title == "Bez JavaScriptu"
    context.close()
