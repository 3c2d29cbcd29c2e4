"""Defect 10: the client's address behind 0, 1 or 2 trusted reverse proxies; X-Forwarded-For is never
believed without them. Rate limits and the stored IP address use the same rule."""

import pytest
from django.test import RequestFactory, override_settings

from consultation.models import ParagraphComment
from consultation.participation.abuse import client_ip
from tests.utils import comment_url, filled_comment_form

factory = RequestFactory()


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return factory.post("/", **extra)


@override_settings(DROGOWSKAZ_TRUSTED_PROXIES=0)
def test_without_proxies_the_header_is_never_read():
    assert client_ip(request_from("203.0.113.7")) == "203.0.113.7"
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"  # spoofed
    assert client_ip(request_from("")) is None


@override_settings(DROGOWSKAZ_TRUSTED_PROXIES=1)
def test_one_proxy_takes_the_last_entry():
    # client 203.0.113.7 -> proxy 10.0.0.2 -> app
    assert client_ip(request_from("10.0.0.2", "203.0.113.7")) == "203.0.113.7"
    # The client sent a header of its own: the proxy appended the real address after it.
    assert client_ip(request_from("10.0.0.2", "198.51.100.1, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(request_from("10.0.0.2", " 2001:DB8::1 ")) == "2001:db8::1"
    assert client_ip(request_from("10.0.0.2")) == "10.0.0.2"  # no header: the peer


@override_settings(DROGOWSKAZ_TRUSTED_PROXIES=2)
def test_two_proxies_take_the_second_entry_from_the_right():
    # client 203.0.113.7 -> CDN (appends the client) -> load balancer 10.0.0.3 (appends the CDN 192.0.2.5) -> app
    assert client_ip(request_from("10.0.0.3", "203.0.113.7, 192.0.2.5")) == "203.0.113.7"
    assert client_ip(request_from("10.0.0.3", "198.51.100.1, 198.51.100.2, 203.0.113.7, 192.0.2.5")) == "203.0.113.7"
    # Fewer entries than proxies (a request that skipped one): the leftmost one.
    assert client_ip(request_from("10.0.0.3", "203.0.113.7")) == "203.0.113.7"


@override_settings(DROGOWSKAZ_TRUSTED_PROXIES=1)
def test_an_entry_that_is_not_an_address_is_not_used():
    assert client_ip(request_from("10.0.0.2", "<script>, not-an-ip")) == "10.0.0.2"
    assert client_ip(request_from("10.0.0.2", ",, ,")) == "10.0.0.2"


@pytest.mark.django_db
@override_settings(DROGOWSKAZ_TRUSTED_PROXIES=0, DROGOWSKAZ_RATE_PER_IP="2/h", DROGOWSKAZ_RATE_PER_EMAIL="100/h")
def test_a_spoofed_header_neither_escapes_the_limit_nor_is_stored(client, chapter):
    url = comment_url(chapter, 1)
    for n in range(2):
        response = client.post(url, filled_comment_form(client, url, email=f"s{n}@example.org"),
                               REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        assert response.status_code == 302
    assert set(ParagraphComment.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    response = client.post(url, filled_comment_form(client, url, email="s9@example.org"),
                           REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429


@pytest.mark.django_db
@override_settings(DROGOWSKAZ_TRUSTED_PROXIES=1, DROGOWSKAZ_RATE_PER_IP="2/h", DROGOWSKAZ_RATE_PER_EMAIL="100/h")
def test_behind_a_proxy_each_client_has_its_own_limit_and_address(client, chapter):
    url = comment_url(chapter, 1)
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(2):
        assert client.post(url, filled_comment_form(client, url, email=f"a{n}@example.org"),
                           HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 302
    assert client.post(url, filled_comment_form(client, url, email="a9@example.org"),
                       HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    # Another person behind the same proxy is not limited by the first one's comments;
    # a value the client put in front of the header changes nothing.
    assert client.post(url, filled_comment_form(client, url, email="b@example.org"),
                       HTTP_X_FORWARDED_FOR="203.0.113.7, 203.0.113.8", **proxy).status_code == 302
    assert client.post(url, filled_comment_form(client, url, email="c@example.org"),
                       HTTP_X_FORWARDED_FOR="203.0.113.8, 203.0.113.7", **proxy).status_code == 429
    stored = ParagraphComment.objects.order_by("pk").values_list("ip_address", flat=True)
    assert list(stored) == ["203.0.113.7", "203.0.113.7", "203.0.113.8"]
