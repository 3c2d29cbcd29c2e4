import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from consultation.demo.builders import make_chapter, make_comment
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
