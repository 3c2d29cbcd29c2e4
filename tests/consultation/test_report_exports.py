"""The report's exports opened with real readers — pdftotext, odfpy, openpyxl, the csv module — and
compared with the database row by row: every reference with its columns, nothing withdrawn,
unconfirmed, offensive or private in them, typed cells, a frozen header with a filter, page numbers
and the header row repeated on the PDF's later pages."""

import csv
import datetime
import io
import re
import subprocess

import pytest
from django.utils import translation
from odf import teletype
from odf.opendocument import load
from odf.table import Table, TableCell, TableHeaderRows, TableRow
from odf.text import H, P
from openpyxl import load_workbook

from consultation.demo.builders import make_comment
from consultation.moderation.actions import publish_comments
from consultation.reports.actions import publish_report
from consultation.reports.columns import DATA_COLUMNS, DOCUMENT_COLUMNS, headers
from tests.consultation.test_report import (  # noqa: F401 — the fixture `record` is used by name
    OFFENSIVE_TEXT,
    ORDER,
    SECRET_EMAIL,
    SECRET_IP,
    close,
    pl,
    record,
    report_url,
)

SECRETS = (OFFENSIVE_TEXT, SECRET_EMAIL, "@example.org", SECRET_IP, "Szkicodpowiedzi", "skan.pdf",
           "Niepotwierdzonaznacznik", "Wycofanaznacznik", "Odpowiedźznacznik", "Jeszcze nie.")


def download(client, plan, file_format):
    response = client.get(report_url(plan, file_format))
    assert response.status_code == 200, file_format
    return b"".join(response.streaming_content)


@pytest.fixture
def public_report(client, users, plan, record):  # noqa: F811
    publish_report(plan, user=users["komunikacja"], incomplete=True)
    return record


def pl_headers(columns):
    with translation.override("pl"):
        return headers(columns)


@pytest.mark.django_db
def test_csv_streams_every_row_with_typed_columns(client, plan, public_report):
    comments, hidden, _meeting = public_report
    response = client.get(report_url(plan, "csv"))
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0] == pl_headers(DATA_COLUMNS)
    columns = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    names = pl_headers(DATA_COLUMNS)
    assert [c[names[1]] for c in columns] == [comments[key].reference for key in ORDER]
    assert [c[names[0]] for c in columns] == [str(n) for n in range(1, len(ORDER) + 1)]
    for key, column in zip(ORDER, columns, strict=True):
        assert column[names[5]] == comments[key].received_on.isoformat(), key
    second = columns[ORDER.index("second")]
    assert second[pl("Comment")] == "'=HYPERLINK(1)"  # a formula is shown as text, never run
    assert all(secret not in body for secret in SECRETS)
    assert all(comment.reference not in body for comment in hidden.values())


@pytest.mark.django_db
def test_xlsx_has_typed_cells_a_frozen_header_and_a_filter(client, plan, public_report):
    comments, _hidden, _meeting = public_report
    workbook = load_workbook(io.BytesIO(download(client, plan, "xlsx")))
    sheet = workbook.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == pl_headers(DATA_COLUMNS)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:S{len(ORDER) + 1}"
    assert sheet.column_dimensions["O"].width == 50  # the comment's column is wide
    assert sheet["O2"].alignment.wrap_text
    assert [row[1] for row in values[1:]] == [comments[key].reference for key in ORDER]
    for key, (row, cells) in zip(ORDER, zip(values[1:], sheet.iter_rows(min_row=2), strict=True), strict=True):
        comment = comments[key]
        assert isinstance(row[0], int)
        assert isinstance(row[5], datetime.datetime) and row[5].date() == comment.received_on, key
        assert cells[5].number_format == "yyyy-mm-dd"
        if comment.scope == "paragraph":
            assert isinstance(row[7], int) and isinstance(row[9], int), key
    assert values[ORDER.index("late") + 1][6] == pl("yes")
    text = " ".join(str(v) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
                    for v in row if v is not None)
    assert all(secret not in text for secret in SECRETS)
    course = workbook.worksheets[1]
    course_values = {row[0]: row[1] for row in course.iter_rows(values_only=True) if row and row[0]}
    opened = course_values[pl("Consultation opened")]
    assert isinstance(opened, datetime.datetime)
    assert course_values[pl("Comments withdrawn by their authors (counted, not listed)")] == 1
    assert "Sala Kolumnowa, ul. Spokojna 4" in course_values


@pytest.mark.django_db
def test_odt_has_headings_the_course_and_a_table_with_a_repeated_header(client, plan, public_report, tmp_path):
    comments, _hidden, _meeting = public_report
    target = tmp_path / "raport.odt"
    target.write_bytes(download(client, plan, "odt"))
    document = load(str(target))
    headings = [(h.getAttribute("outlinelevel"), teletype.extractText(h)) for h in document.getElementsByType(H)]
    assert headings[0] == ("1", pl("Report on the course and results of the consultation"))
    assert ("2", pl("Course of the consultation")) in headings and ("2", pl("Signatures")) in headings
    text = "\n".join(teletype.extractText(p) for p in document.getElementsByType(P))
    assert "Uchwała nr 1/2/2026" in text and "Sala Kolumnowa, ul. Spokojna 4" in text
    assert "Zespół ds. konsultacji" in text and "Zarząd Województwa" in text
    assert all(secret not in text for secret in SECRETS)

    table = next(t for t in document.getElementsByType(Table) if t.getAttribute("name") == pl("Comments received and the positions on them"))
    header_rows = table.getElementsByType(TableHeaderRows)
    assert len(header_rows) == 1

    def cells(row):
        return ["\n".join(teletype.extractText(p) for p in cell.getElementsByType(P))
                for cell in row.getElementsByType(TableCell)]

    assert cells(header_rows[0].getElementsByType(TableRow)[0]) == pl_headers(DOCUMENT_COLUMNS)
    body = [row for row in table.childNodes if row.qname == TableRow().qname]
    rows = [cells(row) for row in body]
    assert [row[1] for row in rows] == [comments[key].reference for key in ORDER]
    by_key = dict(zip(ORDER, rows, strict=True))
    assert by_key["p3"][6] == "Nowy zapis akapitu." and by_key["p3"][9] == "Nie pasuje."
    assert by_key["p1"][2].startswith("Fundacja Idea Rozwoju") and by_key["p1"][8] == "uwzględniona"


def pdf_objects(raw):
    """The PDF's objects: its uncompressed text and every stream, inflated.

    Each stream is inflated from its start until zlib says it ends, rather than cut at "endstream":
    compressed bytes may themselves end in a carriage return, which a pattern would take for the
    line break before "endstream" (one PDF in a few hundred, so the test failed now and then)."""
    import zlib

    inflated = [raw]
    for match in re.finditer(rb"stream\r?\n", raw):
        try:
            inflated.append(zlib.decompressobj().decompress(raw[match.end():]))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def pdf_pages(raw, tmp_path):
    target = tmp_path / "raport.pdf"
    target.write_bytes(raw)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, check=True,
                          text=True).stdout
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, check=True, text=True).stdout
    return text.split("\f")[:-1], info


@pytest.mark.django_db
def test_pdf_is_tagged_numbered_and_holds_every_row(client, plan, public_report, tmp_path):
    comments, hidden, _meeting = public_report
    raw = download(client, plan, "pdf")
    pages, info = pdf_pages(raw, tmp_path)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert pl("Report on the course and results of the consultation") in re.search(r"^Title:\s+(.*)$", info, re.MULTILINE)[1]
    assert b"/Lang (pl)" in pdf_objects(raw)  # the document's language, for screen readers
    for number, page in enumerate(pages, start=1):
        assert pl("page %(page)s of %(pages)s", page=number, pages=len(pages)) in page
    text = "\n".join(pages)
    flat = " ".join(text.split())
    for key in ORDER:
        assert comments[key].reference in text, key
    assert "Fundacja Idea Rozwoju" in flat and "Nowy zapis akapitu." in flat and "Przyjęto w całości." in flat
    assert "Sala Kolumnowa, ul. Spokojna 4" in flat and "Zespół ds. konsultacji" in flat
    assert all(secret not in flat for secret in SECRETS)
    assert all(comment.reference not in text for comment in hidden.values())


@pytest.mark.django_db
def test_a_long_pdf_table_repeats_its_header_row_on_every_page(client, users, plan, chapter, expert, tmp_path):
    comments = [make_comment(chapter, n % 3 + 1, title=f"Uwaga {n}", text="Zażółć gęślą jaźń. " * 30)
                for n in range(25)]
    publish_comments(comments, moderator=expert)
    close(plan)
    publish_report(plan, user=users["komunikacja"], incomplete=True)
    pages, _info = pdf_pages(download(client, plan, "pdf"), tmp_path)
    with_rows = [page for page in pages if re.search(r"K-\d{5}", page)]
    assert len(with_rows) >= 3
    submitter = pl_headers(DOCUMENT_COLUMNS)[2]
    assert all(submitter in page for page in with_rows)
    assert "841.89 x 595.276" in subprocess.run(  # the table's pages are landscape A4
        ["pdfinfo", "-f", "3", "-l", "3", str(tmp_path / "raport.pdf")], capture_output=True, text=True, check=True).stdout
    for comment in comments:
        assert comment.reference in "\n".join(pages)

