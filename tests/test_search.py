import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from consultation.demo.builders import (
    edit_chapter,
    make_chapter,
    make_comment,
    make_plan,
)
from consultation.moderation.actions import publish_comments, save_response
from tests.utils import text_of


def search(client, query):
    return text_of(client.get(reverse("search"), {"q": query}))


@pytest.mark.django_db
def test_search_finds_live_public_chapters(client, chapter):
    assert "Diagnoza" in search(client, "spółdzielniach")


@pytest.mark.django_db
def test_search_hides_drafts_private_pages_and_comments(client, plan, chapter):
    draft = make_chapter(plan, number=2, title="Tajny szkic", slug="szkic",
                         blocks=[("paragraph", "<p>zastrzezonyszkic</p>")], publish=False)
    private = make_chapter(plan, number=3, title="Rozdział z hasłem", slug="haslo",
                           blocks=[("paragraph", "<p>zastrzezonyhaslo</p>")])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    make_comment(chapter, 1, title="zastrzezonykomentarz", text="zastrzezonykomentarz")
    assert draft.live is False
    for word in ("zastrzezonyszkic", "zastrzezonyhaslo", "zastrzezonykomentarz", "Tajny"):
        html = search(client, word)
        assert "Nic nie znaleziono." in html, word


@pytest.mark.django_db
def test_search_escapes_the_query(client, home):
    html = search(client, "<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


# Polish search (issue 16): any form of a word, in the text, the comments and the responses.

def results_of(client, query, **params):
    response = client.get(reverse("search"), {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def polish_plan(home, *, title="Plan na lata 2026-2030", slug="plan-es", region="lubelskie"):
    plan = make_plan(home, title=title, slug=slug, region=region)
    chapter = make_chapter(plan, number=2, title="Diagnoza sektora", slug=f"{slug}-diagnoza", blocks=[
        ("paragraph", "<p>W regionie działa 120 podmiotów ekonomii społecznej, głównie spółdzielni socjalnych.</p>"),
        ("paragraph", "<p>Transport publiczny na wsi nie dociera do wielu gmin.</p>"),
    ])
    return plan, chapter


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["podmiot", "ekonomia społeczna", "spółdzielnia socjalna", "EKONOMII",
                                   "spoleczna ekonomia", "gmina transport"])
def test_any_form_of_each_word_finds_the_paragraph(client, home, query):
    polish_plan(home)
    html = results_of(client, query)
    assert "2. Diagnoza sektora" in html, query
    assert "Tekst planów (1)" in html


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["podmiotowość", "ekonomia polityczna", "kolej", "spółdzielnia mieszkaniowa"])
def test_words_not_in_the_text_find_nothing(client, home, query):
    polish_plan(home)
    assert "Tekst planów (0)" in results_of(client, query), query


@pytest.mark.django_db
def test_found_words_are_marked_in_an_escaped_excerpt_with_plan_and_link(client, home):
    plan, chapter = polish_plan(home)
    make_chapter(plan, number=3, title="Cele", slug="cele", blocks=[("paragraph", "<p>Cel: &lt;b&gt;podmioty&lt;/b&gt; rosną.</p>")])
    soup = BeautifulSoup(results_of(client, "podmiotami"), "html.parser")
    items = soup.select("ol.search-results li")
    assert [item.h3.get_text(strip=True) for item in items] == ["2. Diagnoza sektora", "3. Cele"]
    first = items[0]
    assert [mark.get_text() for mark in first.select("mark")] == ["podmiotów"]
    key = chapter.paragraphs()[0].key
    assert first.h3.a["href"] == f"{chapter.url}#p-{key}"
    assert "Plan na lata 2026-2030" in first.get_text()
    # Text of the plan is escaped, never markup: the literal <b> of the paragraph is shown as typed.
    assert [mark.get_text() for mark in items[1].select("mark")] == ["podmioty"]
    assert "<b>podmioty</b>" in items[1].get_text() and not items[1].select("b")


@pytest.mark.django_db
def test_published_comments_and_responses_are_results_never_the_unpublished(client, home, coordinator, expert):
    plan, chapter = polish_plan(home)
    shown = make_comment(chapter, 1, title="Więcej spółdzielni", text="Prosimy o wsparcie spółdzielni socjalnych.")
    waiting = make_comment(chapter, 1, title="Spółdzielnie czekają", text="Spółdzielnia socjalna bez moderacji.")
    publish_comments([shown], moderator=coordinator)
    save_response(shown, author=coordinator, disposition="accepted", justification="Dopisano spółdzielnie socjalne.",
                  publish=True)
    drafted = make_comment(chapter, 2, title="Transport", text="Brakuje autobusów.")
    publish_comments([drafted], moderator=coordinator)
    save_response(drafted, author=expert, disposition="accepted", justification="Spółdzielnia przewozowa.")
    html = results_of(client, "spółdzielnia", kind="comments")
    assert "Uwagi (1)" in html and "Odpowiedzi (1)" in html
    assert shown.reference in html and "Więcej spółdzielni" in html
    assert waiting.reference not in html and "bez moderacji" not in html
    soup = BeautifulSoup(html, "html.parser")
    link = soup.select_one("ol.search-results h3 a")["href"]
    assert link.endswith(f"akapit/{shown.paragraph_key}/#c-{shown.pk}")
    assert client.get(link.split("#")[0]).status_code == 200
    responses = results_of(client, "spółdzielnia", kind="responses")
    assert "Dopisano <mark>spółdzielnie</mark> socjalne." in responses
    assert "przewozowa" not in responses  # a draft response is not public


@pytest.mark.django_db
def test_an_unpublished_chapter_or_plan_is_not_searched_and_a_new_version_replaces_the_old(client, home):
    plan, chapter = polish_plan(home)
    chapter.unpublish()
    assert "Tekst planów (0)" in results_of(client, "podmiot")
    revision = chapter.save_revision()
    revision.publish()
    assert "Tekst planów (1)" in results_of(client, "podmiot")
    plan.unpublish()
    assert "Tekst planów (0)" in results_of(client, "podmiot")
    plan.save_revision().publish()

    def rewrite(raw):
        raw[0]["value"] = "<p>Nowe brzmienie o klubach seniora.</p>"
    edit_chapter(chapter, rewrite)
    assert "Tekst planów (0)" in results_of(client, "podmiot")
    assert "Tekst planów (1)" in results_of(client, "klub senior")


@pytest.mark.django_db
def test_filters_by_region_and_plan_keep_the_query_and_the_kind(client, home):
    lublin, _chapter = polish_plan(home)
    opole, _other = polish_plan(home, title="Plan opolski", slug="plan-opolski", region="opolskie")
    assert "Tekst planów (2)" in results_of(client, "podmiot")
    assert "Tekst planów (1)" in results_of(client, "podmiot", region="opolskie")
    html = results_of(client, "podmiot", plan=lublin.pk)
    assert "Tekst planów (1)" in html and "Plan opolski" not in BeautifulSoup(html, "html.parser").select_one(
        "ol.search-results").get_text()
    tabs = {a.get_text(strip=True): a["href"] for a in BeautifulSoup(
        results_of(client, "podmiot", region="opolskie"), "html.parser").select(".search-tabs a")}
    assert tabs["Uwagi (0)"] == "?q=podmiot&region=opolskie&kind=comments"
    assert "Tekst planów (2)" in results_of(client, "podmiot", region="mazowieckie")  # unknown: all regions


@pytest.mark.django_db
def test_search_queries_do_not_grow_with_results(client, home, coordinator, django_assert_max_num_queries):
    plan, chapter = polish_plan(home)
    url = f"{reverse('search')}?q=spółdzielnia&kind=comments"
    comment = make_comment(chapter, 1, title="Spółdzielnie", text="Spółdzielnia.")
    publish_comments([comment], moderator=coordinator)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(15):
        extra = make_comment(chapter, 1 + number % 2, title=f"Spółdzielnia {number}", text="Spółdzielnie socjalne.")
        publish_comments([extra], moderator=coordinator)
    polish_plan(home, title="Drugi plan", slug="drugi")
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert "Uwagi (16)" in html
    assert len(many) == len(few) <= 14
