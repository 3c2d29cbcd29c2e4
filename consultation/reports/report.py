"""The consultation report (sprawozdanie z przebiegu i wyników konsultacji): who may read it, and the
one object every format shows — the course of the consultation, the table of every comment received
with its position, and the signatures.

The rows come from `rows.py`, the course from `course.py`; the formats are in `tabular.py` (CSV,
XLSX), `pdf.py` and `odt.py`, and the page in `public/report_views.py`.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consultation.models import Phase
from consultation.plans.rules import can_moderate
from consultation.reports.course import Course, Fact, consultation_course
from consultation.reports.rows import document_parts, report_rows


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
    rows: list
    course: Course
    published_at: object  # None for a draft
    prepared_by: str
    approved_by: str

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


def build_report(plan, *, staff=False):
    """The whole report of `plan`; a fixed number of queries whatever the number of comments."""
    parts = document_parts(plan)
    rows = report_rows(plan, staff=staff, parts=parts)
    publication = plan.report_publication_or_none
    return Report(
        plan=plan, chapters=parts[0], rows=rows, course=consultation_course(plan, rows, parts[0]),
        published_at=timezone.localtime(publication.published_at) if publication else None,
        prepared_by=plan.report_prepared_by, approved_by=plan.report_approved_by,
    )
