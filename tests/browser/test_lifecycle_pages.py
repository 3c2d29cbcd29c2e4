"""The lifecycle pages on the demo content, in a real browser: versions, comparison, adoption."""

import pytest
from django.core.management import call_command

from consultation.models import Adoption, PlanPage
from tests.browser.test_core_loop import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.committing,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo(tmp_path):
    with open(tmp_path / "out.txt", "w") as out:
        call_command("load_demo_content", stdout=out)
    return PlanPage.objects.get(slug="drogowskaz-rozwoju-spolecznego"), Adoption.objects.get()


def test_versions_comparison_and_adopted_plan(live_server, page, screenshot, demo):
    plan, adoption = demo
    page.goto(live_server.url + plan.url)
    page.get_by_role("link", name="Wersje planu i co się zmieniło").click()
    assert_accessible(page)
    screenshot(page, "versions")

    page.get_by_role("button", name="Porównaj").click()
    page.wait_for_load_state()
    assert "Zmiany od wersji 1 do wersji 2" in page.inner_text("h1")
    assert page.locator("ins").first.is_visible() and page.locator(".diff-comments").first.is_visible()
    assert_accessible(page)
    screenshot(page, "compare")

    # The commenter follows the link from the change back to their comment, and from there to the change.
    page.locator(".diff-comments a").first.click()
    page.wait_for_load_state()
    comment = page.locator("article.comment", has_text="Brakuje danych o podmiotach w powiatach")
    assert "Akapit zmienił się od czasu napisania komentarza." in comment.inner_text()
    assert_accessible(page)
    screenshot(page, "chapter-changed-since")
    comment.get_by_role("link", name="Zobacz zmianę wprowadzoną w wersji 2").click()
    page.wait_for_load_state()
    assert "do=2" in page.url

    page.goto(live_server.url + adoption.plan.url)
    assert "XLII/512/2012" in page.content() and adoption.fingerprint in page.content()
    assert_accessible(page)
    screenshot(page, "adopted-plan")
    page.goto(live_server.url + adoption.plan.url + adoption.plan.reverse_subpage("version", args=[adoption.version.number]))
    assert_accessible(page)
    screenshot(page, "adopted-version")
