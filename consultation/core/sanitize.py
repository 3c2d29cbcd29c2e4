"""The one place that cleans and formats text written by people (STYLE habit 3).

Comment fields are plain text: every tag is stripped on the way in, and on the way out the text
is escaped, its links made clickable with rel="nofollow ugc", and its line breaks kept.
Only this module imports bleach.
"""

import html
import re
import unicodedata
from html.parser import HTMLParser

import bleach
from bleach.html5lib_shim import HTML_TAGS_BLOCK_LEVEL
from bleach.linkifier import Linker
from django.utils.safestring import mark_safe

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_plain_text(value, *, multiline=True):
    """Return `value` as plain text: tags stripped, entities decoded, invisible controls removed.

    Bidirectional overrides and zero-width characters are dropped because they let a name or a
    comment look different from what it says.
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = bleach.clean(text, tags=set(), attributes={}, strip=True, strip_comments=True)
    text = html.unescape(text)
    # A second pass: entities such as &lt;script&gt; become tags only after unescaping.
    text = bleach.clean(text, tags=set(), attributes={}, strip=True, strip_comments=True)
    text = html.unescape(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CHARS.sub("", text)
    if not multiline:
        text = " ".join(text.split())
    else:
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _nofollow_ugc(attrs, new=False):
    href_key = (None, "href")
    href = attrs.get(href_key, "")
    if not href.startswith(("http://", "https://")):
        return None  # keep only web links; anything else stays plain text
    attrs[(None, "rel")] = "nofollow ugc noopener"
    return attrs


_linker = Linker(callbacks=[_nofollow_ugc], parse_email=False)
_MAY_HAVE_LINK = re.compile(r"https?:|www\.|[a-z0-9-]\.[a-z]{2,}\b", re.IGNORECASE)


def render_plain_text(value):
    """Escape plain text for HTML, turn web addresses into safe links and line breaks into <br>."""
    escaped = html.escape(value or "", quote=True)
    # Parsing for links is the costly part; text without a web address has none to find.
    linked = _linker.linkify(escaped) if _MAY_HAVE_LINK.search(escaped) else escaped
    paragraphs = [p.replace("\n", "<br>") for p in linked.split("\n\n") if p.strip()]
    # Reviewed: every piece of text is escaped above.
    return mark_safe("".join(f"<p>{p}</p>" for p in paragraphs))  # nosec


class _TextCollector(HTMLParser):
    """Collects text as bleach's stripping did: a block-level start tag after another tag breaks
    the words apart, every other tag joins them (snapshots stored earlier compare equal)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.after_tag = False

    def handle_starttag(self, tag, attrs):
        if tag in HTML_TAGS_BLOCK_LEVEL and self.after_tag:
            self.parts.append("\n")
        self.after_tag = True

    def handle_endtag(self, tag):
        self.after_tag = True

    def handle_data(self, data):
        self.parts.append(data)


def html_to_plain_text(value):
    """Plain text of trusted editor HTML (rich text), for snapshots, comparisons and exports.

    The text between the tags, entities decoded once, white space collapsed. The standard
    library's parser is enough for HTML our own editor wrote, and a chapter page needs the text
    of every commented paragraph on each view.
    """
    collector = _TextCollector()
    collector.feed(str(value or ""))
    collector.close()
    return " ".join("".join(collector.parts).split())


def clean_inline_html(value):
    """Inline HTML from an imported document as Wagtail rich text keeps it: <b>, <i> and web links."""
    value = re.sub(r"<(/?)strong>", r"<\1b>", str(value or ""))
    value = re.sub(r"<(/?)em>", r"<\1i>", value)
    cleaned = bleach.clean(value, tags={"b", "i", "a"}, attributes={"a": ["href"]},
                           protocols={"http", "https", "mailto"}, strip=True)
    return cleaned.strip()
