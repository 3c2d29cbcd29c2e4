"""Chapter pages cached for anonymous readers: served from the cache, never stale, never personal,
and the site keeps working when the cache is down."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultation.demo.builders import edit_chapter, make_comment
from consultation.models import ParagraphComment
from consultation.moderation.actions import publish_comments, reject_comments, save_response
from tests.utils import comment_url, filled_comment_form, text_of


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.DROGOWSKAZ_PAGE_CACHE_SECONDS = 600


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured)


@pytest.mark.django_db
def test_second_view_comes_from_the_cache(client, chapter):
    first, first_count = queries(client, chapter.url)
    second, second_count = queries(client, chapter.url)
    assert second.content == first.content
    assert second_count < first_count
    # A change that bypasses the application is not seen: the page really is cached.
    chapter.__class__.objects.filter(pk=chapter.pk).update(title="Zmieniony po cichu")
    assert "Zmieniony po cichu" not in text_of(client.get(chapter.url))


@pytest.mark.django_db
def test_moderation_responses_and_edits_show_at_once(client, chapter, expert):
    comment = make_comment(chapter, 1, title="Nowa uwaga")
    client.get(chapter.url)
    publish_comments([comment], moderator=expert)
    assert "Nowa uwaga" in text_of(client.get(chapter.url))
    comment.refresh_from_db()
    save_response(comment, author=expert, disposition="accepted", justification="Uwzględniamy ją.", publish=True)
    assert "Uwzględniamy ją." in text_of(client.get(chapter.url))
    reject_comments([comment], moderator=expert, reason="x")
    assert "Nowa uwaga" not in text_of(client.get(chapter.url))
    edit_chapter(chapter, lambda raw: raw[0].update(value="<p>Poprawiony pierwszy akapit.</p>"))
    assert "Poprawiony pierwszy akapit." in text_of(client.get(chapter.url))


@pytest.mark.django_db
def test_nothing_personal_is_cached(client, users, chapter):
    anonymous = text_of(client.get(chapter.url))
    assert "csrfmiddlewaretoken" not in anonymous
    assert "Set-Cookie" not in str(client.get(chapter.url).headers)
    client.force_login(users["komunikacja"])
    staff = text_of(client.get(chapter.url))
    assert "wagtail-userbar" in staff or staff != anonymous
    client.logout()
    url = comment_url(chapter, 1)
    receipt = client.post(url, filled_comment_form(client, url), follow=True)
    assert "Przyjęliśmy komentarz" in text_of(receipt)  # the message is shown once ...
    assert "Przyjęliśmy komentarz" not in text_of(client.get(chapter.url))  # ... and never cached


@pytest.mark.django_db
def test_pages_render_when_the_cache_is_down(client, chapter, settings):
    settings.CACHES = {**settings.CACHES, "shared": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                                     "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens there
    response = client.get(chapter.url)
    assert response.status_code == 200 and "Diagnoza" in text_of(response)
    url = comment_url(chapter, 1)
    assert client.post(url, filled_comment_form(client, url)).status_code == 302  # rate limits fail open
    assert ParagraphComment.objects.count() == 1


@pytest.mark.django_db
def test_cached_answers_skip_the_database_and_keep_the_security_headers(client, chapter):
    client.get(chapter.url)
    response, count = queries(client, chapter.url)
    assert response["X-Page-Cache"] == "hit" and count == 0
    assert response["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_pages_are_kept_no_longer_than_the_next_phase_change(plan):
    from datetime import timedelta

    from consultation.public.page_cache import timeout_for

    assert timeout_for(plan, plan.consultation_closes - timedelta(seconds=30)) == 31
    assert timeout_for(plan, plan.consultation_closes + timedelta(days=1)) == 600
