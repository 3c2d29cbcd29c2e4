"""The report never contradicts itself: every comment received is counted once, by its position or
among the rejected ones by reason, and its status cell agrees with the counts. A duplicate ("uwaga
tożsama z K-…") takes the position of the comment it repeats and is not a rejected comment."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from consultation.demo.builders import make_comment
from consultation.models import Disposition, ParagraphComment, RejectionCategory
from consultation.moderation.actions import (
    publish_comments,
    reject_comments,
    save_response,
)
from consultation.reports.actions import publish_report
from consultation.reports.columns import DATA_COLUMNS, headers
from consultation.reports.report import build_report
from tests.consultation.test_report import (  # noqa: F401 — the fixture `record` is used by name
    pl,
    record,
    report_url,
)
from tests.utils import coordinator_user


def status(msgid):
    with translation.override("pl"):
        return translation.pgettext("status of a comment in the report", msgid)


@pytest.fixture
def every_kind(users, plan, chapter, record):  # noqa: F811
    """The record with every position and every reason of rejection present, and a duplicate whose
    original was deleted (it stays a rejected duplicate, there being nothing to be identical to)."""
    comments, _hidden, _meeting = record
    expert = users["eksperci"]
    during = timezone.now() - timedelta(days=10)
    save_response(comments["draft_answer"], author=coordinator_user(), disposition="partly", justification="Po części.",
                  publish=True)
    other = make_comment(chapter, 2, title="Inny powód", now=during)
    orphan = make_comment(chapter, 2, title="Sierota", now=during)
    reject_comments([other], moderator=expert, reason="Inny.", category="other")
    reject_comments([orphan], moderator=expert, reason="Powtórzenie.", category="duplicate",
                    duplicate_of=comments["p3"])
    ParagraphComment.objects.filter(pk=orphan.pk).update(duplicate_of=None)
    comments["other"], comments["orphan"] = other, orphan
    return comments


@pytest.mark.django_db
def test_positions_and_rejections_add_up_to_the_comments_received(plan, every_kind):
    with translation.override("pl"):
        report = build_report(plan)
    course = report.course
    positions, rejections = course.table("position"), course.table("rejection")
    counts, rejected = dict(positions.lines), dict(rejections.lines)
    assert all(counts[str(label)] for _value, label in Disposition.choices), counts
    assert counts[pl("identical to another comment")] == 1 and counts[pl("not considered yet")] >= 1
    assert all(rejected[str(label)] for _value, label in RejectionCategory.choices), rejected
    assert rejected[pl("duplicate of another comment")] == 1  # only the one whose original is gone
    assert positions.total + rejections.total == course.received == len(report.rows)
    # The rows agree with the tables: a duplicate is identical, not rejected.
    assert sum(1 for row in report.rows if row.is_rejected) == rejections.total
    assert [row.status for row in report.rows if row.is_identical] == ["identical"]


@pytest.mark.django_db
def test_a_rejection_without_duplicates_still_adds_up(users, plan, chapter):
    """No duplicate at all: the duplicate's reason is not a line of its own among rejections."""
    expert = users["eksperci"]
    first, second = make_comment(chapter, 1, title="A"), make_comment(chapter, 1, title="B")
    publish_comments([first], moderator=expert)
    reject_comments([second], moderator=expert, reason="Nie na temat.", category="off_topic")
    with translation.override("pl"):
        course = build_report(plan).course
    assert pl("duplicate of another comment") not in dict(course.table("rejection").lines)
    assert course.table("position").total + course.table("rejection").total == course.received == 2


@pytest.mark.django_db
def test_the_status_cells_use_the_words_of_the_report(client, users, plan, every_kind):
    comments = every_kind
    publish_report(plan, user=users["komunikacja"], incomplete=True)
    body = b"".join(client.get(report_url(plan, "csv")).streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    with translation.override("pl"):
        names = headers(DATA_COLUMNS)
    by_reference = {row[1]: dict(zip(names, row, strict=True)) for row in rows[1:]}

    def cell(key, column):
        return by_reference[comments[key].reference][pl(column)]

    identical = pl("identical to %(ref)s", ref=comments["p1"].reference)
    assert cell("duplicate", "Status") == identical
    assert cell("duplicate", "Position") == f"uwzględniona ({identical})"
    assert cell("p1", "Status") == status("published")
    assert cell("off_topic", "Status") == cell("orphan", "Status") == cell("offensive", "Status") == status("rejected")
    assert cell("pending", "Status") == pl("not considered yet")
    generic = {pl("awaiting moderation")} | ({"opublikowany", "odrzucony"} - {status("published"), status("rejected")})
    assert not generic & {row[names.index(pl("Status"))] for row in rows[1:]}  # not ParagraphComment's labels

    workbook = load_workbook(io.BytesIO(b"".join(client.get(report_url(plan, "xlsx")).streaming_content)))
    sheet = workbook.worksheets[0]
    status_column = names.index(pl("Status"))
    xlsx = {row[1]: row[status_column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert xlsx[comments["duplicate"].reference] == identical
