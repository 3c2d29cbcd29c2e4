"""Importing real Word drafts faithfully (issue 13): chapter numbers, lists by their numbering
definitions, tracked changes, content controls, footnotes, the text before the first chapter, merged
cells, headings typed by hand, and nothing dropped without a word.

The files are written part by part (tests/word_files.py) as Word and LibreOffice write them.
"""

import pytest

from consultation.importing.document import assemble, split_number
from consultation.importing.parsers import parse_file, read_file
from tests.word_files import (
    W,
    cell,
    character_style,
    footnote_reference,
    footnotes,
    heading,
    numbering,
    p,
    run,
    style,
    styled_run,
    table,
    word_file,
)

LISTS = numbering((1, [("decimal", "%1."), ("lowerLetter", "%2)"), ("bullet", "•")]),
                  (2, [("bullet", "•")]), (3, [("upperRoman", "%1.")]))


def read_word(*body, **parts):
    return read_file("plan.docx", word_file(*body, **parts))


def chapters_of(*body, **parts):
    return assemble(read_word(*body, **parts)).chapters


@pytest.mark.parametrize(("title", "number", "rest"), [
    ("Rozdział 3. Cele rozwoju", 3, "Cele rozwoju"),
    ("ROZDZIAŁ IV – Wdrażanie", 4, "Wdrażanie"),
    ("3. Cele rozwoju", 3, "Cele rozwoju"),
    ("3) Cele rozwoju", 3, "Cele rozwoju"),
    ("III. Cele rozwoju", 3, "Cele rozwoju"),
    ("Rozdz. 12: Finansowanie", 12, "Finansowanie"),
    ("Diagnoza sytuacji", 0, "Diagnoza sytuacji"),
    ("2026–2030: perspektywa", 0, "2026–2030: perspektywa"),
    ("Idea ekonomii społecznej", 0, "Idea ekonomii społecznej"),
    ("C. Wdrażanie", 3, "Wdrażanie"),
    ("D. Monitoring", 4, "Monitoring"),
    ("L. Lista", 12, "Lista"),
    ("XL. Czterdziesty", 40, "Czterdziesty"),
    ("Rozdział C", 0, "Rozdział C"),
    ("MC. Hammer", 0, "MC. Hammer"),
    ("IV.", 4, ""),
    ("Rozdział 3", 3, ""),
])
def test_the_number_comes_from_the_heading_and_the_title_never_repeats_it(title, number, rest):
    assert split_number(title) == (number, rest)


def test_numbered_headings_keep_their_numbers_and_an_introduction_has_none():
    chapters = chapters_of(heading("Wstęp"), p("Po co jest plan."), heading("Rozdział 3. Cele rozwoju"), p("Cel."),
                           heading("IV. Wdrażanie"), p("Kto."), heading("Rozdział 5"), heading("Monitoring", 2),
                           p("Jak."))
    assert [(c.number, c.title) for c in chapters] == [
        (0, "Wstęp"), (3, "Cele rozwoju"), (4, "Wdrażanie"), (5, "Monitoring")]


def test_without_numbers_chapters_are_numbered_in_order_except_an_introduction():
    chapters = chapters_of(heading("Wprowadzenie"), p("a"), heading("Diagnoza"), p("b"), heading("Cele"), p("c"))
    assert [(c.number, c.title) for c in chapters] == [(0, "Wprowadzenie"), (1, "Diagnoza"), (2, "Cele")]


def test_word_numbered_headings_take_the_number_word_shows():
    styles = style("Rozdzial", "Rozdział planu", outline_level=0)
    numbered = numbering((7, [("decimal", "Rozdział %1.")]))
    numbered_chapter = '<w:pPr><w:pStyle w:val="Rozdzial"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr></w:pPr>'
    chapters = chapters_of(p(numbered_chapter + run("Diagnoza")), p("a"), p(numbered_chapter + run("Cele")), p("b"),
                           styles=styles, numbering_xml=numbered)
    assert [(c.number, c.title) for c in chapters] == [(1, "Diagnoza"), (2, "Cele")]


def test_headings_by_polish_style_name_and_by_outline_level():
    styles = (style("Nagwek1", "Nagłówek 1") + style("Rozdzial", "Rozdział", outline_level=0)
              + style("Podrozdzial", "Podrozdział", outline_level=1))
    chapters = chapters_of(p("Diagnoza", style="Nagwek1"), p("a"), p("Cele", style="Rozdzial"),
                           p("Cel szczegółowy 1", style="Podrozdzial"), p("b"), styles=styles)
    assert [c.title for c in chapters] == ["Diagnoza", "Cele"]
    assert chapters[1].blocks[0] == {"type": "heading", "value": {"text": "Cel szczegółowy 1", "level": "h2"}}


def test_word_numbered_lists_are_read_from_the_numbering_definition_with_nesting():
    chapter = chapters_of(
        heading("Cele"),
        p("Pierwszy", style="ListParagraph", num=(1, 0)), p("pod a", style="ListParagraph", num=(1, 1)),
        p("pod b", style="ListParagraph", num=(1, 1)), p("punkt", style="ListParagraph", num=(1, 2)),
        p("Drugi", style="ListParagraph", num=(1, 0)),
        p("Akapit przerywa listę."),
        p("Trzeci", style="ListParagraph", num=(1, 0)),
        p("kropka", style="ListParagraph", num=(2, 0)),
        p("rzymska", style="ListParagraph", num=(3, 0)),
        numbering_xml=LISTS)[0]
    first, _paragraph, continued, bullets, roman = chapter.blocks
    assert first["value"] == {"ordered": True, "numbering": "decimal", "start": 1, "items": [
        '<p>Pierwszy</p><ol type="a"><li>pod a</li><li>pod b<ul><li>punkt</li></ul></li></ol>', "<p>Drugi</p>"]}
    assert continued["value"]["start"] == 3  # Word goes on counting after the paragraph
    assert bullets["value"]["ordered"] is False and bullets["value"]["items"] == ["<p>kropka</p>"]
    assert roman["value"]["numbering"] == "upper-roman"


def test_markdown_lists_keep_nesting_and_their_first_number():
    chapter = parse_file("plan.md", "# Cele\n\n3. trzeci\n   - pod\n4. czwarty\n".encode())[0]
    assert chapter.blocks[0]["value"] == {"ordered": True, "numbering": "decimal", "start": 3, "items": [
        "<p>trzeci</p><ul><li>pod</li></ul>", "<p>czwarty</p>"]}


def test_tracked_changes_are_imported_as_accepted_with_a_warning():
    document = read_word(
        heading("Diagnoza"),
        p('<w:ins w:id="1" w:author="Jan" w:date="2026-01-01T00:00:00Z"><w:r><w:t>Cały wstawiony akapit.</w:t></w:r></w:ins>'),
        p(run("Zdanie ") + '<w:del w:id="2" w:author="Jan"><w:r><w:delText>skreślone </w:delText></w:r></w:del>'
          + '<w:ins w:id="3" w:author="Jan"><w:r><w:t>dopisane </w:t></w:r></w:ins>' + run("zostaje.")))
    blocks = assemble(document).chapters[0].blocks
    assert [b["value"] for b in blocks] == ["<p>Cały wstawiony akapit.</p>", "<p>Zdanie dopisane zostaje.</p>"]
    assert any("zmiany" in warning and "zaakceptowane" in warning for warning in document.warnings)


def test_content_controls_and_fields_keep_their_text_not_their_code():
    chapter = chapters_of(
        heading("Diagnoza"),
        "<w:sdt><w:sdtPr/><w:sdtContent>" + p("Akapit w kontrolce zawartości.") + "</w:sdtContent></w:sdt>",
        p(run("Data: ") + "<w:sdt><w:sdtPr/><w:sdtContent>" + run("1 marca 2026") + "</w:sdtContent></w:sdt>"),
        p(run("Zob. s. ") + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGEREF _Toc1 \\h '
          '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
          '<w:r><w:fldChar w:fldCharType="end"/></w:r>'))[0]
    assert [b["value"] for b in chapter.blocks] == [
        "<p>Akapit w kontrolce zawartości.</p>", "<p>Data: 1 marca 2026</p>", "<p>Zob. s. 7</p>"]


def test_footnotes_are_numbered_notes_of_their_paragraph_or_table():
    notes = footnotes({"1": "Ustawa z dnia 5 sierpnia 2022 r. o ekonomii społecznej.", "2": "Dane GUS."})
    chapter = chapters_of(
        heading("Diagnoza"),
        p(run("Zgodnie z ustawą") + footnote_reference(1) + run(" działają PES.")),
        table([["Wskaźnik", "Wartość"], [cell(p(run("Spółdzielnie") + footnote_reference(2))), "38"]]),
        footnotes_xml=notes)[0]
    paragraph, table_block = chapter.blocks
    assert paragraph["value"] == ("<p>Zgodnie z ustawą<sup>1</sup> działają PES.</p>"
                                  "<p><sup>1</sup> Ustawa z dnia 5 sierpnia 2022 r. o ekonomii społecznej.</p>")
    value = table_block["value"]
    assert value["data"][1][0] == "Spółdzielnie[2]"
    assert value["data"][-1] == ["[2] Dane GUS.", ""]  # the table's notes, as its last row across it
    assert value["mergeCells"] == [{"row": 2, "col": 0, "rowspan": 1, "colspan": 2}]


def test_markdown_footnotes_bold_headings_and_cells():
    chapter = parse_file("plan.md", (
        "# **Diagnoza** regionu\n\nTekst[^1].\n\n| **Wskaźnik** | *Wartość* |\n|---|---|\n| a | 1 |\n\n"
        "[^1]: Źródło: GUS.\n").encode())[0]
    assert chapter.title == "Diagnoza regionu"
    assert chapter.blocks[0]["value"] == "<p>Tekst<sup>1</sup>.</p><p><sup>1</sup> Źródło: GUS.</p>"
    assert chapter.blocks[1]["value"]["data"][0] == ["Wskaźnik", "Wartość"]


def test_merged_cells_are_merged_not_repeated_and_nested_tables_are_kept_as_lines():
    document = read_word(heading("Finansowanie"), table([
        ["Źródło", "2026", "2027"],
        [cell("Razem", span=2), "10"],
        [cell("EFS+", merge="restart"), "1", "2"],
        [cell("", merge="continue"), "3", cell(table([["wewnętrzna", "tabela"]]))],
    ]))
    value = assemble(document).chapters[0].blocks[0]["value"]
    assert value["data"] == [["Źródło", "2026", "2027"], ["Razem", "", "10"], ["EFS+", "1", "2"],
                             ["", "3", "wewnętrzna | tabela"]]
    assert value["mergeCells"] == [{"row": 1, "col": 0, "rowspan": 1, "colspan": 2},
                                   {"row": 2, "col": 0, "rowspan": 2, "colspan": 1}]
    assert any("tabela w komórce" in warning.lower() or "tabeli" in warning for warning in document.warnings)


def test_what_is_not_imported_is_said():
    document = read_word(
        "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/></w:docPartObj></w:sdtPr>"
        "<w:sdtContent>" + p("Spis treści") + p("1. Diagnoza 3") + "</w:sdtContent></w:sdt>",
        heading("Diagnoza"), p(run("Wykres:") + "<w:r><w:drawing/></w:r>"),
        p('<w:commentRangeStart w:id="0"/>' + run("Tekst z komentarzem.")))
    text = " ".join(document.warnings)
    assert "spis treści" in text.lower() and "obraz" in text.lower() and "komentarz" in text.lower()
    assert "Spis treści" not in str(assemble(document).front_matter)


def test_bold_lines_are_offered_as_headings_and_can_be_promoted():
    document = read_word(p("Diagnoza", bold=True), p("Tekst diagnozy."), p("Cele", bold=True), p("Tekst celów."),
                         p(run("Zwykłe zdanie z ") + run("pogrubieniem", bold=True) + run(".")))
    candidates = document.heading_candidates
    assert [document.elements[index].html for index, _text in candidates] == ["<b>Diagnoza</b>", "<b>Cele</b>"]
    assert assemble(document).chapters == []
    promoted = assemble(document, {candidates[0][0]: 1, candidates[1][0]: 1})
    assert [(c.number, c.title) for c in promoted.chapters] == [(1, "Diagnoza"), (2, "Cele")]
    assert promoted.chapters[1].blocks[-1]["value"] == "<p>Zwykłe zdanie z <b>pogrubieniem</b>.</p>"


def test_text_before_the_first_chapter_is_kept_apart():
    assembled = assemble(read_word(p("Projekt planu", style="Title"), p("Wykaz skrótów", bold=True),
                                   p("PES – podmiot ekonomii społecznej"), heading("Diagnoza"), p("a")))
    assert [b["value"] for b in assembled.front_matter] == [
        "<p>Projekt planu</p>", "<p><b>Wykaz skrótów</b></p>", "<p>PES – podmiot ekonomii społecznej</p>"]
    assert [c.title for c in assembled.chapters] == ["Diagnoza"]


@pytest.mark.django_db
def test_an_imported_chapter_reads_on_the_site_as_it_did_in_word(client, plan):
    from consultation.importing.actions import import_plan
    from consultation.models import ChapterPage
    from tests.utils import admin_user

    notes = footnotes({"1": "Dane GUS za 2025 r."})
    document = read_word(
        heading("Wstęp"), p("Po co jest plan."),
        heading("Rozdział 2. Cele"),
        p(run("Liczba PES rośnie") + footnote_reference(1) + run(".")),
        p("Pierwszy", style="ListParagraph", num=(1, 0)), p("pod a", style="ListParagraph", num=(1, 1)),
        p("Przerwa."), p("Drugi", style="ListParagraph", num=(1, 0)),
        table([["Źródło", "2026", "2027"], [cell("Razem", span=2), "10"]]),
        numbering_xml=LISTS, footnotes_xml=notes)
    import_plan(plan, document, user=admin_user(), publish=True)
    introduction, goals = ChapterPage.objects.child_of(plan).order_by("number")
    assert (introduction.number, goals.number) == (0, 2)

    page = client.get(goals.url).content.decode()
    assert '<ol type="a"><li>pod a</li></ol>' in page
    assert '<ol start="2">' in page
    assert '<td colspan="2">Razem</td><td>10</td>' in page
    assert "<sup>1</sup> Dane GUS za 2025 r." in page
    plan_page = client.get(plan.url).content.decode()
    assert ">Wstęp</a>" in plan_page and "0. Wstęp" not in plan_page
    assert "Rozdział 0" not in client.get(introduction.url).content.decode()


def test_a_header_that_spans_two_rows_keeps_both_rows_in_the_header():
    from consultation.models.blocks import table_layout

    value = {"data": [["Wskaźnik", "Źródło", "Wartość", ""], ["", "", "2020", "2023"], ["PES", "GUS", "10", "12"]],
             "first_row_is_table_header": True,
             "mergeCells": [{"row": 0, "col": 0, "rowspan": 2, "colspan": 1},
                            {"row": 0, "col": 1, "rowspan": 2, "colspan": 1},
                            {"row": 0, "col": 2, "rowspan": 1, "colspan": 2}]}
    layout = table_layout(value)
    assert [[(c["text"], c["rowspan"], c["colspan"]) for c in row] for row in layout["header_rows"]] == [
        [("Wskaźnik", 2, 1), ("Źródło", 2, 1), ("Wartość", 1, 2)], [("2020", 1, 1), ("2023", 1, 1)]]
    assert [c["text"] for c in layout["body_rows"][0]] == ["PES", "GUS", "10", "12"]


def test_endnotes_keep_their_own_text():
    import io
    import zipfile

    content = word_file(heading("Diagnoza"), p(run("Przypis dolny") + footnote_reference(1) + run(" i końcowy")
                                                 + '<w:r><w:endnoteReference w:id="1"/></w:r>' + run(".")),
                        footnotes_xml=footnotes({"1": "Przypis dolny pierwszy."}))
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdEnd" Type="http://schemas.openxml'
                                    b'formats.org/officeDocument/2006/relationships/endnotes" Target="endnotes.xml"/>'
                                    b"</Relationships>")
            target.writestr(info, data)
        target.writestr("word/endnotes.xml", footnotes({"1": "Przypis KOŃCOWY."}).replace("footnote", "endnote"))
    paragraph = assemble(read_file("plan.docx", out.getvalue())).chapters[0].blocks[0]["value"]
    assert "<p><sup>1</sup> Przypis dolny pierwszy.</p><p><sup>2</sup> Przypis KOŃCOWY.</p>" in paragraph


def test_markdown_keeps_code_blocks_as_text_and_says_images_are_not_imported():
    document = read_file("plan.md", "# Diagnoza\n\n![Mapa](mapa.png)\n\n    Liczba PES: 1142\n\n```\nwiersz\n```\n".encode())
    assert [element.html for element in document.elements[1:]] == ["", "Liczba PES: 1142", "wiersz"]
    assert any("Obrazy" in warning for warning in document.warnings)


def test_numbers_written_with_a_parenthesis_keep_it():
    numbered = numbering((4, [("decimal", "%1)"), ("lowerLetter", "%2)")]))
    chapter = chapters_of(heading("Cele"), p("jeden", style="ListParagraph", num=(4, 0)),
                          p("pod", style="ListParagraph", num=(4, 1)), numbering_xml=numbered)[0]
    assert chapter.blocks[0]["value"]["numbering"] == "decimal-paren"


def test_a_heading_with_only_a_number_does_not_swallow_the_next_chapter():
    chapters = chapters_of(heading("Rozdział 1"), p("a"), heading("Rozdział 2"), heading("Cele", 2), p("b"))
    assert [(c.number, c.title) for c in chapters] == [(1, "Rozdział"), (2, "Cele")]


def test_a_list_word_restarts_at_one_starts_again():
    """Word's "Restart numbering at 1" writes a second w:num of the same definition with a startOverride."""
    lvl = '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    numbered = (f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="5">{lvl}</w:abstractNum>'
                '<w:num w:numId="1"><w:abstractNumId w:val="5"/></w:num>'
                '<w:num w:numId="2"><w:abstractNumId w:val="5"/><w:lvlOverride w:ilvl="0">'
                '<w:startOverride w:val="1"/></w:lvlOverride></w:num></w:numbering>')
    chapter = chapters_of(heading("Cele"), *(p(t, style="ListParagraph", num=(1, 0)) for t in ("a", "b", "c")),
                          p("Drugi wykaz:"), *(p(t, style="ListParagraph", num=(2, 0)) for t in ("d", "e")),
                          p("Trzeci:"), p("f", style="ListParagraph", num=(1, 0)), numbering_xml=numbered)[0]
    starts = [block["value"]["start"] for block in chapter.blocks if block["type"] == "list"]
    assert starts == [1, 1, 4]


def test_chapters_labelled_by_letters_are_numbered_by_their_place_never_as_roman_numerals():
    titles = ["A. Diagnoza", "B. Strategia", "C. Wdrażanie", "D. Monitoring", "E. Ewaluacja", "F. Finanse",
              "G. Ryzyka", "H. Partnerzy", "I. Komunikacja"]
    chapters = chapters_of(*(part for title in titles for part in (heading(title), p("Tekst."))))
    assert [(c.number, c.title) for c in chapters] == [
        (n, title[3:]) for n, title in enumerate(titles, start=1)]


def test_a_heading_that_is_only_a_number_never_repeats_it_in_the_title():
    document = read_word(heading("Rozdział 3"), p("Tekst rozdziału."), heading("IV."), p("Dalej."))
    assembled = assemble(document)
    assert [(c.number, c.title) for c in assembled.chapters] == [(3, "Rozdział"), (4, "Rozdział")]
    told = [any(f"{heading}”" in warning for warning in assembled.warnings) for heading in ("Rozdział 3", "IV.")]
    assert told == [True, True]  # the editor is told to give them titles (in Polish: „Rozdział 3”)


def test_front_matter_lists_and_annexes_stay_unnumbered():
    titles = ["Część wstępna", "Diagnoza", "Wykaz działań", "Podsumowanie", "Załącznik 1. Wskaźniki", "Aneks",
              "Bibliografia", "Spis treści", "Wykaz skrótów", "Streszczenie", "Słownik"]
    chapters = chapters_of(*(part for title in titles for part in (heading(title), p("Tekst."))))
    assert [c.number for c in chapters] == [0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0]


def test_a_chapter_without_a_number_among_numbered_ones_is_numbered_by_its_place():
    assembled = assemble(read_word(heading("Wstęp"), p("a"), heading("1. Diagnoza"), p("b"), heading("Finansowanie"),
                                   p("c"), heading("3. Monitoring"), p("d"), heading("Załącznik 1. Tabele"), p("e")))
    assert [(c.number, c.numbered_in_file) for c in assembled.chapters] == [
        (0, False), (1, True), (2, False), (3, True), (0, False)]
    crowded = assemble(read_word(heading("1. Diagnoza"), p("b"), heading("Finansowanie"), p("c"),
                                 heading("2. Monitoring"), p("d")))
    assert [c.number for c in crowded.chapters] == [1, 0, 2]
    assert any("Finansowanie" in warning for warning in crowded.warnings)


def test_markdown_footnotes_stay_out_of_titles_and_print_once():
    chapter = parse_file("plan.md", "# 1. Diagnoza[^a]\n\nDane GUS[^b] oraz ponownie GUS[^b].\n\n"
                                    "[^a]: Przypis w nagłówku.\n[^b]: Bank Danych Lokalnych.\n".encode())[0]
    assert (chapter.number, chapter.title) == (1, "Diagnoza")
    assert chapter.blocks == [
        {"type": "paragraph", "value": "<p><sup>1</sup> Przypis w nagłówku.</p>"},
        {"type": "paragraph", "value": "<p>Dane GUS<sup>2</sup> oraz ponownie GUS<sup>2</sup>.</p>"
                                       "<p><sup>2</sup> Bank Danych Lokalnych.</p>"}]


def test_markdown_numbers_written_with_a_parenthesis_keep_it():
    chapter = parse_file("plan.md", b"# Cele\n\n1) jeden\n2) dwa\n   1. pod\n")[0]
    assert chapter.blocks[0]["value"]["numbering"] == "decimal-paren"
    assert chapter.blocks[0]["value"]["items"][1] == "<p>dwa</p><ol><li>pod</li></ol>"


def test_bold_from_a_character_style_is_bold_and_such_a_line_may_be_a_heading():
    styles = (character_style("Pogrubienie", "Strong", bold=True)
              + character_style("MocnyCytat", "Mocny cytat", based_on="Pogrubienie"))
    document = read_word(heading("Diagnoza"), p(styled_run("Cele szczegółowe", "Pogrubienie")),
                         p(run("Tekst ") + styled_run("ważny", "MocnyCytat") + run(" dalej.")),
                         p('<w:r><w:rPr><w:rStyle w:val="Pogrubienie"/><w:b w:val="0"/></w:rPr><w:t>zwykły</w:t></w:r>'),
                         styles=styles)
    assert [element.html for element in document.elements[1:]] == [
        "<b>Cele szczegółowe</b>", "Tekst <b>ważny</b> dalej.", "zwykły"]
    assert document.heading_candidates == [(1, "<b>Cele szczegółowe</b>")]
