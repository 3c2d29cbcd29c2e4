"""Following a plan as a reader would, by keyboard and without JavaScript: the form, the emailed
link, the confirmation, news of a new version, and one-click unsubscribe from the mail. Each page
is also checked with axe, which runs in a page with JavaScript."""

import re

import pytest
from django.core import mail

from consultation.models import MailOptOut, PlanFollower
from consultation.versions.actions import publish_version
from tests.browser.conftest import assert_accessible
from tests.utils import communications_user

pytestmark = [pytest.mark.browser, pytest.mark.committing,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_reader_follows_a_plan_and_unsubscribes(live_server, browser, page, screenshot, demo):
    plan, _chapter, _comment = demo
    reader = browser.new_context(java_script_enabled=False, locale="pl-PL").new_page()
    reader.set_default_timeout(15_000)

    def check(name):
        """The page the reader is on, with axe and a screenshot (GET only: it changes nothing)."""
        page.goto(reader.url)
        assert_accessible(page)
        screenshot(page, name)

    reader.goto(live_server.url + plan.url)
    reader.get_by_role("link", name="Powiadomienia o planie e-mailem").click()
    check("follow-form")
    reader.get_by_label("Twój adres e-mail").fill("czytelnik@example.org")
    with reader.expect_navigation():
        reader.get_by_label("Twój adres e-mail").press("Enter")  # Enter in the field sends the form
    assert "czytelnik@example.org" in reader.get_by_role("status").inner_text()

    link = re.search(r"https?://\S+/powiadomienia/potwierdz/\S+/", mail.outbox[-1].body).group(0)
    reader.goto(link)
    check("follow-confirm")
    with reader.expect_navigation():
        reader.get_by_role("button", name="Tak, wysyłajcie mi wiadomości").click()
    assert "Potwierdzone" in reader.get_by_role("status").inner_text()
    assert PlanFollower.objects.get(email="czytelnik@example.org").confirmed_at is not None

    mail.outbox.clear()
    publish_version(plan, label="po konsultacjach", user=communications_user())
    [news] = [m for m in mail.outbox if m.to == ["czytelnik@example.org"]]
    unsubscribe = news.extra_headers["List-Unsubscribe"].strip("<>")
    reader.goto(unsubscribe)
    check("unsubscribe")
    with reader.expect_navigation():
        reader.get_by_role("button", name="Zatrzymaj wiadomości").click()
    assert "Gotowe" in reader.get_by_role("status").inner_text()
    assert MailOptOut.objects.filter(plan=plan, email="czytelnik@example.org").exists()
    assert not PlanFollower.objects.filter(email="czytelnik@example.org").exists()
    reader.goto(unsubscribe)  # the link again: said, not offered again
    assert "już" in reader.get_by_role("status").inner_text()
