"""What an imported file says, before it becomes pages.

Every reader (Word, OpenDocument, Markdown) turns its file into the same flat list of `Element`s
and a list of warnings (what it could not keep, said in words). `assemble` then cuts the elements
into the text before the first chapter and the chapters, with their numbers taken from the
headings, and makes the blocks of each.

Reading is the slow part and runs once per upload; assembling is cheap and runs again whenever the
editor changes a choice in the preview (a bold line promoted to a heading), so the preview keeps
the elements, not the chapters.
"""

import re
from dataclasses import asdict, dataclass, field
from html import escape

from django.utils.translation import gettext as _

from consultation.core.refusals import Refused
from consultation.core.sanitize import clean_inline_html, html_to_plain_text
from consultation.models.blocks import LIST_TYPES

HEADING, PARAGRAPH, ITEM, TABLE = "heading", "paragraph", "item", "table"

# A plan of 5,000 paragraphs is long; a file with more than twice as many blocks or characters is refused
# while it is read, so that reading, previewing and saving stay within bounded memory and time.
MAX_ELEMENTS = 12_000
MAX_CHARACTERS = 6_000_000

# A paragraph that is bold from start to end and at most this long may be a heading typed by hand.
HEADING_LIKE_MAX_CHARS = 150
TITLE_MAX_CHARS = 255


@dataclass
class Element:
    """One paragraph, heading, list item or table of the file, in reading order."""

    kind: str
    html: str = ""  # inline HTML of a paragraph or list item; the plain text of a heading
    level: int = 0  # a heading's level (1 starts a chapter), or a list item's nesting level (0 = top)
    number: int = 0  # the number the file shows on a heading or a numbered item (Word's numbering)
    ordered: bool = False
    number_format: str = ""  # a numbered item's format, a key of LIST_TYPES
    list_id: str = ""  # consecutive items of one list share it
    rows: list = None  # a table's rows of cell texts
    merges: list = None  # a table's merged cells: {"row", "col", "rowspan", "colspan"}
    notes: list = field(default_factory=list)  # footnotes: [number, inline HTML]
    heading_like: bool = False  # all bold and short: offered to the editor as a heading

    def as_data(self):
        return asdict(self)


class Elements(list):
    """The elements a reader collects, refused as soon as there are more than a plan can have."""

    def __init__(self):
        super().__init__()
        self.characters = 0

    def append(self, element):
        self.characters += len(element.html) + sum(len(cell) for row in element.rows or () for cell in row)
        if len(self) >= MAX_ELEMENTS or self.characters > MAX_CHARACTERS:
            raise too_long()
        super().append(element)


def too_long():
    """The refusal of a document longer than any plan, as soon as a reader sees it."""
    return Refused(_("The document is longer than any plan (more than %(blocks)s paragraphs, lists and "
                     "tables, or %(millions)s million characters). Import it in parts, chapter by chapter.")
                   % {"blocks": f"{MAX_ELEMENTS:,}".replace(",", " "), "millions": MAX_CHARACTERS // 1_000_000})


@dataclass
class ReadDocument:
    elements: list
    warnings: list = field(default_factory=list)

    def as_data(self):
        return {"elements": [element.as_data() for element in self.elements], "warnings": list(self.warnings)}

    @classmethod
    def from_data(cls, data):
        return cls(elements=[Element(**item) for item in data["elements"]], warnings=list(data["warnings"]))

    @property
    def heading_candidates(self):
        """(index, text) of the bold lines that may be headings typed by hand."""
        return [(index, element.html) for index, element in enumerate(self.elements) if element.heading_like]


@dataclass
class ParsedChapter:
    title: str
    blocks: list = field(default_factory=list)  # raw stream data items: {"type": ..., "value": ...}
    number: int = 0  # 0: an unnumbered part, e.g. an introduction
    numbered_in_file: bool = False
    source: int = 0  # index of its heading among the file's elements: stable when lines are promoted


@dataclass
class AssembledDocument:
    front_matter: list  # blocks before the first chapter heading
    chapters: list  # ParsedChapter
    warnings: list


# --- chapter numbers ------------------------------------------------------------------------------

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_NUMBER = r"(?P<number>\d{1,3}|[IVXLC]{1,7})"
_NUMBERED_TITLE = [
    re.compile(r"^(?P<label>rozdział|rozdz\.|część|cz\.)\s*" + _NUMBER
               + r"(?![\w.]\w)[.:)]?\s*[-–—:.]?\s*(?P<title>.*)$", re.IGNORECASE),
    re.compile(r"^(?P<number>\d{1,3})[.)]?(?!\d)\s+[-–—:.]?\s*(?P<title>.+)$"),
    re.compile(r"^(?P<number>[IVXLC]{1,7})[.)]\s*[-–—:]?\s*(?P<title>.+)$"),
    re.compile(r"^(?P<number>\d{1,3}|[IVXLC]{1,7})[.)]?$"),  # a number alone: the title may follow
]
# "A. Diagnoza", "B. Strategia": chapters labelled by letters, numbered by the letter's place.
_LETTERED_TITLE = re.compile(r"^(?P<letter>[A-Z])[.)]\s*[-–—:]?\s*(?P<title>.+)$")
# Roman numerals as chapters are numbered: well formed and below 50 (XLIX); a single letter other
# than I, V or X is a letter label ("C. Wdrażanie" is chapter 3, never 100; "L. Lista" is 12).
_CHAPTER_ROMAN = re.compile(r"^(?:XL|X{0,3})(?:IX|IV|V?I{0,3})$")
# Parts of a plan that are not chapters of its substance: left unnumbered when they carry no number
# (an introduction, the app's own "Część wstępna", a summary, lists and annexes).
UNNUMBERED_TITLES = re.compile(
    r"^(wstęp|wprowadzenie|przedmowa|słowo wstępne|część wstępna|streszczenie|słownik|załącznik|załączniki|"
    r"aneks|bibliografia|(wykaz|spis) (skrótów|treści|tabel|rysunków|wykresów|map|ilustracji|załączników)|"
    r"introduction|foreword|summary|abbreviations|contents|annex|appendix|bibliography|glossary)\b",
    re.IGNORECASE)


def roman_value(text):
    """The value of a Roman numeral, in capitals or not ("IV", "iv": 4)."""
    total, previous = 0, 0
    for char in reversed(text.upper()):
        value = _ROMAN[char]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total


def split_number(title, *, letters=False):
    """(number, title without it) of a chapter heading such as "Rozdział 3. Cele", "3. Cele",
    "III. Cele" or "C. Cele" (3: a letter label by its place in the alphabet); (0, title) when it
    carries no number. With `letters`, "I.", "V." and "X." are letters too (the file labels its
    chapters A., B., …, I.)."""
    title = " ".join(title.split())
    if letters:
        match = _LETTERED_TITLE.match(title)
        if match:
            return ord(match.group("letter")) - ord("A") + 1, match.group("title").strip()
    for pattern in _NUMBERED_TITLE:
        match = pattern.match(title)
        if match is None:
            continue
        raw = match.group("number")
        if raw.isdigit():
            return int(raw), match.groupdict().get("title", "").strip()
        if raw.isupper() and _CHAPTER_ROMAN.match(raw):
            return roman_value(raw), match.groupdict().get("title", "").strip()
    match = _LETTERED_TITLE.match(title)
    if match and match.group("letter") not in "IVX":
        return ord(match.group("letter")) - ord("A") + 1, match.group("title").strip()
    return 0, title


def is_lettered(title):
    """Whether a heading is labelled by a letter that cannot be a Roman numeral ("A.", "B.", "C.")."""
    match = _LETTERED_TITLE.match(" ".join(title.split()))
    return bool(match) and match.group("letter") not in "IVX"


def _number_only_title(text):
    """The title of a chapter whose heading is only its number and no title follows: the word before
    the number ("Rozdział"), else "Chapter" — never the number again, which the site shows anyway."""
    match = _NUMBERED_TITLE[0].match(" ".join(text.split()))
    if match:
        label = match.group("label").lower()
        return {"rozdz.": "Rozdział", "cz.": "Część"}.get(label, label.capitalize())
    return _("Chapter")


# --- assembling -----------------------------------------------------------------------------------

def assemble(document, promoted=None):
    """Chapters and front matter of `document`; `promoted` maps element indexes of bold lines to the
    heading level the editor gave them (1: a chapter, 2: a section)."""
    promoted = promoted or {}
    front_matter, chapters, warnings = [], [], list(document.warnings)
    builder = _BlockBuilder()
    builder.start(front_matter)
    headings = []  # (chapter, number from the file)
    elements = document.elements
    chapter_indexes = [index for index, element in enumerate(elements)
                       if (element.level if element.kind == HEADING else promoted.get(index, 0)) == 1
                       and element.kind in (HEADING, PARAGRAPH)]
    letters = any(is_lettered(_heading_text(elements[index])) for index in chapter_indexes)
    index = 0
    while index < len(elements):
        element = elements[index]
        level = element.level if element.kind == HEADING else promoted.get(index, 0)
        if element.kind in (HEADING, PARAGRAPH) and level:
            text = _heading_text(element)
            if level == 1:
                heading_index = index
                number, title = split_number(text, letters=letters)
                number = element.number or number
                if not title and index + 1 < len(elements) and _can_be_title(elements[index + 1], index + 1,
                                                                                   promoted):
                    index += 1
                    title = _heading_text(elements[index])
                if not title and number:
                    title = _number_only_title(text)
                    warnings.append(_("The heading “%(heading)s” has only a number: the chapter is called "
                                      "“%(title)s”. Give it a title in the editor.") % {"heading": text, "title": title})
                chapter = ParsedChapter(title=(title or text)[:TITLE_MAX_CHARS], source=heading_index)
                chapters.append(chapter)
                headings.append((chapter, number))
                builder.start(chapter.blocks)
                if element.notes:
                    builder.notes(element.notes)
            else:
                builder.heading(text, level, notes=element.notes)
        else:
            builder.add(element)
        index += 1
    builder.finish()
    warnings.extend(_number_chapters(headings))
    return AssembledDocument(front_matter=front_matter, chapters=chapters, warnings=warnings)


def _heading_text(element):
    return html_to_plain_text(element.html) if element.kind == PARAGRAPH else element.html


def _can_be_title(element, index, promoted):
    """A chapter heading that is only "Rozdział 3" takes its title from the heading (or bold line)
    that follows, unless that one is the next chapter's number."""
    if not ((element.kind == HEADING and element.level >= 1) or promoted.get(index) or element.heading_like):
        return False
    return not element.number and not split_number(_heading_text(element))[0]


def _number_chapters(headings):
    """Numbers from the headings when any carries one; otherwise by order. Either way an
    introduction, a list or an annex without a number stays unnumbered (0), and so does a part after
    the last numbered chapter (read as an annex). A chapter without a number before a numbered one
    takes the number after the one before it when no heading has it and it is below the next; else
    it stays unnumbered, with a warning (returned)."""
    if not any(number for _chapter, number in headings):
        position = 0
        for chapter, _number in headings:
            if UNNUMBERED_TITLES.match(chapter.title):
                continue
            position += 1
            chapter.number = position
        return []
    used = {number for _chapter, number in headings if number}
    warnings, previous = [], 0
    for position, (chapter, number) in enumerate(headings):
        chapter.number, chapter.numbered_in_file = number, bool(number)
        following = next((later for _later, later in headings[position + 1:] if later), None)
        if not number and following and not UNNUMBERED_TITLES.match(chapter.title):
            if previous + 1 not in used and previous + 1 < following:
                chapter.number = previous + 1
                used.add(chapter.number)
            else:
                warnings.append(_("The chapter “%(title)s” has no number and stands among numbered chapters: "
                                  "it is imported as an unnumbered part. Number it in the file or in the editor.")
                                % {"title": chapter.title})
        previous = chapter.number or previous
    return warnings


def duplicate_numbers(numbers):
    """The chapter numbers (other than 0, unnumbered) that appear more than once."""
    seen, duplicates = set(), set()
    for number in numbers:
        if number and number in seen:
            duplicates.add(number)
        seen.add(number)
    return sorted(duplicates)


class _BlockBuilder:
    """Makes stream blocks of elements: consecutive items of one list become one list block with
    its nesting; footnotes follow their paragraph inside its block, or come after a list or table."""

    def __init__(self):
        self.target = None
        self.pending_items = []
        self.list_starts = {}  # list id → how many top-level items of it were seen (Word continues lists)

    def start(self, blocks):
        self.finish()
        self.target = blocks

    def add(self, element):
        if element.kind == ITEM:
            if self.pending_items and self.pending_items[0].list_id != element.list_id:
                self._flush_list()
            self.pending_items.append(element)
            return
        self._flush_list()
        if element.kind == PARAGRAPH and element.html:
            notes = "".join(_note_html(number, text) for number, text in element.notes)
            self.target.append({"type": "paragraph", "value": f"<p>{element.html}</p>{notes}"})
        elif element.kind == TABLE and element.rows:
            rows, merges = _with_notes_row(element.rows, list(element.merges or ()), element.notes)
            value = {"data": rows, "first_row_is_table_header": True, "first_col_is_header": False,
                     "table_caption": ""}
            if merges:
                value["mergeCells"] = merges
                value["cell"] = _hidden_cells(merges)
            self.target.append({"type": "table", "value": value})
        elif element.kind == HEADING:
            self.heading(element.html, max(element.level, 2), notes=element.notes)

    def heading(self, text, level, notes=()):
        self._flush_list()
        if text:
            self.target.append({"type": "heading", "value": {"text": text[:TITLE_MAX_CHARS],
                                                             "level": f"h{min(max(level, 2), 4)}"}})
        self.notes(notes)

    def notes(self, notes):
        if notes:
            self.target.append({"type": "paragraph", "value": "".join(_note_html(n, t) for n, t in notes)})

    def _flush_list(self):
        items, self.pending_items = self.pending_items, []
        if not items:
            return
        top = min(item.level for item in items)
        first = items[0]
        seen = self.list_starts.get(first.list_id, 0) if first.list_id else 0
        roots = _nest(items, top)
        value = {"ordered": first.ordered, "numbering": first.number_format if first.ordered else "",
                 "start": (first.number or seen + 1) if first.ordered else 1, "items": [_item_html(node) for node in roots]}
        if first.list_id:
            self.list_starts[first.list_id] = seen + len(roots)
        self.target.append({"type": "list", "value": value})
        self.notes([note for item in items for note in item.notes])

    def finish(self):
        if self.target is not None:
            self._flush_list()


def _with_notes_row(rows, merges, notes):
    """A table's footnotes as its last row, one cell across the table, as printed tables have them:
    the notes stay part of the table that people comment on."""
    if not notes:
        return rows, merges
    width = max(len(row) for row in rows)
    text = "\n".join(f"[{number}] {html_to_plain_text(note)}" for number, note in notes)
    rows = [*rows, [text] + [""] * (width - 1)]
    if width > 1:
        merges = [*merges, {"row": len(rows) - 1, "col": 0, "rowspan": 1, "colspan": width}]
    return rows, merges


def _note_html(number, text):
    return f"<p><sup>{number}</sup> {text}</p>"


def _hidden_cells(merges):
    hidden = []
    for merge in merges:
        for row in range(merge["row"], merge["row"] + merge["rowspan"]):
            for col in range(merge["col"], merge["col"] + merge["colspan"]):
                if (row, col) != (merge["row"], merge["col"]):
                    hidden.append({"row": row, "col": col, "hidden": True})
    return hidden


def _nest(items, top):
    """Items as a tree: [(item, children)], a deeper item being a child of the item before it."""
    roots, stack = [], []
    for item in items:
        node = (item, [])
        while stack and stack[-1][0].level >= item.level:
            stack.pop()
        (stack[-1][1] if stack and item.level > top else roots).append(node)
        stack.append(node)
    return roots


def _item_html(node):
    item, children = node
    return f"<p>{item.html}</p>{_nested_html(children)}"


def _nested_html(children):
    if not children:
        return ""
    first = children[0][0]
    tag = "ol" if first.ordered else "ul"
    kind = LIST_TYPES.get(first.number_format, "1") if first.ordered else "1"
    opening = f'<{tag} type="{kind}">' if kind != "1" else f"<{tag}>"
    return opening + "".join(f"<li>{item.html}{_nested_html(grandchildren)}</li>"
                             for item, grandchildren in children) + f"</{tag}>"


def segments_html(segments):
    """Inline HTML of a reader's text segments — (text, bold, italic, link) or a footnote marker
    (…, number) — adjacent text of the same formatting joined, footnote markers as <sup>."""
    parts, current, text = [], None, []

    def flush():
        if current is None or not text:
            return
        raw = "".join(text)
        chunk = escape(raw.strip(), quote=False)
        if chunk:  # spaces around a formatted piece are left outside its tags
            bold, italic, href = current
            if bold:
                chunk = f"<b>{chunk}</b>"
            if italic:
                chunk = f"<i>{chunk}</i>"
            if href:
                chunk = f'<a href="{escape(href)}">{chunk}</a>'
        parts.append(raw[:len(raw) - len(raw.lstrip())] + chunk + (raw[len(raw.rstrip()):] if chunk else ""))

    for segment in segments:
        if len(segment) == 5:  # a footnote's marker
            flush()
            current, text = None, []
            parts.append(f"<sup>{segment[4]}</sup>")
            continue
        if segment[1:4] != current:
            flush()
            current, text = segment[1:4], []
        text.append(segment[0])
    flush()
    return clean_inline_html(" ".join("".join(parts).split()) if parts else "")


def summary_of_warnings(counts):
    """Warnings in words from counts of what a reader could not keep as it was."""
    texts = {
        "tracked_changes": _("The document has tracked changes: they were imported as if accepted (insertions kept, "
                        "deletions left out). Check the text, or accept or reject the changes in Word or LibreOffice "
                        "and import again."),
        "images": _("Images, charts and text boxes are not imported (%(n)d found): add them in the editor."),
        "toc": _("The table of contents (%(n)d lines) was left out: the site shows its own."),
        "nested_tables": _("A table inside a table cell was written into the cell as lines of text (%(n)d found)."),
        "comments": _("Comments written in the document are not imported (%(n)d found)."),
    }
    return [texts[key] % {"n": count} if "%(n)d" in texts[key] else texts[key]
            for key, count in counts.items() if count and key in texts]
