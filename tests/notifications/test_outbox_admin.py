"""The outgoing mail in the admin: administrators only; given-up mail is queued again there."""

import pytest
from django.urls import reverse

from consultation.demo.builders import make_comment
from consultation.models import MailState, OutgoingMail
from tests.utils import text_of


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["eksperci", "koordynatorzy", "komunikacja", "zarzad"])
def test_only_administrators_see_the_outbox(client, users, chapter, role):
    make_comment(chapter, 1, email="ala@example.org")
    response = login(client, users[role]).get(reverse("outbox:index"))
    assert response.status_code in (302, 403)  # Wagtail sends a refused admin user back to the dashboard
    assert "ala@example.org" not in response.content.decode()
    assert reverse("outbox:index") not in client.get(reverse("wagtailadmin_home")).content.decode()  # no menu


@pytest.mark.django_db
def test_an_administrator_sees_the_mail_and_queues_given_up_mail_again(client, users, chapter):
    make_comment(chapter, 1, email="ala@example.org")
    copy = OutgoingMail.objects.get(kind="comment_copy")
    OutgoingMail.objects.filter(pk=copy.pk).update(state=MailState.FAILED, attempts=12,
                                                   last_error="ConnectionRefusedError: [Errno 111]")
    page = login(client, users["admin"]).get(reverse("outbox:index") + "?state=failed")
    assert page.status_code == 200
    assert "ala@example.org" in text_of(page) and "ConnectionRefusedError" in text_of(page)
    assert reverse("outbox:index") in client.get(reverse("wagtailadmin_home")).content.decode()  # in Settings
    response = client.post(reverse("outbox:index") + "?state=failed", {"mails": [str(copy.pk), "x"]}, follow=True)
    assert response.status_code == 200
    copy.refresh_from_db()
    assert copy.state in (MailState.QUEUED, MailState.SENT) and copy.attempts <= 1


@pytest.mark.django_db
def test_a_bad_page_number_or_state_is_not_an_error(client, users):
    response = login(client, users["admin"]).get(reverse("outbox:index") + "?state=<x>&p=zzz")
    assert response.status_code == 200
