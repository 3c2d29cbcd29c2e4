"""Confirmation by email: a short-lived token of which only a hash is stored; nothing before it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from consultation.models import CommentStatus, ParagraphComment
from consultation.participation.confirmation import token_hash
from tests.utils import comment_url, filled_comment_form, on_commit_run, text_of


def post_comment(client, chapter, **overrides):
    url = comment_url(chapter, 1)
    with on_commit_run():
        assert client.post(url, filled_comment_form(client, url, **overrides)).status_code == 302
    return ParagraphComment.objects.latest("pk")


def link_in(message):
    return re.search(r"http://testserver(/komentarz/potwierdz/[^/\s]+/)", message.body).group(1)


@pytest.mark.django_db
def test_the_mail_carries_a_link_not_the_comment(client, chapter):
    comment = post_comment(client, chapter, comment="Tajna treść uwagi", email="ala@example.org")
    message = mail.outbox[0]
    assert message.to == ["ala@example.org"]
    assert comment.reference in message.subject
    link = link_in(message)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 40
    assert "ala@example.org" not in link and "Tajna" not in link
    assert comment.confirmation_token_hash == token_hash(token) != token


@pytest.mark.django_db
def test_unconfirmed_comments_do_not_reach_the_moderators(client, chapter, expert):
    post_comment(client, chapter, title="Niepotwierdzony")
    client.force_login(expert)
    assert "Niepotwierdzony" not in text_of(client.get(reverse("moderation:index")))
    assert "Niepotwierdzony" in text_of(client.get(reverse("moderation:index"), {"status": "unconfirmed"}))


@pytest.mark.django_db
def test_opening_the_link_asks_and_posting_confirms(client, chapter, expert):
    comment = post_comment(client, chapter, title="Do potwierdzenia")
    link = link_in(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200 and "Potwierdź komentarz" in text_of(page)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.UNCONFIRMED  # a mail scanner opening the link confirms nothing
    response = client.post(link, follow=True)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert "jest potwierdzony" in text_of(response)
    client.force_login(expert)
    assert "Do potwierdzenia" in text_of(client.get(reverse("moderation:index")))


@pytest.mark.django_db
def test_expired_or_unknown_links_are_refused_in_polish(client, chapter):
    comment = post_comment(client, chapter)
    link = link_in(mail.outbox[0])
    ParagraphComment.objects.filter(pk=comment.pk).update(confirmation_sent_at=timezone.now() - timedelta(hours=49))
    response = client.post(link)
    assert response.status_code == 400 and "Link potwierdzający wygasł" in text_of(response)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.UNCONFIRMED
    response = client.get("/komentarz/potwierdz/nieznany-token/")
    assert response.status_code == 404 and "Ten link potwierdzający jest nieprawidłowy" in text_of(response)


@pytest.mark.django_db
def test_double_submit_sends_one_mail(client, chapter):
    url = comment_url(chapter, 1)
    data = filled_comment_form(client, url)
    with on_commit_run():
        client.post(url, data)
    with on_commit_run():
        client.post(url, data)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failing_mail_server_still_gives_the_receipt(client, chapter, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there
    url = comment_url(chapter, 1)
    with on_commit_run():
        response = client.post(url, filled_comment_form(client, url), follow=True)
    assert response.status_code == 200 and "Przyjęliśmy komentarz" in text_of(response)
    assert ParagraphComment.objects.count() == 1
