"""Reading an uploaded plan: Word (.docx), OpenDocument (.odt) or Markdown, by its extension.

Each reader gives a `document.ReadDocument`; `document.assemble` cuts it into chapters.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from consultation.core.refusals import Refused
from consultation.importing.document import assemble
from consultation.importing.markdown import read_markdown
from consultation.importing.opendocument import read_odt
from consultation.importing.word import MAX_UNPACKED_BYTES, read_docx

__all__ = ["MAX_UNPACKED_BYTES", "Refused", "parse_file", "read_file", "too_large"]


def too_large():
    return Refused(_("The file is too large (at most %(mb)s MB). Images are not imported anyway: save a copy "
                     "without them (in Word: compress or delete the pictures) and upload that.")
                   % {"mb": settings.DROGOWSKAZ_IMPORT_MAX_BYTES // (1024 * 1024)})


def read_file(name, content):
    """The elements of an uploaded file; refuses anything that is not a usable plan."""
    if not content:
        raise Refused(_("The file is empty."))
    if len(content) > settings.DROGOWSKAZ_IMPORT_MAX_BYTES:
        raise too_large()
    lower = (name or "").lower()
    if lower.endswith(".docx"):
        document = read_docx(content)
    elif lower.endswith(".odt"):
        document = read_odt(content)
    elif lower.endswith((".md", ".markdown", ".txt")):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Refused(_("The Markdown file must be saved as UTF-8 text.")) from None
        document = read_markdown(text)
    else:
        raise Refused(_("Upload a Word document (.docx), an OpenDocument text (.odt) or a Markdown file (.md)."))
    if not any(element.kind == "heading" and element.level == 1 or element.heading_like
               for element in document.elements):
        raise Refused(_("The document has no chapter headings (style Heading 1, or # in Markdown), nor bold "
                        "lines that could be promoted to headings."))
    return document


def parse_file(name, content):
    """The chapters of an uploaded file as its headings cut it (no lines promoted)."""
    return assemble(read_file(name, content)).chapters
