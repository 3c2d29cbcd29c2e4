"""Broken and hostile Word files get a Polish message and change nothing (issue 13, last point).

Each file is a real .docx made by python-docx with one part replaced, as an attacker or a broken
program would: malformed XML, a DOCTYPE with nested entities ("billion laughs"), a part that unpacks
to far more than it weighs ("zip bomb"). The package is checked before any XML is parsed.
"""

import io
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultation.importing.parsers import MAX_UNPACKED_BYTES, Refused, parse_file
from consultation.models import ChapterPage
from tests.utils import text_of

WORD_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(f'<!ENTITY lol{n} "{("&lol%s;" % (n - 1 or "")) * 10}">'.encode() for n in range(1, 10))
    + b"]><w:document " + WORD_NS.encode() + b"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


def good_docx():
    document = docx.Document()
    document.add_heading("Diagnoza", 1)
    document.add_paragraph("Akapit planu.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_part(name, data, *, compress=zipfile.ZIP_DEFLATED):
    """The good document with the part `name` replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(good_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compress) as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item.filename, source.read(item.filename))
        target.writestr(name, data)
    return out.getvalue()


HOSTILE = {
    "malformed": with_part("word/document.xml", b"<w:document " + WORD_NS.encode() + b"><w:body><w:p>"),
    "billion laughs": with_part("word/document.xml", LAUGHS),
    "zip bomb": with_part("word/media/image1.png", b"\0" * (MAX_UNPACKED_BYTES + 1)),
    "one part unpacks 1000 times": with_part("word/document.xml",
                                             b"<w:document " + WORD_NS.encode() + b">" + b" " * 4_000_000),
    "not a zip": b"PK\x03\x04 not really a zip",
}


def test_a_good_document_still_imports():
    assert [c.title for c in parse_file("plan.docx", good_docx())] == ["Diagnoza"]


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_broken_or_hostile_file_is_refused_with_a_message(kind):
    with pytest.raises(Refused) as refusal:
        parse_file("plan.docx", HOSTILE[kind])
    assert refusal.value.message


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(HOSTILE))
def test_the_admin_upload_answers_every_broken_file_in_polish(client, users, plan, kind):
    client.force_login(users["komunikacja"])
    response = client.post(reverse("plans:import", args=[plan.pk]),
                           {"document": SimpleUploadedFile("plan.docx", HOSTILE[kind])})
    assert response.status_code == 400
    html = text_of(response)
    assert any(words in html for words in ("To nie jest poprawny dokument Word", "rozpakowaniu",
                                           "deklaracje XML")), html[-2000:]
    assert not ChapterPage.objects.child_of(plan).exists()


@pytest.mark.parametrize("limit", ["MAX_ELEMENTS", "MAX_CHARACTERS"])
def test_a_document_longer_than_any_plan_is_refused_while_it_is_read(monkeypatch, limit):
    """The real limits (12,000 blocks, 6 million characters) are more than twice the longest plan;
    here they are lowered so that a small file crosses them."""
    from consultation.importing import document

    monkeypatch.setattr(document, limit, 40 if limit == "MAX_ELEMENTS" else 400)
    body = "# Diagnoza\n\n" + "".join(f"Akapit numer {n} tekstu planu.\n\n" for n in range(60))
    with pytest.raises(Refused) as refusal:
        parse_file("plan.md", body.encode())
    assert "dłuższy niż jakikolwiek plan" in refusal.value.message


def test_a_doctype_hidden_behind_a_long_comment_is_refused_too():
    late = (b'<?xml version="1.0"?><!--' + b"x" * 10_000 + b'--><!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b"<w:document " + WORD_NS.encode() + b"><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>")
    with pytest.raises(Refused) as refusal:
        parse_file("plan.docx", with_part("word/document.xml", late))
    assert "deklaracje XML" in refusal.value.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8"])
def test_a_doctype_is_refused_in_any_encoding_and_any_part_name(encoding):
    text = ('<?xml version="1.0" encoding="' + encoding.upper() + '"?><!DOCTYPE w [<!ENTITY e "x">]><w:document '
            + WORD_NS + '><w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Tytuł &e;</w:t></w:r>'
            "</w:p></w:body></w:document>")
    content = with_part("word/document.xml", text.encode(encoding))
    if encoding == "utf-8":  # the main part renamed, so that no name ends in .xml
        source = zipfile.ZipFile(io.BytesIO(content))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                data = source.read(info)
                name = "word/document.bin" if info.filename == "word/document.xml" else info.filename
                if info.filename == "_rels/.rels":
                    data = data.replace(b"word/document.xml", b"word/document.bin")
                target.writestr(name, data)
        content = out.getvalue()
    with pytest.raises(Refused) as refusal:
        parse_file("plan.docx", content)
    assert "deklaracje XML" in refusal.value.message


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_one_paragraph_of_endless_runs_is_refused_before_it_ends(monkeypatch, kind):
    """A paragraph of a million runs took a gigabyte before the document's limits saw it. Now a part
    is refused while it is parsed: here the paragraph is cut off after its runs, so the file would be
    "not valid" if it were read to the end, and the limit is lowered so that a small file crosses it."""
    from consultation.importing import word
    from tests.consultation.test_import_odt import content_xml, good_odt
    from tests.consultation.test_import_odt import with_part as with_odt_part

    monkeypatch.setattr(word, "MAX_PART_NODES", 1_000, raising=False)
    if kind == "docx":
        runs = "<w:r><w:rPr><w:b/></w:rPr><w:t>ab</w:t></w:r>" * 1_000
        content = with_part("word/document.xml", (
            "<w:document " + WORD_NS + "><w:body><w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>"
            "Diagnoza</w:t></w:r></w:p><w:p>" + runs).encode())
    else:
        spans = '<text:span text:style-name="T1">ab</text:span> ' * 2_000
        content = with_odt_part(good_odt(), "content.xml",
                                content_xml('<text:h text:outline-level="1">Diagnoza</text:h><text:p>' + spans)[:-60])
    with pytest.raises(Refused) as refusal:
        parse_file(f"plan.{kind}", content)
    assert "dłuższy niż jakikolwiek plan" in refusal.value.message


def test_a_long_table_is_still_read_whole():
    from tests.word_files import heading, table, word_file

    rows = [[f"Wiersz {n}", "Wartość", "Uwagi"] for n in range(2_000)]
    chapters = parse_file("plan.docx", word_file(heading("Diagnoza"), table(rows)))
    assert len(chapters[0].blocks[0]["value"]["data"]) == 2_000


@pytest.mark.parametrize("body", ["**ab** *c* " * 40_000, "- a\n" * 60_001, "ab " * 2_000_001])
def test_a_markdown_text_longer_than_any_plan_is_refused_before_it_is_tokenised(monkeypatch, body):
    """markdown-it takes about 700 bytes per character of markup and 2 KB per list item before any
    limit of the elements can see them (a 10 MB file took 4 GB); the text is measured first."""
    from consultation.importing import markdown

    monkeypatch.setattr(markdown, "_parser", lambda: pytest.fail("the text was tokenised"))
    with pytest.raises(Refused) as refusal:
        parse_file("plan.md", ("# Diagnoza\n\n" + body).encode())
    assert "dłuższy niż jakikolwiek plan" in refusal.value.message


def test_a_long_realistic_markdown_plan_is_still_read():
    sentence = "Rozwój ekonomii społecznej w województwie wymaga wsparcia gmin i powiatów. "
    paragraph = f"Cel **{sentence}** *{sentence}* [ustawa](https://example.org/) {sentence * 6}\n\n"
    body = "".join(f"# {n}. Rozdział\n\n" + paragraph * 500 for n in range(1, 11))
    assert len(body) > 3_000_000 and len(parse_file("plan.md", body.encode())) == 10
