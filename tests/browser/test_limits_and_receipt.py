"""The comment form shows its limits before typing and counts as one types; after sending, the
receipt with the comment's number is where focus and the screen are, with and without JavaScript."""

import re

import pytest

from tests.browser.conftest import assert_accessible, send_comment_form

pytestmark = [pytest.mark.browser, pytest.mark.committing,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LIMITED = ("id_proposed_wording", "id_comment", "id_justification", "id_title", "id_name", "id_organisation")


def form_url(chapter, comment):
    return chapter.url + chapter.reverse_subpage("comment", args=[comment.paragraph_key])


def test_limits_are_shown_before_typing_and_counted_live(live_server, page, screenshot, demo):
    _plan, chapter, comment = demo
    page.goto(live_server.url + form_url(chapter, comment))
    from consultation.participation.forms import ParagraphCommentForm

    fields = ParagraphCommentForm(chapter).fields
    for field_id in LIMITED:
        limit = fields[field_id.removeprefix("id_")].max_length
        # In the label, so it is read with the field's name, before typing.
        assert f"do {limit} znaków" in page.locator(f"label[for={field_id}]").inner_text()
        assert page.locator(f"#{field_id} ~ .char-count").count() == 1  # counted as one types
        # The browser does not cut a pasted text short: the form refuses it with a message instead.
        assert page.locator(f"#{field_id}").get_attribute("maxlength") is None

    limit = fields["comment"].max_length
    count = page.locator("#id_comment ~ .char-count")
    spoken = page.locator("#id_comment ~ [aria-live=polite]")
    assert count.inner_text() == f"Znaki: 0 z {limit}"
    page.fill("#id_comment", "Zażółć gęślą jaźń")
    assert count.inner_text() == f"Znaki: 17 z {limit}"
    page.wait_for_function("el => el.textContent.includes('17')", arg=spoken.element_handle())
    page.fill("#id_comment", "x" * (limit + 3))
    assert count.inner_text() == f"Przekroczony limit {limit} znaków: wpisano {limit + 3}. Skróć tekst."
    assert "char-count-over" in count.get_attribute("class")
    assert_accessible(page)
    screenshot(page, "comment-form-over-limit")


def test_the_receipt_gets_focus_and_shows_the_reference(live_server, page, screenshot, demo):
    _plan, chapter, comment = demo
    page.goto(live_server.url + form_url(chapter, comment))
    send_comment_form(page, title="Uwaga o pokwitowaniu")
    assert page.url.endswith("#receipt")
    receipt = page.locator("#receipt")
    assert re.search(r"K-\d{5}", receipt.inner_text())
    assert page.evaluate("document.activeElement.id") == "receipt"
    assert page.get_by_role("status").locator("#receipt").count() == 1
    top, bottom = receipt.evaluate("el => [el.getBoundingClientRect().top, el.getBoundingClientRect().bottom]")
    assert 0 <= top and bottom <= page.viewport_size["height"]
    assert_accessible(page)
    screenshot(page, "receipt")


def test_the_receipt_is_in_view_without_javascript(live_server, browser, demo):
    _plan, chapter, comment = demo
    context = browser.new_context(java_script_enabled=False, locale="pl-PL", viewport={"width": 375, "height": 700})
    page = context.new_page()
    page.goto(live_server.url + form_url(chapter, comment))
    send_comment_form(page, title="Bez JavaScriptu, z pokwitowaniem")
    receipt = page.locator("#receipt")
    assert re.search(r"K-\d{5}", receipt.inner_text())
    top, bottom = receipt.evaluate("el => [el.getBoundingClientRect().top, el.getBoundingClientRect().bottom]")
    assert 0 <= top and bottom <= 700
    context.close()
