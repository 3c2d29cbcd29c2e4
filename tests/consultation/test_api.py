import json

import pytest
from django.urls import reverse

from consultation.demo.builders import make_comment
from consultation.moderation.actions import publish_comments, reject_comments, save_response
from consultation.participation.actions import flag_comment
from tests.utils import coordinator_user


@pytest.fixture
def comments(chapter, expert):
    published = make_comment(chapter, 1, title="Opublikowany", email="ukryty@example.org")
    pending = make_comment(chapter, 1, title="Oczekujący")
    rejected = make_comment(chapter, 2, title="Odrzucony")
    publish_comments([published], moderator=expert)
    reject_comments([rejected], moderator=expert, reason="x")
    published.refresh_from_db()
    save_response(published, author=coordinator_user(), disposition="accepted", justification="Uwzględniamy.",
                  publish=True)
    flag_comment(published, reporter="tajny-zglaszajacy", reason="powód zgłoszenia")
    return published, pending, rejected


@pytest.mark.django_db
def test_chapter_api_returns_only_published_comments_without_private_data(client, chapter, comments):
    response = client.get(reverse("api-chapter-comments", args=[chapter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    raw = response.content.decode()
    data = json.loads(raw)
    first = data["paragraphs"][0]
    assert first["number"] == 1 and first["comment_count"] == 1
    assert [c["title"] for c in first["comments"]] == ["Opublikowany"]
    assert first["comments"][0]["response"]["disposition"] == "accepted"
    for hidden in ("Oczekujący", "Odrzucony", "ukryty@example.org", "127.0.0.1", "tajny", "powód zgłoszenia",
                   "email", "ip_address", "flag"):
        assert hidden not in raw


@pytest.mark.django_db
def test_paragraph_api(client, chapter, comments):
    key = chapter.paragraphs()[0].key
    data = client.get(reverse("api-paragraph-comments", args=[chapter.pk, key])).json()
    assert data["paragraph"]["key"] == key
    assert len(data["paragraph"]["comments"]) == 1
    assert client.get(reverse("api-paragraph-comments", args=[chapter.pk, "brak"])).status_code == 404


@pytest.mark.django_db
def test_api_hides_unpublished_and_private_chapters(client, chapter, comments):
    from wagtail.models import PageViewRestriction

    url = reverse("api-chapter-comments", args=[chapter.pk])
    restriction = PageViewRestriction.objects.create(page=chapter, restriction_type="password", password="x")
    assert client.get(url).status_code == 404
    restriction.delete()
    chapter.unpublish()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_api_is_read_only(client, chapter):
    assert client.post(reverse("api-chapter-comments", args=[chapter.pk])).status_code == 405
