"""The course of the consultation (przebieg konsultacji): the legal basis, the dates, where it was
announced, the channels, the meetings held and the counts, built once for every format of the report.

The counts come from the report's rows (so the summary and the table never disagree), except the
withdrawn comments, which are counted and never listed. Every comment received is counted once, either
by its position (a duplicate on its own line, "identical to another comment") or among the rejected
ones by reason: the two tables add up to the comments received. A `Tally` counts the rows as they
pass, keeping only its counters, so a streamed export counts the rows it writes without holding them.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from consultation.models import (
    Channel,
    CommenterKind,
    Disposition,
    ParagraphComment,
    RejectionCategory,
)
from consultation.models.pages import chapter_heading
from consultation.reports.rows import NOT_CONSIDERED_YET


@dataclass
class Fact:
    label: str
    value: object  # typed: a date, a number or text, for spreadsheets
    text: str  # as a sentence shows it


@dataclass
class Meeting:
    starts_at: object
    ends_at: object
    place: str
    online: bool
    participants: int | None
    minutes_title: str
    minutes_url: str  # the public document's address; "" when no minutes


@dataclass
class CountTable:
    key: str
    caption: str
    heading: str  # of the first column
    lines: list  # (label, count)

    @property
    def total(self):
        return sum(count for _label, count in self.lines)


@dataclass
class Course:
    facts: list
    meetings: list
    tables: list = field(default_factory=list)
    received: int = 0
    withdrawn: int = 0
    late: int = 0

    def table(self, key):
        return next(t for t in self.tables if t.key == key)


def _local_date(value):
    return timezone.localtime(value).date() if value else None


def _date_text(value):
    from django.utils.formats import date_format

    return date_format(value, "j E Y") if value else ""


def _facts(plan, channels_used):
    opens, closes = _local_date(plan.consultation_opens), _local_date(plan.consultation_closes)
    days = round(plan.consultation_days) if plan.consultation_days is not None else None
    facts = [Fact(_("Legal basis"), str(plan.get_legal_basis_display()), str(plan.get_legal_basis_display()))]
    if plan.legal_basis_details:
        facts.append(Fact(_("Legal basis in detail"), plan.legal_basis_details, plan.legal_basis_details))
    facts += [
        Fact(_("Consultation opened"), opens, _date_text(opens)),
        Fact(_("Consultation closed"), closes, _date_text(closes)),
        Fact(_("Length of the consultation (days)"), days, "" if days is None else str(days)),
    ]
    if plan.minimum_consultation_days is not None:
        minimum = plan.minimum_consultation_days
        facts.append(Fact(_("Minimum length required by the legal basis (days)"), minimum, str(minimum)))
    if plan.announced_in:
        facts.append(Fact(_("Where the consultation was announced"), plan.announced_in, plan.announced_in))
    used = ", ".join(channels_used) or _("none")
    facts.append(Fact(_("Channels through which comments were received"), used, used))
    rule = str(plan.get_late_comment_rule_display())
    facts.append(Fact(_("Comments received after the close are"), rule, rule))
    return facts


def _meetings(plan):
    meetings = []
    for meeting in plan.meetings.select_related("minutes").order_by("starts_at", "pk"):
        minutes = meeting.minutes
        meetings.append(Meeting(
            starts_at=timezone.localtime(meeting.starts_at),
            ends_at=timezone.localtime(meeting.ends_at) if meeting.ends_at else None,
            place=meeting.place or meeting.online_url, online=not meeting.place,
            participants=meeting.participants,
            minutes_title=minutes.title if minutes else "", minutes_url=minutes.url if minutes else "",
        ))
    return meetings


def _withdrawn(plan):
    return ParagraphComment.objects.filter(plan=plan, level=0, confirmed_at__isnull=False,
                                           withdrawn_at__isnull=False).count()


class Tally:
    """The counts of the report's rows, kept while the rows pass: its counters are all it holds."""

    def __init__(self):
        self.received = self.late = self.identical = self.elsewhere = 0
        self.by_channel, self.by_kind, self.by_part = Counter(), Counter(), Counter()
        self.by_position, self.by_rejection = Counter(), Counter()
        self.complete = False

    def add(self, row):
        self.received += 1
        self.late += row.is_late
        self.by_channel[row.channel] += 1
        self.by_kind[row.commenter_kind] += 1
        if row.chapter_number is not None:
            self.by_part[(row.chapter_number, row.chapter_title)] += 1
        else:
            self.by_part[row.scope] += 1
            self.elsewhere += row.scope != "general"
        if row.is_rejected:
            self.by_rejection[row.rejection_category or RejectionCategory.OTHER] += 1
        elif row.is_identical:
            self.identical += 1
        else:
            self.by_position[row.position] += 1

    def counting(self, rows):
        """`rows` unchanged, one by one, each counted as it passes; complete once all have passed."""
        for row in rows:
            self.add(row)
            yield row
        self.complete = True


def consultation_course(plan, tally, chapters):
    """The course of the consultation of `plan` with the counts of its report's rows (a complete
    `Tally`): two queries."""
    if not tally.complete:
        raise ValueError("The course of the consultation is counted from every row: read the rows first.")
    by_channel, by_part, by_position, by_rejection = (tally.by_channel, tally.by_part, tally.by_position,
                                                      tally.by_rejection)
    channels_used = [str(label) for value, label in Channel.choices if by_channel[value]]

    part_lines = [(_("general comments"), by_part["general"])]
    part_lines += [(chapter_heading(c.number, c.title), by_part[(c.number, c.title)]) for c in chapters]
    if tally.elsewhere:
        part_lines.append((_("a part no longer in the document"), tally.elsewhere))

    positions = [(str(label), by_position[value]) for value, label in Disposition.choices]
    positions += [(_("identical to another comment"), tally.identical),
                  (_("not considered yet"), by_position[NOT_CONSIDERED_YET])]
    # A duplicate whose original is gone (deleted) stays rejected; otherwise it is not a rejection.
    rejections = [(str(label), by_rejection[value]) for value, label in RejectionCategory.choices
                  if value != RejectionCategory.DUPLICATE or by_rejection[value]]
    tables = [
        CountTable("channel", _("Comments by channel"), _("Channel"),
                   [(str(label), by_channel[value]) for value, label in Channel.choices]),
        CountTable("kind", _("Comments by submitter"), _("Submitter kind"),
                   [(str(label), tally.by_kind[str(label)]) for _value, label in CommenterKind.choices]),
        CountTable("part", _("Comments by part of the document"), _("Part of the document"), part_lines),
        CountTable("position", _("Comments by position"), _("Position"), positions),
        CountTable("rejection", _("Comments rejected, by reason"), _("Reason"), rejections),
    ]
    return Course(facts=_facts(plan, channels_used), meetings=_meetings(plan), tables=tables,
                  received=tally.received, withdrawn=_withdrawn(plan), late=tally.late)
