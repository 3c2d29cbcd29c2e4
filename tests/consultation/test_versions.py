"""Public versions, the comparison page, comments that survive revisions, and "you said, we did"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultation.core.refusals import Refused
from consultation.demo.builders import edit_chapter, make_chapter, make_comment
from consultation.moderation.actions import publish_comments, save_response
from consultation.versions.actions import publish_version
from consultation.versions.reading import fingerprint, read_version, version_text
from tests.conftest import CHAPTER_BLOCKS
from tests.utils import communications_user, coordinator_user, text_of


def set_text(index, html):
    def change(raw):
        raw[index]["value"] = html
    return change


def compare(client, plan, old, new):
    return client.get(plan.url + plan.reverse_subpage("compare"), {"od": old, "do": new})


@pytest.mark.django_db
def test_versions_are_numbered_and_listed(client, plan, chapter, expert):
    first = publish_version(plan, label="projekt do konsultacji", user=communications_user())
    second = publish_version(plan, label="po konsultacjach", user=communications_user())
    assert (first.number, second.number) == (1, 2)
    html = text_of(client.get(plan.url + plan.reverse_subpage("versions")))
    assert "projekt do konsultacji" in html and "po konsultacjach" in html


@pytest.mark.django_db
def test_version_keeps_its_text_after_the_page_changes(client, plan, chapter):
    version = publish_version(plan, label="v1", user=communications_user())
    edit_chapter(chapter, set_text(0, "<p>Zupełnie nowy pierwszy akapit.</p>"))
    page = text_of(client.get(plan.url + plan.reverse_subpage("version", args=[1])))
    assert "Pierwszy akapit o diagnozie." in page
    assert "Zupełnie nowy" not in page
    assert read_version(version)[0].paragraphs[0].text == "Pierwszy akapit o diagnozie."


@pytest.mark.django_db
def test_drafts_and_unpublished_chapters_never_enter_a_version(client, plan, chapter):
    make_chapter(plan, number=2, title="Tajny szkic rozdziału", slug="szkic", blocks=CHAPTER_BLOCKS, publish=False)
    chapter.body = [{"type": "paragraph", "value": "<p>Niepublikowana poprawka</p>"}]
    chapter.save_revision()  # a draft, not published
    publish_version(plan, label="v1", user=communications_user())
    html = text_of(client.get(plan.url + plan.reverse_subpage("version", args=[1])))
    assert "Tajny szkic" not in html and "Niepublikowana poprawka" not in html


@pytest.mark.django_db
def test_compare_page_marks_changes_in_words_and_accessibly(client, plan, chapter):
    publish_version(plan, label="v1", user=communications_user())
    edit_chapter(chapter, set_text(2, "<p>Drugi akapit o spółdzielniach socjalnych i CIS.</p>"))
    publish_version(plan, label="v2", user=communications_user())
    response = compare(client, plan, 1, 2)
    html = text_of(response)
    assert response.status_code == 200
    assert "<ins><span class=\"visually-hidden\">[dodano: </span>" in html
    assert "CIS" in html
    assert "zmieniony" in html


@pytest.mark.django_db
def test_compare_with_a_new_and_a_removed_chapter(client, plan, chapter):
    publish_version(plan, label="v1", user=communications_user())
    make_chapter(plan, number=2, title="Nowy rozdział o ewaluacji", slug="ewaluacja", blocks=CHAPTER_BLOCKS)
    chapter.unpublish()
    publish_version(plan, label="v2", user=communications_user())
    html = text_of(compare(client, plan, 1, 2))
    assert "nowy rozdział" in html and "Nowy rozdział o ewaluacji" in html
    assert "rozdział usunięty" in html and "Diagnoza" in html


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"od": "1", "do": "9"}, {"od": "x", "do": "1"}, {"od": "<script>", "do": "1"}])
def test_compare_of_unknown_versions_is_not_found(client, plan, chapter, query):
    publish_version(plan, label="v1", user=communications_user())
    assert client.get(plan.url + plan.reverse_subpage("compare"), query).status_code == 404


@pytest.mark.django_db
def test_plain_text_export_matches_the_fingerprint(client, plan, chapter):
    version = publish_version(plan, label="v1", user=communications_user())
    response = client.get(plan.url + plan.reverse_subpage("version_text", args=[1]))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body == version_text(version)
    assert body.startswith("Plan testowy\n\nRozdział 1. Diagnoza\n\n§ 1 Pierwszy akapit o diagnozie.")
    page = text_of(client.get(plan.url + plan.reverse_subpage("version", args=[1])))
    assert fingerprint(body) in page


@pytest.mark.django_db
def test_comment_survives_a_revision_and_shows_its_original_text(client, plan, chapter, expert):
    publish_version(plan, label="v1", user=communications_user())
    comment = make_comment(chapter, 1, title="Uwaga do wersji 1")
    publish_comments([comment], moderator=expert)
    edit_chapter(chapter, set_text(0, "<p>Pierwszy akapit o diagnozie, poprawiony po uwagach.</p>"))
    publish_version(plan, label="v2", user=communications_user())
    html = text_of(client.get(chapter.url))
    paragraph = html[html.index(f'id="p-{chapter.paragraphs()[0].key}"'):]
    assert "Uwaga do wersji 1" in paragraph[: paragraph.index('class="paragraph"', 10)]
    assert "Akapit zmienił się od czasu napisania komentarza." in html
    assert "Pierwszy akapit o diagnozie.</p>" in html  # the text the comment was about
    assert "?od=1&amp;do=2#p-" in html


@pytest.mark.django_db
def test_comments_on_a_removed_paragraph_are_listed_separately(client, plan, chapter, expert):
    comment = make_comment(chapter, 1, title="Uwaga do usuniętego akapitu")
    publish_comments([comment], moderator=expert)
    edit_chapter(chapter, lambda raw: raw.pop(0))
    html = text_of(client.get(chapter.url))
    assert "Komentarze do akapitów, których nie ma już w tekście" in html
    assert "Uwaga do usuniętego akapitu" in html
    assert "Pierwszy akapit o diagnozie." in html


@pytest.mark.django_db
def test_you_said_we_did(client, plan, chapter, expert):
    publish_version(plan, label="v1", user=communications_user())
    comment = make_comment(chapter, 2, title="Dopiszcie CIS")
    publish_comments([comment], moderator=expert)
    comment.refresh_from_db()
    edit_chapter(chapter, set_text(2, "<p>Drugi akapit o spółdzielniach socjalnych i CIS.</p>"))
    v2 = publish_version(plan, label="v2", user=communications_user())
    save_response(comment, author=coordinator_user(), disposition="accepted", justification="Dopisano.", publish=True,
                  version=v2)
    diff = text_of(compare(client, plan, 1, 2))
    assert "Komentarze, które doprowadziły do tej zmiany" in diff
    assert comment.reference in diff and f"#c-{comment.pk}" in diff
    chapter_html = text_of(client.get(chapter.url))
    assert "Zobacz zmianę wprowadzoną w wersji 2" in chapter_html
    assert f"?od=1&amp;do=2#p-{comment.paragraph_key}" in chapter_html


@pytest.mark.django_db
def test_unpublished_comments_never_appear_in_the_comparison(client, plan, chapter, expert):
    publish_version(plan, label="v1", user=communications_user())
    comment = make_comment(chapter, 3, title="Niepublikowana uwaga")
    edit_chapter(chapter, set_text(2, "<p>Drugi akapit, zmieniony.</p>"))
    v2 = publish_version(plan, label="v2", user=communications_user())
    with pytest.raises(Refused):  # a response is published only on a published comment
        save_response(comment, author=expert, disposition="accepted", justification="x", publish=True, version=v2)
    save_response(comment, author=expert, disposition="accepted", justification="x", publish=False, version=v2)
    assert "Niepublikowana uwaga" not in text_of(compare(client, plan, 1, 2))


@pytest.mark.django_db
def test_version_pages_run_a_bounded_number_of_queries(client, plan, expert):
    blocks = [("paragraph", f"<p>Akapit numer {n}.</p>") for n in range(60)]
    chapters = [make_chapter(plan, number=n, slug=f"r{n}", blocks=blocks) for n in range(1, 5)]
    publish_version(plan, label="v1", user=communications_user())
    for chapter in chapters:
        edit_chapter(chapter, lambda raw: [item.update(value=item["value"].replace("numer", "nr")) for item in raw])
    publish_version(plan, label="v2", user=communications_user())
    urls = [plan.url + plan.reverse_subpage("versions"), plan.url + plan.reverse_subpage("version", args=[2]),
            plan.url + plan.reverse_subpage("compare") + "?od=1&do=2"]
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) <= 14, (url, len(queries))
