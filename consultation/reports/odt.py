"""The report as ODT (OpenDocument text, safe under the KRI regulation), with odfpy: headings, the
course of the consultation, the count tables, the table of comments whose header row repeats on each
page (table:table-header-rows), and the signatures, on landscape A4 so the office can edit it. Its
pages are numbered "page X of Y" in the footer, in the language of the report, as the PDF's are.
"""

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from consultation.core.conf import absolute_url
from consultation.reports.columns import DOCUMENT_COLUMNS, headers, values

FONT = "DejaVu Sans"  # declared in office:font-face-decls; covers Polish letters


@dataclass(frozen=True)
class Link:
    """A cell's text that is a hyperlink (text:a) to an absolute address."""

    text: str
    href: str


def _absolute(url):
    return absolute_url(url) if url.startswith("/") else url


class _Writer:
    """An ODT text document with the few styles the report needs."""

    def __init__(self, title):
        from odf.opendocument import OpenDocumentText
        from odf.style import (
            FontFace,
            Footer,
            FooterStyle,
            HeaderFooterProperties,
            MasterPage,
            PageLayout,
            PageLayoutProperties,
            ParagraphProperties,
            Style,
            TableCellProperties,
            TableColumnProperties,
            TableProperties,
            TextProperties,
        )

        self.doc = doc = OpenDocumentText()
        language = (get_language() or "pl").split("-")[0]
        doc.meta.addElement(self._meta_title(title))
        layout = PageLayout(name="ReportPage")
        layout.addElement(PageLayoutProperties(pagewidth="29.7cm", pageheight="21cm", printorientation="landscape",
                                               margin="1.5cm"))
        footer_style = FooterStyle()
        footer_style.addElement(HeaderFooterProperties(minheight="0.5cm", margintop="0.3cm"))
        layout.addElement(footer_style)
        doc.automaticstyles.addElement(layout)
        doc.fontfacedecls.addElement(FontFace(name=FONT, fontfamily=f"'{FONT}'", fontfamilygeneric="swiss",
                                              fontpitch="variable"))

        def style(name, family, *properties, **attributes):
            made = Style(name=name, family=family, **attributes)
            for prop in properties:
                made.addElement(prop)
            doc.styles.addElement(made)
            return made

        text = TextProperties(fontname=FONT, fontsize="10pt", language=language)
        self.body = style("ReportBody", "paragraph", text, ParagraphProperties(margintop="0cm", marginbottom="0.1cm"))
        self.cell_text = style("ReportCellText", "paragraph",
                               TextProperties(fontname=FONT, fontsize="8pt", language=language),
                               ParagraphProperties(marginbottom="0.05cm"))
        self.cell_head = style("ReportCellHead", "paragraph",
                               TextProperties(fontname=FONT, fontsize="8pt", fontweight="bold", language=language))
        footer_text = style("ReportFooter", "paragraph", TextProperties(fontname=FONT, fontsize="8pt",
                                                                        language=language),
                            ParagraphProperties(textalign="end"))
        master = MasterPage(name="Standard", pagelayoutname=layout)
        footer = Footer()
        footer.addElement(self._page_counter(footer_text))
        master.addElement(footer)
        doc.masterstyles.addElement(master)
        self.headings = {level: style(f"ReportHeading{level}", "paragraph",
                                      TextProperties(fontname=FONT, fontsize=size, fontweight="bold",
                                                     language=language),
                                      ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm",
                                                          keepwithnext="always"),
                                      defaultoutlinelevel=str(level))
                         for level, size in ((1, "16pt"), (2, "13pt"), (3, "11pt"))}
        self.cell = Style(name="ReportCell", family="table-cell")
        self.cell.addElement(TableCellProperties(border="0.5pt solid #555555", padding="0.08cm"))
        doc.automaticstyles.addElement(self.cell)
        self.head_cell = Style(name="ReportHeadCell", family="table-cell")
        self.head_cell.addElement(TableCellProperties(border="0.5pt solid #555555", padding="0.08cm",
                                                      backgroundcolor="#e8e8e8"))
        doc.automaticstyles.addElement(self.head_cell)
        self.table_style = Style(name="ReportTable", family="table")
        self.table_style.addElement(TableProperties(width="26.7cm", align="left"))
        doc.automaticstyles.addElement(self.table_style)
        self._column_styles = {}
        self._TableColumnProperties = TableColumnProperties
        self._Style = Style

    @staticmethod
    def _page_counter(style):
        """The footer's paragraph: "page X of Y" in the active language, with page-number fields."""
        from odf.text import P, PageCount, PageNumber

        marker = "\x00"
        words = _("page %(page)s of %(pages)s") % {"page": f"{marker}page{marker}", "pages": f"{marker}pages{marker}"}
        paragraph = P(stylename=style)
        for n, piece in enumerate(words.split(marker)):
            if n % 2:
                field = PageNumber(selectpage="current") if piece == "page" else PageCount()
                field.addText("1")  # shown until the reader recomputes the fields
                paragraph.addElement(field)
            elif piece:
                paragraph.addText(piece)
        return paragraph

    @staticmethod
    def _meta_title(title):
        from odf.dc import Title

        return Title(text=title)

    def column_style(self, width_cm):
        key = f"{width_cm:.2f}"
        if key not in self._column_styles:
            made = self._Style(name=f"ReportColumn{len(self._column_styles) + 1}", family="table-column")
            made.addElement(self._TableColumnProperties(columnwidth=f"{key}cm"))
            self.doc.automaticstyles.addElement(made)
            self._column_styles[key] = made
        return self._column_styles[key]

    def heading(self, level, text):
        from odf.text import H

        self.doc.text.addElement(H(outlinelevel=level, stylename=self.headings[level], text=text))

    def paragraphs(self, parent, text, style):
        """Plain text as paragraphs, one per line: odfpy escapes it. A Link is one paragraph with a
        hyperlink."""
        from odf.text import A, P

        if isinstance(text, Link):
            paragraph = P(stylename=style)
            paragraph.addElement(A(href=text.href, type="simple", text=text.text))
            parent.addElement(paragraph)
            return
        for line in (str(text) if text is not None else "").split("\n") or [""]:
            parent.addElement(P(stylename=style, text=line))

    def paragraph(self, text):
        self.paragraphs(self.doc.text, text, self.body)

    def table(self, name, header, rows, widths):
        """A table whose header row is marked as repeated on every page."""
        from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow

        table = Table(name=name, stylename=self.table_style)
        for width in widths:
            table.addElement(TableColumn(stylename=self.column_style(width)))
        header_rows = TableHeaderRows()
        head = TableRow()
        for label in header:
            cell = TableCell(stylename=self.head_cell, valuetype="string")
            self.paragraphs(cell, label, self.cell_head)
            head.addElement(cell)
        header_rows.addElement(head)
        table.addElement(header_rows)
        for cells in rows:
            row = TableRow()
            for value in cells:
                numeric = isinstance(value, int) and not isinstance(value, bool)
                cell = (TableCell(stylename=self.cell, valuetype="float", value=value) if numeric
                        else TableCell(stylename=self.cell, valuetype="string"))
                self.paragraphs(cell, value, self.cell_text)
                row.addElement(cell)
            table.addElement(row)
        self.doc.text.addElement(table)


def write_odt(report, destination):
    """Write the report as ODT to `destination` (a path or a binary file)."""
    title = _("Report on the course and results of the consultation")
    writer = _Writer(f"{title}: {report.title}")
    writer.heading(1, title)
    writer.paragraph(report.title)
    if report.is_draft:
        writer.paragraph(_("Draft: this report is not public yet."))

    course = report.course
    writer.heading(2, _("Course of the consultation"))
    for fact in course.facts + report.count_facts:
        writer.paragraph(f"{fact.label}: {fact.text}")
    writer.heading(3, _("Consultation meetings"))
    if course.meetings:
        writer.table(_("Consultation meetings"), [_("Date"), _("Place or online link"), _("Participants"),
                                                  _("Minutes")], [
            [f"{m.starts_at:%d.%m.%Y %H:%M}" + (f"–{m.ends_at:%H:%M}" if m.ends_at else ""), m.place,
             m.participants if m.participants is not None else "",
             Link(m.minutes_title or _("minutes"), _absolute(m.minutes_url)) if m.minutes_url else ""]
            for m in course.meetings
        ], [4, 10, 3, 9.7])
    else:
        writer.paragraph(_("No consultation meetings were held."))
    writer.heading(3, _("Numbers of comments"))
    for table in course.tables:
        writer.paragraph(table.caption)
        writer.table(table.caption, [table.heading, _("Number of comments")],
                     [[label, count] for label, count in table.lines] + [[_("Total"), table.total]], [12, 4])

    writer.heading(2, _("Comments received and the positions on them"))
    share = 26.7 / sum(column.width for column in DOCUMENT_COLUMNS)
    writer.table(_("Comments received and the positions on them"), headers(DOCUMENT_COLUMNS), [values(DOCUMENT_COLUMNS, row) for row in report.rows],
                 [column.width * share for column in DOCUMENT_COLUMNS])

    writer.heading(2, _("Signatures"))
    for fact in report.signature_facts:
        writer.paragraph(f"{fact.label}: {fact.text or '—'}")
    writer.doc.save(destination)
