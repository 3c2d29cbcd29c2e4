"""Importing an OpenDocument text (.odt): the same elements as from Word, and broken files refused.

Each file is a real .odt written by odfpy, as LibreOffice would save it; what odfpy cannot write
(tracked changes) is given as content.xml by hand. Broken and hostile files are a good .odt with one
part replaced.
"""

import io
import zipfile

import pytest
from odf import dc, draw, office, table, text
from odf.namespaces import XMLNS
from odf.opendocument import OpenDocumentText
from odf.style import Style, TextProperties

from consultation.core.refusals import Refused
from consultation.importing.document import (
    HEADING,
    ITEM,
    PARAGRAPH,
    TABLE,
    assemble,
    summary_of_warnings,
)
from consultation.importing.opendocument import read_odt
from consultation.importing.parsers import parse_file, read_file
from consultation.importing.word import MAX_UNPACKED_BYTES

NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:xlink="http://www.w3.org/1999/xlink"'
)


# --- writing .odt files ---------------------------------------------------------------------------

def new_document():
    """An empty text with the styles the tests use: text styles "T-bold", "T-italic" and "T-bold-italic"
    (the last through a named parent), paragraph styles "P-bold" and "Title", and list styles "L-plan"
    (1. / a) / •) and "L-bullets"."""
    document = OpenDocumentText()
    strong = Style(name="Mocny", displayname="Mocny", family="text")
    strong.addElement(TextProperties(fontweight="bold"))
    title = Style(name="Title", family="paragraph")
    title.addElement(TextProperties(fontweight="bold", fontsize="28pt"))
    chapter = Style(name="Chapter", displayname="Chapter", family="paragraph", defaultoutlinelevel="1")
    document.styles.addElement(strong)
    document.styles.addElement(title)
    document.styles.addElement(chapter)
    for name, family, properties, parent in [
        ("T-bold", "text", {"fontweight": "bold"}, None),
        ("T-italic", "text", {"fontstyle": "italic"}, None),
        ("T-bold-italic", "text", {"fontstyle": "italic"}, "Mocny"),
        ("T-normal", "text", {"fontweight": "normal"}, None),
        ("P-bold", "paragraph", {"fontweight": "bold"}, None),
    ]:
        style = Style(name=name, family=family, **({"parentstylename": parent} if parent else {}))
        style.addElement(TextProperties(**properties))
        document.automaticstyles.addElement(style)
    plan_list = text.ListStyle(name="L-plan")
    plan_list.addElement(text.ListLevelStyleNumber(level=1, numformat="1", numsuffix="."))
    plan_list.addElement(text.ListLevelStyleNumber(level=2, numformat="a", numsuffix=")"))
    plan_list.addElement(text.ListLevelStyleBullet(level=3, bulletchar="•"))
    bullets = text.ListStyle(name="L-bullets")
    bullets.addElement(text.ListLevelStyleBullet(level=1, bulletchar="•"))
    document.automaticstyles.addElement(plan_list)
    document.automaticstyles.addElement(bullets)
    return document


def saved(document):
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def odt(*elements):
    """A saved .odt whose body is `elements` (odfpy elements, or strings as plain paragraphs)."""
    document = new_document()
    for element in elements:
        document.text.addElement(text.P(text=element) if isinstance(element, str) else element)
    return saved(document)


def paragraph(*parts, style=None):
    """A paragraph of text and odfpy elements (spans, links, notes …)."""
    element = text.P(**({"stylename": style} if style else {}))
    for part in parts:
        if isinstance(part, str):
            element.addText(part)
        else:
            element.addElement(part)
    return element


def span(content, style):
    return text.Span(stylename=style, text=content)


def footnote(number, body):
    note = text.Note(noteclass="footnote", id=f"ftn{number}")
    note.addElement(text.NoteCitation(text=str(number)))
    note_body = text.NoteBody()
    note_body.addElement(body if not isinstance(body, str) else text.P(text=body))
    note.addElement(note_body)
    return note


def list_of(items, *, style=None, **attributes):
    """A text:list from items: a string or a paragraph, or (its paragraphs, [nested items]) for an item
    with several paragraphs or a deeper list."""
    element = text.List(**({"stylename": style} if style else {}), **attributes)
    for item in items:
        content, nested = item if isinstance(item, tuple) else (item, None)
        list_item = text.ListItem()
        for line in content if isinstance(content, list) else [content]:
            list_item.addElement(text.P(text=line) if isinstance(line, str) else line)
        if nested:
            list_item.addElement(list_of(nested))
        element.addElement(list_item)
    return element


def cell(content="", **attributes):
    element = table.TableCell(**attributes)
    for part in content if isinstance(content, list) else [content]:
        element.addElement(text.P(text=part) if isinstance(part, str) else part)
    return element


def table_of(rows, *, header_rows=0):
    """A table:table from rows of cells (odfpy cells, or strings)."""
    element = table.Table(name="Tabela1")
    element.addElement(table.TableColumn(numbercolumnsrepeated=max(len(row) for row in rows)))
    header = table.TableHeaderRows() if header_rows else None
    if header is not None:
        element.addElement(header)
    for index, row in enumerate(rows):
        row_element = table.TableRow()
        for value in row:
            row_element.addElement(cell(value) if isinstance(value, str) else value)
        (header if index < header_rows else element).addElement(row_element)
    return element


def with_part(content, name, data):
    """The .odt `content` with its part `name` replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item.filename))
        target.writestr(name, data)
    return out.getvalue()


def content_xml(body, automatic_styles=""):
    return (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NAMESPACES} office:version="1.3">'
            f"<office:automatic-styles>{automatic_styles}</office:automatic-styles>"
            f"<office:body><office:text>{body}</office:text></office:body></office:document-content>").encode()


def good_odt():
    return odt(text.H(outlinelevel=1, text="Diagnoza"), "Akapit planu.")


def kinds(document):
    return [element.kind for element in document.elements]


# --- headings and paragraphs ----------------------------------------------------------------------

def test_headings_their_levels_and_numbers_make_the_chapters():
    numbered = text.H(outlinelevel=1)
    numbered.addElement(text.Number(text="4."))
    numbered.addText("Finansowanie")
    document = read_odt(odt(
        "Projekt przygotował zespół ds. ekonomii społecznej.",
        text.H(outlinelevel=1, text="Rozdział 3. Cele"),
        text.H(outlinelevel=2, text="Cele szczegółowe"),
        "Cel pierwszy.",
        numbered,
        text.H(outlinelevel=1, text="V. Monitoring"),
        paragraph("Ewaluacja", style="Chapter"),
        text.H(text="Bez poziomu", check_grammar=False),
    ))
    headings = [(e.html, e.level, e.number) for e in document.elements if e.kind == HEADING]
    assert headings == [("Rozdział 3. Cele", 1, 0), ("Cele szczegółowe", 2, 0), ("Finansowanie", 1, 4),
                        ("V. Monitoring", 1, 0), ("Ewaluacja", 1, 0), ("Bez poziomu", 1, 0)]
    assembled = assemble(document)
    assert [(c.title, c.number) for c in assembled.chapters] == [
        ("Cele", 3), ("Finansowanie", 4), ("Monitoring", 5), ("Ewaluacja", 0), ("Bez poziomu", 0)]
    assert assembled.front_matter == [
        {"type": "paragraph", "value": "<p>Projekt przygotował zespół ds. ekonomii społecznej.</p>"}]
    assert assembled.chapters[0].blocks == [
        {"type": "heading", "value": {"text": "Cele szczegółowe", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Cel pierwszy.</p>"}]
    assert document.warnings == []


def test_headings_numbered_by_the_outline_style_or_a_list_get_their_numbers():
    document = new_document()
    outline = text.OutlineStyle(name="Outline")
    outline.addElement(text.OutlineLevelStyle(level=1, numformat="1", numsuffix="."))
    outline.addElement(text.OutlineLevelStyle(level=2, numformat=""))
    document.styles.addElement(outline)
    document.text.addElement(text.H(outlinelevel=1, text="Diagnoza"))
    document.text.addElement(text.H(outlinelevel=2, text="Dane"))
    document.text.addElement(text.H(outlinelevel=1, text="Cele"))
    numbered_heading = text.List(stylename="L-plan")
    item = text.ListItem(startvalue=7)
    item.addElement(text.H(outlinelevel=1, text="Ewaluacja"))
    numbered_heading.addElement(item)
    document.text.addElement(numbered_heading)
    read = read_odt(saved(document))
    assert [(e.html, e.number) for e in read.elements] == [("Diagnoza", 1), ("Dane", 0), ("Cele", 2),
                                                          ("Ewaluacja", 7)]
    assert kinds(read) == [HEADING] * 4


def test_bold_italic_links_and_spacing_are_kept_and_text_is_escaped():
    link = text.A(href="https://example.org/plan?a=1&b=2", text="link")
    script = text.A(href="javascript:alert(1)", text="skrypt")
    inner = text.A(href="#Rozdział", text="odsyłacz")
    document = read_odt(odt(
        text.H(outlinelevel=1, text="Diagnoza"),
        paragraph("Zwykły ", span("gruby", "T-bold"), " i ", span("pochyły", "T-italic"), ", ",
                  span("oba", "T-bold-italic"), ", ", link, ", ", script, ", ", inner, "."),
        paragraph("a", text.S(c=3), "b", text.Tab(), "c", text.LineBreak(), "d", text.SoftPageBreak(),
                  " <script>alert(1)</script> & koniec"),
        paragraph("Cały akapit ", span("mniej gruby", "T-normal"), style="P-bold"),
    ))
    paragraphs = [e.html for e in document.elements if e.kind == PARAGRAPH]
    assert paragraphs == [
        ('Zwykły <b>gruby</b> i <i>pochyły</i>, <i><b>oba</b></i>, <a href="https://example.org/plan?a=1&amp;b=2">'
         "link</a>, skrypt, odsyłacz."),
        "a b c d &lt;script&gt;alert(1)&lt;/script&gt; &amp; koniec",
        "<b>Cały akapit</b> mniej gruby",
    ]


def test_a_short_line_bold_from_start_to_end_may_be_a_heading():
    document = read_odt(odt(
        paragraph("Cele programu", style="P-bold"),
        paragraph(span("Część ", "T-bold"), span("pierwsza", "T-bold")),
        paragraph(span("Pogrubiony", "T-bold"), " i nie"),
        paragraph("Projekt planu", style="Title"),
        paragraph("x" * 151, style="P-bold"),
        text.H(outlinelevel=1, text="Diagnoza"),
    ))
    assert [(e.html, e.heading_like) for e in document.elements if e.kind == PARAGRAPH] == [
        ("<b>Cele programu</b>", True), ("<b>Część pierwsza</b>", True), ("<b>Pogrubiony</b> i nie", False),
        ("<b>Projekt planu</b>", False), (f"<b>{'x' * 151}</b>", False)]
    assert document.heading_candidates == [(0, "<b>Cele programu</b>"), (1, "<b>Część pierwsza</b>")]


# --- lists ----------------------------------------------------------------------------------------

def test_nested_lists_keep_levels_formats_numbers_and_continuation():
    document = read_odt(odt(
        text.H(outlinelevel=1, text="Cele"),
        list_of([("Pierwszy", ["jeden", ("dwa", ["kropka"])]), (["Drugi", "ciąg dalszy"], None)], style="L-plan",
                qattributes={(XMLNS, "id"): "list1"}),
        "Przerwa w liście.",
        list_of(["Trzeci"], style="L-plan", continuenumbering="true"),
        "Druga przerwa.",
        list_of(["Czwarty"], style="L-plan", continuelist="list1"),
        list_of(["punkt"], style="L-bullets"),
        list_of(["od nowa"], style="L-plan"),
    ))
    items = [(e.html, e.level, e.ordered, e.number_format, e.number, e.list_id)
             for e in document.elements if e.kind == ITEM]
    assert items[:5] == [
        ("Pierwszy", 0, True, "decimal", 1, "list1"),
        ("jeden", 1, True, "lower-alpha-paren", 1, "list1"),
        ("dwa", 1, True, "lower-alpha-paren", 2, "list1"),
        ("kropka", 2, False, "", 0, "list1"),
        ("Drugi ciąg dalszy", 0, True, "decimal", 2, "list1"),
    ]
    assert items[5][:5] == ("Trzeci", 0, True, "decimal", 3) and items[5][5] == "list1"
    assert items[6][:5] == ("Czwarty", 0, True, "decimal", 4) and items[6][5] == "list1"
    bullet, fresh = items[7], items[8]
    assert bullet[:5] == ("punkt", 0, False, "", 0) and bullet[5] not in ("list1", fresh[5])
    assert fresh[:5] == ("od nowa", 0, True, "decimal", 1) and fresh[5] != "list1"

    blocks = assemble(document).chapters[0].blocks
    assert blocks[0] == {"type": "list", "value": {
        "ordered": True, "numbering": "decimal", "start": 1,
        "items": ['<p>Pierwszy</p><ol type="a"><li>jeden</li><li>dwa<ul><li>kropka</li></ul></li></ol>',
                  "<p>Drugi ciąg dalszy</p>"]}}
    assert [block["value"]["start"] for block in blocks if block["type"] == "list"] == [1, 3, 4, 1, 1]


def test_a_level_the_outer_list_style_does_not_define_comes_from_the_nested_list_style():
    outer = list_of(["kropka"], style="L-bullets")
    item = text.ListItem()
    item.addElement(list_of(["jeden", "dwa"], style="L-plan"))
    outer.addElement(item)
    document = read_odt(odt(text.H(outlinelevel=1, text="Cele"), outer))
    assert [(e.html, e.level, e.ordered, e.number_format, e.number) for e in document.elements[1:]] == [
        ("kropka", 0, False, "", 0), ("jeden", 1, True, "lower-alpha-paren", 1), ("dwa", 1, True, "lower-alpha-paren", 2)]


def test_a_list_item_start_value_restarts_its_numbers():
    restarted = text.List(stylename="L-plan")
    for start, line in [(5, "piąty"), (None, "szósty")]:
        item = text.ListItem(**({"startvalue": start} if start else {}))
        item.addElement(text.P(text=line))
        restarted.addElement(item)
    document = read_odt(odt(text.H(outlinelevel=1, text="Cele"), restarted))
    assert [e.number for e in document.elements if e.kind == ITEM] == [5, 6]


# --- tables ---------------------------------------------------------------------------------------

def test_tables_keep_merged_cells_once_and_write_a_nested_table_as_lines():
    nested = table_of([["x", "1"], ["y", "2"]])
    document = read_odt(odt(
        text.H(outlinelevel=1, text="Diagnoza"),
        table_of([
            ["Wskaźnik", "Wartość", "Źródło"],
            [cell("Razem", numbercolumnsspanned=2), table.CoveredTableCell(), cell(["GUS", "2023"])],
            [cell("Gminy", numberrowsspanned=2), "12", cell(["Zob.", nested])],
            [table.CoveredTableCell(), "14", ""],
        ], header_rows=1),
    ))
    assert kinds(document) == [HEADING, TABLE]
    element = document.elements[1]
    assert element.rows == [["Wskaźnik", "Wartość", "Źródło"], ["Razem", "", "GUS\n2023"],
                            ["Gminy", "12", "Zob.\nx | 1\ny | 2"], ["", "14", ""]]
    assert element.merges == [{"row": 1, "col": 0, "rowspan": 1, "colspan": 2},
                              {"row": 2, "col": 0, "rowspan": 2, "colspan": 1}]
    assert document.warnings == summary_of_warnings({"nested_tables": 1})
    value = assemble(document).chapters[0].blocks[0]["value"]
    assert value["mergeCells"] == element.merges
    assert {"row": 3, "col": 0, "hidden": True} in value["cell"]


def test_a_table_repeated_into_millions_of_cells_is_refused():
    row = table.TableRow(numberrowsrepeated=100_000)
    row.addElement(table.TableCell(numbercolumnsrepeated=1000))
    grid = table.Table(name="Bomba")
    grid.addElement(table.TableColumn())
    grid.addElement(row)
    with pytest.raises(Refused):
        read_odt(odt(text.H(outlinelevel=1, text="Diagnoza"), grid))


# --- footnotes ------------------------------------------------------------------------------------

def test_footnotes_are_numbered_in_reading_order_and_never_leak_into_the_text():
    note_body = paragraph("Źródło: ", span("GUS", "T-italic"), ", 2023.")
    document = read_odt(odt(
        text.H(outlinelevel=1, text="Diagnoza"),
        paragraph("Bezrobocie spadło", footnote("*", note_body), " w regionie."),
        table_of([["Rok", "Stopa"], [cell(paragraph("2023", footnote(2, "Dane wstępne."))), "5%"]]),
        list_of([paragraph("Punkt", footnote(3, "Uwaga do punktu."))], style="L-plan"),
    ))
    first, grid, item = document.elements[1:]
    assert first.html == "Bezrobocie spadło<sup>1</sup> w regionie."
    assert first.notes == [[1, "Źródło: <i>GUS</i>, 2023."]]
    assert grid.rows == [["Rok", "Stopa"], ["2023[2]", "5%"]]
    assert grid.notes == [[2, "Dane wstępne."]]
    assert (item.kind, item.html, item.notes) == (ITEM, "Punkt<sup>3</sup>", [[3, "Uwaga do punktu."]])
    blocks = assemble(document).chapters[0].blocks
    assert blocks[0] == {"type": "paragraph", "value": "<p>Bezrobocie spadło<sup>1</sup> w regionie.</p>"
                                                       "<p><sup>1</sup> Źródło: <i>GUS</i>, 2023.</p>"}


# --- what is not imported -------------------------------------------------------------------------

def table_of_contents():
    toc = text.TableOfContent(name="Spis treści")
    toc.addElement(text.TableOfContentSource(outlinelevel=3))
    body = text.IndexBody()
    title = text.IndexTitle(name="Spis treści")
    title.addElement(text.P(text="Spis treści"))
    body.addElement(title)
    body.addElement(text.P(text="Diagnoza\t3"))
    body.addElement(text.P(text="Cele\t5"))
    toc.addElement(body)
    return toc


def test_contents_comments_and_frames_are_left_out_with_warnings():
    comment = office.Annotation()
    comment.addElement(dc.Creator(text="Recenzent"))
    comment.addElement(text.P(text="Sprawdzić dane"))
    frame = draw.Frame(name="Ramka", anchortype="as-char", width="3cm", height="1cm")
    box = draw.TextBox()
    box.addElement(text.P(text="tekst ramki"))
    frame.addElement(box)
    image = draw.Frame(name="Obraz", anchortype="paragraph", width="3cm", height="1cm")
    image.addElement(draw.Image(href="Pictures/mapa.png"))
    document = read_odt(odt(
        table_of_contents(),
        text.H(outlinelevel=1, text="Diagnoza"),
        paragraph("Liczba spółdzielni", comment, " rośnie", frame, "."),
        paragraph(image),
    ))
    assert [(e.kind, e.html) for e in document.elements] == [(HEADING, "Diagnoza"),
                                                            (PARAGRAPH, "Liczba spółdzielni rośnie.")]
    assert set(document.warnings) == set(summary_of_warnings({"images": 2, "toc": 3, "comments": 1}))


def test_tracked_changes_are_imported_as_accepted():
    changes = (
        '<text:tracked-changes>'
        '<text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>Anna</dc:creator>'
        "<dc:date>2024-05-01T10:00:00</dc:date></office:change-info><text:p>usunięte słowa</text:p></text:deletion>"
        "</text:changed-region>"
        '<text:changed-region text:id="ct2"><text:insertion><office:change-info><dc:creator>Anna</dc:creator>'
        "<dc:date>2024-05-01T10:01:00</dc:date></office:change-info></text:insertion></text:changed-region>"
        "</text:tracked-changes>"
    )
    body = (changes + '<text:h text:outline-level="1">Diagnoza</text:h>'
            '<text:p>Tekst <text:change text:change-id="ct1"/><text:change-start text:change-id="ct2"/>wstawiony'
            '<text:change-end text:change-id="ct2"/> zostaje.</text:p>')
    document = read_odt(with_part(good_odt(), "content.xml", content_xml(body)))
    assert [e.html for e in document.elements] == ["Diagnoza", "Tekst wstawiony zostaje."]
    assert document.warnings == summary_of_warnings({"tracked_changes": 2})


def test_sections_and_spans_are_transparent_and_empty_paragraphs_skipped():
    section = text.Section(name="Sekcja1")
    section.addElement(text.H(outlinelevel=1, text="Diagnoza"))
    section.addElement(text.P())
    section.addElement(paragraph(text.Span(text="W sekcji.")))
    document = read_odt(odt(section, paragraph(" ")))
    assert [(e.kind, e.html) for e in document.elements] == [(HEADING, "Diagnoza"), (PARAGRAPH, "W sekcji.")]


# --- through the upload ---------------------------------------------------------------------------

def test_an_odt_upload_is_read_by_its_extension():
    document = read_file("Plan.ODT", odt("Wstęp.", text.H(outlinelevel=1, text="III. Wdrażanie"), "Tekst."))
    assert kinds(document) == [PARAGRAPH, HEADING, PARAGRAPH]
    assert [(c.title, c.number) for c in assemble(document).chapters] == [("Wdrażanie", 3)]
    assert [(c.title, c.number) for c in parse_file("plan.odt", good_odt())] == [("Diagnoza", 1)]


def test_an_odt_without_headings_nor_bold_lines_is_refused():
    with pytest.raises(Refused):
        read_file("plan.odt", odt("Sam tekst."))


# --- broken and hostile files ---------------------------------------------------------------------

LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(f'<!ENTITY lol{n} "{("&lol%s;" % (n - 1 or "")) * 10}">'.encode() for n in range(1, 10))
    + b"]><office:document-content " + NAMESPACES.encode()
    + b"><office:body><office:text><text:p>&lol9;</text:p></office:text></office:body></office:document-content>"
)


def without_part(content, name):
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item.filename))
    return out.getvalue()


BROKEN = {
    "not a zip": lambda: b"PK\x03\x04 not really a zip",
    "plain text": lambda: "Rozdział 1. Diagnoza".encode(),
    "no content.xml": lambda: without_part(good_odt(), "content.xml"),
    "no mimetype": lambda: without_part(good_odt(), "mimetype"),
    "a spreadsheet": lambda: with_part(good_odt(), "mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
    "malformed content.xml": lambda: with_part(good_odt(), "content.xml",
                                               content_xml("<text:p>Urwany")[:-60]),
    "malformed styles.xml": lambda: with_part(good_odt(), "styles.xml", b"<office:document-styles"),
    "billion laughs": lambda: with_part(good_odt(), "content.xml", LAUGHS),
    "an external entity": lambda: with_part(good_odt(), "content.xml", (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        b"<office:document-content " + NAMESPACES.encode()
        + b"><office:body><office:text><text:p>&secret;</text:p></office:text></office:body>"
          b"</office:document-content>")),
    "zip bomb": lambda: with_part(good_odt(), "Pictures/image1.png", b"\0" * (MAX_UNPACKED_BYTES + 1)),
    "one part unpacks 1000 times": lambda: with_part(good_odt(), "content.xml", content_xml(" " * 4_000_000)),
    "encrypted content.xml": lambda: with_part(good_odt(), "content.xml", bytes(range(256)) * 64),
    "not OpenDocument XML": lambda: with_part(good_odt(), "content.xml", b"<html><body><p>Tekst</p></body></html>"),
    "no text": lambda: odt(text.P()),
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_a_broken_or_hostile_file_is_refused_with_a_message(kind):
    with pytest.raises(Refused) as refusal:
        read_odt(BROKEN[kind]())
    assert refusal.value.message


@pytest.mark.parametrize("kind", ["not a zip", "billion laughs", "malformed content.xml"])
def test_the_upload_refuses_a_broken_odt(kind):
    with pytest.raises(Refused):
        parse_file("plan.odt", BROKEN[kind]())
