"""Registering comments from the standard table (XLSX): preview with each row's errors, then all or none;
the same reader in the command `register_comments`."""

import datetime
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook

from consultation.core.refusals import Refused
from consultation.models import ConsultationMeeting, ParagraphComment
from consultation.participation.intake_table import (
    HEADERS,
    MAX_TABLE_ROWS,
    check_rows,
    parse_date,
    read_table,
)
from tests.utils import text_of


def polish(message):
    with translation.override("pl"):
        return gettext(message)


def xlsx(rows, header=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def row(**values):
    """A row of the standard table, in the order of HEADERS."""
    defaults = {
        "Lp.": 1, "Data wpływu": timezone.localdate().strftime("%d.%m.%Y"), "Kanał": "e-mail",
        "Zgłaszający": "Jan Kowalski", "Rodzaj zgłaszającego": "osoba prywatna", "Nazwa organizacji": "",
        "E-mail": "jan@example.org", "Rozdział": 1, "Akapit": 2, "Obecny zapis": "",
        "Proponowany zapis": "", "Treść uwagi": "Treść uwagi z tabeli.", "Uzasadnienie": "",
    }
    defaults.update(values)
    return [defaults[header] for header in HEADERS]


def good_rows():
    today = timezone.localdate()
    return [
        row(**{"Lp.": 1, "Data wpływu": datetime.datetime.combine(today, datetime.time()),
               "Obecny zapis": "Drugi akapit o spółdzielniach socjalnych.",
               "Proponowany zapis": "Drugi akapit o 40 spółdzielniach.", "Uzasadnienie": "Dane GUS."}),
        row(**{"Lp.": 2, "Kanał": "poczta", "Zgłaszający": "", "Rodzaj zgłaszającego": "organizacja",
               "Nazwa organizacji": "Stowarzyszenie Razem", "E-mail": "", "Akapit": None,
               "Treść uwagi": "Uwaga do całego rozdziału."}),
        row(**{"Lp.": 3, "Kanał": "ePUAP", "Data wpływu": today.isoformat(), "Rodzaj zgłaszającego":
               "instytucja publiczna", "Nazwa organizacji": "Gmina Chełm", "Rozdział": None, "Akapit": None,
               "Treść uwagi": "Uwaga ogólna."}),
    ]


def upload(client, plan, content, name="uwagi.xlsx"):
    return client.post(reverse("intake:table", args=[plan.pk]), {"table": SimpleUploadedFile(name, content)})


def confirm(client, plan, response):
    return client.post(reverse("intake:table", args=[plan.pk]), {"confirm": "1", "token": response.context["token"]})


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["komunikacja", "eksperci"])
def test_a_good_table_is_previewed_then_registered_whole(client, users, plan, chapter, role):
    client.force_login(users[role])
    preview = upload(client, plan, xlsx(good_rows()))
    assert preview.status_code == 200
    html = text_of(preview)
    assert "Stowarzyszenie Razem" in html and "Uwaga ogólna." in html and "§ 2" in html
    assert not ParagraphComment.objects.exists()  # nothing before the confirmation

    done = confirm(client, plan, preview)
    assert done.status_code == 302
    first, second, third = ParagraphComment.objects.order_by("pk")
    paragraph = chapter.paragraphs()[1]
    assert (first.scope, first.paragraph_key, first.channel) == ("paragraph", paragraph.key, "email")
    assert first.received_on == timezone.localdate() and first.registered_by == users[role]
    assert (first.user_name, first.user_email, first.commenter_kind) == ("Jan Kowalski", "jan@example.org", "person")
    assert (first.proposed_wording, first.justification) == ("Drugi akapit o 40 spółdzielniach.", "Dane GUS.")
    assert (second.scope, second.object_pk, second.channel) == ("chapter", str(chapter.pk), "post")
    assert (second.organisation, second.commenter_kind, second.user_name) == ("Stowarzyszenie Razem",
                                                                              "organisation", "")
    assert (third.scope, third.object_pk, third.channel, third.commenter_kind) == ("general", str(plan.pk), "epuap",
                                                                                  "institution")
    assert all(c.status == "pending" and not c.is_late for c in (first, second, third))
    # The confirmation is used up: sending it again registers nothing more.
    assert confirm(client, plan, preview).status_code == 400
    assert ParagraphComment.objects.count() == 3


@pytest.mark.django_db
def test_one_bad_row_shows_its_errors_and_registers_nothing(client, users, plan, chapter):
    client.force_login(users["komunikacja"])
    rows = good_rows() + [
        row(**{"Lp.": 4, "Rozdział": 9, "Akapit": 1}),
        row(**{"Lp.": 5, "Akapit": 99, "Treść uwagi": "", "Kanał": "gołąb", "Data wpływu": "31.02.2026"}),
    ]
    preview = upload(client, plan, xlsx(rows))
    assert preview.status_code == 400
    html = text_of(preview)
    assert polish("There is no chapter %(value)s in this plan.") % {"value": "9"} in html
    assert polish("No comment text.") in html
    assert polish("There is no paragraph § %(value)s in chapter %(chapter)s.") % {"value": "99", "chapter": 1} in html
    assert "31.02.2026" in html and "gołąb" in html
    assert preview.context["token"] is None and 'name="confirm"' not in html
    # No preview waits in the session: a forged confirmation is refused.
    forged = client.post(reverse("intake:table", args=[plan.pk]), {"confirm": "1", "token": "x"})
    assert forged.status_code == 400
    assert not ParagraphComment.objects.exists()


@pytest.mark.django_db
def test_dates_in_the_future_or_before_the_opening_are_row_errors(plan, chapter):
    today = timezone.localdate()
    cells = [
        {"row": 1, "received_on": (today + timedelta(days=1)).isoformat(), "channel": "e-mail", "name": "A",
         "text": "x"},
        {"row": 2, "received_on": (today - timedelta(days=30)).isoformat(), "channel": "poczta", "name": "A",
         "text": "x"},
        {"row": 3, "received_on": "jutro", "channel": "inny", "name": "A", "text": "x"},
        {"row": 4, "received_on": today.isoformat(), "channel": "www", "name": "A", "text": "x"},
    ]
    rows = check_rows(plan, cells)
    assert rows[0].errors == [polish("The date of receipt cannot be in the future.")]
    assert rows[1].errors == [polish("The date of receipt is before the consultation opened.")]
    assert len(rows[2].errors) == 1 and "jutro" in rows[2].errors[0]
    assert len(rows[3].errors) == 1 and "www" in rows[3].errors[0]


def test_dates_are_read_in_both_office_formats():
    assert parse_date("2026-03-05") == parse_date("05.03.2026") == parse_date("5.3.2026") == datetime.date(2026, 3, 5)
    assert parse_date("2026-03-05 00:00:00") == datetime.date(2026, 3, 5)
    assert parse_date("31.02.2026") is None and parse_date("marzec") is None


@pytest.mark.django_db
def test_a_current_wording_that_does_not_match_the_paragraph_is_a_warning(plan, chapter):
    cells = {"row": 1, "received_on": timezone.localdate().isoformat(), "channel": "e-mail", "name": "A",
             "text": "x", "chapter": "1", "paragraph": "2"}
    matching, other = check_rows(plan, [{**cells, "current_wording": "drugi akapit o spółdzielniach"},
                                        {**cells, "row": 2, "text": "y", "current_wording": "Zupełnie inny tekst."}])
    assert matching.ok and not matching.warnings
    assert other.ok and len(other.warnings) == 1


@pytest.mark.django_db
def test_a_comment_at_a_meeting_is_matched_to_the_meeting_of_that_day(plan, chapter):
    today = timezone.localdate()
    noon = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
    meeting = ConsultationMeeting.objects.create(plan=plan, starts_at=noon, place="Lublin, sala 2")
    cells = {"row": 1, "channel": "spotkanie", "name": "A", "text": "Do protokołu."}
    found, missing = check_rows(plan, [{**cells, "received_on": today.isoformat()},
                                       {**cells, "received_on": (today - timedelta(days=1)).isoformat()}])
    assert found.ok and found.receipt.meeting == meeting
    assert not missing.ok


@pytest.mark.django_db
def test_english_headers_are_accepted(client, users, plan, chapter):
    english = ["No.", "Date of receipt", "Channel", "Submitter", "Submitter kind", "Organisation", "Email",
               "Chapter", "Paragraph", "Current wording", "Proposed wording", "Comment", "Justification"]
    cells = read_table(BytesIO(xlsx([row()], header=english)))
    assert cells[0]["text"] == "Treść uwagi z tabeli." and cells[0]["chapter"] == "1"


@pytest.mark.django_db
@pytest.mark.parametrize("content, name, message", [
    (b"Lp.;Data\n1;2026-01-01\n", "uwagi.xlsx",
     "The file is not a readable Excel workbook (.xlsx). Save the table as .xlsx and try again."),
    (b"PK\x03\x04" + b"\x00" * 200, "uwagi.xlsx",
     "The file is not a readable Excel workbook (.xlsx). Save the table as .xlsx and try again."),
    (b"PK\x03\x04" + b"\x00" * (5 * 1024 * 1024), "uwagi.xlsx", "The file is too large (at most %(mb)d MB)."),
])
def test_a_broken_foreign_or_too_large_file_gets_a_message(client, users, plan, chapter, content, name, message):
    client.force_login(users["komunikacja"])
    response = upload(client, plan, content, name)
    assert response.status_code == 400
    expected = polish(message)
    if "%(mb)d" in message:
        expected = expected % {"mb": 5}
    assert expected in text_of(response).replace("&#x27;", "'")
    assert not ParagraphComment.objects.exists()


@pytest.mark.django_db
def test_a_table_without_the_comment_column_or_with_too_many_rows_is_refused(client, users, plan, chapter):
    client.force_login(users["komunikacja"])
    response = upload(client, plan, xlsx([["1", "x"]], header=["Lp.", "Zgłaszający"]))
    assert response.status_code == 400 and "Treść uwagi" in text_of(response)
    response = upload(client, plan, xlsx([row(**{"Lp.": n}) for n in range(MAX_TABLE_ROWS + 1)]))
    assert response.status_code == 400
    assert polish("The table has more than %(n)d rows; split it into several files.") % {
        "n": MAX_TABLE_ROWS} in text_of(response)
    assert not ParagraphComment.objects.exists()


@pytest.mark.django_db
def test_the_empty_table_has_the_header_row(client, users):
    client.force_login(users["eksperci"])
    response = client.get(reverse("intake:template"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADERS
    with pytest.raises(Refused):  # read back by the same reader: a header and no comments yet
        read_table(BytesIO(response.content))


@pytest.mark.django_db
def test_a_late_row_follows_the_plans_rule(client, users, closed_plan, closed_chapter):
    closed_plan.late_comment_rule = "record"
    closed_plan.save()
    client.force_login(users["komunikacja"])
    preview = upload(client, closed_plan, xlsx([row()]))
    assert preview.status_code == 200 and preview.context["rows"][0].late
    confirm(client, closed_plan, preview)
    comment = ParagraphComment.objects.get()
    assert comment.is_late and comment.status == "rejected" and comment.rejection_category == "late"


@pytest.mark.django_db
def test_the_command_checks_with_dry_run_and_registers_without(tmp_path, users, plan, chapter, capsys):
    path = tmp_path / "uwagi.xlsx"
    path.write_bytes(xlsx(good_rows()))
    call_command("register_comments", plan.slug, str(path), "--user", "komunikacja", "--dry-run")
    assert "3" in capsys.readouterr().out
    assert not ParagraphComment.objects.exists()

    call_command("register_comments", plan.slug, str(path), "--user", "komunikacja")
    out = capsys.readouterr().out
    comments = list(ParagraphComment.objects.order_by("pk"))
    assert len(comments) == 3 and all(c.reference in out for c in comments)
    assert {c.registered_by for c in comments} == {users["komunikacja"]}


@pytest.mark.django_db
def test_the_command_refuses_bad_rows_and_users_without_the_right(tmp_path, users, plan, chapter):
    path = tmp_path / "uwagi.xlsx"
    path.write_bytes(xlsx(good_rows() + [row(Rozdział=9)]))
    with pytest.raises(CommandError):
        call_command("register_comments", plan.slug, str(path), "--user", "komunikacja")
    good = tmp_path / "dobre.xlsx"
    good.write_bytes(xlsx(good_rows()))
    with pytest.raises(CommandError):
        call_command("register_comments", plan.slug, str(good), "--user", "zarzad")
    broken = tmp_path / "zle.xlsx"
    broken.write_bytes(b"nie arkusz")
    with pytest.raises(CommandError):
        call_command("register_comments", plan.slug, str(broken), "--user", "komunikacja")
    assert not ParagraphComment.objects.exists()


def zipped(members):
    import zipfile

    output = BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return output.getvalue()


@pytest.mark.django_db
def test_a_zip_that_is_not_a_workbook_or_unpacks_into_too_much_is_refused(client, users, plan, chapter):
    client.force_login(users["komunikacja"])
    not_workbook = upload(client, plan, zipped({"word/document.xml": "<w:document/>"}))
    assert not_workbook.status_code == 400
    assert polish("The file is not a readable Excel workbook (.xlsx). Save the table as .xlsx and try again.") in (
        text_of(not_workbook).replace("&#x27;", "'"))
    bomb = zipped({"xl/sharedStrings.xml": b"\0" * (101 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    too_much = upload(client, plan, bomb)
    assert too_much.status_code == 400
    assert polish("The file is too large (at most %(mb)d MB).") % {"mb": 5} in text_of(too_much)
    assert not ParagraphComment.objects.exists()


# --- the same letter twice, rows numbered as in Excel, drop-down lists -----------------------------


@pytest.mark.django_db
def test_a_table_registered_again_warns_on_every_row_but_does_not_block(client, users, plan, chapter):
    """Review defect 2: the same table was registered twice without a word."""
    client.force_login(users["komunikacja"])
    confirm(client, plan, upload(client, plan, xlsx(good_rows())))
    first, second, third = ParagraphComment.objects.order_by("pk")

    again = upload(client, plan, xlsx(good_rows()))
    assert again.status_code == 200 and again.context["token"]  # a warning, not an error
    warning = polish("Comment %(ref)s with the same date of receipt, submitter and text is already registered "
                     "for this plan: check that this letter is not registered twice.")
    assert [row.warnings for row in again.context["rows"]] == [
        [warning % {"ref": comment.reference}] for comment in (first, second, third)]
    html = text_of(again)
    assert all(comment.reference in html for comment in (first, second, third))
    assert confirm(client, plan, again).status_code == 302  # the office may really hold two letters
    assert ParagraphComment.objects.count() == 6


@pytest.mark.django_db
def test_two_identical_rows_of_one_table_warn_on_both(plan, chapter):
    cells = {"received_on": timezone.localdate().isoformat(), "channel": "poczta", "name": "Jan Kowalski",
             "text": "Ta sama uwaga."}
    one, two, other = check_rows(plan, [{**cells, "row": 2}, {**cells, "row": 3, "text": "Ta  sama uwaga. "},
                                        {**cells, "row": 4, "name": "Anna Nowak"}])
    same = polish("Row %(row)d of this table has the same date of receipt, submitter and text: check that the "
                  "same letter is not registered twice.")
    assert one.ok and one.warnings == [same % {"row": 3}]
    assert two.ok and two.warnings == [same % {"row": 2}]
    assert other.warnings == []


@pytest.mark.django_db
def test_the_dry_run_shows_the_repeated_rows(tmp_path, users, plan, chapter, capsys):
    path = tmp_path / "uwagi.xlsx"
    path.write_bytes(xlsx(good_rows()))
    call_command("register_comments", plan.slug, str(path), "--user", "komunikacja")
    capsys.readouterr()
    call_command("register_comments", plan.slug, str(path), "--user", "komunikacja", "--dry-run")
    out = capsys.readouterr().out
    first = ParagraphComment.objects.order_by("pk").first()
    assert "row 2 (Lp. 1): warning: " in out and first.reference in out
    assert ParagraphComment.objects.count() == 3


@pytest.mark.django_db
def test_rows_are_numbered_as_the_spreadsheet_numbers_them(client, users, plan, chapter, tmp_path, capsys):
    """Review defect 4: the first comment was "row 1" although Excel shows it in row 2."""
    # An empty row between two comments is skipped, and still counted.
    cells = read_table(BytesIO(xlsx([row(**{"Lp.": 1}), [None] * len(HEADERS), row(**{"Lp.": 2, "Rozdział": 9})])))
    assert [c["row"] for c in cells] == [2, 4]

    client.force_login(users["komunikacja"])
    preview = upload(client, plan, xlsx([row(**{"Lp.": 1}), row(**{"Lp.": 2, "Rozdział": 9})]))
    assert [r.row for r in preview.context["rows"]] == [2, 3]
    assert not preview.context["rows"][1].ok

    path = tmp_path / "uwagi.xlsx"
    path.write_bytes(xlsx([row(**{"Lp.": 1}), row(**{"Lp.": 2, "Rozdział": 9})]))
    with pytest.raises(CommandError):
        call_command("register_comments", plan.slug, str(path), "--user", "komunikacja")
    assert "row 3 (Lp. 2): " in capsys.readouterr().err


@pytest.mark.django_db
def test_the_empty_table_offers_drop_down_lists_of_channels_and_kinds(client, users):
    client.force_login(users["eksperci"])
    sheet = load_workbook(BytesIO(client.get(reverse("intake:template")).content)).active
    lists = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        for cell_range in validation.sqref.ranges:
            lists[HEADERS[cell_range.min_col - 1]] = (cell_range.min_row, validation.formula1.strip('"').split(","))
    assert lists == {"Kanał": (2, ["e-mail", "poczta", "ePUAP", "spotkanie", "inny"]),
                     "Rodzaj zgłaszającego": (2, ["osoba prywatna", "organizacja", "instytucja publiczna"])}
