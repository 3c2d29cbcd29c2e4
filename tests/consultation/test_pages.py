import pytest

from consultation.demo.builders import make_chapter, make_comment, make_plan
from tests.conftest import CHAPTER_BLOCKS
from tests.utils import text_of


@pytest.mark.django_db
def test_paragraph_keys_survive_a_new_revision(chapter):
    keys_before = [p.key for p in chapter.paragraphs()]
    chapter.body[0].value.source = "<p>Pierwszy akapit, poprawiony.</p>"
    chapter.save_revision().publish()
    chapter.refresh_from_db()
    assert [p.key for p in chapter.paragraphs()] == keys_before
    assert chapter.paragraphs()[0].text == "Pierwszy akapit, poprawiony."


@pytest.mark.django_db
def test_home_lists_plans_by_phase(client, home, plan, closed_plan):
    make_plan(home, title="Plan w szkicu", slug="szkic", publish=False)
    html = text_of(client.get(home.url))
    assert html.index("Trwające konsultacje") < html.index("Plan testowy")
    assert html.index("Zakończone konsultacje") < html.index("Plan zamknięty")
    assert "Plan w szkicu" not in html


@pytest.mark.django_db
def test_plan_page_lists_live_chapters_in_order(client, plan):
    make_chapter(plan, number=2, title="Prognoza", slug="prognoza", blocks=CHAPTER_BLOCKS)
    make_chapter(plan, number=1, title="Diagnoza", slug="diagnoza", blocks=CHAPTER_BLOCKS)
    make_chapter(plan, number=3, title="Ukryty rozdział", slug="ukryty", blocks=CHAPTER_BLOCKS, publish=False)
    html = text_of(client.get(plan.url))
    assert html.index("1. Diagnoza") < html.index("2. Prognoza")
    assert "Ukryty rozdział" not in html
    assert "konsultacje trwają" in html


@pytest.mark.django_db
def test_chapter_contents_leave_out_restricted_chapters_and_link_the_others(client, plan, chapter):
    from wagtail.models import PageViewRestriction

    second = make_chapter(plan, number=2, title="Prognoza", slug="prognoza", blocks=CHAPTER_BLOCKS)
    hidden = make_chapter(plan, number=3, title="Zastrzeżony rozdział", slug="zastrzezony", blocks=CHAPTER_BLOCKS)
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="tajne")
    for page in (plan, chapter):
        html = text_of(client.get(page.url))
        assert f'href="{second.url}"' in html and "2. Prognoza" in html
        assert "Zastrzeżony rozdział" not in html
    restriction = PageViewRestriction.objects.create(page=plan, restriction_type="password", password="tajne")
    assert [link.pk for link in plan.chapter_links()] == []  # a restriction above hides every chapter
    restriction.delete()
    assert [link.pk for link in plan.chapter_links()] == [chapter.pk, second.pk]


@pytest.mark.django_db
def test_draft_chapter_is_not_served(client, plan):
    draft = make_chapter(plan, number=3, title="Szkic", slug="szkic", blocks=CHAPTER_BLOCKS, publish=False)
    assert client.get("/plan-testowy/szkic/").status_code == 404
    assert draft.live is False


@pytest.mark.django_db
def test_table_and_list_render_accessibly(client, chapter):
    html = text_of(client.get(chapter.url))
    assert "<caption>Wskaźniki</caption>" in html
    assert '<th scope="col">Wskaźnik</th>' in html
    assert "<li><p>punkt pierwszy</p></li>" in html


@pytest.mark.django_db
def test_page_is_polish_and_has_skip_link(client, chapter):
    html = text_of(client.get(chapter.url))
    assert '<html lang="pl">' in html
    assert 'href="#main"' in html and 'id="main"' in html


@pytest.mark.django_db
def test_no_third_party_requests_from_a_chapter(client, chapter, expert):
    from consultation.moderation.actions import publish_comments

    comment = make_comment(chapter, 1)
    publish_comments([comment], moderator=expert)
    html = text_of(client.get(chapter.url))
    assert "gravatar" not in html.lower()
    for attribute in ('src="http', "src='http", 'href="//', 'src="//'):
        assert attribute not in html


@pytest.mark.django_db
def test_a_chapter_is_public_only_while_its_plan_is(client, plan, chapter):
    """Defect 5: an unpublished plan's chapters stayed public (200, in search and in the API)."""
    from django.urls import reverse

    url, api = chapter.url, reverse("api-chapter-comments", args=[chapter.pk])
    assert client.get(url).status_code == 200 and client.get(api).status_code == 200
    search = reverse("search") + "?q=Diagnoza"
    assert f'href="{url}"' in text_of(client.get(search))
    plan.unpublish()
    chapter.refresh_from_db()
    assert chapter.live  # Wagtail leaves the children live; the plan's state decides
    for address in (url, url + chapter.reverse_subpage("paragraph", args=[chapter.paragraphs()[0].key]), api,
                    plan.url if plan.url else "/plan-testowy/wersje/"):
        assert client.get(address).status_code == 404, address
    assert f'href="{url}"' not in text_of(client.get(search))
