"""The ODT report as a word processor reads it: pages numbered "page X of Y" in the footer, the minutes
of a meeting as a real hyperlink to an absolute address, tables named in the report's language, and
every font it uses declared."""

import pytest
from odf import teletype
from odf.namespaces import STYLENS
from odf.opendocument import load
from odf.style import FontFace, Footer, MasterPage, TextProperties
from odf.table import Table
from odf.text import A, PageCount, PageNumber

from consultation.core.conf import absolute_url
from consultation.reports.actions import publish_report
from tests.consultation.test_report import (  # noqa: F401 — the fixture `record` is used by name
    pl,
    record,
    report_url,
)


@pytest.fixture
def odt(client, users, plan, record, tmp_path):  # noqa: F811
    publish_report(plan, user=users["komunikacja"], incomplete=True)
    target = tmp_path / "raport.odt"
    target.write_bytes(b"".join(client.get(report_url(plan, "odt")).streaming_content))
    return load(str(target)), record


@pytest.mark.django_db
def test_odt_pages_are_numbered_in_the_footer(odt):
    document, _record = odt
    masters = document.masterstyles.getElementsByType(MasterPage)
    assert masters
    for master in masters:
        footers = master.getElementsByType(Footer)
        assert len(footers) == 1
        assert footers[0].getElementsByType(PageNumber) and footers[0].getElementsByType(PageCount)
        words = pl("page %(page)s of %(pages)s", page="\0", pages="\0").split("\0")
        text = teletype.extractText(footers[0])
        assert all(word.strip() in text for word in words if word.strip())


@pytest.mark.django_db
def test_odt_links_the_minutes_by_their_absolute_address(odt):
    document, (_comments, _hidden, meeting) = odt
    links = document.getElementsByType(A)
    href = absolute_url(meeting.minutes.url)
    assert href.startswith(("http://", "https://"))
    assert [a.getAttribute("href") for a in links] == [href]
    assert teletype.extractText(links[0]) == "Protokół ze spotkania"
    assert f"({meeting.minutes.url})" not in teletype.extractText(document.text)


@pytest.mark.django_db
def test_odt_tables_are_named_in_the_reports_language_and_fonts_are_declared(odt):
    document, _record = odt
    names = [table.getAttribute("name") for table in document.getElementsByType(Table)]
    assert pl("Consultation meetings") in names and pl("Comments received and the positions on them") in names
    assert not {"Meetings", "Counts1"} & set(names) and len(set(names)) == len(names)
    declared = {face.getAttribute("name") for face in document.fontfacedecls.getElementsByType(FontFace)}
    assert "DejaVu Sans" in declared
    used = {element.attributes[(STYLENS, "font-name")]
            for part in (document.styles, document.automaticstyles, document.masterstyles)
            for element in part.getElementsByType(TextProperties)
            if (STYLENS, "font-name") in element.attributes}
    assert used and used <= declared
