"""The standard table of comments (XLSX, one row a comment), read into rows for `register_comments`.

Offices keep the comments that reached them by email, post, ePUAP or at meetings in a spreadsheet
with the columns of the consultation form. `read_table` turns the file into plain rows (strings
only, so a preview can be kept in the session and checked again on confirmation); `check_rows`
finds the chapter and paragraph of each row and lists what is wrong with it, in Polish; the rows
without errors go to `participation.intake.register_comments`, all or none. The file itself is
never stored.
"""

import datetime
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from consultation.core.refusals import Refused
from consultation.core.sanitize import clean_plain_text
from consultation.models import Channel, ChapterPage, CommenterKind, ParagraphComment
from consultation.models.comments import comment_reference
from consultation.models.pages import reading_order
from consultation.participation.actions import CommentInput
from consultation.participation.intake import Receipt, check_receipt

MAX_TABLE_BYTES = 5 * 1024 * 1024
MAX_TABLE_ROWS = 2000
MAX_UNPACKED_BYTES = 20 * MAX_TABLE_BYTES
MAX_COLUMNS = 40
# Rows the reader walks through at most, empty ones included (a sheet formatted to its last row).
MAX_SCANNED_ROWS = MAX_TABLE_ROWS * 5

# (field, Polish header, other accepted headers); the Polish ones make the template's header row.
COLUMNS = [
    ("number", "Lp.", ("lp", "no", "nr")),
    ("received_on", "Data wpływu", ("date of receipt", "received on", "date received", "data")),
    ("channel", "Kanał", ("channel", "kanal wplywu")),
    ("name", "Zgłaszający", ("submitter", "name", "imie i nazwisko", "podpis", "signature")),
    ("kind", "Rodzaj zgłaszającego", ("submitter kind", "kind of submitter", "commenter kind", "kind")),
    ("organisation", "Nazwa organizacji", ("organisation", "organization", "organisation name",
                                           "organization name", "nazwa instytucji")),
    ("email", "E-mail", ("email", "e-mail address", "email address", "adres e-mail")),
    ("chapter", "Rozdział", ("chapter",)),
    ("paragraph", "Akapit", ("paragraph", "§")),
    ("current_wording", "Obecny zapis", ("current wording", "dotychczasowy zapis")),
    ("proposed_wording", "Proponowany zapis", ("proposed wording",)),
    ("text", "Treść uwagi", ("comment", "comment text", "text", "uwaga", "tresc")),
    ("justification", "Uzasadnienie", ("justification", "uzasadnienie uwagi")),
]
HEADERS = [polish for _field, polish, _others in COLUMNS]
REQUIRED_COLUMNS = ("received_on", "channel", "text")

CHANNELS = {
    "e-mail": Channel.EMAIL, "email": Channel.EMAIL, "mail": Channel.EMAIL, "poczta elektroniczna": Channel.EMAIL,
    "poczta": Channel.POST, "post": Channel.POST, "list": Channel.POST, "osobiscie": Channel.POST,
    "epuap": Channel.EPUAP,
    "spotkanie": Channel.MEETING, "meeting": Channel.MEETING, "do protokolu": Channel.MEETING,
    "inny": Channel.OTHER, "inne": Channel.OTHER, "other": Channel.OTHER,
}
KINDS = {
    "osoba prywatna": CommenterKind.PERSON, "osoba fizyczna": CommenterKind.PERSON, "osoba": CommenterKind.PERSON,
    "person": CommenterKind.PERSON, "private person": CommenterKind.PERSON,
    "organizacja": CommenterKind.ORGANISATION, "organizacja pozarzadowa": CommenterKind.ORGANISATION,
    "organisation": CommenterKind.ORGANISATION, "organization": CommenterKind.ORGANISATION,
    "instytucja publiczna": CommenterKind.INSTITUTION, "instytucja": CommenterKind.INSTITUTION,
    "institution": CommenterKind.INSTITUTION, "public institution": CommenterKind.INSTITUTION,
}
# Labels of the template's and the preview's values, as offices write them.
CHANNEL_LABELS = {Channel.EMAIL: "e-mail", Channel.POST: "poczta", Channel.EPUAP: "ePUAP",
                  Channel.MEETING: "spotkanie", Channel.OTHER: "inny"}
KIND_LABELS = {CommenterKind.PERSON: "osoba prywatna", CommenterKind.ORGANISATION: "organizacja",
               CommenterKind.INSTITUTION: "instytucja publiczna"}

MAX_NAME = 50  # django-contrib-comments' user_name
MAX_ORGANISATION = 255
MAX_EMAIL = 254


def _key(text):
    """A header or a value as typed, compared without case, accents, dots and extra spaces."""
    text = unicodedata.normalize("NFKD", str(text)).replace("ł", "l").replace("Ł", "L")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace(".", " ").replace(":", " ")
    return " ".join(text.split())


_HEADER_FIELDS = {}
for _field, _polish, _others in COLUMNS:
    for _name in (_polish, *_others):
        _HEADER_FIELDS.setdefault(_key(_name), _field)


def _cell_text(value):
    """Every cell as a string: dates as YYYY-MM-DD, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(upload):
    """The rows of the first sheet of an XLSX file, as dicts of strings keyed by field, each with its
    sheet row number (`row`). Refuses a file that is too large, not an XLSX workbook, broken, without
    the required columns, or with more than MAX_TABLE_ROWS rows. Reads from memory; stores nothing."""
    from openpyxl import load_workbook

    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    if size > MAX_TABLE_BYTES:
        raise Refused(_("The file is too large (at most %(mb)d MB).") % {"mb": MAX_TABLE_BYTES // 2**20})
    upload.seek(0)
    content = upload.read(MAX_TABLE_BYTES + 1)
    if len(content) > MAX_TABLE_BYTES:
        raise Refused(_("The file is too large (at most %(mb)d MB).") % {"mb": MAX_TABLE_BYTES // 2**20})
    not_xlsx = _("The file is not a readable Excel workbook (.xlsx). Save the table as .xlsx and try again.")
    if not content.startswith(b"PK\x03\x04"):
        raise Refused(not_xlsx)
    try:
        unpacked = sum(member.file_size for member in zipfile.ZipFile(BytesIO(content)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise Refused(not_xlsx) from None
    if unpacked > MAX_UNPACKED_BYTES:  # a small file that unpacks into gigabytes
        raise Refused(_("The file is too large (at most %(mb)d MB).") % {"mb": MAX_TABLE_BYTES // 2**20})
    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken file; all mean the same here
        raise Refused(not_xlsx) from None
    try:
        return _rows_of(workbook.worksheets[0] if workbook.worksheets else None)
    except Refused:
        raise
    except Exception:  # noqa: BLE001 - a sheet broken inside: never a 500
        raise Refused(not_xlsx) from None
    finally:
        workbook.close()


def _rows_of(sheet):
    if sheet is None:
        raise Refused(_("The workbook has no sheet."))
    # Numbered as the spreadsheet numbers them (the reader fills in the empty rows from row 1), so
    # that "row 5" in the preview, its errors and the command is row 5 in Excel.
    rows = enumerate(sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True), start=1)
    header = None
    for _number, header_row in rows:
        if any(cell not in (None, "") for cell in header_row):
            header = header_row
            break
    if header is None:
        raise Refused(_("The table is empty."))
    fields = [_HEADER_FIELDS.get(_key(cell)) if cell is not None else None for cell in header]
    missing = [polish for name, polish, _o in COLUMNS if name in REQUIRED_COLUMNS and name not in fields]
    if missing:
        raise Refused(_("The table has no column: %(columns)s. Download the template to see the columns.")
                      % {"columns": ", ".join(missing)})
    result = []
    scanned = 0
    for sheet_row, values in rows:
        scanned += 1
        if scanned > MAX_SCANNED_ROWS:
            break
        cells = {}
        for name, value in zip(fields, values):
            if name and name not in cells:
                cells[name] = _cell_text(value).strip()
        if not any(cells.values()):
            continue
        if len(result) >= MAX_TABLE_ROWS:
            raise Refused(_("The table has more than %(n)d rows; split it into several files.")
                          % {"n": MAX_TABLE_ROWS})
        cells["row"] = sheet_row
        result.append(cells)
    if scanned > MAX_SCANNED_ROWS:
        raise Refused(_("The table has more than %(n)d rows; split it into several files.") % {"n": MAX_TABLE_ROWS})
    if not result:
        raise Refused(_("The table has no comments below its header row."))
    return result


def template_workbook():
    """The empty standard table: the header row, as bytes of an XLSX file."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Uwagi"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = {"Lp.": 6, "Data wpływu": 14, "Kanał": 12, "Akapit": 8, "Rozdział": 9}
    for index, header in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(header, 28)
    sheet.freeze_panes = "A2"
    values = workbook.create_sheet("Wartości")
    values.append(["Kanał", "Rodzaj zgłaszającego"])
    channels, kinds = list(CHANNEL_LABELS.values()), list(KIND_LABELS.values())
    for n in range(max(len(channels), len(kinds))):
        values.append([channels[n] if n < len(channels) else None, kinds[n] if n < len(kinds) else None])
    for header, choices in (("Kanał", channels), ("Rodzaj zgłaszającego", kinds)):
        sheet.add_data_validation(_drop_down(header, choices))
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def _drop_down(header, choices):
    """A drop-down list of `choices` in the column `header` of the template, for every comment row.

    Another value is only warned about (the reader accepts other spellings, such as "list")."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    column = get_column_letter(HEADERS.index(header) + 1)
    validation = DataValidation(
        type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True, showDropDown=False,
        showErrorMessage=True, errorStyle="warning", errorTitle=header,
        error="Wybierz wartość z listy: " + ", ".join(choices) + ".",
    )
    validation.add(f"{column}2:{column}{MAX_TABLE_ROWS + 1}")
    return validation


@dataclass
class TableRow:
    """One row of the table as it will be registered, or what stops it."""

    row: int
    number: str = ""
    data: CommentInput | None = None
    receipt: Receipt | None = None
    chapter: object = None
    paragraph_key: str = ""
    paragraph_number: int | None = None
    late: bool = False
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    @property
    def channel_label(self):
        return Channel(self.receipt.channel).label if self.receipt and self.receipt.channel in Channel.values else ""

    @property
    def kind_label(self):
        return CommenterKind(self.data.commenter_kind).label if self.data else ""


_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text):
    """A date of receipt from a cell: YYYY-MM-DD (a date cell is read so) or DD.MM.YYYY; None if neither."""
    text = text.strip()
    match = _YMD.match(text[:10] if len(text) >= 10 and text[10:11] in ("", " ", "T") else text)
    if match:
        year, month, day = match.groups()
    else:
        match = _DMY.match(text)
        if not match:
            return None
        day, month, year = match.groups()
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _whole_number(text):
    text = text.strip().lstrip("§").strip().rstrip(".")
    return int(text) if text.isdigit() else None


def _same_text(typed, paragraph_text):
    typed, actual = _key(typed), _key(paragraph_text)
    return bool(typed) and (typed == actual or typed in actual)


class _Plan:
    """What checking rows needs of a plan, loaded once: its live chapters and their paragraphs."""

    def __init__(self, plan):
        self.plan = plan
        self.chapters = {}
        for chapter in reading_order(ChapterPage.objects.child_of(plan).live()):
            self.chapters.setdefault(chapter.number, []).append(chapter)
        self._paragraphs = {}
        self.meetings = list(plan.meetings.all())

    def paragraphs(self, chapter):
        if chapter.pk not in self._paragraphs:
            self._paragraphs[chapter.pk] = chapter.paragraphs()
        return self._paragraphs[chapter.pk]


def check_rows(plan, rows, *, today=None):
    """Each row of `read_table` as a `TableRow`: what it registers, and its errors and warnings."""
    today = today or timezone.localdate()
    known = _Plan(plan)
    checked = [_check_row(known, cells, today) for cells in rows]
    _warn_of_repeats(plan, checked)
    return checked


def _same_letter(received_on, name, organisation, text):
    """What makes two comments the same letter: date of receipt, submitter and text, spacing and case aside."""
    return (received_on, *(" ".join((value or "").split()).casefold() for value in (name, organisation, text)))


def _warn_of_repeats(plan, rows):
    """Warn (never refuse: an office may hold two identical letters) on each row that repeats a comment
    already registered for the plan, or another row of the same table. One query."""
    keyed = [(row, _same_letter(row.receipt.received_on, row.data.name, row.data.organisation, row.data.text))
             for row in rows if row.receipt is not None and row.data is not None and row.data.text]
    if not keyed:
        return
    registered = {}
    existing = (ParagraphComment.objects.filter(plan=plan, received_on__in={key[0] for _row, key in keyed})
                .exclude(channel=Channel.WEB).order_by("pk")
                .values_list("pk", "received_on", "user_name", "organisation", "comment"))
    for pk, *letter in existing:
        registered.setdefault(_same_letter(*letter), []).append(comment_reference(pk))
    in_table = {}
    for row, key in keyed:
        in_table.setdefault(key, []).append(row)
    for row, key in keyed:
        for reference in registered.get(key, ()):
            row.warnings.append(_("Comment %(ref)s with the same date of receipt, submitter and text is already "
                                  "registered for this plan: check that this letter is not registered twice.")
                                % {"ref": reference})
        for other in in_table[key]:
            if other is not row:
                row.warnings.append(_("Row %(row)d of this table has the same date of receipt, submitter and text: "
                                      "check that the same letter is not registered twice.") % {"row": other.row})


def _check_row(known, cells, today):
    get = cells.get
    result = TableRow(row=cells.get("row", 0), number=get("number", ""))
    errors, warnings = result.errors, result.warnings

    received_on = None
    if not get("received_on"):
        errors.append(_("No date of receipt."))
    else:
        received_on = parse_date(get("received_on"))
        if received_on is None:
            errors.append(_("The date of receipt “%(value)s” is not a date (write YYYY-MM-DD or DD.MM.YYYY).")
                          % {"value": get("received_on")[:30]})

    channel = CHANNELS.get(_key(get("channel", "")))
    if channel is None:
        errors.append(_("Unknown channel “%(value)s” (e-mail, poczta, ePUAP, spotkanie or inny).")
                      % {"value": get("channel", "")[:30]})

    meeting = None
    if channel == Channel.MEETING and received_on is not None:
        on_that_day = [m for m in known.meetings if timezone.localtime(m.starts_at).date() == received_on]
        if len(on_that_day) == 1:
            meeting = on_that_day[0]
        else:
            errors.append(_("The plan has no consultation meeting on %(date)s; a comment “do protokołu” is "
                            "registered on the day of its meeting.") % {"date": received_on.isoformat()})

    kind_text = get("kind", "")
    organisation = clean_plain_text(get("organisation", ""), multiline=False)
    if kind_text:
        kind = KINDS.get(_key(kind_text))
        if kind is None:
            errors.append(_("Unknown kind of submitter “%(value)s” (osoba prywatna, organizacja or instytucja "
                            "publiczna).") % {"value": kind_text[:30]})
            kind = CommenterKind.PERSON
    else:
        kind = CommenterKind.ORGANISATION if organisation else CommenterKind.PERSON
    name = clean_plain_text(get("name", ""), multiline=False)
    if not name and not organisation:
        errors.append(_("No submitter: give the name or the organisation."))
    if kind != CommenterKind.PERSON and not organisation:
        errors.append(_("Give the name of the organisation or institution."))
    if len(name) > MAX_NAME:
        errors.append(_("The submitter's name is longer than %(n)d characters.") % {"n": MAX_NAME})
    if len(organisation) > MAX_ORGANISATION:
        errors.append(_("The organisation's name is longer than %(n)d characters.") % {"n": MAX_ORGANISATION})
    email = clean_plain_text(get("email", ""), multiline=False)
    if email:
        try:
            validate_email(email)
            if len(email) > MAX_EMAIL:
                raise ValidationError("")
        except ValidationError:
            errors.append(_("The email address “%(value)s” is not valid.") % {"value": email[:60]})

    limit = settings.DROGOWSKAZ_COMMENT_MAX_LENGTH
    text = clean_plain_text(get("text", ""))
    proposed = clean_plain_text(get("proposed_wording", ""))
    justification = clean_plain_text(get("justification", ""))
    if not text:
        errors.append(_("No comment text."))
    for label, value in ((_("The comment text"), text), (_("The proposed wording"), proposed),
                         (_("The justification"), justification)):
        if len(value) > limit:
            errors.append(_("%(what)s is longer than %(n)d characters.") % {"what": label, "n": limit})

    chapter_text, paragraph_text = get("chapter", ""), get("paragraph", "")
    if chapter_text:
        number = _whole_number(chapter_text)
        found = known.chapters.get(number, []) if number is not None else []
        if len(found) != 1:
            errors.append(_("There is no chapter %(value)s in this plan.") % {"value": chapter_text[:20]}
                          if not found else _("The plan has several chapters numbered %(value)s.")
                          % {"value": chapter_text[:20]})
        else:
            result.chapter = found[0]
    if paragraph_text:
        number = _whole_number(paragraph_text)
        if not chapter_text:
            errors.append(_("A paragraph is given without its chapter."))
        elif result.chapter is not None:
            paragraphs = known.paragraphs(result.chapter)
            if number is None or not 1 <= number <= len(paragraphs):
                errors.append(_("There is no paragraph § %(value)s in chapter %(chapter)s.")
                              % {"value": paragraph_text[:20], "chapter": result.chapter.number})
            else:
                paragraph = paragraphs[number - 1]
                result.paragraph_key, result.paragraph_number = paragraph.key, paragraph.number
                current = get("current_wording", "")
                if current and not _same_text(current, paragraph.text):
                    warnings.append(_("The current wording in the table differs from § %(n)d of the plan; check "
                                      "that the paragraph is the right one.") % {"n": paragraph.number})

    if channel is not None and received_on is not None and not (channel == Channel.MEETING and meeting is None):
        result.receipt = Receipt(channel=channel, received_on=received_on, meeting=meeting)
        try:
            result.late = check_receipt(known.plan, result.receipt, today)
        except Refused as refusal:
            errors.append(refusal.message)

    result.data = CommentInput(
        title="", text=text, name=name, organisation=organisation, commenter_kind=kind, email=email,
        # The table has no column for consent to publish a private person's name: never published.
        idempotency_key=None, publish_name=False,
        proposed_wording=proposed, justification=justification,
    )
    return result


def registrable(rows):
    """The checked rows as `register_comments` takes them."""
    return [(row.data, row.receipt, row.chapter, row.paragraph_key, row.row) for row in rows]
