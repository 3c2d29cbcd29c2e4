"""The report as PDF, with WeasyPrint: the page's own templates, printed on A4 (the table on landscape
pages, its header row repeated), numbered "page X of Y", tagged for screen readers (PDF/UA-1), with
its language (Polish unless the reader chose another) and its title. Fonts come from the system (DejaVu covers Polish letters); nothing is fetched
from the network.
"""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from consultation.core.conf import absolute_url
from consultation.reports.columns import DOCUMENT_COLUMNS, headers

STYLESHEET = "consultation/report-print.css"
PDF_VARIANT = "pdf/ua-1"  # tagged PDF (WeasyPrint 63+): structure, language and title for screen readers


def _css_string(text):
    """`text` as a CSS string: quotes, backslashes, line ends and "<" escaped."""
    escaped = "".join(f"\\{ord(ch):x} " if ch in '\\"<\n\r' else ch for ch in text)
    return f'"{escaped}"'


def page_counter_css():
    """The CSS `content` of the footer: "page X of Y" in the active language, with the page counters."""
    marker = "\x00"
    words = _("page %(page)s of %(pages)s") % {"page": f"{marker}page{marker}", "pages": f"{marker}pages{marker}"}
    parts = []
    for n, piece in enumerate(words.split(marker)):
        if n % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(_css_string(piece))
    # Safe: only escaped CSS strings and counter() calls.
    return mark_safe(" ".join(parts))  # nosec


def _no_fetching(url, *args, **kwargs):
    raise ValueError(f"The report's PDF fetches nothing: {url}")


def report_html(report):
    """The HTML that WeasyPrint prints: the same course, table and signatures as the page."""
    return render_to_string("consultation/report/pdf.html", {
        "report": report, "headers": headers(DOCUMENT_COLUMNS), "page_counter": page_counter_css(),
        "language": get_language() or "pl",
    })


def write_pdf(report, destination):
    """Write the report as PDF to `destination` (a path or a binary file)."""
    from weasyprint import CSS, HTML

    stylesheet = CSS(filename=finders.find(STYLESHEET), url_fetcher=_no_fetching)
    html = HTML(string=report_html(report), base_url=absolute_url("/"), url_fetcher=_no_fetching)
    html.write_pdf(destination, stylesheets=[stylesheet], pdf_variant=PDF_VARIANT,
                   custom_metadata=True)
