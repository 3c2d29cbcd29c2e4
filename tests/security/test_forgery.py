"""Forged requests: extra fields, another page's id, no CSRF token, unsafe redirects."""

import pytest
from django.test import Client
from django.urls import reverse

from consultation.demo.builders import make_chapter
from consultation.models import ParagraphComment
from tests.conftest import CHAPTER_BLOCKS
from tests.utils import comment_url, filled_comment_form


@pytest.mark.django_db
def test_extra_fields_are_ignored(client, users, plan, chapter):
    other = make_chapter(plan, number=2, slug="inny", blocks=CHAPTER_BLOCKS)
    url = comment_url(chapter, 1)
    data = filled_comment_form(client, url)
    data.update({"is_public": "on", "is_removed": "", "user": users["admin"].pk, "user_id": users["admin"].pk,
                 "confirmed_at": "2026-01-01", "paragraph_key": other.paragraphs()[0].key,
                 "page_revision": "1", "level": "0", "thread_id": "1", "site": "2"})
    assert client.post(url, data).status_code == 302
    comment = ParagraphComment.objects.get()
    assert comment.status == "unconfirmed" and not comment.is_public
    assert comment.user_id is None
    assert comment.object_pk == str(chapter.pk) and comment.paragraph_key == chapter.paragraphs()[0].key


@pytest.mark.django_db
def test_comment_without_csrf_token_is_refused_in_polish(chapter):
    strict = Client(enforce_csrf_checks=True)
    url = comment_url(chapter, 1)
    data = filled_comment_form(strict, url)
    data.pop("csrfmiddlewaretoken", None)
    response = strict.post(url, data)
    assert response.status_code == 403
    assert "Nie udało się wysłać formularza" in response.content.decode()
    assert not ParagraphComment.objects.exists()


@pytest.mark.django_db
def test_csrf_token_from_the_form_is_accepted(chapter):
    strict = Client(enforce_csrf_checks=True)
    url = comment_url(chapter, 1)
    page = strict.get(url).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    data = filled_comment_form(strict, url)
    data["csrfmiddlewaretoken"] = token
    assert strict.post(url, data).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "javascript:alert(1)",
                                    "/\\evil.example", "http:evil.example"])
def test_unsafe_next_is_ignored(client, users, home, target):
    response = client.get("/jezyk/en/", {"next": target})
    assert response.status_code == 302
    assert "evil" not in response["Location"] and "javascript" not in response["Location"]
    response = client.post(reverse("wagtailadmin_login") + f"?next={target}",
                           {"username": "ekspert", "password": "haslo-testowe-123", "next": target})
    assert response.status_code == 302
    assert "evil" not in response["Location"] and "javascript" not in response["Location"]


@pytest.mark.django_db
def test_reporting_a_comment_of_another_chapter_is_not_found(client, plan, chapter, expert):
    from consultation.demo.builders import make_comment
    from consultation.moderation.actions import publish_comments

    other = make_chapter(plan, number=2, slug="inny", blocks=CHAPTER_BLOCKS)
    comment = make_comment(other, 1)
    publish_comments([comment], moderator=expert)
    url = chapter.url + chapter.reverse_subpage("report", args=[comment.pk])
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert not comment.reader_flags.exists()
