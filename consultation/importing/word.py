"""Reading a Word file (.docx) into `document.Element`s by walking its XML.

Why by hand rather than with python-docx's objects, mammoth or pandoc (measured in
docs/import-readers.md): a plan's fidelity depends on details those leave out or hide — the number
format of a list (numPr → abstractNum → numFmt, not the style's name), a heading found by its style's
outline level, the lines that are bold but not headings, which tracked changes were accepted, and a
warning for everything that is not kept. The body is read element by element (`iterparse`) and each
finished part is freed, so memory stays bounded by the largest paragraph or table, not the file.

What is kept: headings (Heading N, Nagłówek N, any style with an outline level, Word's own heading
numbers), paragraphs with bold, italic and links, lists with their nesting and number formats,
tables with merged cells, footnotes as numbered notes, the text of content controls, fields' results
and tracked insertions. What is not — images, text boxes, Word's comments, tracked deletions, the
table of contents — is counted and said in a warning.
"""

import io
import posixpath
import re
import zipfile

from django.utils.translation import gettext as _
from lxml import etree

from consultation.core.refusals import Refused
from consultation.importing import document
from consultation.importing.document import (
    HEADING,
    HEADING_LIKE_MAX_CHARS,
    ITEM,
    PARAGRAPH,
    TABLE,
    Element,
    Elements,
    ReadDocument,
    segments_html,
    summary_of_warnings,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "/officeDocument"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(name):
    return f"{{{W}}}{name}"


# A Word file is a ZIP of XML parts. Before any part is parsed, the package is checked so that a
# small hostile file cannot unpack to hundreds of megabytes (a "zip bomb") or carry a DOCTYPE with
# entities ("billion laughs"); a real plan of 5,000 paragraphs unpacks to a few megabytes.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_PARTS = 2000
MAX_RATIO = 200  # unpacked / packed size of one large part
RATIO_CHECKED_FROM = 1024 * 1024
XML_CHUNK_BYTES = 1024 * 1024
# XML elements in one paragraph or table (with what precedes it): a table of 2,000 rows of 8 cells has
# about 150,000; a paragraph of a million runs, never written by hand, would take a gigabyte.
MAX_PART_NODES = 400_000


def _not_a_word_file():
    return Refused(_("This file is not a valid Word document (.docx)."))


def check_package(content, *, xml_suffixes=(".xml", ".rels"), not_valid=_not_a_word_file):
    """The ZIP package of `content`, refused when it is not a ZIP, unpacks too large or has an XML
    part that declares a DOCTYPE (Word and LibreOffice never write one)."""
    try:
        package = zipfile.ZipFile(io.BytesIO(content))
        parts = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise not_valid() from None
    too_large = _("The document unpacks to more than %(mb)d MB; it cannot be a plan. Save it again in Word "
                  "or LibreOffice and check its images.") % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
    if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise Refused(too_large)
    for part in parts:
        if part.file_size > RATIO_CHECKED_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise Refused(too_large)
        if part.filename.endswith(xml_suffixes) and _declares_doctype(package, part, not_valid):
            raise declared_doctype()
    return package


def _declares_doctype(package, part, not_valid):
    """Whether an XML part declares a DOCTYPE or an entity anywhere (not only at its start: a long
    comment can push the declaration past any fixed prefix). Read in chunks, never whole."""
    tail = b""
    try:
        with package.open(part) as stream:
            while chunk := stream.read(XML_CHUNK_BYTES):
                window = (tail + chunk).upper()
                if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                    return True
                tail = chunk[-len(b"<!DOCTYPE"):]
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError):
        raise not_valid() from None
    return False


SAFE_XML = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def safe_parser():
    return etree.XMLParser(**SAFE_XML)


def finished_parts(stream, body_tag, tags, also=()):
    """Each finished child of `body_tag` whose tag is in `tags`, freed once the caller has read it,
    so that memory stays bounded by one part, not the file; elements tagged `also` are given as
    they end and kept. Parsed without entities; a DOCTYPE is refused. A part is refused as it is
    parsed, before it is whole, once it holds more XML elements or characters than a plan's part
    can (`MAX_PART_NODES`, `document.MAX_CHARACTERS`): a paragraph of a million runs would
    otherwise take a gigabyte before the document's own limits see it."""
    doctype_checked = False
    nodes = characters = 0  # held since the last part was freed
    wanted = {*also, *tags}
    for _event, element in etree.iterparse(stream, events=("end",), **SAFE_XML):
        if not doctype_checked:
            refuse_doctype(element)
            doctype_checked = True
        nodes += 1
        characters += len(element.text or "") + len(element.tail or "")
        if nodes > MAX_PART_NODES or characters > document.MAX_CHARACTERS:
            raise document.too_long()
        if element.tag not in wanted:
            continue
        if element.tag in also:
            yield element
            continue
        parent = element.getparent()
        if parent is None or parent.tag != body_tag:
            continue
        yield element
        element.clear()
        while element.getprevious() is not None:
            del parent[0]
        nodes = characters = 0


def declared_doctype():
    return Refused(_("The document contains XML declarations that Word and LibreOffice never write; it is "
                     "refused. Save it again in Word or LibreOffice."))


def refuse_doctype(element):
    """Refuse a parsed part that declared a DOCTYPE, in whatever encoding or part name it hid
    (the byte scan of the package sees only UTF-8 in .xml parts); its entities are never expanded."""
    info = element.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise declared_doctype()


def parse_part(package, name, not_valid=_not_a_word_file):
    try:
        root = etree.fromstring(package.read(name), safe_parser())
    except KeyError:
        return None
    except (etree.LxmlError, zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise not_valid() from None
    refuse_doctype(root)
    return root


# --- the package ----------------------------------------------------------------------------------

def _relationships(package, part_name):
    """{id: (type, target path or URL, external)} of a part."""
    folder, name = posixpath.split(part_name)
    root = parse_part(package, posixpath.join(folder, "_rels", name + ".rels"))
    result = {}
    if root is None:
        return result
    for relationship in root.iter(f"{{{PACKAGE_RELS}}}Relationship"):
        target = relationship.get("Target", "")
        external = relationship.get("TargetMode") == "External"
        if not external:
            target = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
        result[relationship.get("Id")] = (relationship.get("Type", ""), target, external)
    return result


def _main_part(package):
    for kind, target, _external in _relationships(package, "").values():
        if kind.endswith(OFFICE_DOCUMENT):
            return target
    return "word/document.xml"


class _Styles:
    """Paragraph styles: name, outline level and numbering, following `basedOn`; and whether
    character styles (rStyle, e.g. "Strong" / "Pogrubienie") make text bold or italic."""

    def __init__(self, root):
        self.styles = {}
        self.characters = {}  # character style id → {"based_on", "b", "i"} (None: not said)
        self.default = None
        if root is None:
            return
        for style in root.iter(w("style")):
            if style.get(w("type")) == "character":
                based_on = style.find(w("basedOn"))
                properties = style.find(w("rPr"))
                self.characters[style.get(w("styleId"))] = {
                    "based_on": based_on.get(w("val")) if based_on is not None else None,
                    **{name: _switch(properties, name) for name in ("b", "i")}}
            if style.get(w("type")) != "paragraph":
                continue
            style_id = style.get(w("styleId"))
            name = style.find(w("name"))
            based_on = style.find(w("basedOn"))
            outline = style.find(f"{w('pPr')}/{w('outlineLvl')}")
            num = style.find(f"{w('pPr')}/{w('numPr')}")
            self.styles[style_id] = {
                "name": (name.get(w("val")) if name is not None else style_id or "").lower(),
                "based_on": based_on.get(w("val")) if based_on is not None else None,
                "outline": int(outline.get(w("val"))) if outline is not None and outline.get(w("val"), "").isdigit()
                else None,
                "num": _num_pr(num),
            }
            if style.get(w("default")) in ("1", "true"):
                self.default = style_id

    def _chain(self, style_id):
        seen = set()
        style_id = style_id or self.default
        while style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            yield self.styles[style_id]
            style_id = self.styles[style_id]["based_on"]

    def name(self, style_id):
        style = self.styles.get(style_id or self.default)
        return style["name"] if style else ""

    def heading_level(self, style_id):
        """1–9 for a heading style (by its name in English or Polish, or by its outline level)."""
        for style in self._chain(style_id):
            match = _HEADING_NAME.match(style["name"])
            if match:
                return int(match.group(1))
            if style["outline"] is not None and style["outline"] < 9:
                return style["outline"] + 1
        return 0

    def run_formatting(self, style_id, name):
        """Whether a character style (or one it is based on) turns `name` ("b", "i") on or off; None
        when none says."""
        seen = set()
        while style_id in self.characters and style_id not in seen:
            seen.add(style_id)
            if self.characters[style_id][name] is not None:
                return self.characters[style_id][name]
            style_id = self.characters[style_id]["based_on"]
        return None

    def numbering(self, style_id):
        for style in self._chain(style_id):
            if style["num"] is not None:
                return style["num"]
        return None


_HEADING_NAME = re.compile(r"^(?:heading|nagłówek)\s*(\d)$")
_TOC_NAME = re.compile(r"^(?:toc|contents|spis treści|table of contents)\s*\d*$|^(?:toc|contents) heading$|"
                       r"^nagłówek spisu treści$")
_NUMBER_FORMATS = {"decimal": "decimal", "decimalZero": "decimal", "lowerLetter": "lower-alpha",
                   "upperLetter": "upper-alpha", "lowerRoman": "lower-roman", "upperRoman": "upper-roman",
                   "ordinal": "decimal", "cardinalText": "decimal", "ordinalText": "decimal"}


def _num_pr(num_pr):
    if num_pr is None:
        return None
    num_id, level = num_pr.find(w("numId")), num_pr.find(w("ilvl"))
    return (num_id.get(w("val")) if num_id is not None else None,
            int(level.get(w("val"))) if level is not None and level.get(w("val"), "").isdigit() else 0)


class _Numbering:
    """Word's list definitions (numbering.xml): the format of each level of each list, and counters
    so that a heading numbered by Word gets its number."""

    def __init__(self, root):
        self.abstract_of, self.levels, self.overrides, self.texts = {}, {}, {}, {}
        self.starts = {}  # (numId, level) → the number a list restarted at ("Restart numbering")
        self.counters = {}
        if root is None:
            return
        for abstract in root.iter(w("abstractNum")):
            levels = {}
            for level in abstract.iter(w("lvl")):
                fmt, start, text = level.find(w("numFmt")), level.find(w("start")), level.find(w("lvlText"))
                if text is not None:
                    self.texts[(abstract.get(w("abstractNumId")), int(level.get(w("ilvl"), "0")))] = text.get(w("val"), "")
                levels[int(level.get(w("ilvl"), "0"))] = (
                    fmt.get(w("val")) if fmt is not None else "decimal",
                    int(start.get(w("val"))) if start is not None and start.get(w("val"), "").isdigit() else 1)
            self.levels[abstract.get(w("abstractNumId"))] = levels
        for num in root.iter(w("num")):
            abstract = num.find(w("abstractNumId"))
            if abstract is not None:
                self.abstract_of[num.get(w("numId"))] = abstract.get(w("val"))
            for override in num.iter(w("lvlOverride")):
                key = (num.get(w("numId")), int(override.get(w("ilvl"), "0")))
                fmt = override.find(f"{w('lvl')}/{w('numFmt')}")
                if fmt is not None:
                    self.overrides[key] = fmt.get(w("val"))
                start = override.find(w("startOverride"))
                if start is not None and start.get(w("val"), "").isdigit():
                    self.starts[key] = int(start.get(w("val")))

    def format(self, num_id, level):
        """Word's numFmt of a list level ("decimal", "bullet", "none", …), or None when not a list."""
        if not num_id or num_id == "0" or num_id not in self.abstract_of:
            return None
        if (num_id, level) in self.overrides:
            return self.overrides[(num_id, level)]
        return self.levels.get(self.abstract_of[num_id], {}).get(level, ("decimal", 1))[0]

    def parenthesised(self, num_id, level):
        """Whether the level's number is written "1)" or "a)" (lvlText "%1)"), as Polish documents often do."""
        return self.texts.get((self.abstract_of.get(num_id), level), "").rstrip().endswith(")")

    def count(self, num_id, level):
        """The number Word shows on this paragraph: counters are shared by the lists of one definition,
        except that a list that restarts its numbering (a startOverride) counts on its own from there."""
        abstract = self.abstract_of.get(num_id)
        restarts = any(key[0] == num_id for key in self.starts)
        counters = self.counters.setdefault(("restarted", num_id) if restarts else abstract, {})
        start = self.starts.get((num_id, level), self.levels.get(abstract, {}).get(level, ("decimal", 1))[1])
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]
        return counters[level]


def _notes(package, main_rels, kind_suffix, tag):
    """{id: <w:footnote> or <w:endnote>} of the footnotes or endnotes part, without Word's separators."""
    for kind, target, external in main_rels.values():
        if kind.endswith(kind_suffix) and not external:
            root = parse_part(package, target)
            if root is not None:
                return {note.get(w("id")): note for note in root.iter(w(tag)) if not note.get(w("type"))}
    return {}


# --- the body -------------------------------------------------------------------------------------

_TRANSPARENT = {w("ins"), w("moveTo"), w("smartTag"), w("customXml"), w("fldSimple"), w("sdtContent"),
                w("bdo"), w("dir")}


class _Reader:
    def __init__(self, styles, numbering, links, notes):
        self.styles, self.numbering, self.links = styles, numbering, links
        self.note_elements = notes  # {"footnote" or "endnote": {id: element}}
        self.note_number = 0
        self.counts = {"tracked_changes": 0, "images": 0, "toc": 0, "nested_tables": 0, "comments": 0}
        self.elements = Elements()

    # Block level

    def block(self, element):
        tag = element.tag
        if tag == w("p"):
            self.paragraph(element)
        elif tag == w("tbl"):
            self.elements.append(self.table(element))
        elif tag == w("sdt"):
            if self._is_table_of_contents(element):
                self.counts["toc"] += sum(1 for _p in element.iter(w("p")))
                return
            for content in element.iter(w("sdtContent")):
                for child in content:
                    self.block(child)
                break
        elif tag in _TRANSPARENT:
            for child in element:
                self.block(child)
        elif tag in (w("del"), w("moveFrom")):
            self.counts["tracked_changes"] += 1

    @staticmethod
    def _is_table_of_contents(sdt):
        gallery = sdt.find(f"{w('sdtPr')}/{w('docPartObj')}/{w('docPartGallery')}")
        return gallery is not None and "content" in (gallery.get(w("val")) or "").lower()

    def paragraph(self, p):
        properties = p.find(w("pPr"))
        style_id = None
        direct_num = direct_outline = None
        if properties is not None:
            style = properties.find(w("pStyle"))
            style_id = style.get(w("val")) if style is not None else None
            direct_num = _num_pr(properties.find(w("numPr")))
            outline = properties.find(w("outlineLvl"))
            if outline is not None and outline.get(w("val"), "").isdigit() and int(outline.get(w("val"))) < 9:
                direct_outline = int(outline.get(w("val"))) + 1
        style_name = self.styles.name(style_id)
        if _TOC_NAME.match(style_name):
            self.counts["toc"] += 1
            return
        segments, notes = [], []
        self.inline(p, segments, notes, {})
        html = segments_html(segments)
        text = "".join(segment[0] for segment in segments).strip()
        num = direct_num or self.styles.numbering(style_id)
        number_format = self.numbering.format(*num) if num else None
        level = direct_outline or self.styles.heading_level(style_id)
        if level:
            number = self.numbering.count(*num) if number_format not in (None, "none", "bullet") else 0
            if text:
                self.elements.append(Element(kind=HEADING, html=" ".join(text.split()), level=level, number=number,
                                             notes=notes))
            return
        if not text:
            return
        if number_format not in (None, "none"):
            shown = self.numbering.count(*num)
            ordered = number_format != "bullet"
            number_format = _NUMBER_FORMATS.get(number_format, "decimal") if ordered else ""
            if number_format in ("decimal", "lower-alpha") and self.numbering.parenthesised(*num):
                number_format += "-paren"
            self.elements.append(Element(
                kind=ITEM, html=html, level=num[1], ordered=ordered, list_id=num[0], number=shown if ordered else 0,
                number_format=number_format, notes=notes))
            return
        bold_only = all(segment[1] for segment in segments if segment[0].strip())
        self.elements.append(Element(kind=PARAGRAPH, html=html, notes=notes,
                                     heading_like=bold_only and len(text) <= HEADING_LIKE_MAX_CHARS
                                     and style_name not in ("title", "tytuł")))

    def table(self, tbl):
        """A table's rows of cell texts, with merged cells kept as merges (not repeated) and a table
        inside a cell written out as lines."""
        rows, merges, notes = [], [], []
        open_merges = {}  # column → the merge its vertical span belongs to
        for tr in _children(tbl, w("tr")):
            row, column = [], 0
            for tc in _children(tr, w("tc")):
                properties = tc.find(w("tcPr"))
                span, vmerge = 1, None
                if properties is not None:
                    grid_span = properties.find(w("gridSpan"))
                    if grid_span is not None and grid_span.get(w("val"), "").isdigit():
                        span = max(1, int(grid_span.get(w("val"))))
                    merge = properties.find(w("vMerge"))
                    if merge is not None:
                        vmerge = merge.get(w("val")) or "continue"
                if vmerge == "continue" and column in open_merges:
                    open_merges[column]["rowspan"] += 1
                    row.extend([""] * span)
                else:
                    row.append(self.cell_text(tc, notes))
                    row.extend([""] * (span - 1))
                    if span > 1 or vmerge == "restart":
                        merge = {"row": len(rows), "col": column, "rowspan": 1, "colspan": span}
                        merges.append(merge)
                        if vmerge == "restart":
                            open_merges[column] = merge
                    if vmerge != "restart":
                        open_merges.pop(column, None)
                column += span
            rows.append(row)
        width = max((len(row) for row in rows), default=0)
        rows = [row + [""] * (width - len(row)) for row in rows]
        merges = [merge for merge in merges if merge["rowspan"] > 1 or merge["colspan"] > 1]
        return Element(kind=TABLE, rows=rows, merges=merges, notes=notes)

    def cell_text(self, tc, notes):
        lines = []
        for child in _block_children(tc):
            if child.tag == w("p"):
                segments = []
                self.inline(child, segments, notes, {"plain": True})
                text = " ".join("".join(segment[0] for segment in segments).split())
                if text:
                    lines.append(text)
            elif child.tag == w("tbl"):
                self.counts["nested_tables"] += 1
                nested = self.table(child)
                lines.extend(" | ".join(row) for row in nested.rows if any(row))
        return "\n".join(lines)

    # Inline level

    def inline(self, element, segments, notes, state, href=None):
        for child in element:
            tag = child.tag
            if tag == w("r"):
                self.run(child, segments, notes, state, href)
            elif tag == w("hyperlink"):
                target = self.links.get(child.get(f"{{{R}}}id"))
                self.inline(child, segments, notes, state, href=target or href)
            elif tag in (w("del"), w("moveFrom")):
                self.counts["tracked_changes"] += 1
            elif tag == w("ins") or tag == w("moveTo"):
                self.counts["tracked_changes"] += 1
                self.inline(child, segments, notes, state, href)
            elif tag == w("sdt"):
                for content in child.iter(w("sdtContent")):
                    self.inline(content, segments, notes, state, href)
                    break
            elif tag in _TRANSPARENT:
                self.inline(child, segments, notes, state, href)
            elif tag == w("commentRangeStart"):
                self.counts["comments"] += 1
            elif tag == f"{{{MC}}}AlternateContent":
                self.counts["images"] += 1

    def run(self, r, segments, notes, state, href):
        properties = r.find(w("rPr"))
        run_style = properties.find(w("rStyle")) if properties is not None else None
        run_style = run_style.get(w("val")) if run_style is not None else None
        bold, italic = (bool(next((value for value in (_switch(properties, name),
                                                       self.styles.run_formatting(run_style, name))
                                   if value is not None), False)) for name in ("b", "i"))
        for child in r:
            tag = child.tag
            if tag == w("fldChar"):
                kind = child.get(w("fldCharType"))
                state["field_code"] = kind == "begin"
                if kind == "separate":
                    state["field_code"] = False
            elif state.get("field_code") or tag in (w("instrText"), w("delText"), w("delInstrText")):
                continue
            elif tag == w("t"):
                segments.append((child.text or "", bold, italic, href))
            elif tag in (w("tab"), w("br"), w("cr")):
                if child.get(w("type")) != "page":
                    segments.append((" ", bold, italic, href))
            elif tag == w("noBreakHyphen"):
                segments.append(("-", bold, italic, href))
            elif tag in (w("footnoteReference"), w("endnoteReference")):
                self.note_number += 1
                number = self.note_number
                kind = "endnote" if tag == w("endnoteReference") else "footnote"
                notes.append([number, self.note_text(kind, child.get(w("id")))])
                marker = f"[{number}]" if state.get("plain") else None
                segments.append((marker or "", bold, italic, href, number))
            elif tag in (w("drawing"), w("pict"), w("object")) or tag == f"{{{MC}}}AlternateContent":
                self.counts["images"] += 1

    def note_text(self, kind, note_id):
        note = self.note_elements[kind].get(note_id)
        if note is None:
            return ""
        parts = []
        for p in note.iter(w("p")):
            segments = []
            self.inline(p, segments, [], {})
            html = segments_html(segments)
            if html:
                parts.append(html)
        return " ".join(parts)


def _children(container, tag):
    """The rows of a table or the cells of a row, also inside content controls."""
    for child in container:
        if child.tag == tag:
            yield child
        elif child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == w("customXml"):
            yield from _children(child, tag)


def _block_children(container):
    for child in container:
        if child.tag in (w("p"), w("tbl")):
            yield child
        elif child.tag == w("sdt"):
            for content in child.iter(w("sdtContent")):
                yield from _block_children(content)
                break
        elif child.tag in _TRANSPARENT:
            yield from _block_children(child)


def _switch(properties, name):
    """Whether run properties turn `name` ("b", "i") on or off; None when they do not say."""
    element = properties.find(w(name)) if properties is not None else None
    if element is None:
        return None
    return element.get(w("val"), "true") not in ("0", "false", "off")


def read_docx(content):
    """The elements of a .docx, and warnings about what was not kept."""
    package = check_package(content)
    main = _main_part(package)
    main_rels = _relationships(package, main)
    links = {key: target for key, (kind, target, external) in main_rels.items()
             if kind.endswith("/hyperlink") and external}
    styles = numbering = None
    for kind, target, external in main_rels.values():
        if kind.endswith("/styles") and not external:
            styles = parse_part(package, target)
        elif kind.endswith("/numbering") and not external:
            numbering = parse_part(package, target)
    notes = {"footnote": _notes(package, main_rels, "/footnotes", "footnote"),
             "endnote": _notes(package, main_rels, "/endnotes", "endnote")}
    reader = _Reader(_Styles(styles), _Numbering(numbering), links, notes)
    try:
        stream = package.open(main)
    except KeyError:
        raise _not_a_word_file() from None
    try:
        with stream:
            for element in finished_parts(stream, w("body"), (w("p"), w("tbl"), w("sdt"), w("ins"), w("customXml"))):
                reader.block(element)
    except (etree.LxmlError, zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise _not_a_word_file() from None
    if not reader.elements and not any(reader.counts.values()):
        raise Refused(_("The document has no text."))
    return ReadDocument(elements=reader.elements, warnings=summary_of_warnings(reader.counts))
