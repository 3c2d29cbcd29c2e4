"""The one place that cleans and formats text written by people.

Comment fields are plain text, stored as typed: nothing between angle brackets is lost ("a<b>c",
"Fundacja <Nowa> & Co" stay what they say) and entities are not decoded ("&lt;" stays "&lt;").
Only invisible characters are dropped on the way in. On the way out the text is escaped, its web
addresses made links with rel="nofollow ugc noopener", and its line breaks kept.

HTML from imported documents is cleaned with nh3 (bleach, which did it before, is deprecated
upstream). Only this module imports an HTML sanitiser.
"""

import html
import re
import unicodedata
from html.parser import HTMLParser

import nh3
from django.utils.safestring import mark_safe

# Characters that change how text looks without being seen: control characters (Cc) other than
# the line feed and the tab, format characters (Cf: zero-width spaces and joiners, bidirectional
# overrides and isolates, the byte-order mark, invisible "tag" letters) and lone surrogates (Cs),
# which cannot even be written out as UTF-8.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
_KEPT_CONTROLS = frozenset("\n\t")
_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACE_BEFORE_NEWLINE = re.compile(r"[^\S\n]+\n")
_THREE_OR_MORE_NEWLINES = re.compile(r"\n{3,}")


def _without_invisible(text):
    if text.isascii():
        return _ASCII_CONTROLS.sub("", text)
    return "".join(
        char for char in text
        if char in _KEPT_CONTROLS or unicodedata.category(char) not in _INVISIBLE_CATEGORIES
    )


def clean_plain_text(value, *, multiline=True):
    """Return `value` as plain text to store: exactly what was typed, normalised.

    Normalisation: Unicode NFC; line breaks as "\\n" (CRLF, CR and the Unicode line and paragraph
    separators); control and invisible formatting characters removed (bidirectional overrides and
    zero-width characters let a name or a comment look different from what it says); white space
    at the ends and at the end of each line removed; at most one empty line in a row. In
    single-line mode every run of white space becomes one space.

    Nothing else changes: angle brackets, ampersands and entities stay as typed, because the text
    is escaped wherever it is shown (`render_plain_text`, templates, exports).
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _without_invisible(text)
    if multiline:
        text = _SPACE_BEFORE_NEWLINE.sub("\n", text)
        text = _THREE_OR_MORE_NEWLINES.sub("\n\n", text)
        text = text.strip()
    else:
        text = " ".join(text.split())
    # Removing a character between a letter and its accent can leave a pair that NFC composes.
    return unicodedata.normalize("NFC", text)


# Web addresses in plain text: with a scheme (http, https), starting with "www.", or a bare domain
# under a known top-level domain ("rops.lubelskie.pl"). An address does not start inside a word,
# an e-mail address or another address ("ftp://x.pl" is not linked as "x.pl").
_TLDS = (
    "pl|eu|com|org|net|edu|gov|int|info|biz|io|app|dev|online|site|"
    "at|be|bg|by|ca|ch|cz|de|dk|ee|es|fi|fr|gr|hr|hu|ie|it|lt|lu|lv|nl|no|pt|ro|se|si|sk|ua|uk|us"
)
_LINK = re.compile(
    r"""(?<!\w)(?P<scheme>https?://)[^\s<>"'`]+
      | (?<![\w@./:+-])(?:
        www\.[^\s<>"'`]+
      | (?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,10}(?:""" + _TLDS + r""")(?![\w-])(?:[/?#][^\s<>"'`]*)?
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_MAY_HAVE_LINK = re.compile(r"https?://|www\.|[a-z0-9-]\.[a-z]{2,}", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?…»”’*"
_BRACKETS = {")": "(", "]": "[", "}": "{"}


def _trim_address(address):
    """The address without the punctuation that ends the sentence around it."""
    while address:
        last = address[-1]
        if last in _TRAILING_PUNCTUATION or (
            last in _BRACKETS and address.count(_BRACKETS[last]) < address.count(last)
        ):
            address = address[:-1]
        else:
            break
    return address


def _linked(text):
    """Escaped `text` with its web addresses as links; every piece of the text is escaped."""
    if not _MAY_HAVE_LINK.search(text):
        return html.escape(text, quote=True)
    parts, position = [], 0
    for match in _LINK.finditer(text):
        address = _trim_address(match.group(0))
        host_part = address[len(match.group("scheme") or ""):]
        if "." not in host_part.split("/", 1)[0].strip("."):
            continue  # "https://" alone, or "https://localhost"
        start, end = match.start(), match.start() + len(address)
        href = address if match.group("scheme") else "http://" + address
        parts.append(html.escape(text[position:start], quote=True))
        parts.append(f'<a href="{html.escape(href, quote=True)}" rel="nofollow ugc noopener">'
                     f"{html.escape(address, quote=True)}</a>")
        position = end
    parts.append(html.escape(text[position:], quote=True))
    return "".join(parts)


def render_plain_text(value):
    """Escape plain text for HTML, turn web addresses into safe links and line breaks into <br>."""
    paragraphs = [_linked(p).replace("\n", "<br>") for p in (value or "").split("\n\n") if p.strip()]
    # Reviewed: every piece of text is escaped in _linked.
    return mark_safe("".join(f"<p>{p}</p>" for p in paragraphs))  # nosec


# The block-level elements of HTML, as the HTML5 parser that bleach used (html5lib_shim) lists them.
HTML_TAGS_BLOCK_LEVEL = frozenset({
    "address", "article", "aside", "blockquote", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "ul",
})


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


class _ListLineCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines = [[0, ""]]
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("ol", "ul"):
            self.depth += 1
        elif tag == "li":
            self.lines.append([self.depth, ""])

    def handle_endtag(self, tag):
        if tag in ("ol", "ul"):
            self.depth = max(self.depth - 1, 0)

    def handle_data(self, data):
        self.lines[-1][1] += data


def list_item_lines(value):
    """[(depth, plain text)] of one list item's HTML: the item (depth 0) and each item of the lists
    nested in it, so that a sublist reads as indented lines, not one run-on sentence."""
    collector = _ListLineCollector()
    collector.feed(str(value or ""))
    collector.close()
    return [(depth, " ".join(text.split())) for depth, text in collector.lines if text.strip()]


def clean_inline_html(value):
    """Inline HTML from an imported document as Wagtail rich text keeps it: <b>, <i>, web links and
    <sup> (a footnote's number).

    Other tags are dropped with their text kept (the text of <script> and <style> is dropped too);
    links keep only an http, https or mailto address, and no rel is added (rich text has none).
    """
    value = re.sub(r"<(/?)strong>", r"<\1b>", str(value or ""))
    value = re.sub(r"<(/?)em>", r"<\1i>", value)
    cleaned = nh3.clean(value, tags={"b", "i", "a", "sup"}, attributes={"a": {"href"}},
                        url_schemes={"http", "https", "mailto"}, link_rel=None, strip_comments=True)
    return cleaned.strip()
