"""Importing a Word draft in the admin, in a real browser and by keyboard: upload, preview with a
bold line promoted to a chapter, save; then the imported chapter on the public site."""

import pytest

from consultation.models import ChapterPage
from tests.browser.conftest import admin_login, assert_accessible
from tests.word_files import (
    cell,
    footnote_reference,
    footnotes,
    heading,
    numbering,
    p,
    run,
    table,
    word_file,
)

pytestmark = [pytest.mark.browser, pytest.mark.committing,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_word_draft_is_previewed_chosen_and_saved(live_server, page, screenshot, plan, users, tmp_path):
    draft = tmp_path / "projekt.docx"
    draft.write_bytes(word_file(
        p("Program rozwoju ekonomii społecznej", style="Title"),
        heading("Rozdział 1. Diagnoza"),
        p(run("W regionie działa 1142 podmiotów") + footnote_reference(1) + run(".")),
        table([["Wskaźnik", cell("Wartość", span=2)], ["PES", "10", "12"]]),
        p("Cele", bold=True),
        p("Cel pierwszy", style="ListParagraph", num=(1, 0)), p("działanie a", style="ListParagraph", num=(1, 1)),
        numbering_xml=numbering((1, [("decimal", "%1."), ("lowerLetter", "%2)")])),
        footnotes_xml=footnotes({"1": "Dane GUS za 2025 r."}),
    ))
    admin_login(page, live_server, "komunikacja")

    page.goto(live_server.url + f"/admin/plany/{plan.pk}/import/")
    page.set_input_files("input[type=file]", str(draft))
    with page.expect_navigation():
        page.get_by_role("button", name="Pokaż, co się zmieni").click()
    assert page.evaluate("document.activeElement.id") == "podglad"  # focus lands on the preview
    assert "Wiersze, które wyglądają jak nagłówki" in page.content()
    screenshot(page, "import-preview")

    page.get_by_label("Cele").select_option("1")  # the bold line "Cele" becomes a chapter
    page.get_by_role("button", name="Odśwież podgląd").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "podglad"
    assert "bez numeru" in page.content()  # "Cele" is a chapter now; the file numbers the others only
    with page.expect_navigation():
        page.get_by_role("button", name="Zapisz zaimportowany tekst").click()
    assert "Zapisano 2 rozdziały jako wersje robocze." in page.content()

    diagnosis = ChapterPage.objects.get(title="Diagnoza")
    diagnosis.get_latest_revision().publish()
    page.goto(live_server.url + diagnosis.url)
    assert page.locator("h1").inner_text().startswith("Rozdział 1")
    assert page.locator(".paragraph-body sup").first.inner_text() == "1"
    assert page.locator('.paragraph-body td[colspan="2"], .paragraph-body th[colspan="2"]').count() == 1
    assert_accessible(page)
    screenshot(page, "imported-chapter")
