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
