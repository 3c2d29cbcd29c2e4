"""Chapter pages cached for anonymous readers: served from the cache, never stale, never personal,
and the site keeps working when the cache is down."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultation.demo.builders import edit_chapter, make_comment
from consultation.models import ParagraphComment
from consultation.moderation.actions import (
    publish_comments,
    reject_comments,
    save_response,
)
from tests.utils import comment_url, coordinator_user, filled_comment_form, text_of


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
    save_response(comment, author=coordinator_user(), disposition="accepted", justification="Uwzględniamy ją.",
                  publish=True)
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


# --- The Host header (issue 11, defect 8a) ---------------------------------------------------------


@pytest.mark.django_db
def test_a_host_django_refuses_is_never_answered_from_the_cache(client, chapter, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    client.get(chapter.url)
    assert client.get(chapter.url)["X-Page-Cache"] == "hit"
    response = client.get(chapter.url, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "X-Page-Cache" not in response and "Diagnoza" not in text_of(response)


@pytest.mark.django_db
def test_each_host_has_its_own_copy(client, chapter, settings):
    settings.ALLOWED_HOSTS = ["testserver", "konsultacje.example"]
    client.get(chapter.url)
    other = client.get(chapter.url, HTTP_HOST="konsultacje.example")
    assert other.status_code == 200 and other["X-Page-Cache"] == "miss"
    assert client.get(chapter.url, HTTP_HOST="konsultacje.example")["X-Page-Cache"] == "hit"


# --- Only public changes invalidate, and only the plan they show in (issue 11, defect 8b) ----------


def cached(client, url):
    """Whether the page comes from the cache (after making sure it is in it)."""
    return client.get(url).get("X-Page-Cache") == "hit"


def fresh(client, url):
    response = client.get(url)
    assert response.get("X-Page-Cache") != "hit", "served a cached copy after a public change"
    return response


@pytest.fixture
def other_chapter(home):
    from datetime import timedelta

    from django.utils import timezone

    from consultation.demo.builders import make_chapter, make_plan
    from tests.conftest import CHAPTER_BLOCKS

    now = timezone.now()
    other_plan = make_plan(home, title="Drugi plan", slug="drugi-plan", opens=now - timedelta(days=1),
                           closes=now + timedelta(days=40))
    return make_chapter(other_plan, number=1, title="Cele", slug="cele", blocks=CHAPTER_BLOCKS)


@pytest.mark.django_db
def test_submitting_and_confirming_a_comment_leave_the_chapter_cached_until_it_is_published(chapter, expert):
    from django.test import Client

    from tests.utils import confirm_from_mail, on_commit_run

    reader, commenter = Client(), Client()
    reader.get(chapter.url)
    url = comment_url(chapter, 1)
    with on_commit_run():
        assert commenter.post(url, filled_comment_form(commenter, url, title="Świeża uwaga")).status_code == 302
    assert cached(reader, chapter.url)
    with on_commit_run():
        confirm_from_mail(commenter)
    comment = ParagraphComment.objects.get()
    assert comment.confirmed_at is not None and not comment.is_public
    assert cached(reader, chapter.url)
    with on_commit_run():
        publish_comments([comment], moderator=expert)
    assert "Świeża uwaga" in text_of(fresh(reader, chapter.url))
    assert cached(reader, chapter.url)


@pytest.mark.django_db
def test_changes_nobody_sees_leave_the_chapter_cached(client, chapter, expert):
    published = make_comment(chapter, 1, title="Opublikowana")
    publish_comments([published], moderator=expert)
    pending = make_comment(chapter, 2, title="Czekająca")
    client.get(chapter.url)
    reject_comments([pending], moderator=expert, reason="Poza tematem.")  # never was public
    assert cached(client, chapter.url)
    published.refresh_from_db()
    save_response(published, author=expert, disposition="accepted", justification="Szkic odpowiedzi.", publish=False)
    assert cached(client, chapter.url)
    chapter.save_revision()  # a draft of the chapter, not published
    assert cached(client, chapter.url)
    make_comment(chapter, 3, title="Jeszcze jedna", confirm=False)
    assert cached(client, chapter.url)


@pytest.mark.django_db
def test_a_change_in_one_plan_leaves_the_other_plans_pages_cached(client, home, chapter, other_chapter, expert):
    comment = make_comment(chapter, 1, title="Uwaga w planie A")
    client.get(chapter.url)
    client.get(other_chapter.url)
    publish_comments([comment], moderator=expert)
    assert "Uwaga w planie A" in text_of(fresh(client, chapter.url))
    assert cached(client, other_chapter.url)
    edit_chapter(chapter, lambda raw: raw[0].update(value="<p>Nowy tekst w planie A.</p>"))
    assert "Nowy tekst w planie A." in text_of(fresh(client, chapter.url))
    assert cached(client, other_chapter.url)
    # A page outside any plan (the home page, the statements) can show on every page: all go.
    home.save_revision().publish()
    fresh(client, chapter.url)
    fresh(client, other_chapter.url)


def _publish_pending(plan, chapter, expert, comments):
    publish_comments([comments["pending"]], moderator=expert)
    return "Czekająca uwaga", True


def _reject_published(plan, chapter, expert, comments):
    reject_comments([comments["published"]], moderator=expert, reason="Naruszenie zasad.")
    return "Opublikowana uwaga", False


def _edit_published(plan, chapter, expert, comments):
    comment = ParagraphComment.objects.get(pk=comments["published"].pk)
    comment.comment = "Treść poprawiona przez moderatora."
    comment.save()
    return "Treść poprawiona przez moderatora.", True


def _publish_response(plan, chapter, expert, comments):
    comment = ParagraphComment.objects.get(pk=comments["published"].pk)
    save_response(comment, author=coordinator_user(), disposition="accepted", justification="Uwzględniamy ją.",
                  publish=True)
    return "Uwzględniamy ją.", True


def _withdraw_response(plan, chapter, expert, comments):
    comment = ParagraphComment.objects.get(pk=comments["answered"].pk)
    save_response(comment, author=coordinator_user(), disposition="accepted", justification="Odpowiedź wycofana.",
                  publish=False)
    return "Pierwsza odpowiedź.", False


def _new_version(plan, chapter, expert, comments):
    from django.utils import timezone

    from consultation.models import PlanVersion

    PlanVersion.objects.create(plan=plan, number=1, label="Projekt do konsultacji", published_at=timezone.now())
    return None, None


def _adoption(plan, chapter, expert, comments):
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone
    from wagtail.documents import get_document_model

    from consultation.models import Adoption, PlanVersion

    version = PlanVersion.objects.create(plan=plan, number=1, label="Przyjęta", published_at=timezone.now())
    document = get_document_model().objects.create(
        title="Uchwała", file=SimpleUploadedFile("uchwala.pdf", b"%PDF-1.4\n%%EOF\n"))
    Adoption.objects.create(plan=plan, version=version, resolution_number="XII/345/2026",
                            resolution_date=date(2026, 11, 2), document=document, fingerprint="0" * 64,
                            recorded_at=timezone.now())
    return "XII/345/2026", True


def _report_publication(plan, chapter, expert, comments):
    from django.utils import timezone

    from consultation.models import ReportPublication

    ReportPublication.objects.create(plan=plan, published_at=timezone.now())
    return None, None


def _chapter_published(plan, chapter, expert, comments):
    edit_chapter(chapter, lambda raw: raw[0].update(value="<p>Poprawiony pierwszy akapit.</p>"))
    return "Poprawiony pierwszy akapit.", True


def _plan_published(plan, chapter, expert, comments):
    plan.title = "Plan po zmianie tytułu"
    plan.save_revision().publish()
    return "Plan po zmianie tytułu", True


def _chapter_unpublished(plan, chapter, expert, comments):
    chapter.unpublish()
    return None, None


@pytest.mark.django_db
@pytest.mark.parametrize("change", [
    _publish_pending, _reject_published, _edit_published, _publish_response, _withdraw_response,
    _new_version, _adoption, _report_publication, _chapter_published, _plan_published, _chapter_unpublished,
], ids=lambda change: change.__name__.strip("_"))
def test_every_public_change_shows_on_the_next_request(client, plan, chapter, expert, change):
    comments = {
        "published": make_comment(chapter, 1, title="Opublikowana uwaga"),
        "answered": make_comment(chapter, 2, title="Uwaga z odpowiedzią"),
        "pending": make_comment(chapter, 3, title="Czekająca uwaga"),
    }
    publish_comments([comments["published"], comments["answered"]], moderator=expert)
    comments["answered"].refresh_from_db()
    save_response(comments["answered"], author=coordinator_user(), disposition="partly",
                  justification="Pierwsza odpowiedź.",
                  publish=True)
    client.get(chapter.url)
    assert cached(client, chapter.url)
    text, shown = change(plan, chapter, expert, comments)
    response = fresh(client, chapter.url)
    if text is not None:
        assert (text in text_of(response)) is shown


@pytest.mark.django_db
def test_invalidation_costs_few_queries(chapter, settings):
    """A save that writes nothing public costs no query at all; a public change, two (the row as it
    was, and where its chapter is)."""
    from django.utils import timezone

    comment = make_comment(chapter, 1, confirm=False)

    def count(save):
        with CaptureQueriesContext(connection) as captured:
            save()
        return len(captured)

    def confirm():
        comment.confirmed_at = timezone.now()
        comment.save(update_fields=["confirmed_at"])

    def publish():
        comment.is_public = not comment.is_public
        comment.save(update_fields=["is_public"])

    settings.DROGOWSKAZ_PAGE_CACHE_SECONDS = 0
    without_cache = count(confirm), count(publish), count(publish)
    settings.DROGOWSKAZ_PAGE_CACHE_SECONDS = 600
    with_cache = count(confirm), count(publish), count(publish)
    assert with_cache[0] == without_cache[0]
    assert with_cache[1] <= without_cache[1] + 2 and with_cache[2] <= without_cache[2] + 2


# --- One chapter, not the plan; answers without the body (issue 15) ---------------------------------


@pytest.fixture
def sibling(plan):
    from consultation.demo.builders import make_chapter
    from tests.conftest import CHAPTER_BLOCKS

    return make_chapter(plan, number=2, title="Cele", slug="cele", blocks=CHAPTER_BLOCKS)


@pytest.mark.django_db
def test_a_comment_or_a_response_forgets_its_chapter_alone(client, plan, chapter, sibling, expert):
    comment = make_comment(chapter, 1, title="Uwaga w rozdziale 1")
    for url in (chapter.url, sibling.url, plan.url):
        client.get(url)
    publish_comments([comment], moderator=expert)
    assert "Uwaga w rozdziale 1" in text_of(fresh(client, chapter.url))
    assert cached(client, sibling.url) and cached(client, plan.url)
    comment.refresh_from_db()
    save_response(comment, author=coordinator_user(), disposition="accepted", justification="Przyjęta w 1.",
                  publish=True)
    assert "Przyjęta w 1." in text_of(fresh(client, chapter.url))
    assert cached(client, sibling.url) and cached(client, plan.url)


@pytest.mark.django_db
def test_a_response_to_a_group_forgets_the_chapters_of_its_members(client, chapter, sibling, expert):
    from consultation.moderation.groups import group_comments

    lead = make_comment(chapter, 1, title="Prowadząca", text="Ta sama treść.")
    member = make_comment(sibling, 1, title="Tożsama", text="Ta sama treść.")
    publish_comments([lead, member], moderator=expert)
    group_comments(lead, [member], by=expert)
    client.get(sibling.url)
    assert cached(client, sibling.url)
    lead.refresh_from_db()
    save_response(lead, author=coordinator_user(), disposition="accepted", justification="Jedna odpowiedź dla obu.",
                  publish=True)
    assert "Jedna odpowiedź dla obu." in text_of(fresh(client, sibling.url))


@pytest.mark.django_db
def test_a_version_or_a_chapter_published_forgets_the_whole_plan(client, plan, chapter, sibling):
    from consultation.versions.actions import publish_version
    from tests.utils import communications_user

    for url in (chapter.url, sibling.url, plan.url):
        client.get(url)
    edit_chapter(sibling, lambda raw: raw[0].update(value="<p>Nowy akapit celu.</p>"))
    for url in (chapter.url, sibling.url, plan.url):  # every page lists the chapters
        fresh(client, url)
    publish_version(plan, label="v2", user=communications_user())
    for url in (chapter.url, sibling.url, plan.url):
        fresh(client, url)


@pytest.mark.django_db
def test_a_change_while_a_page_renders_is_never_stored_as_current(client, chapter, expert):
    """The generations are read before the view reads any data: a page rendered from rows that
    changed meanwhile is kept under the old generations, so the next reader does not get it."""
    from django.http import HttpResponse

    from consultation.public import page_cache

    comment = make_comment(chapter, 1, title="W trakcie")
    old_page = client.get(chapter.url)
    assert old_page["X-Page-Cache"] == "miss"
    found = page_cache.lookup("testserver", chapter.url, "pl")  # a reader's view starts
    publish_comments([comment], moderator=expert)  # ... a moderator publishes meanwhile ...
    rendered = HttpResponse(old_page.content)  # ... and the view had read the rows before that
    rendered.page_cache_timeout = 600
    page_cache._store(found, rendered)
    assert "W trakcie" in text_of(fresh(client, chapter.url))


@pytest.mark.django_db
def test_etag_answers_304_and_gzip_is_compressed_once(client, chapter):
    import gzip

    first = client.get(chapter.url)
    etag = first["ETag"]
    assert first["X-Page-Cache"] == "miss" and etag.startswith('"')
    assert first["Cache-Control"] == "public, no-cache" and "Cookie" in first["Vary"]
    not_modified = client.get(chapter.url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b"" and not_modified["ETag"] == etag
    compressed = client.get(chapter.url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert compressed["Content-Encoding"] == "gzip" and compressed["ETag"] != etag
    assert gzip.decompress(compressed.content) == first.content
    assert int(compressed["Content-Length"]) == len(compressed.content) < len(first.content) / 3
    assert client.get(chapter.url, HTTP_IF_NONE_MATCH=compressed["ETag"],
                      HTTP_ACCEPT_ENCODING="gzip").status_code == 304
    # A tag of another page, or of the page before a change, gets the page.
    assert client.get(chapter.url, HTTP_IF_NONE_MATCH='"0123"').status_code == 200


@pytest.mark.django_db
def test_shared_caches_may_keep_public_pages_only(client, users, chapter, settings):
    settings.DROGOWSKAZ_SHARED_CACHE_SECONDS = 120
    client.get(chapter.url)
    assert client.get(chapter.url)["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=120"
    client.force_login(users["komunikacja"])
    staff = client.get(chapter.url)
    assert "public" not in staff["Cache-Control"] and "private" in staff["Cache-Control"]
    client.logout()
    url = comment_url(chapter, 1)
    form = client.get(url)  # a form with a CSRF token: personal
    assert "public" not in form["Cache-Control"]


@pytest.mark.django_db
def test_a_configured_frontend_cache_is_purged_when_the_page_changes(client, chapter, sibling, expert, settings):
    """Wagtail's HTTP purge backend against a real HTTP server standing in for Varnish."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from tests.utils import on_commit_run

    purged = []

    class Varnish(BaseHTTPRequestHandler):
        def do_PURGE(self):
            purged.append(f"http://{self.headers['Host']}{self.path}")
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Varnish)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {"varnish": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": f"http://127.0.0.1:{server.server_port}"}}
    try:
        comment = make_comment(chapter, 1, title="Do przeczyszczenia")
        with on_commit_run():
            publish_comments([comment], moderator=expert)
    finally:
        server.shutdown()
    assert purged and all(url.endswith(chapter.url) for url in purged), purged
    assert not any(url.endswith(sibling.url) for url in purged)


# --- Paragraph fragments: one publish re-renders one paragraph (issue 15) ---------------------------


def page_body(response):
    html = response.content.decode()
    return html[html.index("<main"):html.index("</main>")]


@pytest.mark.django_db
def silently_retitle(comment, title):
    """A new title written by update(): no signal, no invalidation (the stored search terms with it, as
    save() would keep it)."""
    comment.title = title
    ParagraphComment.objects.filter(pk=comment.pk).update(title=title, search_terms=comment.stored_search_terms)


def test_one_publish_re_renders_only_its_paragraph(client, chapter, expert):
    first = make_comment(chapter, 1, title="Pierwsza w akapicie 1")
    second = make_comment(chapter, 2, title="Pierwsza w akapicie 2")
    publish_comments([first, second], moderator=expert)
    client.get(chapter.url)
    # Changed behind the application's back: only a re-rendered paragraph could show it.
    silently_retitle(second, "Zmieniona po cichu")
    silently_retitle(first, "Też po cichu")
    third = make_comment(chapter, 1, title="Druga w akapicie 1")
    publish_comments([third], moderator=expert)
    page = text_of(fresh(client, chapter.url))
    assert "Druga w akapicie 1" in page and "Też po cichu" in page  # paragraph 1: rendered again
    assert "Pierwsza w akapicie 2" in page and "Zmieniona po cichu" not in page  # paragraph 2: its fragment


@pytest.mark.django_db
def test_a_page_made_of_fragments_is_the_page_rendered_whole(client, chapter, sibling, expert, settings):
    """After each kind of public change, the page assembled from fragments equals a full render."""
    from consultation.moderation.groups import group_comments
    from tests.utils import communications_user

    def same_as_whole():
        assembled = page_body(client.get(chapter.url))
        settings.DROGOWSKAZ_PAGE_CACHE_SECONDS = 0
        whole = page_body(client.get(chapter.url))
        settings.DROGOWSKAZ_PAGE_CACHE_SECONDS = 600
        assert assembled == whole

    comments = [make_comment(chapter, n, title=f"Uwaga {n}") for n in (1, 2, 3, 1)]
    same_as_whole()
    publish_comments(comments[:2], moderator=expert)
    same_as_whole()
    reply = make_comment(chapter, parent=ParagraphComment.objects.get(pk=comments[0].pk), title="Odpowiedź mieszkańca")
    publish_comments([reply, comments[3]], moderator=expert)
    same_as_whole()
    comments[1].refresh_from_db()
    save_response(comments[1], author=coordinator_user(), disposition="not_accepted", justification="Nie tym razem.",
                  publish=True)
    same_as_whole()
    member = make_comment(sibling, 1, title="Tożsama z innego rozdziału")
    publish_comments([member], moderator=expert)
    group_comments(ParagraphComment.objects.get(pk=comments[0].pk), [member], by=expert)
    same_as_whole()  # the lead's paragraph links its new member
    reject_comments([ParagraphComment.objects.get(pk=comments[3].pk)], moderator=expert, reason="Poza tematem.")
    same_as_whole()
    edit_chapter(chapter, lambda raw: raw[1].update(value="<p>Nowy drugi akapit.</p>"))
    same_as_whole()
    from consultation.versions.actions import publish_version

    publish_version(chapter.get_parent().specific, label="v2", user=communications_user())
    same_as_whole()
