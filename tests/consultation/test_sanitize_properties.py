"""Properties of plain text over arbitrary Unicode (hypothesis): what is displayed is what was typed
after normalisation, nothing typed is lost, and no tag from the input ever renders."""

import html
import re
import unicodedata
from html.parser import HTMLParser

from hypothesis import example, given, settings
from hypothesis import strategies as st

from consultation.core.sanitize import clean_plain_text, render_plain_text

# Pieces that make the generated text look like markup, entities, addresses and invisible tricks,
# mixed with arbitrary Unicode (any code point but surrogates, which no form can send).
TRICKY = [
    "<", ">", "&", '"', "'", "/", "=", " ", "\n", "\r\n", "\r", "\t", "\n\n\n", "\u00a0", "\u3000",
    "<b>", "</b>", "<p>", "</p>", "<br>", "<script>", "</script>", "<a href=\"javascript:alert(1)\">",
    "<img src=x onerror=alert(1)>", "<!--", "-->", "<![CDATA[", "<?", "<!DOCTYPE html>", "&lt;", "&gt;",
    "&amp;", "&#60;", "&#x3C;", "&nbsp;", "&", "‹", "›", "«", "»", "„", "”", "http://", "https://", "www.",
    "example.org", "rops.lubelskie.pl", ".pl", "(", ")", ".", ",", "!", "?", "javascript:", "mailto:",
    "\u202e", "\u202d", "\u2066", "\u200b", "\u200d", "\ufeff", "\u2028", "\u2029", "\x00", "\x0b", "\x1b",
    "\x85", "\U000e0041", "\u0301", "e\u0301", "Zażółć",
]
typed_text = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(TRICKY)), max_size=40).map("".join)

OWN_TAGS = re.compile(r'</?p>|<br>|<a href="https?://[^"<>]*" rel="nofollow ugc noopener">|</a>')


class RenderedHTML(HTMLParser):
    """What a browser would build from the output: the tags, and the text a reader sees."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.other = [], [], []
        self.paragraphs = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "p":
            if self.paragraphs:
                self.text.append("\n\n")
            self.paragraphs += 1
        elif tag == "br":
            self.text.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.other.append(f"<{tag}/>")

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.other.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.other.append(f"<!{decl}>")

    def unknown_decl(self, data):
        self.other.append(f"<![{data}]>")

    def handle_pi(self, data):
        self.other.append(f"<?{data}>")


def displayed(rendered):
    """The output with our own <p>, <br> and <a> tags taken out, HTML-unescaped."""
    text = rendered.replace("</p><p>", "\n\n").replace("<br>", "\n")
    return html.unescape(OWN_TAGS.sub("", text))


@settings(max_examples=400, deadline=None)
@given(typed_text)
@example("a<b>c")
@example("Zapis ‹wzór> obowiązuje")
@example("Fundacja <Nowa> & Co")
@example("x < y > z")
@example("&lt;script&gt;alert(1)&lt;/script&gt;")
@example("Zob. https://example.org/a?b=1&c=<d>.")
def test_what_is_displayed_is_what_was_typed_after_normalisation(typed):
    stored = clean_plain_text(typed)
    rendered = str(render_plain_text(stored))
    assert displayed(rendered) == stored
    # The same seen through an HTML parser: the text a browser shows is the stored text.
    parser = RenderedHTML()
    parser.feed(rendered)
    parser.close()
    assert "".join(parser.text) == stored


@settings(max_examples=400, deadline=None)
@given(typed_text)
def test_no_tag_from_the_input_renders(typed):
    parser = RenderedHTML()
    parser.feed(str(render_plain_text(clean_plain_text(typed))))
    parser.close()
    assert parser.other == []
    for tag, attrs in parser.tags:
        assert tag in {"p", "br", "a"}, tag
        if tag == "a":
            assert set(attrs) == {"href", "rel"} and attrs["rel"] == "nofollow ugc noopener"
            assert attrs["href"].startswith(("http://", "https://"))
        else:
            assert attrs == {}


@settings(max_examples=400, deadline=None)
@given(typed_text, st.booleans())
@example(typed="A \u0300", multiline=False)  # an accent typed after a space: compared in NFC once joined
def test_normalisation_keeps_every_visible_character_and_is_stable(typed, multiline):
    stored = clean_plain_text(typed, multiline=multiline)
    assert clean_plain_text(stored, multiline=multiline) == stored
    assert unicodedata.is_normalized("NFC", stored)
    assert not any(unicodedata.category(c) in {"Cc", "Cf", "Cs"} for c in stored if c not in "\n\t")
    if not multiline:
        assert "\n" not in stored

    def visible(text):
        text = unicodedata.normalize("NFC", text)
        kept = "".join(c for c in text if unicodedata.category(c) not in {"Cc", "Cf", "Cs"})
        return unicodedata.normalize("NFC", "".join(kept.split()))

    # Nothing typed is lost: the same visible characters, in the same order, only white space differs.
    # (Compared in NFC: a combining accent typed after a line break composes once the break is gone.)
    assert unicodedata.normalize("NFC", "".join(stored.split())) == visible(typed)
