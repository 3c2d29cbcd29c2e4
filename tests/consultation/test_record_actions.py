"""The actions of the Polish consultation record, called directly: registering comments received by
other channels, correcting a comment (korekta), general and chapter-wide comments, kinds of rejection.

As in test_action_rules.py, no view stands in between, so each guard of an action is what the test
meets.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import ModelLogEntry

from consultation.core.documents import PRIVATE_COLLECTION
from consultation.core.refusals import Refused
from consultation.demo.builders import comment_input, make_comment
from consultation.models import CommentCorrection, ConsultationMeeting, ParagraphComment
from consultation.moderation.actions import publish_comments, reject_comments
from consultation.participation.actions import correct_comment, submit_comment, withdraw_comment
from consultation.participation.intake import Receipt, register_comment, register_comments
from consultation.privacy.personal_data import erase_personal_data
from consultation.versions.actions import adoption_checklist
from tests.consultation.test_action_rules import adopt, close, ready_to_adopt

SCAN = b"%PDF-1.4\n% skan formularza uwag\n%%EOF\n"


def today():
    return timezone.localdate()


def register(plan, user, chapter=None, key="", *, channel="post", received_on=None, **fields):
    receipt_fields = {name: fields.pop(name) for name in ("meeting", "original_file") if name in fields}
    return register_comment(
        plan=plan, user=user, chapter=chapter, paragraph_key=key, data=comment_input(idempotency_key=None, **fields),
        receipt=Receipt(channel=channel, received_on=received_on or today(), **receipt_fields),
    )


def stored_files():
    return [d.file.name for d in get_document_model().objects.all() if d.file.storage.exists(d.file.name)]


def meeting_of(plan, days_ago=1):
    return ConsultationMeeting.objects.create(
        plan=plan, starts_at=timezone.now() - timedelta(days=days_ago), place="Lublin, ul. Diamentowa 2, sala 3",
    )


def sent_comment(chapter, plan, key=None, **fields):
    tokens = []
    comment, _created = submit_comment(
        plan=plan, chapter=chapter, paragraph_key=key if key is not None else chapter.paragraphs()[0].key,
        data=comment_input(**fields), link_for_token=lambda token: tokens.append(token) or "/x/",
    )
    return comment, tokens[0] if tokens else None


# --- registering comments from other channels ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["komunikacja", "eksperci"])
def test_the_two_teams_register_a_comment_that_waits_for_moderation_without_email(plan, chapter, users, role):
    key = chapter.paragraphs()[1].key
    comment = register(plan, users[role], chapter, key, channel="epuap", text="Uwaga z ePUAP.",
                       proposed_wording="Nowy zapis.", justification="Bo tak wynika z diagnozy.")
    assert comment.status == "pending" and not comment.is_late and comment.registered_by == users[role]
    assert (comment.channel, comment.received_on, comment.plan_id) == ("epuap", today(), plan.pk)
    assert comment.paragraph_text == chapter.paragraphs()[1].text
    assert (comment.proposed_wording, comment.justification) == ("Nowy zapis.", "Bo tak wynika z diagnozy.")
    assert mail.outbox == []  # the office holds the original: no confirmation mail
    assert ModelLogEntry.objects.filter(action="drogowskaz.comment.register", object_id=str(comment.pk)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["commenter", "zarzad"])
def test_others_cannot_register(plan, chapter, users, role):
    with pytest.raises(Refused):
        register(plan, users[role], chapter, chapter.paragraphs()[0].key)
    assert not ParagraphComment.objects.exists()


@pytest.mark.django_db
def test_a_receipt_that_cannot_be_true_is_refused(plan, chapter, users):
    user, key = users["komunikacja"], chapter.paragraphs()[0].key
    refused = [
        {"channel": "web"},
        {"channel": "fax"},
        {"received_on": today() + timedelta(days=1)},
        {"received_on": timezone.localdate(plan.consultation_opens) - timedelta(days=1)},
        {"channel": "meeting"},  # a comment "do protokołu" names its meeting
        {"text": "   "},
        {"original_file": ContentFile(b"MZ", name="wirus.exe")},
    ]
    for fields in refused:
        with pytest.raises(Refused):
            register(plan, user, chapter, key, **fields)
    with pytest.raises(Refused):
        register(plan, user, chapter, "no-such-paragraph")
    assert not ParagraphComment.objects.exists() and stored_files() == []


@pytest.mark.django_db
def test_a_meeting_comment_names_a_meeting_of_the_same_plan(home, plan, chapter, users):
    from consultation.demo.builders import make_plan

    other = make_plan(home, title="Inny plan", slug="inny")
    elsewhere = meeting_of(other)
    with pytest.raises(Refused):  # everything else right: the date is the meeting's
        register(plan, users["eksperci"], chapter, channel="meeting", meeting=elsewhere,
                 received_on=timezone.localdate(elsewhere.starts_at))
    meeting = meeting_of(plan)
    comment = register(plan, users["eksperci"], chapter, channel="meeting", meeting=meeting,
                       received_on=timezone.localdate(meeting.starts_at))
    assert comment.scope == "chapter" and comment.meeting.plan_id == plan.pk and comment.paragraph_key == ""


@pytest.mark.django_db
def test_a_general_comment_concerns_the_whole_document(plan, users):
    comment = register(plan, users["komunikacja"], None, channel="email")
    assert comment.scope == "general" and str(comment.object_pk) == str(plan.pk) and comment.paragraph_text == ""


@pytest.mark.django_db
def test_a_late_comment_follows_the_plans_rule(plan, chapter, users):
    close(plan)
    after_close = timezone.localdate(plan.consultation_closes) + timedelta(days=1)
    on_the_last_day = timezone.localdate(plan.consultation_closes)
    key = chapter.paragraphs()[0].key

    on_time = register(plan, users["komunikacja"], chapter, key, received_on=on_the_last_day)
    assert not on_time.is_late and on_time.status == "pending"

    recorded = register(plan, users["komunikacja"], chapter, key, received_on=after_close)
    assert recorded.is_late and recorded.status == "rejected" and recorded.rejection_category == "late"

    plan.late_comment_rule = "consider"
    plan.save_revision().publish()
    plan.refresh_from_db()
    considered = register(plan, users["komunikacja"], chapter, key, received_on=after_close)
    assert considered.is_late and considered.status == "pending"


@pytest.mark.django_db
def test_the_original_is_kept_privately_and_a_refused_registration_leaves_no_file(plan, chapter, users):
    comment = register(plan, users["eksperci"], chapter, original_file=ContentFile(SCAN, name="skan.pdf"))
    assert comment.original_document.collection.name == PRIVATE_COLLECTION
    assert len(stored_files()) == 1

    reject_comments([comment], moderator=users["eksperci"], reason="Poza zakresem planu.", category="off_topic")
    ready_to_adopt(plan, chapter, users)  # the report is published complete: nothing waits for moderation
    adopt(plan, users["zarzad"])
    files = stored_files()
    with pytest.raises(Refused):
        register(plan, users["eksperci"], chapter, received_on=timezone.localdate(plan.consultation_closes),
                 original_file=ContentFile(SCAN, name="skan2.pdf"))
    assert stored_files() == files


@pytest.mark.django_db
def test_registration_waits_for_the_consultation_to_open(home, users):
    from consultation.demo.builders import make_plan

    announced = make_plan(home, title="Zapowiedziany", slug="zapowiedziany", opens=timezone.now() + timedelta(days=3),
                          closes=timezone.now() + timedelta(days=40))
    with pytest.raises(Refused):
        register(announced, users["komunikacja"], None)


@pytest.mark.django_db
def test_bulk_registration_is_all_or_none_and_names_the_row(plan, chapter, users):
    from consultation.participation.intake import Receipt as R

    def row(number, received_on, key):
        return (comment_input(idempotency_key=None), R("post", received_on), chapter, key, number)

    good, bad = row(2, today(), chapter.paragraphs()[0].key), row(7, today() + timedelta(days=2), "")
    with pytest.raises(Refused) as refusal:
        register_comments([good, good, bad], plan=plan, user=users["komunikacja"])
    assert "7" in refusal.value.message and not ParagraphComment.objects.exists()
    assert len(register_comments([good, good], plan=plan, user=users["komunikacja"])) == 2


@pytest.mark.django_db
def test_pending_general_comments_hold_back_the_adoption(plan, chapter, users):
    register(plan, users["komunikacja"], None)
    close(plan)
    pending = next(c for c in adoption_checklist(plan) if "moderation" in str(c.label) or "moderacj" in str(c.label))
    assert not pending.met


# --- web comments on a chapter or the whole document --------------------------------------------


@pytest.mark.django_db
def test_web_comments_on_a_chapter_or_the_whole_document(plan, chapter):
    on_chapter, _token = sent_comment(chapter, plan, key="")
    general, _token = sent_comment(None, plan, key="")
    assert (on_chapter.scope, str(on_chapter.object_pk)) == ("chapter", str(chapter.pk))
    assert (general.scope, str(general.object_pk), general.plan_id) == ("general", str(plan.pk), plan.pk)
    assert on_chapter.channel == "web" and on_chapter.received_on == today()


@pytest.mark.django_db
def test_a_reply_goes_only_to_a_paragraph_comment(plan, chapter, expert):
    on_chapter, token = sent_comment(chapter, plan, key="")
    publish_comments([ParagraphComment.objects.get(pk=on_chapter.pk)], moderator=expert)
    from consultation.participation.actions import confirm_comment

    confirm_comment(token)
    publish_comments([ParagraphComment.objects.get(pk=on_chapter.pk)], moderator=expert)
    parent = ParagraphComment.objects.get(pk=on_chapter.pk)
    assert parent.status == "published"
    with pytest.raises(Refused):
        submit_comment(plan=plan, chapter=chapter, paragraph_key=chapter.paragraphs()[0].key, parent=parent,
                       data=comment_input(), link_for_token=lambda token: "/x/")


# --- correction (korekta) -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_correction_keeps_the_reference_and_the_previous_wording(plan, chapter):
    comment, token = sent_comment(chapter, plan, text="Pierwsza wersja.")
    corrected = correct_comment(token, title="Poprawiony tytuł", text="Druga wersja.",
                                proposed_wording="Proponuję tak.", justification="Z uzasadnieniem.")
    assert corrected.pk == comment.pk and corrected.reference == comment.reference
    assert (corrected.comment, corrected.proposed_wording) == ("Druga wersja.", "Proponuję tak.")
    history = list(CommentCorrection.objects.filter(comment=comment))
    assert len(history) == 1 and history[0].previous["comment"] == "Pierwsza wersja."
    assert ModelLogEntry.objects.filter(action="drogowskaz.comment.correct", object_id=str(comment.pk)).exists()
    # The same wording again changes nothing and stores no second correction.
    correct_comment(token, title="Poprawiony tytuł", text="Druga wersja.", proposed_wording="Proponuję tak.",
                    justification="Z uzasadnieniem.")
    assert CommentCorrection.objects.filter(comment=comment).count() == 1


@pytest.mark.django_db
def test_a_correction_is_refused_once_a_moderator_acted_or_it_was_withdrawn(plan, chapter, expert):
    from consultation.participation.actions import confirm_comment

    comment, token = sent_comment(chapter, plan)
    with pytest.raises(Refused):
        correct_comment(token, title="", text="  ")
    confirm_comment(token)
    publish_comments([ParagraphComment.objects.get(pk=comment.pk)], moderator=expert)
    with pytest.raises(Refused):
        correct_comment(token, title="", text="Inaczej.")
    with pytest.raises(Refused):
        correct_comment("not-a-token", title="", text="Inaczej.")
    withdrawn, token2 = sent_comment(chapter, plan)
    withdraw_comment(token2)
    with pytest.raises(Refused):
        correct_comment(token2, title="", text="Inaczej.")
    assert not CommentCorrection.objects.exists()
    assert ParagraphComment.objects.get(pk=comment.pk).comment == "Treść uwagi."


@pytest.mark.django_db
def test_a_correction_is_refused_once_the_plan_is_adopted(plan, chapter, users):
    comment, token = sent_comment(chapter, plan)  # never confirmed: it does not hold back the adoption
    ready_to_adopt(plan, chapter, users)
    adopt(plan, users["zarzad"])
    with pytest.raises(Refused):
        correct_comment(token, title="", text="Inaczej.")
    assert ParagraphComment.objects.get(pk=comment.pk).comment == "Treść uwagi."


# --- kinds of rejection ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_duplicate_names_a_published_comment_of_the_same_plan(home, plan, chapter, expert):
    original = make_comment(chapter, 1)
    publish_comments([original], moderator=expert)
    original.refresh_from_db()
    repeat = make_comment(chapter, 1)
    with pytest.raises(Refused):
        reject_comments([repeat], moderator=expert, reason="Tożsama.", category="duplicate")
    with pytest.raises(Refused):
        reject_comments([repeat], moderator=expert, reason="Tożsama.", category="duplicate", duplicate_of=repeat)
    with pytest.raises(Refused):
        reject_comments([repeat], moderator=expert, reason="Inna.", category="no-such-kind")
    assert reject_comments([repeat], moderator=expert, reason="Tożsama z wcześniejszą.", category="duplicate",
                           duplicate_of=original) == 1
    repeat.refresh_from_db()
    assert (repeat.status, repeat.rejection_category, repeat.duplicate_of_id) == ("rejected", "duplicate", original.pk)


@pytest.mark.django_db
def test_a_rejection_records_its_kind(chapter, expert):
    comment = make_comment(chapter, 1)
    reject_comments([comment], moderator=expert, reason="Wulgaryzmy.", category="offensive")
    comment.refresh_from_db()
    assert (comment.rejection_category, comment.duplicate_of_id) == ("offensive", None)


# --- personal data ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_erasure_deletes_the_scan_of_the_original(plan, chapter, users, django_capture_on_commit_callbacks):
    comment = register(plan, users["komunikacja"], chapter, email="nadawca@example.org",
                       original_file=ContentFile(SCAN, name="skan.pdf"))
    assert len(stored_files()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert erase_personal_data("nadawca@example.org", user=users["admin"]) == 1
    comment.refresh_from_db()
    assert comment.original_document is None and stored_files() == []
    assert not get_document_model().objects.exists()


@pytest.mark.django_db
def test_a_registration_sent_twice_is_stored_once_and_long_values_are_refused(plan, chapter, users):
    import uuid

    key = uuid.uuid4()
    data = comment_input(idempotency_key=key)
    receipt = Receipt(channel="email", received_on=today())
    first = register_comment(plan=plan, data=data, receipt=receipt, user=users["komunikacja"])
    again = register_comment(plan=plan, data=data, receipt=receipt, user=users["komunikacja"])
    assert first.pk == again.pk and ParagraphComment.objects.count() == 1
    for field, limit in (("name", 50), ("organisation", 255), ("title", 200)):
        with pytest.raises(Refused):
            register(plan, users["komunikacja"], None, **{field: "x" * (limit + 1)})
    assert ParagraphComment.objects.count() == 1


@pytest.mark.django_db
def test_a_comment_for_the_minutes_is_received_on_the_day_of_its_meeting(plan, users):
    meeting = meeting_of(plan, days_ago=0)
    with pytest.raises(Refused):
        register(plan, users["eksperci"], None, channel="meeting", meeting=meeting,
                 received_on=today() - timedelta(days=1))
    assert register(plan, users["eksperci"], None, channel="meeting", meeting=meeting,
                    received_on=timezone.localdate(meeting.starts_at)).meeting == meeting


@pytest.mark.django_db
def test_a_response_is_published_only_on_a_published_comment(plan, chapter, expert):
    from consultation.moderation.actions import save_response

    pending = make_comment(chapter, 1)
    with pytest.raises(Refused):
        save_response(pending, author=expert, disposition="accepted", justification="Tak.", publish=True)
    draft = save_response(pending, author=expert, disposition="accepted", justification="Tak.", publish=False)
    assert draft.published_at is None
    comment, token = sent_comment(chapter, plan)
    withdraw_comment(token)
    with pytest.raises(Refused) as refusal:
        save_response(comment, author=expert, disposition="accepted", justification="Tak.", publish=False)
    assert "wycofa" in refusal.value.message


@pytest.mark.django_db
def test_an_email_was_not_made_at_a_meeting_and_a_late_rejection_is_logged(plan, chapter, users):
    with pytest.raises(Refused):
        register(plan, users["komunikacja"], None, channel="email", meeting=meeting_of(plan, days_ago=0))
    close(plan)
    late = register(plan, users["komunikacja"], None,
                    received_on=timezone.localdate(plan.consultation_closes) + timedelta(days=1))
    assert ModelLogEntry.objects.filter(action="drogowskaz.comment.reject", object_id=str(late.pk)).exists()


@pytest.mark.django_db
def test_a_correction_mails_the_current_wording_and_keeps_a_title(plan, chapter, django_capture_on_commit_callbacks):
    _comment, token = sent_comment(chapter, plan, title="Tytuł")
    mail.outbox.clear()
    with pytest.raises(Refused):
        correct_comment(token, title="", text="Bez tytułu.")
    with django_capture_on_commit_callbacks(execute=True):
        correct_comment(token, title="Tytuł", text="Poprawiona treść uwagi.")
    assert len(mail.outbox) == 1 and "Poprawiona treść uwagi." in mail.outbox[0].body
    assert "/komentarz/popraw/" in mail.outbox[0].body and "/komentarz/potwierdz/" in mail.outbox[0].body


@pytest.mark.django_db
def test_an_original_over_the_limit_is_refused_and_leaves_nothing(plan, users):
    from consultation.participation.intake import MAX_ORIGINAL_BYTES

    big = ContentFile(b"%PDF-1.4\n" + b"0" * MAX_ORIGINAL_BYTES, name="skan.pdf")
    with pytest.raises(Refused):
        register(plan, users["komunikacja"], None, original_file=big)
    assert not ParagraphComment.objects.exists() and stored_files() == []


@pytest.mark.django_db
def test_an_unconfirmed_comment_is_not_received_so_it_is_neither_published_nor_rejected(plan, chapter, expert):
    comment, _token = sent_comment(chapter, plan)
    assert publish_comments([comment], moderator=expert) == 0
    assert reject_comments([comment], moderator=expert, reason="Spam.", category="off_topic") == 0
    assert ParagraphComment.objects.get(pk=comment.pk).status == "unconfirmed"


# --- guards that `make mutation` showed were only covered by a later check -----------------------


@pytest.mark.django_db
def test_a_receipt_needs_its_date_and_the_plan_its_dates(plan, users):
    from consultation.participation.intake import check_receipt

    with pytest.raises(Refused):
        register_comment(plan=plan, user=users["komunikacja"], data=comment_input(idempotency_key=None),
                         receipt=Receipt(channel="post", received_on=None))
    plan.consultation_opens = plan.consultation_closes = None
    with pytest.raises(Refused):
        check_receipt(plan, Receipt(channel="post", received_on=today()), today())


@pytest.mark.django_db
def test_a_plan_not_yet_published_takes_no_registered_comment(home, users):
    from consultation.demo.builders import make_plan

    draft = make_plan(home, title="Szkic planu", slug="szkic-planu", publish=False,
                      opens=timezone.now() - timedelta(days=3), closes=timezone.now() + timedelta(days=40))
    with pytest.raises(Refused):
        register(draft, users["komunikacja"], None)
    assert not ParagraphComment.objects.exists()


@pytest.mark.django_db
def test_a_duplicate_is_of_another_published_comment_of_the_same_plan(home, plan, chapter, expert):
    from consultation.demo.builders import make_chapter, make_plan

    original = make_comment(chapter, 1)
    publish_comments([original], moderator=expert)
    original.refresh_from_db()
    with pytest.raises(Refused):  # itself
        reject_comments([original], moderator=expert, reason="Tożsama.", category="duplicate", duplicate_of=original)
    pending = make_comment(chapter, 1)
    repeat = make_comment(chapter, 1)
    with pytest.raises(Refused):  # of a comment not published
        reject_comments([repeat], moderator=expert, reason="Tożsama.", category="duplicate", duplicate_of=pending)
    other_plan = make_plan(home, title="Inny", slug="inny-plan")
    elsewhere = make_comment(make_chapter(other_plan, number=1, slug="inny-rozdzial",
                                          blocks=[("paragraph", "<p>Akapit.</p>")]), 1)
    publish_comments([elsewhere], moderator=expert)
    elsewhere.refresh_from_db()
    with pytest.raises(Refused):  # of another plan's comment
        reject_comments([repeat], moderator=expert, reason="Tożsama.", category="duplicate", duplicate_of=elsewhere)
    assert ParagraphComment.objects.get(pk=repeat.pk).status == "pending"
    assert ParagraphComment.objects.get(pk=original.pk).status == "published"


@pytest.mark.django_db
def test_neither_a_reply_nor_a_rejected_comment_gets_even_a_draft_response(chapter, expert):
    from consultation.moderation.actions import save_response

    parent = make_comment(chapter, 1)
    publish_comments([parent], moderator=expert)
    parent.refresh_from_db()
    reply = make_comment(chapter, parent=parent)
    publish_comments([reply], moderator=expert)
    rejected = make_comment(chapter, 1)
    reject_comments([rejected], moderator=expert, reason="Poza tematem.", category="off_topic")
    for comment in (reply, rejected):
        with pytest.raises(Refused):
            save_response(comment, author=expert, disposition="accepted", justification="Tak.", publish=False)
    from consultation.models import OfficialResponse

    assert not OfficialResponse.objects.exists()
