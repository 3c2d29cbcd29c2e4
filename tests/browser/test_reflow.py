"""Reflow (WCAG 1.4.10): at 320 CSS pixels no public page scrolls sideways.

Only a table may be wider than the screen, and then it scrolls inside its own container, which
is focusable (a keyboard user scrolls it with the arrow keys) and labelled by the table's caption.
axe does not catch a page that scrolls sideways, so the width is measured here.
"""

import pytest

from tests.browser.conftest import ARTIFACTS, send_comment_form
from tests.browser.public_pages import public_pages

pytestmark = [pytest.mark.browser, pytest.mark.committing,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTH = 320

# The widest element that is not inside a table container: named in the failure message.
WIDEST = """() => {
    const limit = document.documentElement.clientWidth;
    const wide = [];
    for (const el of document.body.querySelectorAll("*")) {
        if (el.closest(".table-scroll")) continue;
        const box = el.getBoundingClientRect();
        if (box.right > limit + 0.5) {
            wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
                      (el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : "") +
                      " " + Math.round(box.left) + ".." + Math.round(box.right));
        }
    }
    return wide.slice(0, 8);
}"""

TABLE_CONTAINERS = """() => Array.from(document.querySelectorAll("table")).map(table => {
    const box = table.closest(".table-scroll");
    if (!box) return "table outside a .table-scroll container";
    const label = box.getAttribute("aria-labelledby");
    const labelled = label ? document.getElementById(label) && document.getElementById(label).textContent.trim()
                           : (box.getAttribute("aria-label") || "").trim();
    if (box.getAttribute("role") !== "region" || box.getAttribute("tabindex") !== "0" || !labelled)
        return "table container without role=region, tabindex=0 and a name: " + box.outerHTML.slice(0, 120);
    return "";
}).filter(Boolean)"""


def measure(page, name):
    page.screenshot(path=ARTIFACTS / f"reflow-{name}-{WIDTH}.png", full_page=True)
    return page.evaluate("document.documentElement.scrollWidth"), page.evaluate(WIDEST)


def test_no_public_page_scrolls_sideways_at_320_px(live_server, browser, demo):
    plan, chapter, comment = demo
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="pl-PL", viewport={"width": WIDTH, "height": 800})
    page = context.new_page()
    too_wide, bad_tables = {}, {}
    for name, path in public_pages(plan, chapter, comment).items():
        page.goto(live_server.url + path)
        width, widest = measure(page, name)
        if width > WIDTH:
            too_wide[name] = (width, widest)
        if problems := page.evaluate(TABLE_CONTAINERS):
            bad_tables[name] = problems

    # The comment form with its errors, then the receipt after sending.
    page.goto(live_server.url + chapter.url + chapter.reverse_subpage("comment", args=[comment.paragraph_key]))
    page.get_by_role("button", name="Wyślij komentarz").click()
    page.wait_for_load_state()
    width, widest = measure(page, "comment-form-errors")
    if width > WIDTH:
        too_wide["comment-form-errors"] = (width, widest)
    send_comment_form(page, title="Uwaga na wąskim ekranie", text="Tekst " * 40,
                      name="Spółdzielnia Socjalna Razem", email="razem@example.org")
    width, widest = measure(page, "receipt")
    if width > WIDTH:
        too_wide["receipt"] = (width, widest)
    context.close()
    assert too_wide == {}, "\n".join(f"{name}: {width} px wide; {widest}" for name, (width, widest) in too_wide.items())
    assert bad_tables == {}, bad_tables


def test_a_wide_table_scrolls_inside_its_container_by_keyboard(live_server, browser, demo):
    plan, chapter, comment = demo
    context = browser.new_context(locale="pl-PL", viewport={"width": WIDTH, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + public_pages(plan, chapter, comment)["report"])
    container = page.locator(".table-scroll").filter(has=page.locator("table")).last
    assert container.evaluate("el => el.scrollWidth > el.clientWidth"), "the report's table should be wider than 320 px"
    container.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=container.element_handle())
    context.close()
