"""Defect 9: absolute links are built from DROGOWSKAZ_BASE_URL, never from the request's Host header."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings

from consultation.core.conf import absolute_url
from tests.utils import comment_url, filled_comment_form, on_commit_run

BASE = "https://konsultacje.example.gov.pl"


@pytest.mark.django_db
@override_settings(DROGOWSKAZ_BASE_URL=BASE, WAGTAILADMIN_BASE_URL=BASE)
def test_a_forged_host_does_not_reach_the_confirmation_link(client, chapter):
    url = comment_url(chapter, 1)
    data = filled_comment_form(client, url)
    with on_commit_run():
        response = client.post(url, data, HTTP_HOST="evil.example")
    assert response.status_code == 302
    body = mail.outbox[-1].body
    links = re.findall(r"https?://\S+", body)
    assert len(links) == 3, links  # confirm, withdraw and correct
    assert links[0].startswith(BASE + "/komentarz/potwierdz/") and links[1].startswith(BASE + "/komentarz/wycofaj/")
    assert links[2].startswith(BASE + "/komentarz/popraw/")
    assert "evil.example" not in body


@override_settings(DROGOWSKAZ_BASE_URL=BASE)
def test_absolute_url_joins_the_base_and_a_path():
    assert absolute_url("/komentarz/potwierdz/abc/") == BASE + "/komentarz/potwierdz/abc/"


def test_wagtail_admin_links_use_the_same_address():
    assert settings.WAGTAILADMIN_BASE_URL == settings.DROGOWSKAZ_BASE_URL
