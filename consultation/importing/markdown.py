"""Reading a Markdown file into `document.Element`s.

CommonMark with tables and footnotes (`[^1]`); raw HTML is shown as text, never interpreted. "#"
starts a chapter; lists keep their nesting and the number they start from; formatting in a heading
or a table cell is read, not shown as asterisks.
"""

import re
from html import escape

from consultation.core.sanitize import clean_inline_html, html_to_plain_text
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
    summary_of_warnings,
)

_ALL_BOLD = re.compile(r"^<b>[^<]*</b>$")

# markdown-it tokenises the whole text before any element exists, at about 2 KB per list item and
# 700 bytes per character of inline markup, so a text is measured before it is tokenised: a plan of
# 5,000 paragraphs (3 MB) has about 5,000 non-empty lines and 30,000 such characters.
MAX_LINES = 60_000
MAX_MARKUP = 200_000
_MARKUP = "*_`[]!<&\\|~"
_NON_EMPTY_LINE = re.compile(r"^[ \t]*\S", re.MULTILINE)


def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    return MarkdownIt("commonmark", {"html": False}).enable("table").use(footnote_plugin)


class _Reader:
    def __init__(self, markdown):
        self.markdown = markdown
        self.note_numbers = {}  # footnote id → its number in reading order
        self.note_texts = {}
        self.counts = {"images": 0}
        self.elements = Elements()

    def inline_html(self, token, notes, plain=False, markers=True):
        """Inline HTML of an inline token; footnote references become <sup> numbers (in plain text,
        a table cell's, "[1]"; none in a heading's title, `markers` false) kept in `notes`, each note
        once; images are counted, not kept."""
        parts, pending = [], []
        for child in token.children or []:
            if child.type == "image":
                self.counts["images"] += 1
            elif child.type == "footnote_ref":
                parts.append(self._render(pending))
                pending = []
                note_id = child.meta["id"]
                number = self.note_numbers.setdefault(note_id, len(self.note_numbers) + 1)
                if all(note[0] != number for note in notes):
                    notes.append([number, self.note_texts.get(note_id, "")])
                if markers:
                    parts.append(f"[{number}]" if plain else f"<sup>{number}</sup>")
            else:
                pending.append(child)
        parts.append(self._render(pending))
        return clean_inline_html("".join(parts))

    def _render(self, children):
        return self.markdown.renderer.renderInline(children, self.markdown.options, {}) if children else ""

    def collect_notes(self, tokens):
        note_id = None
        for token in tokens:
            if token.type == "footnote_open":
                note_id = token.meta["id"]
            elif token.type == "footnote_close":
                note_id = None
            elif token.type == "inline" and note_id is not None:
                text = self.inline_html(token, [])
                self.note_texts[note_id] = f"{self.note_texts[note_id]} {text}" if note_id in self.note_texts else text

    def read(self, tokens):
        self.collect_notes(tokens)
        lists = []  # the number format of each open list, outermost first ("" for bullets)
        list_number = 0
        item_has_text, first_number = False, 0
        rows, row, in_notes, table_notes = None, None, False, []
        for index, token in enumerate(tokens):
            kind = token.type
            if kind == "footnote_block_open":
                in_notes = True
            elif kind == "footnote_block_close":
                in_notes = False
            elif in_notes:
                continue
            elif kind == "heading_open":
                notes = []
                text = html_to_plain_text(self.inline_html(tokens[index + 1], notes, markers=False))
                self.elements.append(Element(kind=HEADING, html=text, level=int(token.tag[1]), notes=notes))
            elif kind in ("bullet_list_open", "ordered_list_open"):
                if not lists:
                    list_number += 1
                lists.append(("decimal-paren" if token.markup == ")" else "decimal")
                             if kind == "ordered_list_open" else "")
                first_number = int(token.attrs.get("start", 1)) if kind == "ordered_list_open" else 0
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "list_item_open":
                item_has_text = False
            elif kind == "inline" and tokens[index - 1].type == "heading_open":
                continue
            elif kind == "inline" and rows is not None:
                row.append(html_to_plain_text(self.inline_html(token, table_notes, plain=True)))
            elif kind == "inline" and lists:
                notes = []
                html = self.inline_html(token, notes)
                if item_has_text and self.elements and self.elements[-1].kind == ITEM:
                    self.elements[-1].html += " " + html
                    self.elements[-1].notes.extend(note for note in notes if note not in self.elements[-1].notes)
                else:
                    self.elements.append(Element(
                        kind=ITEM, html=html, level=len(lists) - 1, ordered=bool(lists[-1]),
                        number_format=lists[-1], list_id=f"md-{list_number}", notes=notes,
                        number=first_number))
                    first_number = 0
                item_has_text = True
            elif kind == "inline":
                notes = []
                html = self.inline_html(token, notes)
                self.elements.append(Element(kind=PARAGRAPH, html=html, notes=notes, heading_like=bool(
                    _ALL_BOLD.match(html)) and len(html_to_plain_text(html)) <= HEADING_LIKE_MAX_CHARS))
            elif kind in ("code_block", "fence") and token.content.strip():
                # Kept as a paragraph of its text: a plan has no code, but nothing typed is dropped.
                self.elements.append(Element(kind=PARAGRAPH, html=escape(" ".join(token.content.split()), quote=False)))
            elif kind == "table_open":
                rows, table_notes = [], []
            elif kind == "tr_open":
                row = []
            elif kind == "tr_close":
                rows.append(row)
            elif kind == "table_close":
                self.elements.append(Element(kind=TABLE, rows=rows, merges=[], notes=table_notes))
                rows = None
        return self.elements


def read_markdown(text):
    """The elements of a Markdown text, and a warning for images (not imported)."""
    _refuse_if_too_long(text)
    markdown = _parser()
    reader = _Reader(markdown)
    elements = reader.read(markdown.parse(text))
    return ReadDocument(elements=elements, warnings=summary_of_warnings(reader.counts))


def _refuse_if_too_long(text):
    """Refuse a text longer than any plan before tokenising it, which would take gigabytes."""
    if len(text) > document.MAX_CHARACTERS:
        raise document.too_long()
    lines = sum(1 for _line in _NON_EMPTY_LINE.finditer(text))
    if lines > MAX_LINES or sum(text.count(char) for char in _MARKUP) > MAX_MARKUP:
        raise document.too_long()
