"""Every public page type passes axe (WCAG 2.1 AA) and every public action works without JavaScript."""

import re

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import override_settings

from consultation.models import ParagraphComment
from tests.browser.conftest import assert_accessible, send_comment_form

pytestmark = [pytest.mark.browser, pytest.mark.committing,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_remaining_page_types_pass_axe(live_server, page, screenshot, demo):
    plan, chapter, comment = demo
    pages = {
        "search-empty": "/szukaj/",
        "search-results": "/szukaj/?q=ekonomii",
        "search-nothing": "/szukaj/?q=zzzzzz",
        "not-found": "/nie-ma-takiej-strony/",
        "accessibility-statement": "/deklaracja-dostepnosci/",
        "paragraph": chapter.url + chapter.reverse_subpage("paragraph", args=[comment.paragraph_key]),
        "reply-form": chapter.url + chapter.reverse_subpage("reply", args=[comment.pk]),
        "report-form": chapter.url + chapter.reverse_subpage("report", args=[comment.pk]),
        "version": plan.url + plan.reverse_subpage("version", args=[2]),
        "report": "/roczny-plan-dzialan-2012/raport/",
    }
    for name, url in pages.items():
        page.goto(live_server.url + url)
        assert_accessible(page)
        screenshot(page, name)
    assert "Deklaracja dostępności" in page.locator("footer").inner_text()


def test_error_pages_without_a_database_pass_axe(page):
    for template in ("503.html", "500.html", "403_csrf.html"):
        page.set_content(render_to_string(template))
        assert_accessible(page)


@override_settings(DROGOWSKAZ_RATE_PER_IP="1/h")
def test_the_429_page_passes_axe(live_server, page, demo):
    _plan, chapter, _comment = demo
    url = live_server.url + chapter.url + chapter.reverse_subpage("comment", args=[chapter.paragraphs()[0].key])
    for attempt in range(2):
        page.goto(url)
        send_comment_form(page, title="Uwaga", email=f"jan{attempt}@example.org")
    assert "Zbyt wiele zgłoszeń" in page.inner_text("h1")
    assert_accessible(page)


def test_reply_report_and_confirm_work_without_javascript(live_server, browser, demo):
    _plan, chapter, comment = demo
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + chapter.url + f"#c-{comment.pk}")
    page.locator(f"#c-{comment.pk}").get_by_role("link", name=re.compile("Odpowiedz")).click()
    send_comment_form(page, title="Odpowiedź bez JavaScriptu", text="Zgadzam się.", name="Ewa",
                      email="ewa@example.org")
    reply = ParagraphComment.objects.get(title="Odpowiedź bez JavaScriptu")
    assert reply.parent_id == comment.pk

    link = re.search(r"https?://\S+/komentarz/potwierdz/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Potwierdzam komentarz").click()
    page.wait_for_load_state()
    reply.refresh_from_db()
    assert reply.status == "pending"

    page.goto(live_server.url + chapter.url + chapter.reverse_subpage("report", args=[comment.pk]))
    page.fill("#id_reason", "Nie na temat")
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    page.wait_for_load_state()
    assert comment.reader_flags.count() == 1
    context.close()
