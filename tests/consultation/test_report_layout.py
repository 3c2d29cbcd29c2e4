"""How the report reads: the page's title is its heading, and the PDF's table breaks lines only between
words (each column is wide enough for its words on landscape A4)."""

import re
import subprocess
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from consultation.reports.actions import publish_report
from consultation.reports.columns import DOCUMENT_COLUMNS, headers, values
from consultation.reports.report import build_report
from tests.consultation.test_report import (  # noqa: F401 — the fixture `record` is used by name
    pl,
    record,
    report_url,
)
from tests.utils import text_of

WORD = re.compile(r"[^\W\d_]+")  # letters only: numbers and references are not words


@pytest.fixture
def public_report(users, plan, record):  # noqa: F811
    publish_report(plan, user=users["komunikacja"], incomplete=True)
    return record


@pytest.mark.django_db
def test_the_browser_tab_says_what_the_heading_says(client, plan, public_report):
    soup = BeautifulSoup(text_of(client.get(report_url(plan))), "html.parser")
    heading = soup.find("h1").get_text(strip=True)
    assert heading == pl("Report on the course and results of the consultation")
    assert soup.title.get_text(strip=True).startswith(f"{heading} — {plan.title}")


@pytest.mark.django_db
def test_the_pdf_table_breaks_lines_only_between_words(client, plan, public_report, tmp_path):
    target = tmp_path / "raport.pdf"
    target.write_bytes(b"".join(client.get(report_url(plan, "pdf")).streaming_content))
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, check=True, text=True).stdout
    printed = Counter(WORD.findall(text))
    with translation.override("pl"):
        report = build_report(plan)
        cells = headers(DOCUMENT_COLUMNS) + [str(v) for row in report.rows for v in values(DOCUMENT_COLUMNS, row)]
    # Every word of every cell is printed whole as often as the table holds it: a word broken across
    # two lines ("nierozpatrzon|a") would print as two pieces and be missing once.
    expected = Counter(word for cell in cells for word in WORD.findall(cell) if len(word) <= 25)
    missing = {word: (count, printed[word]) for word, count in expected.items() if printed[word] < count}
    assert missing == {}
