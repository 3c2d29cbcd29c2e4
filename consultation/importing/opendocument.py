"""Reading an OpenDocument text (.odt, LibreOffice's own format) into `document.Element`s.

The same rules as `word` for a .docx, read from the same kind of package: a ZIP of XML parts checked
by `word.check_package` before anything is parsed (no zip bomb, no DOCTYPE), then `content.xml` read
element by element (`iterparse`), each finished part of the body freed, with the styles of
`styles.xml` and of `content.xml`'s automatic styles.

What is kept: headings (`text:h` and paragraphs whose style has an outline level, with the number
LibreOffice shows on them), paragraphs with bold, italic and web links (from the text and paragraph
styles, following their parents), lists with their nesting, number formats and numbers, tables with
merged cells, footnotes and endnotes as numbered notes, and the text of tracked insertions. What is
not — images, frames and text boxes, comments, tracked deletions, tables of contents and other
indexes — is counted and said in a warning.
"""

import re
import zipfile
import zlib

from django.utils.translation import gettext as _
from lxml import etree

from consultation.core.refusals import Refused
from consultation.importing.document import (
    HEADING,
    HEADING_LIKE_MAX_CHARS,
    ITEM,
    PARAGRAPH,
    TABLE,
    Element,
    Elements,
    ReadDocument,
    roman_value,
    segments_html,
    summary_of_warnings,
)
from consultation.importing.word import check_package, finished_parts, parse_part

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
DR3D = "urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
ODF_NAMESPACES = "urn:oasis:names:tc:opendocument:xmlns:"
MIMETYPE = b"application/vnd.oasis.opendocument.text"

# A table cell may say it is repeated (number-columns-repeated, number-rows-repeated): a few bytes
# that would unpack to millions of cells. No plan has this many.
MAX_TABLE_CELLS = 500_000


def _office(name):
    return f"{{{OFFICE}}}{name}"


def _style(name):
    return f"{{{STYLE}}}{name}"


def _text(name):
    return f"{{{TEXT}}}{name}"


def _table(name):
    return f"{{{TABLE_NS}}}{name}"


P, H = _text("p"), _text("h")
LIST, LIST_ITEM, LIST_HEADER = _text("list"), _text("list-item"), _text("list-header")
STYLE_NAME = _text("style-name")
INDEXES = {_text(name) for name in ("table-of-content", "alphabetical-index", "illustration-index", "table-index",
                                    "object-index", "user-index", "bibliography")}
# Inline elements whose content is not text of the paragraph (or that have none).
_SKIPPED_INLINE = {_text(name) for name in ("soft-page-break", "note-citation", "ruby-text", "change", "change-start",
                                            "change-end", "bookmark", "bookmark-start", "bookmark-end",
                                            "reference-mark", "reference-mark-start", "reference-mark-end",
                                            "hidden-paragraph", "hidden-text", "tracked-changes")}
_CONTAINERS = {_text("section"), _text("numbered-paragraph")}  # blocks inside are read as if outside
_BODY_TAGS = (P, H, LIST, _table("table"), *_CONTAINERS, _text("tracked-changes"), *INDEXES, f"{{{DRAW}}}*",
              f"{{{DR3D}}}*")

_NUMBER_FORMATS = {"1": "decimal", "a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman"}
_TITLE_NAMES = {"title", "tytuł"}
_TOC_NAME = re.compile(r"^(?:contents|toc|spis treści|table of contents)(?: heading| ?\d+)?$|^nagłówek spisu treści$")
_WEB_ADDRESS = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)


def _not_an_odt():
    return Refused(_("This file is not a valid OpenDocument text (.odt)."))


def _whole_number(value, default=None):
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) <= 6 else default


def _decoded_name(name):
    """A style's name as LibreOffice shows it: "Heading_20_1" → "heading 1"."""
    return re.sub(r"_([0-9a-fA-F]{1,6})_", lambda match: chr(int(match.group(1), 16)), name or "").lower()


def _is_bold(weight):
    if weight is None:
        return None
    weight = weight.strip().lower()
    return weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)


def _is_italic(posture):
    return None if posture is None else posture.strip().lower() in ("italic", "oblique")


# --- styles ---------------------------------------------------------------------------------------

class _Styles:
    """Paragraph and text styles (bold, italic, outline level, list style, following their parents),
    list styles (the number format of each level) and the outline numbering of headings."""

    def __init__(self):
        self.styles = {}  # (family, name) → {"parent", "bold", "italic", "outline", "list_style", "names"}
        self.defaults = {}  # family → the same, of style:default-style
        self.list_styles = {}  # name → {level (1-based): (number format or None for a bullet, start)}
        self.outline = {}  # heading level → (number format, start)

    def add(self, container):
        """The styles of office:styles (styles.xml) or office:automatic-styles (content.xml)."""
        for element in container:
            if element.tag in (_style("style"), _style("default-style")):
                properties = element.find(_style("text-properties"))
                outline = element.get(_style("default-outline-level"))
                entry = {
                    "parent": element.get(_style("parent-style-name")),
                    "bold": _is_bold(properties.get(f"{{{FO}}}font-weight")) if properties is not None else None,
                    "italic": _is_italic(properties.get(f"{{{FO}}}font-style")) if properties is not None else None,
                    "outline": _whole_number(outline) if outline is not None else None,
                    "list_style": element.get(_style("list-style-name")),
                    "names": {_decoded_name(element.get(_style("name"))),
                              (element.get(_style("display-name")) or "").lower()} - {""},
                }
                family = element.get(_style("family"))
                if element.tag == _style("default-style"):
                    self.defaults[family] = entry
                else:
                    self.styles[(family, element.get(_style("name")))] = entry
            elif element.tag == _text("list-style"):
                self.list_styles[element.get(_style("name"))] = self._levels(element)
            elif element.tag == _text("outline-style"):
                self.outline = {level: (number_format, start)
                                for level, (number_format, start) in self._levels(element).items()
                                if number_format not in (None, "none")}

    @staticmethod
    def _levels(element):
        levels = {}
        for level_style in element:
            level = _whole_number(level_style.get(_text("level")), 1)
            if level_style.tag in (_text("list-level-style-number"), _text("outline-level-style")):
                number_format = level_style.get(_style("num-format"), "")
                number_format = "none" if not number_format else _NUMBER_FORMATS.get(number_format, "decimal")
                if number_format in ("decimal", "lower-alpha") and level_style.get(_style("num-suffix"), "").strip() == ")":
                    number_format += "-paren"  # "1)" or "a)", as Polish documents often number
                levels[level] = (number_format, _whole_number(level_style.get(_text("start-value")), 1))
            elif level_style.tag in (_text("list-level-style-bullet"), _text("list-level-style-image")):
                levels[level] = (None, 1)
        return levels

    def _chain(self, family, name):
        seen = set()
        while (family, name) in self.styles and name not in seen:
            seen.add(name)
            yield self.styles[(family, name)]
            name = self.styles[(family, name)]["parent"]
        if family in self.defaults:
            yield self.defaults[family]

    def _first(self, family, name, key):
        for style in self._chain(family, name):
            if style[key] is not None:
                return style[key]
        return None

    def formatting(self, family, name, inherited=(False, False)):
        """(bold, italic) of text in style `name`, inside text that is `inherited`."""
        bold, italic = self._first(family, name, "bold"), self._first(family, name, "italic")
        return (inherited[0] if bold is None else bold), (inherited[1] if italic is None else italic)

    def outline_level(self, name):
        return self._first("paragraph", name, "outline") or 0

    def list_style(self, name):
        return self._first("paragraph", name, "list_style")

    def is_named(self, name, names):
        return any(style["names"] & names for style in self._chain("paragraph", name))

    def is_toc(self, name):
        return any(_TOC_NAME.match(style_name) for style in self._chain("paragraph", name)
                   for style_name in style["names"])

    def list_level(self, list_styles, depth):
        """(ordered, number format, start) of level `depth` (0 = top) in the first of `list_styles` that
        defines it; a bullet when none does."""
        number_format, start = next((self.list_styles[name][depth + 1] for name in list_styles
                                     if depth + 1 in self.list_styles.get(name, {})), (None, 1))
        return number_format is not None, number_format or "", start


# --- the body -------------------------------------------------------------------------------------

class _Reader:
    def __init__(self, styles):
        self.styles = styles
        self.note_number = 0
        self.cells = 0
        self.counts = {"tracked_changes": 0, "images": 0, "toc": 0, "nested_tables": 0, "comments": 0}
        self.elements = Elements()
        self.lists = {}  # xml:id of a list → its state, so that a list continued later keeps its id
        self.last_list = None
        self.list_count = 0
        self.heading_counters = {}

    # Block level

    def block(self, element):
        tag = element.tag
        if tag in (P, H):
            self.paragraph(element)
        elif tag == LIST:
            self.list(element, depth=0, state=self._list_state(element), list_styles=())
        elif tag == _table("table"):
            self.elements.append(self.table(element))
        elif tag in _CONTAINERS:
            for child in element:
                self.block(child)
        elif tag in INDEXES:
            body = element.find(_text("index-body"))
            self.counts["toc"] += 0 if body is None else sum(1 for _p in body.iter(P, H))
        elif tag == _text("tracked-changes"):
            self.counts["tracked_changes"] += sum(1 for _region in element.iter(_text("changed-region")))
        elif _namespace(tag) in (DRAW, DR3D):
            self.counts["images"] += 1

    def paragraph(self, p, *, list_number=None):
        """A paragraph or heading; `list_number` is the number of the list item it is in, if any."""
        style = p.get(STYLE_NAME)
        if self.styles.is_toc(style):
            self.counts["toc"] += 1
            return
        segments, notes, shown = self.content(p)
        text = " ".join("".join(segment[0] for segment in segments).split())
        level = self._heading_level(p)
        if level:
            if list_number is None:
                number = self._heading_number(p, level, shown)
            else:  # a heading numbered by a list style: the list's number, not the outline's
                number = _shown_number(shown) if shown else list_number
            if text:
                self.elements.append(Element(kind=HEADING, html=text, level=level, number=number, notes=notes))
            return
        if not text:
            return
        bold_only = all(segment[1] for segment in segments if segment[0].strip())
        self.elements.append(Element(
            kind=PARAGRAPH, html=segments_html(segments), notes=notes,
            heading_like=bold_only and len(text) <= HEADING_LIKE_MAX_CHARS
            and not self.styles.is_named(style, _TITLE_NAMES)))

    def _heading_level(self, p):
        if p.tag == H:
            level = _whole_number(p.get(_text("outline-level")))
            return level or self.styles.outline_level(p.get(STYLE_NAME)) or 1
        return self.styles.outline_level(p.get(STYLE_NAME))

    def _heading_number(self, p, level, shown):
        """The number a heading shows: the one LibreOffice wrote (text:number), else by the outline
        numbering of styles.xml when its level is numbered."""
        counters = self.heading_counters
        numbered, start = level in self.styles.outline, self.styles.outline.get(level, ("none", 1))[1]
        if p.get(_text("restart-numbering")) == "true":
            counters.pop(level, None)
            start = _whole_number(p.get(_text("start-value")), start)
        unnumbered = p.get(_text("is-list-header")) == "true"
        if not unnumbered:
            counters[level] = counters.get(level, start - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]
        if shown:
            return _shown_number(shown)
        return counters[level] if numbered and not unnumbered else 0

    # Lists

    def _list_state(self, element):
        """The counters and id of a top-level list: those of the list it continues, or new ones."""
        state = None
        continued = element.get(_text("continue-list"))
        if continued:
            state = self.lists.get(continued)
        elif element.get(_text("continue-numbering")) == "true":
            state = self.last_list
        if state is None:
            self.list_count += 1
            state = {"id": element.get(f"{{{XML}}}id") or f"odt-list-{self.list_count}", "counters": {}}
        if element.get(f"{{{XML}}}id"):
            self.lists[element.get(f"{{{XML}}}id")] = state
        self.last_list = state
        return state

    def list(self, element, *, depth, state, list_styles):
        """The items of a list; `list_styles` are the style names of the lists it is in, outermost first."""
        list_styles = (*list_styles, element.get(STYLE_NAME))
        for child in element:
            if child.tag == LIST_ITEM:
                self.list_item(child, depth, state, list_styles)
            elif child.tag == LIST_HEADER:  # a paragraph in the list that has no number
                for block in child:
                    if block.tag == LIST:
                        self.list(block, depth=depth + 1, state=state, list_styles=list_styles)
                    else:
                        self.block(block)

    def list_item(self, item, depth, state, list_styles):
        """One item: its paragraphs joined into one element, then its nested lists (and a heading or a
        table in it, as they are)."""
        blocks = [child for child in item if child.tag != _text("soft-page-break")]
        first = blocks[0] if blocks and blocks[0].tag in (P, H) else None
        paragraph_style = first.get(STYLE_NAME) if first is not None else None
        # The outermost list's style decides; a level it does not define comes from the nearest list
        # that does, then from the list style of the paragraph's style.
        ordered, number_format, start = self.styles.list_level(
            [*list_styles[:1], *reversed(list_styles[1:]), self.styles.list_style(paragraph_style)], depth)
        number = 0
        if first is not None:  # an item that only holds a deeper list has no number of its own
            counters = state["counters"]
            restart = _whole_number(item.get(_text("start-value")))
            counters[depth] = restart if restart is not None else counters.get(depth, start - 1) + 1
            for deeper in [key for key in counters if key > depth]:
                del counters[deeper]
            number = counters[depth]
        own = [child for child in blocks if child.tag == P and not self._heading_level(child)]
        self._item(own, depth, state, ordered, number_format, number)
        for child in blocks:
            if child.tag == LIST:
                self.list(child, depth=depth + 1, state=state, list_styles=list_styles)
            elif child.tag in (P, H):
                if child not in own:
                    self.paragraph(child, list_number=number if ordered else 0)
            else:
                self.block(child)

    def _item(self, paragraphs, depth, state, ordered, number_format, number):
        parts, notes = [], []
        for p in paragraphs:
            if self.styles.is_toc(p.get(STYLE_NAME)):
                self.counts["toc"] += 1
                continue
            segments, paragraph_notes, _shown = self.content(p)
            html = segments_html(segments)
            if html:
                parts.append(html)
                notes.extend(paragraph_notes)
        if not parts:
            return
        html = " ".join(parts)
        if number_format == "none":  # a list level that shows no number nor bullet
            self.elements.append(Element(kind=PARAGRAPH, html=html, notes=notes))
            return
        self.elements.append(Element(kind=ITEM, html=html, level=depth, ordered=ordered, list_id=state["id"],
                                     number_format=number_format if ordered else "", number=number if ordered else 0,
                                     notes=notes))

    # Tables

    def table(self, element):
        """A table's rows of cell texts, with merged cells kept as merges (the cells they cover left
        empty, never repeated) and a table inside a cell written out as lines."""
        rows, merges, notes = [], [], []
        for row in _table_rows(element):
            cells, row_merges = [], []
            for cell in row:
                if cell.tag not in (_table("table-cell"), _table("covered-table-cell")):
                    continue
                repeat = max(1, _whole_number(cell.get(_table("number-columns-repeated")), 1))
                self._spend(repeat)
                if cell.tag == _table("covered-table-cell"):
                    cells.extend([""] * repeat)
                    continue
                text = self.cell_text(cell, notes)
                colspan = max(1, _whole_number(cell.get(_table("number-columns-spanned")), 1))
                rowspan = max(1, _whole_number(cell.get(_table("number-rows-spanned")), 1))
                for _copy in range(repeat):
                    if colspan > 1 or rowspan > 1:
                        row_merges.append({"col": len(cells), "rowspan": rowspan, "colspan": colspan})
                    cells.append(text)
            repeat = max(1, _whole_number(row.get(_table("number-rows-repeated")), 1))
            self._spend(max(1, len(cells)) * (repeat - 1))
            for _copy in range(repeat):
                merges.extend({"row": len(rows), **merge} for merge in row_merges)
                rows.append(list(cells))
        width = max((len(row) for row in rows), default=0)
        rows = [row + [""] * (width - len(row)) for row in rows]
        for merge in merges:
            merge["rowspan"] = min(merge["rowspan"], len(rows) - merge["row"])
            merge["colspan"] = min(merge["colspan"], width - merge["col"])
        merges = [{"row": merge["row"], "col": merge["col"], "rowspan": merge["rowspan"], "colspan": merge["colspan"]}
                  for merge in merges if merge["rowspan"] > 1 or merge["colspan"] > 1]
        return Element(kind=TABLE, rows=rows, merges=merges, notes=notes)

    def _spend(self, cells):
        self.cells += cells
        if self.cells > MAX_TABLE_CELLS:
            raise _not_an_odt()

    def cell_text(self, cell, notes):
        lines = []
        for block in _cell_blocks(cell):
            if block.tag in (P, H):
                segments = []
                self.inline(block, segments, notes, (False, False, None), plain=True)
                text = " ".join("".join(segment[0] for segment in segments).split())
                if text:
                    lines.append(text)
            elif block.tag == _table("table"):
                self.counts["nested_tables"] += 1
                nested = self.table(block)
                lines.extend(" | ".join(row) for row in nested.rows if any(row))
                notes.extend(nested.notes)
            elif block.tag in INDEXES or _namespace(block.tag) in (DRAW, DR3D):
                self.block(block)
        return "\n".join(lines)

    # Inline level

    def content(self, p):
        """(segments, notes, the number LibreOffice wrote on it) of a paragraph or heading."""
        segments, notes = [], []
        formatting = self.styles.formatting("paragraph", p.get(STYLE_NAME))
        shown = self.inline(p, segments, notes, (*formatting, None))
        return segments, notes, shown

    def inline(self, element, segments, notes, formatting, plain=False):
        """Adds (text, bold, italic, link) segments of `element`'s content; a footnote adds a fifth
        item, its number. Returns the text of a text:number in it (a heading's shown number)."""
        shown = None
        if element.text:
            segments.append((element.text, *formatting))
        for child in element:
            tag = child.tag
            if tag == _text("span"):
                style = self.styles.formatting("text", child.get(STYLE_NAME), formatting[:2])
                shown = self.inline(child, segments, notes, (*style, formatting[2]), plain) or shown
            elif tag == _text("a"):
                href = child.get(f"{{{XLINK}}}href", "").strip()
                style = self.styles.formatting("text", child.get(STYLE_NAME), formatting[:2])
                link = href if _WEB_ADDRESS.match(href) else formatting[2]
                shown = self.inline(child, segments, notes, (*style, link), plain) or shown
            elif tag in (_text("s"), _text("tab"), _text("line-break")):
                segments.append((" ", *formatting))
            elif tag == _text("note"):
                self.note_number += 1
                number = self.note_number
                notes.append([number, self.note_html(child)])
                segments.append((f"[{number}]" if plain else "", *formatting, number))
            elif tag == _text("number"):
                shown = "".join(child.itertext())
            elif tag == _office("annotation"):
                self.counts["comments"] += 1
            elif _namespace(tag) in (DRAW, DR3D):
                self.counts["images"] += 1
            elif tag in _SKIPPED_INLINE or tag is etree.Comment or tag is etree.PI:
                pass
            elif _namespace(tag) == TEXT or not _namespace(tag).startswith(ODF_NAMESPACES):
                shown = self.inline(child, segments, notes, formatting, plain) or shown  # fields, ruby, meta
            if child.tail:
                segments.append((child.tail, *formatting))
        return shown

    def note_html(self, note):
        body = note.find(_text("note-body"))
        parts = []
        for p in _cell_blocks(body) if body is not None else ():
            if p.tag not in (P, H):
                continue
            segments = []
            self.inline(p, segments, [], (*self.styles.formatting("paragraph", p.get(STYLE_NAME)), None))
            html = segments_html(segments)
            if html:
                parts.append(html)
        return " ".join(parts)


def _namespace(tag):
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _table_rows(element):
    for child in element:
        if child.tag == _table("table-row"):
            yield child
        elif child.tag in (_table("table-header-rows"), _table("table-rows"), _table("table-row-group")):
            yield from _table_rows(child)


def _cell_blocks(container):
    """The paragraphs, tables and other blocks of a cell or a note, lists and sections opened."""
    for child in container:
        if child.tag in (LIST, LIST_ITEM, LIST_HEADER, *_CONTAINERS):
            yield from _cell_blocks(child)
        else:
            yield child


def _shown_number(text):
    """The number of a label such as "3.", "1.2." (2) or "III)" (3); 0 when it has none."""
    parts = re.findall(r"\d{1,6}|[IVXLC]+|[ivxlc]+", text)
    if not parts:
        return 0
    last = parts[-1]
    if last.isdigit():
        return int(last)
    return roman_value(last)


# --- the package ----------------------------------------------------------------------------------

def _check_mimetype(package):
    try:
        with package.open("mimetype") as stream:
            kind = stream.read(len(MIMETYPE) + 2)
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, zlib.error):
        raise _not_an_odt() from None
    if kind.strip() != MIMETYPE:
        raise _not_an_odt()


def read_odt(content):
    """The elements of an .odt, and warnings about what was not kept."""
    package = check_package(content, xml_suffixes=(".xml",), not_valid=_not_an_odt)
    _check_mimetype(package)
    styles = _Styles()
    styles_root = parse_part(package, "styles.xml", not_valid=_not_an_odt)
    if styles_root is not None:
        for container in styles_root.iter(_office("styles")):
            styles.add(container)
    reader = _Reader(styles)
    body_tag, automatic_styles = _office("text"), _office("automatic-styles")
    try:
        stream = package.open("content.xml")
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, RuntimeError):
        raise _not_an_odt() from None
    try:
        with stream:
            for element in finished_parts(stream, body_tag, _BODY_TAGS, also=(automatic_styles,)):
                if element.tag != automatic_styles:
                    reader.block(element)
                elif element.getparent() is not None and element.getparent().tag == _office("document-content"):
                    styles.add(element)
    except (etree.LxmlError, zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, zlib.error):
        raise _not_an_odt() from None
    if not reader.elements and not any(reader.counts.values()):
        raise Refused(_("The document has no text."))
    return ReadDocument(elements=reader.elements, warnings=summary_of_warnings(reader.counts))
