import pytest

from consultation.core.sanitize import clean_plain_text, html_to_plain_text, render_plain_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Stored as typed (defect 1 of issue 11): nothing between angle brackets is lost and no
        # entity is decoded; the text is escaped wherever it is shown (see test_render_*).
        ("<script>alert(1)</script>Tekst", "<script>alert(1)</script>Tekst"),
        ("<b>pogrubiony</b> tekst", "<b>pogrubiony</b> tekst"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<img src=x onerror="alert(1)">obraz', '<img src=x onerror="alert(1)">obraz'),
        ("<svg><animate onbegin=alert(1) attributeName=x></svg>ok", "<svg><animate onbegin=alert(1) attributeName=x></svg>ok"),
        ("Zażółć gęślą jaźń", "Zażółć gęślą jaźń"),
        ("a\u202eb\u200bc", "abc"),
        ("a < b i c > d", "a < b i c > d"),
        ("a<b>c", "a<b>c"),
        ("Zapis ‹wzór> obowiązuje", "Zapis ‹wzór> obowiązuje"),
        ("Fundacja <Nowa> & Co", "Fundacja <Nowa> & Co"),
        ("x < y > z", "x < y > z"),
    ],
)
def test_clean_plain_text_keeps_what_was_typed_and_drops_invisible_controls(raw, expected):
    assert clean_plain_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\u200b\u200c\u200d\u200e\u200f\u2060\ufeffb", "ab"),  # zero-width and the byte-order mark
        ("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069x\u061c", "x"),  # bidi controls
        ("a\x00b\x07c\x1bd\x7fe\x85f\x9fg", "abcdefg"),  # C0 and C1 controls
        ("tag\U000e0041\U000e0042s", "tags"),  # invisible "tag" letters
        ("e\u200b\u0301", "\u00e9"),  # NFC again once the invisible character is gone
        ("Zaz\u0307o\u0301\u0142c\u0301", "Zażółć"),  # NFC
        ("raz\r\ndwa\rtrzy\u2028cztery", "raz\ndwa\ntrzy\ncztery"),
        ("raz  \n\n \t\n\n\n\ndwa", "raz\n\ndwa"),  # at most one empty line, even of spaces
        ("  \n tekst \t\n ", "tekst"),
        ("\ttabela\tkolumna", "tabela\tkolumna"),
    ],
)
def test_clean_plain_text_normalisation(raw, expected):
    assert clean_plain_text(raw) == expected


def test_clean_plain_text_single_line_keeps_brackets():
    assert clean_plain_text(" Fundacja <Nowa>\n&amp; Co ", multiline=False) == "Fundacja <Nowa> &amp; Co"


def test_clean_plain_text_single_line_collapses_whitespace():
    assert clean_plain_text("  Jan \n\n Kowalski ", multiline=False) == "Jan Kowalski"


def test_render_escapes_and_links_with_nofollow_ugc():
    html = render_plain_text('Zob. https://example.org/a?b=1 i <script>x</script> "cudzysłów"')
    assert '<a href="https://example.org/a?b=1" rel="nofollow ugc noopener">' in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&quot;cudzysłów&quot;" in html


@pytest.mark.parametrize(("typed", "shown"), [
    ("a<b>c", "<p>a&lt;b&gt;c</p>"),
    ("Zapis ‹wzór> obowiązuje", "<p>Zapis ‹wzór&gt; obowiązuje</p>"),
    ("Fundacja <Nowa> & Co", "<p>Fundacja &lt;Nowa&gt; &amp; Co</p>"),
    ("x < y > z", "<p>x &lt; y &gt; z</p>"),
    ("&lt;", "<p>&amp;lt;</p>"),  # typed literally, shown literally
])
def test_render_shows_angle_brackets_and_entities_as_typed(typed, shown):
    assert render_plain_text(clean_plain_text(typed)) == shown


@pytest.mark.parametrize(("text", "address"), [
    ("Zob. https://example.org/strona.", "https://example.org/strona"),
    ("(zob. https://example.org/a_(b)), dalej", "https://example.org/a_(b)"),
    ("(zob. www.example.org)", "www.example.org"),
    ("Adres: https://example.org/?a=1&b=2!", "https://example.org/?a=1&amp;b=2"),
    ("„https://example.org/x”", "https://example.org/x"),
    ("<https://example.org/x>", "https://example.org/x"),
])
def test_render_links_without_the_punctuation_around_the_address(text, address):
    html = render_plain_text(text)
    href = address if address.startswith("http") else "http://" + address
    assert f'<a href="{href}" rel="nofollow ugc noopener">{address}</a>' in html


@pytest.mark.parametrize("text", ["jan@rops.lubelskie.pl", "ftp://rops.pl", "plik.pdf", "rops.plan",
                                  "https://", "data:text/html,<script>", "http:/example.org"])
def test_render_does_not_link_what_is_not_a_web_address(text):
    assert "<a" not in render_plain_text(text)


def test_render_does_not_link_javascript_urls():
    html = render_plain_text("javascript:alert(1) oraz ftp://x.example")
    assert "<a" not in html


def test_render_keeps_paragraphs_and_line_breaks():
    assert render_plain_text("raz\ndwa\n\ntrzy") == "<p>raz<br>dwa</p><p>trzy</p>"


def test_html_to_plain_text():
    assert html_to_plain_text("<p>Ala &amp; <i>kot</i></p>") == "Ala & kot"


@pytest.mark.parametrize("text", ["Zob. rops.lubelskie.pl", "www.example.org/strona", "https://example.org"])
def test_addresses_without_a_scheme_are_linked_too(text):
    assert '<a href="http' in render_plain_text(text)


def test_text_without_addresses_is_only_escaped():
    assert render_plain_text("Ala & kot, 2012 r. itd.") == "<p>Ala &amp; kot, 2012 r. itd.</p>"


@pytest.mark.parametrize("source, text", [
    ("<p>a &amp; b &lt;c&gt; &amp;lt;</p>", "a & b <c> &lt;"),  # entities decoded once, never twice
    ("<p>x<br/>y</p><p>z</p>", "xy z"),  # a block after a tag starts a new word; inline tags join
    ("<ul><li>one</li><li>two</li></ul>", "one two"),
    ("x<p>y</p>", "xy"),
    ("<p><b>Bold</b> <a href='https://example.org'>link</a>&nbsp;nb</p>", "Bold link nb"),
    ("<!-- note --><p>q</p>", "q"),
    ("<h2>a</h2>b<div>c</div>d", "ab cd"),
    ("", ""),
    (None, ""),
])
def test_plain_text_of_editor_html_is_what_earlier_snapshots_hold(source, text):
    """The same text as the bleach-based version that wrote the snapshots already stored, so a
    paragraph that did not change is never reported as changed."""
    assert html_to_plain_text(source) == text


@pytest.mark.parametrize(("source", "cleaned"), [
    ("Tekst <strong>gruby</strong>, <em>pochyły</em> i <a href='https://example.org'>link</a>.",
     'Tekst <b>gruby</b>, <i>pochyły</i> i <a href="https://example.org">link</a>.'),
    ('<a href="mailto:rops@example.org">napisz</a>', '<a href="mailto:rops@example.org">napisz</a>'),
    ('<a href="javascript:alert(1)" onclick="x()">klik</a>', "<a>klik</a>"),
    ("<script>alert(1)</script>tekst<style>p{}</style>", "tekst"),
    ('<img src=x onerror="alert(1)"><span style="x">a</span><!-- c -->', "a"),
    ("a &amp; b &lt;c&gt;", "a &amp; b &lt;c&gt;"),
])
def test_clean_inline_html_keeps_bold_italic_and_web_links(source, cleaned):
    from consultation.core.sanitize import clean_inline_html

    assert clean_inline_html(source) == cleaned
