"""Following a plan as a reader would, by keyboard and without JavaScript: the form, the emailed
link, the confirmation, news of a new version, and one-click unsubscribe from the mail."""

import re

import pytest
from django.core import mail

from consultation.models import MailOptOut, PlanFollower
from consultation.versions.actions import publish_version
from tests.browser.conftest import assert_accessible
from tests.utils import communications_user

pytestmark = [pytest.mark.browser, pytest.mark.committing,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_reader_follows_a_plan_and_unsubscribes(live_server, browser, screenshot, demo):
    plan, _chapter, _comment = demo
    context = browser.new_context(java_script_enabled=False, locale="pl-PL")
    page = context.new_page()
    page.goto(live_server.url + plan.url)
    page.get_by_role("link", name="Powiadomienia o planie e-mailem").click()
    assert_accessible(page)
    screenshot(page, "follow-form")
    page.get_by_label("Twój adres e-mail").fill("czytelnik@example.org")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "czytelnik@example.org" in page.get_by_role("status").inner_text()
    assert_accessible(page)
    screenshot(page, "follow-sent")

    link = re.search(r"https?://\S+/powiadomienia/potwierdz/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Tak, wysyłajcie mi wiadomości").click()
    assert "Potwierdzone" in page.get_by_role("status").inner_text()
    assert PlanFollower.objects.get(email="czytelnik@example.org").confirmed_at is not None

    mail.outbox.clear()
    publish_version(plan, label="po konsultacjach", user=communications_user())
    [news] = [m for m in mail.outbox if m.to == ["czytelnik@example.org"]]
    unsubscribe = news.extra_headers["List-Unsubscribe"].strip("<>")
    page.goto(unsubscribe)
    assert_accessible(page)
    screenshot(page, "unsubscribe")
    with page.expect_navigation():
        page.get_by_role("button", name="Zatrzymaj wiadomości").click()
    assert "Gotowe" in page.get_by_role("status").inner_text()
    assert MailOptOut.objects.filter(plan=plan, email="czytelnik@example.org").exists()
    assert not PlanFollower.objects.filter(email="czytelnik@example.org").exists()
