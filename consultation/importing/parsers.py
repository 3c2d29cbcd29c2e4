"""Reading a plan from a Word (DOCX) or Markdown file.

Heading 1 starts a chapter; lower headings become heading blocks; paragraphs, lists and tables
become blocks of their own kind; bold, italic and links are kept. The result is raw StreamField
data without block ids: consultation.importing.plan_import gives each block its id.
"""

import html
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from consultation.core.refusals import Refused
from consultation.core.sanitize import clean_inline_html


@dataclass
class ParsedChapter:
    title: str
    blocks: list = field(default_factory=list)  # raw stream data items: {"type": ..., "value": ...}


def parse_file(name, content):
    """Parse an uploaded file by its extension; refuses anything that is not a usable plan."""
    if not content:
        raise Refused(_("The file is empty."))
    if len(content) > settings.DROGOWSKAZ_IMPORT_MAX_BYTES:
        raise Refused(_("The file is too large (at most %(mb)s MB).")
                            % {"mb": settings.DROGOWSKAZ_IMPORT_MAX_BYTES // (1024 * 1024)})
    lower = (name or "").lower()
    if lower.endswith(".docx"):
        chapters = parse_docx(content)
    elif lower.endswith((".md", ".markdown", ".txt")):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Refused(_("The Markdown file must be saved as UTF-8 text.")) from None
        chapters = parse_markdown(text)
    else:
        raise Refused(_("Upload a Word document (.docx) or a Markdown file (.md)."))
    if not chapters:
        raise Refused(_("The document has no chapter headings (style Heading 1, or # in Markdown)."))
    return chapters


# --- Word -----------------------------------------------------------------------------------------

# A Word file is a ZIP of XML parts. Before any part is parsed, the package is checked so that a
# small hostile file cannot unpack to hundreds of megabytes (a "zip bomb") or carry a DOCTYPE with
# entities ("billion laughs"); a real plan of 5,000 paragraphs unpacks to a few megabytes.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_PARTS = 2000
MAX_RATIO = 200  # unpacked / packed size of one large part
RATIO_CHECKED_FROM = 1024 * 1024
XML_HEAD_BYTES = 4096


def check_docx_package(content):
    """Refuse a .docx whose package is not a ZIP, unpacks too large or declares a DOCTYPE."""
    import io

    try:
        package = zipfile.ZipFile(io.BytesIO(content))
        parts = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise Refused(_("This file is not a valid Word document (.docx).")) from None
    too_large = _("The document unpacks to more than %(mb)d MB; it cannot be a plan. Save it again in Word "
                  "and check its images.") % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
    if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise Refused(too_large)
    for part in parts:
        if part.file_size > RATIO_CHECKED_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise Refused(too_large)
        if part.filename.endswith((".xml", ".rels")):
            try:
                with package.open(part) as stream:
                    head = stream.read(XML_HEAD_BYTES)
            except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError):
                raise Refused(_("This file is not a valid Word document (.docx).")) from None
            if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                raise Refused(_("The document contains XML declarations that Word never writes; it is refused. "
                                "Save it again in Word."))


def parse_docx(content):
    import io

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    check_docx_package(content)
    try:
        document = Document(io.BytesIO(content))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.LxmlError, EOFError):
        raise Refused(_("This file is not a valid Word document (.docx).")) from None
    builder = _Builder()
    for item in document.iter_inner_content():
        if hasattr(item, "rows"):
            builder.table([[cell.text.strip() for cell in row.cells] for row in item.rows])
            continue
        style = (item.style.name if item.style is not None else "").lower()
        level = _heading_level(style)
        text = item.text.strip()
        if level:
            builder.heading(level, text)
        elif not text:
            continue
        elif _is_list(item, style):
            builder.list_item(_docx_inline(item), ordered="number" in style)
        else:
            builder.paragraph(_docx_inline(item))
    return builder.finish()


def _heading_level(style):
    for prefix in ("heading ", "nagłówek "):
        if style.startswith(prefix) and style[len(prefix):].strip().isdigit():
            return int(style[len(prefix):].strip())
    return 0


def _is_list(paragraph, style):
    if style.startswith(("list", "lista")):
        return True
    properties = paragraph._p.pPr
    return properties is not None and properties.numPr is not None


def _docx_inline(paragraph):
    parts = []
    for item in paragraph.iter_inner_content():
        if hasattr(item, "address"):  # a hyperlink
            text = html.escape(item.text)
            parts.append(f'<a href="{html.escape(item.address)}">{text}</a>' if item.address else text)
            continue
        text = html.escape(item.text)
        if item.bold:
            text = f"<b>{text}</b>"
        if item.italic:
            text = f"<i>{text}</i>"
        parts.append(text)
    return clean_inline_html("".join(parts))


# --- Markdown -------------------------------------------------------------------------------------

def parse_markdown(text):
    from markdown_it import MarkdownIt

    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = markdown.parse(text)
    builder = _Builder()
    index = 0
    list_stack = []
    row, rows = None, None
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            builder.heading(int(token.tag[1]), tokens[index + 1].content.strip())
            index += 2
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_stack.append(token.type == "ordered_list_open")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_stack.pop()
            if not list_stack:
                builder.end_list()
        elif token.type == "inline" and list_stack:
            builder.list_item(clean_inline_html(markdown.renderer.renderInline(token.children, markdown.options, {})),
                              ordered=list_stack[0])
        elif token.type == "inline" and rows is not None:
            row.append(token.content.strip())
        elif token.type == "inline":
            builder.paragraph(clean_inline_html(markdown.renderer.renderInline(token.children, markdown.options, {})))
        elif token.type == "table_open":
            rows = []
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            rows.append(row)
        elif token.type == "table_close":
            builder.table(rows)
            rows = None
        index += 1
    return builder.finish()


# --- shared ---------------------------------------------------------------------------------------

class _Builder:
    """Collects blocks into chapters; consecutive list items make one list."""

    def __init__(self):
        self.chapters = []
        self.pending_list = None

    def _current(self):
        return self.chapters[-1] if self.chapters else None

    def _add(self, block):
        self.end_list()
        if self._current() is not None:  # text before the first chapter heading is not part of a chapter
            self._current().blocks.append(block)

    def heading(self, level, text):
        self.end_list()
        if not text:
            return
        if level == 1:
            self.chapters.append(ParsedChapter(title=text[:255]))
        else:
            self._add({"type": "heading", "value": {"text": text[:255], "level": f"h{min(max(level, 2), 4)}"}})

    def paragraph(self, inline_html):
        if inline_html:
            self._add({"type": "paragraph", "value": f"<p>{inline_html}</p>"})

    def list_item(self, inline_html, ordered):
        if self._current() is None or not inline_html:
            return
        if self.pending_list is not None and self.pending_list["value"]["ordered"] != ordered:
            self.end_list()
        if self.pending_list is None:
            self.pending_list = {"type": "list", "value": {"ordered": ordered, "items": []}}
            self._current().blocks.append(self.pending_list)
        self.pending_list["value"]["items"].append(f"<p>{inline_html}</p>")

    def end_list(self):
        self.pending_list = None

    def table(self, rows):
        rows = [row for row in rows if any(cell for cell in row)]
        if rows:
            self._add({"type": "table", "value": {"data": rows, "first_row_is_table_header": True,
                                                  "first_col_is_header": False, "table_caption": ""}})

    def finish(self):
        self.end_list()
        return [chapter for chapter in self.chapters if chapter.title]
