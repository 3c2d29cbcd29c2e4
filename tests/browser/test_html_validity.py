"""Every public page type is valid HTML: the Nu HTML Checker (vnu.jar) finds no error in any of them.

The pages are rendered with Django's test client on the demo content and checked in one run of
the checker (one Java start-up for all of them). `make test` installs vnu.jar from npm into
var/node/ (see scripts/test.sh); without Java or vnu.jar this test fails, it does not skip.
"""

import json
import os
import re
import shutil
import subprocess  # nosec B404: runs the checker, a fixed command
from pathlib import Path

import pytest
from django.template.loader import render_to_string

from tests.browser.public_pages import public_pages
from tests.utils import filled_comment_form

# Not a browser test: the HTML is the server's, checked as sent. It lives here for the `demo` fixture
# and runs in the main pytest session (it commits nothing).
pytestmark = [pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get("DROGOWSKAZ_VNU_JAR", ROOT / "var/node/node_modules/vnu-jar/build/dist/vnu.jar"))


def run_vnu(files):
    """{file name: [error messages]} for every file with an error, from one run of the checker."""
    java = shutil.which("java")
    assert java, "Java is needed to run the Nu HTML Checker: apt-get install default-jre-headless"
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: scripts/test.sh (make test) installs it from npm"
    result = subprocess.run(  # nosec B603: fixed arguments, no shell
        [java, "-Xss8m", "-jar", str(VNU_JAR), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    report = json.loads(result.stdout or result.stderr)
    errors = {}
    for message in report["messages"]:
        if message["type"] == "error" or message.get("subType") == "fatal":
            name = Path(message.get("url", "?").removeprefix("file:")).stem
            where = f"line {message.get('lastLine', '?')}"
            errors.setdefault(name, []).append(f"{where}: {message['message']} [{message.get('extract', '').strip()}]")
    return errors


def test_every_public_page_type_is_valid_html(client, demo, tmp_path):
    plan, chapter, comment = demo
    pages = {}
    for name, path in public_pages(plan, chapter, comment).items():
        response = client.get(path)
        assert response.status_code == (404 if name == "not-found" else 200), (name, response.status_code)
        pages[name] = response.content.decode()

    form_url = chapter.url + chapter.reverse_subpage("comment", args=[comment.paragraph_key])
    errors = client.post(form_url, {"title": "", "comment": "x"})
    assert errors.status_code == 400
    pages["comment-form-errors"] = errors.content.decode()
    receipt = client.post(form_url, filled_comment_form(client, form_url), follow=True)
    assert re.search(r"K-\d+", receipt.content.decode())
    pages["receipt"] = receipt.content.decode()

    # Every page of the site has a description for search engines (Wagtail's search_description or
    # a sentence of its own); the error pages served without the database need none.
    described = re.compile(r'<meta name="description" content="[^"]{20,}">')
    assert [name for name, html in pages.items() if not described.search(html)] == []
    for template in ("500.html", "503.html", "403_csrf.html"):
        pages[template.removesuffix(".html")] = render_to_string(template)

    files = []
    for name, html in pages.items():
        files.append(tmp_path / f"{name}.html")
        files[-1].write_text(html, encoding="utf-8")
    problems = run_vnu(files)
    count = sum(map(len, problems.values()))
    assert problems == {}, f"{count} errors on {len(problems)} of {len(pages)} pages\n" + "\n".join(f"{name}:\n  " + "\n  ".join(lines) for name, lines in problems.items())
