"""Debian's Chromium driven by Playwright against the live test server.

`make test` installs the `chromium` package when it is missing; these tests fail (they do not
skip) when it cannot start, because what people see must be tested.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the Django ORM calls made by the tests
# themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("DROGOWSKAZ_CHROMIUM", "/usr/lib/chromium/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
ARTIFACTS = Path(os.environ.get("DROGOWSKAZ_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def links_to_the_live_server(request, settings):
    """Emailed links are built from the configured base URL: in browser tests, the live server's."""
    if "live_server" in request.fixturenames:
        live_server = request.getfixturevalue("live_server")
        settings.DROGOWSKAZ_BASE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="pl-PL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    context.close()
    assert problems == [], problems  # no CSP violation, no script error on any page visited


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    database = os.environ.get("DROGOWSKAZ_TEST_DB", "sqlite")

    def take(page, name):
        for label, width in (("desktop", 1280), ("phone", 375)):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=ARTIFACTS / f"{name}-{label}-{database}.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})

    return take


def send_comment_form(page, *, title, text="Treść uwagi.", name="Jan", email="jan@example.org", proposed_wording=None,
                      justification=None, kind=None, organisation=None):
    """Fill the comment (or reply) form with the mouse-free Playwright fillers and send it."""
    if proposed_wording is not None:
        page.fill("#id_proposed_wording", proposed_wording)
    page.fill("#id_comment", text)
    if justification is not None:
        page.fill("#id_justification", justification)
    page.fill("#id_title", title)
    if kind is not None:
        page.check(f"input[name=commenter_kind][value={kind}]")
    if organisation is not None:
        page.fill("#id_organisation", organisation)
    page.fill("#id_name", name)
    page.fill("#id_email", email)
    page.check("#id_consent")
    page.locator("form.comment-form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.fixture
def demo(tmp_path):
    """The demo content of `make run`: the open plan, its first chapter and a published comment on it."""
    from django.core.management import call_command

    from consultation.models import ParagraphComment, PlanPage

    with open(tmp_path / "out.txt", "w") as out:
        call_command("load_demo_content", stdout=out)
    plan = PlanPage.objects.get(slug="drogowskaz-rozwoju-spolecznego")
    chapter = plan.get_children().live().specific().first()
    comment = ParagraphComment.objects.published().filter(object_pk=str(chapter.pk), level=0).first()
    return plan, chapter, comment


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_accessible(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]]
    assert violations == [], violations


def admin_login(page, live_server, username, password="haslo-testowe-123"):
    """Sign in to the Wagtail admin as `username` by keyboard (Enter in the password field)."""
    page.context.clear_cookies()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")
