"""The lifecycle pages on the demo content, in a real browser: versions, comparison, adoption."""

import pytest

from consultation.models import Adoption
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.committing,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_versions_comparison_and_adopted_plan(live_server, page, screenshot, demo):
    plan, _chapter, _comment = demo
    adoption = Adoption.objects.get()
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
