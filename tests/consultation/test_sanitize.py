import pytest

from consultation.core.sanitize import clean_plain_text, html_to_plain_text, render_plain_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<script>alert(1)</script>Tekst", "alert(1)Tekst"),
        ("<b>pogrubiony</b> tekst", "pogrubiony tekst"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "alert(1)"),
        ('<img src=x onerror="alert(1)">obraz', "obraz"),
        ("<svg><animate onbegin=alert(1) attributeName=x></svg>ok", "ok"),
        ("Zażółć gęślą jaźń", "Zażółć gęślą jaźń"),
        ("a\u202eb\u200bc", "abc"),
        ("a < b i c > d", "a < b i c > d"),
    ],
)
def test_clean_plain_text_strips_markup_and_invisible_controls(raw, expected):
    assert clean_plain_text(raw) == expected


def test_clean_plain_text_single_line_collapses_whitespace():
    assert clean_plain_text("  Jan \n\n Kowalski ", multiline=False) == "Jan Kowalski"


def test_render_escapes_and_links_with_nofollow_ugc():
    html = render_plain_text('Zob. https://example.org/a?b=1 i <script>x</script> "cudzysłów"')
    assert '<a href="https://example.org/a?b=1" rel="nofollow ugc noopener">' in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&quot;cudzysłów&quot;" in html


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
