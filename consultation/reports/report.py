"""The consultation report (sprawozdanie z przebiegu i wyników konsultacji): who may read it, and the
one object every format shows — the course of the consultation, the table of every comment received
with its position, and the signatures.

The rows come from `rows.py`, the course from `course.py`; the formats are in `tabular.py` (CSV,
XLSX), `pdf.py` and `odt.py`, and the page in `public/report_views.py`. `build_report` holds the rows
as a list, for the page, PDF and ODT, which lay out pages; `stream_report` passes them once, for the
CSV and XLSX exports, whose memory does not grow with the number of comments.
"""

from dataclasses import dataclass, replace
from functools import cached_property

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consultation.models import Phase
from consultation.plans.rules import can_moderate
from consultation.reports.course import Fact, Tally, consultation_course
from consultation.reports.rows import document_parts, iter_report_rows


def can_see_report(plan, user, now=None):
    """Staff at any time; everyone once the consultation has closed and the report is published."""
    if user.is_authenticated and user.is_active and user.has_perm("consultation.view_report_before_publication"):
        return True
    return plan.report_publication_or_none is not None and plan.phase(now) in (Phase.CLOSED, Phase.ADOPTED)


def is_staff_reader(user):
    """Moderators read the text of comments still awaiting moderation in the report; everyone else, the
    other staff included, reads only their rows until a moderator has checked them."""
    return bool(user and user.is_authenticated) and can_moderate(user)


@dataclass
class Report:
    plan: object
    chapters: list
    rows: object  # a list (`build_report`), or rows read once as they are written (`stream_report`)
    tally: Tally  # counts the rows as they pass
    published_at: object  # None for a draft
    prepared_by: str
    approved_by: str

    @cached_property
    def course(self):
        """The course of the consultation with the counts of the rows: of a streamed report, once its
        rows have been read."""
        return consultation_course(self.plan, self.tally, self.chapters)

    @property
    def is_draft(self):
        return self.published_at is None

    @property
    def title(self):
        return self.plan.title

    @property
    def count_facts(self):
        """How many comments were received, late and withdrawn (withdrawn ones are never listed)."""
        course = self.course
        return [Fact(label, count, str(count)) for label, count in (
            (_("Comments received"), course.received),
            (_("of which received after the deadline"), course.late),
            (_("Comments withdrawn by their authors (counted, not listed)"), course.withdrawn),
        )]

    @property
    def signature_facts(self):
        date = self.published_at.date() if self.published_at else None
        when = date_format(date, "j E Y") if date else _("draft, not published yet")
        return [
            Fact(_("Prepared by"), self.prepared_by, self.prepared_by),
            Fact(_("Approved by"), self.approved_by, self.approved_by),
            Fact(_("Date"), date or when, when),
        ]


def stream_report(plan, *, staff=False):
    """The report of `plan` whose rows are a generator, read once (by the CSV and XLSX exports): the
    comments are fetched in chunks as the rows are written, and the course is counted on the way, so
    memory does not grow with the number of comments. A fixed number of queries."""
    parts = document_parts(plan)
    tally = Tally()
    publication = plan.report_publication_or_none
    return Report(
        plan=plan, chapters=parts[0], rows=tally.counting(iter_report_rows(plan, staff=staff, parts=parts)),
        tally=tally, published_at=timezone.localtime(publication.published_at) if publication else None,
        prepared_by=plan.report_prepared_by, approved_by=plan.report_approved_by,
    )


def build_report(plan, *, staff=False):
    """The whole report of `plan` with its rows in a list, for the page, PDF and ODT, which lay out
    pages: the same rows as `stream_report`, read at once. A fixed number of queries."""
    report = stream_report(plan, staff=staff)
    return replace(report, rows=list(report.rows))
