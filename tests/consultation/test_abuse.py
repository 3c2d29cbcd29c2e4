"""Rate limits per IP and per email, the minimum time to fill a form, the honeypot."""

import pytest
from django.test import override_settings

from consultation.models import ParagraphComment
from tests.utils import comment_url, filled_comment_form, text_of


@pytest.mark.django_db
@override_settings(DROGOWSKAZ_RATE_PER_IP="3/h", DROGOWSKAZ_RATE_PER_EMAIL="100/h")
def test_too_many_comments_from_one_address_get_429_in_polish(client, chapter):
    url = comment_url(chapter, 1)
    for n in range(3):
        assert client.post(url, filled_comment_form(client, url, email=f"o{n}@example.org")).status_code == 302
    response = client.post(url, filled_comment_form(client, url, email="o9@example.org"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Spróbuj ponownie za" in text_of(response) and 'role="alert"' in text_of(response)
    assert ParagraphComment.objects.count() == 3
    other_address = client.post(url, filled_comment_form(client, url, email="o10@example.org"),
                                REMOTE_ADDR="10.1.2.3")
    assert other_address.status_code == 302


@pytest.mark.django_db
@override_settings(DROGOWSKAZ_RATE_PER_IP="100/h", DROGOWSKAZ_RATE_PER_EMAIL="2/h")
def test_too_many_comments_from_one_email_get_429(client, chapter):
    url = comment_url(chapter, 1)
    for n in range(2):
        address = f"10.0.0.{n}"
        assert client.post(url, filled_comment_form(client, url, email="Ta.Sama@example.org"),
                           REMOTE_ADDR=address).status_code == 302
    response = client.post(url, filled_comment_form(client, url, email="ta.sama@example.org"), REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429
    assert ParagraphComment.objects.count() == 2


@pytest.mark.django_db
@override_settings(DROGOWSKAZ_MIN_SUBMIT_SECONDS=30)
def test_a_form_sent_too_quickly_is_refused(client, chapter):
    url = comment_url(chapter, 1)
    response = client.post(url, filled_comment_form(client, url))
    assert response.status_code == 400
    assert "Formularz został wysłany zbyt szybko." in text_of(response)
    assert ParagraphComment.objects.count() == 0


@pytest.mark.django_db
def test_the_honeypot_is_hidden_from_people(client, chapter):
    html = text_of(client.get(comment_url(chapter, 1)))
    assert '<div class="hp" aria-hidden="true">' in html
    assert 'tabindex="-1"' in html
