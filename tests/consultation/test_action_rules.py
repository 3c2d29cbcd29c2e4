"""Every rule of every action, called directly: what a view, a command or the demo gets is the same.

These tests call the action functions with no view in between, so that deleting a guard inside an
action fails a test even where a view has its own copy of the check (`make mutation` measures it).
"""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import ModelLogEntry, PageLogEntry

from consultation.core.refusals import Refused
from consultation.demo.builders import comment_input, make_chapter, make_comment, make_plan
from consultation.importing.actions import import_plan
from consultation.importing.parsers import read_file
from consultation.models import Adoption, ChapterPage, Erratum, ParagraphComment, PlanVersion, ReportPublication
from consultation.moderation.actions import dismiss_flags, publish_comments, reject_comments, save_response
from consultation.participation.actions import confirm_comment, flag_comment, submit_comment
from consultation.privacy.personal_data import erase_personal_data
from consultation.reports.actions import publish_report
from consultation.versions.actions import (
    adopt_plan,
    adoption_checklist,
    correct_adoption,
    publish_version,
    record_erratum,
)
from tests.utils import coordinator_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NOT_MODERATORS = ["commenter", "komunikacja", "zarzad"]


def move_window(plan, opens_days, closes_days):
    now = timezone.now()
    plan.consultation_opens = now + timedelta(days=opens_days)
    plan.consultation_closes = now + timedelta(days=closes_days)
    plan.save_revision().publish()
    plan.refresh_from_db()
    return plan


def close(plan):
    return move_window(plan, -45, -5)


def submit(chapter, plan, **fields):
    tokens = []
    comment, created = submit_comment(
        chapter=chapter, plan=plan, paragraph_key=chapter.paragraphs()[0].key, data=comment_input(**fields),
        link_for_token=lambda token: tokens.append(token) or "/x/",
    )
    return comment, tokens


def answered_comment(chapter, expert):
    comment = make_comment(chapter, 1)
    publish_comments([comment], moderator=expert)
    comment.refresh_from_db()
    save_response(comment, author=coordinator_user(), disposition="accepted", justification="Tak.", publish=True)
    return comment


def ready_to_adopt(plan, chapter, users):
    """A closed plan with its one comment answered and its report public."""
    answered_comment(chapter, users["eksperci"])
    close(plan)
    publish_report(plan, user=users["komunikacja"])
    return plan


def adopt(plan, user, *, date=None, **kwargs):
    return adopt_plan(plan=plan, user=user, resolution_number="12/345/2026", adopting_body="board",
                      resolution_date=date or timezone.localdate() - timedelta(days=1),
                      document_file=ContentFile(PDF, name="uchwala.pdf"), **kwargs)


# --- participation -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("opens", "closes"), [(5, 45), (-45, -5)])
def test_submit_is_refused_outside_the_consultation(plan, chapter, opens, closes):
    move_window(plan, opens, closes)
    with pytest.raises(Refused):
        submit(chapter, plan)
    assert not ParagraphComment.objects.exists()


@pytest.mark.django_db
def test_submit_is_refused_for_an_adopted_plan_even_with_open_dates(plan, chapter, users):
    adopt(ready_to_adopt(plan, chapter, users), users["zarzad"])
    move_window(plan, -1, 30)  # the dates say open; the adoption says frozen
    plan.refresh_from_db()
    count = ParagraphComment.objects.count()
    with pytest.raises(Refused):
        submit(chapter, plan)
    assert ParagraphComment.objects.count() == count


@pytest.mark.django_db
def test_submit_is_refused_for_a_chapter_of_an_unpublished_plan_or_an_unknown_paragraph(plan, chapter):
    with pytest.raises(Refused):
        submit_comment(chapter=chapter, plan=plan, paragraph_key="nie-ma-takiego", data=comment_input(),
                       link_for_token=lambda token: "/x/")
    other_plan = make_plan(plan.get_parent(), title="Inny plan", slug="inny-plan")
    with pytest.raises(Refused):  # a chapter given with a plan that is not its own
        submit(chapter, other_plan)
    draft = make_chapter(plan, number=2, title="Szkic", slug="szkic", publish=False,
                         blocks=[("paragraph", "<p>Akapit szkicu.</p>")])
    with pytest.raises(Refused):  # an unpublished chapter of an open plan
        submit(draft, plan)
    plan.unpublish()
    plan.refresh_from_db()
    with pytest.raises(Refused):
        submit(chapter, plan)
    assert not ParagraphComment.objects.exists()


@pytest.mark.django_db
def test_submit_writes_the_log_and_a_reply_needs_a_published_parent(plan, chapter, expert):
    comment, _tokens = submit(chapter, plan)
    assert ModelLogEntry.objects.filter(object_id=str(comment.pk), action="drogowskaz.comment.submit").exists()
    with pytest.raises(Refused):
        submit_comment(chapter=chapter, plan=plan, paragraph_key=comment.paragraph_key, parent=comment,
                       data=comment_input(), link_for_token=lambda token: "/x/")


@pytest.mark.django_db
def test_confirmation_rules(plan, chapter, users, settings):
    comment, tokens = submit(chapter, plan)
    with pytest.raises(Refused):
        confirm_comment("zly-token")
    settings.DROGOWSKAZ_CONFIRMATION_HOURS = 1
    with pytest.raises(Refused):
        confirm_comment(tokens[0], now=timezone.now() + timedelta(hours=2))
    confirmed = confirm_comment(tokens[0])
    assert confirmed.confirmed_at is not None
    assert ModelLogEntry.objects.filter(object_id=str(comment.pk), action="drogowskaz.comment.confirm").exists()


@pytest.mark.django_db
def test_confirmation_is_refused_once_the_plan_is_adopted(plan, chapter, users):
    _comment, tokens = submit(chapter, plan)
    ready_to_adopt(plan, chapter, users)
    adopt(plan, users["zarzad"])
    with pytest.raises(Refused):
        confirm_comment(tokens[0])


@pytest.mark.django_db
def test_flag_rules(plan, chapter, expert):
    pending = make_comment(chapter, 1)
    with pytest.raises(Refused):
        flag_comment(pending, reporter="a")  # not published
    publish_comments([pending], moderator=expert)
    assert flag_comment(pending, reporter="a") is True
    close(plan)
    with pytest.raises(Refused):
        flag_comment(pending, reporter="b")


# --- moderation ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_MODERATORS)
def test_only_moderators_publish_reject_or_dismiss(users, chapter, role):
    comment = make_comment(chapter, 1)
    with pytest.raises(Refused):
        publish_comments([comment], moderator=users[role])
    with pytest.raises(Refused):
        reject_comments([comment], moderator=users[role], reason="Nie.")
    with pytest.raises(Refused):
        dismiss_flags(comment, moderator=users[role])
    comment.refresh_from_db()
    assert comment.status == "pending"


@pytest.mark.django_db
def test_moderation_and_responses_are_refused_after_adoption(plan, chapter, users):
    expert = users["eksperci"]
    ready_to_adopt(plan, chapter, users)
    late = ParagraphComment.objects.get()
    adopt(plan, users["zarzad"])
    with pytest.raises(Refused):
        reject_comments([late], moderator=expert, reason="Po przyjęciu.")
    with pytest.raises(Refused):
        publish_comments([late], moderator=expert)
    with pytest.raises(Refused):
        save_response(late, author=expert, disposition="not_accepted", justification="Zmiana.", publish=True)
    late.refresh_from_db()
    assert late.status == "published" and late.official_response.disposition == "accepted"


@pytest.mark.django_db
def test_response_rules(plan, chapter, users):
    expert = users["eksperci"]
    comment = make_comment(chapter, 1)
    publish_comments([comment], moderator=expert)
    comment.refresh_from_db()
    for role in ("commenter", "komunikacja", "zarzad"):
        with pytest.raises(Refused):
            save_response(comment, author=users[role], disposition="accepted", justification="x", publish=True)
    with pytest.raises(Refused):
        save_response(comment, author=expert, disposition="maybe", justification="x", publish=True)
    with pytest.raises(Refused):
        save_response(comment, author=expert, disposition="accepted", justification="  ", publish=True)
    reply = make_comment(chapter, parent=comment)
    with pytest.raises(Refused):
        save_response(reply, author=expert, disposition="accepted", justification="x", publish=True)
    rejected = make_comment(chapter, 2)
    reject_comments([rejected], moderator=expert, reason="Spam.")
    rejected.refresh_from_db()
    with pytest.raises(Refused):
        save_response(rejected, author=expert, disposition="accepted", justification="x", publish=True)
    assert not comment.__class__.objects.filter(official_response__isnull=False).exists()


@pytest.mark.django_db
def test_a_response_names_only_a_version_of_the_plan_published_after_the_comment(home, plan, chapter, users):
    """Defect 6: a response could name a version older than the comment."""
    expert, editor = users["eksperci"], users["komunikacja"]
    older = publish_version(plan, label="przed uwagą", user=editor, now=timezone.now() - timedelta(days=1))
    comment = make_comment(chapter, 1)
    publish_comments([comment], moderator=expert)
    other_plan = make_plan(home, title="Inny plan", slug="inny-plan")
    make_chapter(other_plan, number=1, title="Inny", slug="inny")
    foreign = publish_version(other_plan, label="cudza", user=editor)
    for version in (older, foreign):
        with pytest.raises(Refused):
            save_response(comment, author=expert, disposition="accepted", justification="x", publish=True,
                          version=version)
    newer = publish_version(plan, label="po uwadze", user=editor)
    response = save_response(comment, author=coordinator_user(), disposition="accepted", justification="x",
                             publish=True,
                             version=newer)
    assert response.version == newer


# --- versions, adoption, errata ------------------------------------------------------------------


@pytest.mark.django_db
def test_publish_version_rules(plan, chapter, users):
    for role in ("commenter", "eksperci", "zarzad"):
        with pytest.raises(Refused):
            publish_version(plan, label="v", user=users[role])
    with pytest.raises(Refused):
        publish_version(plan, label="  ", user=users["komunikacja"])
    version = publish_version(plan, label="v1", user=users["komunikacja"])
    assert PageLogEntry.objects.filter(page=plan, action="drogowskaz.plan.version").exists()
    plan.unpublish()
    plan.refresh_from_db()
    with pytest.raises(Refused):
        publish_version(plan, label="v2", user=users["komunikacja"])
    assert list(PlanVersion.objects.all()) == [version]


@pytest.mark.django_db
def test_frozen_means_frozen_on_every_path(plan, chapter, users):
    """Defect 2: after adoption an import replaced a chapter and a version could still be published."""
    ready_to_adopt(plan, chapter, users)
    adoption = adopt(plan, users["zarzad"])
    versions = PlanVersion.objects.count()
    with pytest.raises(Refused):
        publish_version(plan, label="po przyjęciu", user=users["komunikacja"])
    parsed = read_file("plan.md", "# Diagnoza\n\nNowy tekst.\n\n# Nowy rozdział\n\nDopisany.\n".encode())
    for user, publish in ((users["komunikacja"], False), (users["admin"], True)):
        with pytest.raises(Refused):
            import_plan(plan, parsed, user=user, publish=publish)
    chapter.refresh_from_db()
    assert chapter.get_latest_revision().pk == chapter.live_revision_id
    assert ChapterPage.objects.child_of(plan).count() == 1
    assert PlanVersion.objects.count() == versions
    with pytest.raises(Refused, match="już przyjęty"):
        adopt(plan, users["zarzad"])
    assert Adoption.objects.get() == adoption


@pytest.mark.django_db
def test_adoption_checklist_names_every_unmet_condition(plan, chapter, users):
    """Defect 3: adoption accepted pending and unanswered comments and no report."""
    expert = users["eksperci"]
    make_comment(chapter, 1, title="Czeka na moderację")
    unanswered = make_comment(chapter, 2, title="Bez odpowiedzi")
    publish_comments([unanswered], moderator=expert)
    close(plan)
    unmet = {c.label for c in adoption_checklist(plan, resolution_date=timezone.localdate()) if not c.met}
    assert unmet == {"Żaden komentarz nie czeka na moderację.",
                     "Każdy opublikowany komentarz ma opublikowaną odpowiedź.",
                     "Raport z konsultacji jest opublikowany."}
    with pytest.raises(Refused) as refusal:
        adopt(plan, users["zarzad"])
    assert "moderację" in refusal.value.message and "odpowiedź" in refusal.value.message
    assert not Adoption.objects.exists() and not get_document_model().objects.exists()


@pytest.mark.django_db
def test_adoption_is_refused_while_open(plan, chapter, users):
    with pytest.raises(Refused):
        adopt(plan, users["zarzad"])
    assert not Adoption.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("days", [+1, -30])  # tomorrow; before the close (5 days ago)
def test_adoption_refuses_a_resolution_dated_in_the_future_or_before_the_close(plan, chapter, users, days):
    ready_to_adopt(plan, chapter, users)
    with pytest.raises(Refused):
        adopt(plan, users["zarzad"], date=timezone.localdate() + timedelta(days=days))
    assert not Adoption.objects.exists() and not get_document_model().objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["commenter", "komunikacja", "eksperci"])
def test_only_the_board_adopts(plan, chapter, users, role):
    ready_to_adopt(plan, chapter, users)
    with pytest.raises(Refused):
        adopt(plan, users[role])
    assert not Adoption.objects.exists()


@pytest.mark.django_db
def test_a_refused_or_failed_adoption_leaves_no_file_behind(plan, chapter, users, monkeypatch):
    """Defect 7: a refused adoption left its file on disk."""
    from django.core.files.storage import default_storage

    def stored_files():
        return set(default_storage.listdir("documents")[1]) if default_storage.exists("documents") else set()

    ready_to_adopt(plan, chapter, users)
    before = stored_files()

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("consultation.versions.actions.Adoption.objects.create", broken)
    with pytest.raises(RuntimeError):
        adopt(plan, users["zarzad"])
    assert not get_document_model().objects.exists()
    assert stored_files() == before


@pytest.mark.django_db
def test_the_resolution_stays_private_until_the_adoption_publishes_it(client, plan, chapter, users, settings):
    """Defect 7: a draft resolution uploaded by the board was public at /documents/<id>/…"""
    from consultation.core.documents import PRIVATE_COLLECTION, RESOLUTIONS_COLLECTION, store_private_document

    # Served by a redirect to the file's storage address, so that the test storage (in memory) can answer.
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    draft = store_private_document(ContentFile(PDF, name="projekt-uchwaly.pdf"), title="Projekt", user=users["zarzad"])
    assert draft.collection.name == PRIVATE_COLLECTION
    assert "login" in client.get(draft.url)["Location"]  # anonymous: sent to log in, not served
    client.force_login(users["zarzad"])
    assert client.get(draft.url)["Location"].startswith("/media/documents/")
    client.logout()
    ready_to_adopt(plan, chapter, users)
    adoption = adopt_plan(plan=plan, user=users["zarzad"], resolution_number="1/2026", adopting_body="board",
                          resolution_date=timezone.localdate() - timedelta(days=1), document=draft)
    assert adoption.document.collection.name == RESOLUTIONS_COLLECTION
    assert client.get(adoption.document.url)["Location"].startswith("/media/documents/")


@pytest.mark.django_db
def test_correcting_an_adoption_keeps_the_text_and_its_fingerprint(plan, chapter, users):
    ready_to_adopt(plan, chapter, users)
    adoption = adopt(plan, users["zarzad"])
    fingerprint, version = adoption.fingerprint, adoption.version_id
    with pytest.raises(Refused):
        correct_adoption(adoption, user=users["komunikacja"], reason="Literówka.", resolution_number="12/346/2026")
    with pytest.raises(Refused):
        correct_adoption(adoption, user=users["zarzad"], reason="", resolution_number="12/346/2026")
    with pytest.raises(Refused):
        correct_adoption(adoption, user=users["zarzad"], reason="Data.",
                         resolution_date=timezone.localdate() + timedelta(days=2))
    with pytest.raises(Refused):  # before the close (5 days ago)
        correct_adoption(adoption, user=users["zarzad"], reason="Data.",
                         resolution_date=timezone.localdate() - timedelta(days=20))
    with pytest.raises(Refused):
        correct_adoption(adoption, user=users["zarzad"], reason="Zły organ.", adopting_body="sejm")
    with pytest.raises(Refused):
        correct_adoption(adoption, user=users["zarzad"], reason="Nic.")
    correct_adoption(adoption, user=users["zarzad"], reason="Literówka w numerze.", resolution_number="12/346/2026",
                     document_file=ContentFile(PDF, name="poprawiona.pdf"))
    adoption.refresh_from_db()
    assert adoption.resolution_number == "12/346/2026"
    assert (adoption.fingerprint, adoption.version_id) == (fingerprint, version)
    entry = PageLogEntry.objects.get(page=plan, action="drogowskaz.plan.adoption_corrected")
    assert entry.data["reason"] == "Literówka w numerze."
    assert entry.data["changes"]["resolution_number"] == ["12/345/2026", "12/346/2026"]


@pytest.mark.django_db
def test_an_erratum_is_an_administrators_logged_action_shown_publicly(client, plan, chapter, users):
    with pytest.raises(Refused):  # not adopted
        record_erratum(plan, user=users["admin"], correction="x", reason="y")
    ready_to_adopt(plan, chapter, users)
    adopt(plan, users["zarzad"])
    for role in ("komunikacja", "zarzad", "eksperci"):
        with pytest.raises(Refused):
            record_erratum(plan, user=users[role], correction="x", reason="y")
    with pytest.raises(Refused):
        record_erratum(plan, user=users["admin"], correction="W § 2 zamiast „2020” ma być „2021”.", reason=" ")
    record_erratum(plan, user=users["admin"], correction="W § 2 zamiast „2020” ma być „2021”.",
                   reason="Oczywista omyłka pisarska.")
    assert Erratum.objects.count() == 1
    assert PageLogEntry.objects.filter(page=plan, action="drogowskaz.plan.erratum").exists()
    html = client.get(plan.url).content.decode()
    assert "Oczywista omyłka pisarska." in html and "Errata" in html


@pytest.mark.django_db
def test_the_adopted_plan_page_no_longer_invites_comments_and_links_its_text(client, plan, chapter, users):
    """Defect 15."""
    ready_to_adopt(plan, chapter, users)
    adoption = adopt(plan, users["zarzad"])
    html = client.get(plan.url).content.decode()
    assert "Komentarze można zgłaszać" not in html
    text_url = plan.url + plan.reverse_subpage("version_text", args=[adoption.version.number])
    assert f'href="{text_url}"' in html


# --- reports, import, privacy --------------------------------------------------------------------


@pytest.mark.django_db
def test_publish_report_rules(plan, chapter, users):
    with pytest.raises(Refused):  # still open
        publish_report(plan, user=users["komunikacja"])
    close(plan)
    for role in ("commenter", "eksperci"):
        with pytest.raises(Refused):
            publish_report(plan, user=users[role])
    publish_report(plan, user=users["komunikacja"])
    with pytest.raises(Refused):
        publish_report(plan, user=users["komunikacja"])
    assert ReportPublication.objects.count() == 1


@pytest.mark.django_db
def test_import_rules(plan, users):
    parsed = read_file("plan.md", "# Diagnoza\n\nTekst.\n".encode())
    for role in ("commenter", "eksperci", "zarzad"):
        with pytest.raises(Refused):
            import_plan(plan, parsed, user=users[role])
    with pytest.raises(Refused):  # publishing skips the experts' review
        import_plan(plan, parsed, user=users["komunikacja"], publish=True)
    assert not ChapterPage.objects.exists()
    import_plan(plan, parsed, user=users["komunikacja"])
    assert ChapterPage.objects.get().live is False
    assert PageLogEntry.objects.filter(page=plan, action="drogowskaz.plan.import").exists()


@pytest.mark.django_db
def test_only_an_administrator_erases_personal_data(chapter, users):
    comment = make_comment(chapter, 1, email="osoba@example.org")
    for role in ("eksperci", "komunikacja", "zarzad"):
        with pytest.raises(Refused):
            erase_personal_data("osoba@example.org", user=users[role])
    assert erase_personal_data("osoba@example.org", user=users["admin"]) == 1
    comment.refresh_from_db()
    assert comment.user_email == ""


@pytest.mark.django_db
def test_a_rejection_needs_a_reason(chapter, expert):
    comment = make_comment(chapter, 1)
    with pytest.raises(Refused):
        reject_comments([comment], moderator=expert, reason="   ")
    comment.refresh_from_db()
    assert comment.status == "pending"


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["no number", "unknown body", "no document", "two documents"])
def test_the_resolution_must_be_complete(plan, chapter, users, change):
    ready_to_adopt(plan, chapter, users)
    fields = {"plan": plan, "user": users["zarzad"], "resolution_number": "12/345/2026", "adopting_body": "board",
              "resolution_date": timezone.localdate() - timedelta(days=1),
              "document_file": ContentFile(PDF, name="uchwala.pdf")}
    if change == "no number":
        fields["resolution_number"] = "  "
    elif change == "unknown body":
        fields["adopting_body"] = "sejm"
    elif change == "no document":
        del fields["document_file"]
    else:
        fields["document"] = get_document_model().objects.create(title="Inna", file=ContentFile(PDF, name="inna.pdf"))
    with pytest.raises(Refused):
        adopt_plan(**fields)
    assert not Adoption.objects.exists()


@pytest.mark.django_db
def test_a_comment_whose_chapter_was_deleted_cannot_be_flagged_but_can_be_confirmed(plan, chapter, expert):
    published = make_comment(chapter, 1)
    publish_comments([published], moderator=expert)
    _unconfirmed, tokens = submit(chapter, plan)
    chapter.delete()
    with pytest.raises(Refused):
        flag_comment(published, reporter="a")
    assert confirm_comment(tokens[0]).confirmed_at is not None  # kept in the record


@pytest.mark.django_db
def test_two_adoptions_at_once_make_one_and_refuse_the_other(plan, chapter, users):
    """The second board member's screen was loaded before the first adoption: the rule is checked
    again under the plan's lock, so the second gets a refusal, not a database error."""
    from consultation.models import PlanPage

    ready_to_adopt(plan, chapter, users)
    stale = PlanPage.objects.get(pk=plan.pk)
    assert stale.adoption_or_none is None  # what the second screen saw
    adopt(PlanPage.objects.get(pk=plan.pk), users["zarzad"])
    with pytest.raises(Refused):
        adopt(stale, users["admin"])
    assert Adoption.objects.count() == 1 and get_document_model().objects.count() == 1


@pytest.mark.django_db
def test_erratum_and_erasure_need_their_text(plan, chapter, users):
    ready_to_adopt(plan, chapter, users)
    adopt(plan, users["zarzad"])
    with pytest.raises(Refused):
        record_erratum(plan, user=users["admin"], correction="  ", reason="Omyłka.")
    with pytest.raises(Refused):
        erase_personal_data("  ", user=users["admin"])
    assert not Erratum.objects.exists()


@pytest.mark.django_db
def test_is_frozen_only_once_adopted(client, plan, chapter, users):
    from django.urls import reverse

    from consultation.plans.rules import is_frozen

    assert not is_frozen(plan) and not is_frozen(chapter)
    client.force_login(users["komunikacja"])
    assert client.get(reverse("wagtailadmin_pages:edit", args=[chapter.pk])).status_code == 200
    ready_to_adopt(plan, chapter, users)
    adopt(plan, users["zarzad"])
    assert is_frozen(plan) and is_frozen(chapter)


@pytest.mark.django_db
def test_a_refusal_says_when_comments_are_or_were_taken(plan, chapter):
    move_window(plan, 5, 45)
    with pytest.raises(Refused, match="Komentarze można zgłaszać od"):
        submit(chapter, plan)
    move_window(plan, -45, -5)
    with pytest.raises(Refused, match="Konsultacje trwały od"):
        submit(chapter, plan)
    plan.consultation_opens = plan.consultation_closes = None
    with pytest.raises(Refused, match="nie jest obecnie konsultowany"):
        submit(chapter, plan)


@pytest.mark.django_db
def test_publishing_skips_unconfirmed_comments(plan, chapter, expert):
    unconfirmed, _tokens = submit(chapter, plan)
    assert publish_comments([unconfirmed], moderator=expert) == 0
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == "unconfirmed"


@pytest.mark.django_db
def test_saving_a_published_response_again_keeps_its_publication_date(chapter, expert):
    comment = answered_comment(chapter, expert)
    first = comment.official_response.published_at
    save_response(comment, author=coordinator_user(), disposition="partly", justification="Częściowo.", publish=True,
                  now=timezone.now() + timedelta(days=3))
    comment.official_response.refresh_from_db()
    assert comment.official_response.published_at == first
    save_response(comment, author=coordinator_user(), disposition="partly", justification="Częściowo.",
                  publish=False)
    comment.official_response.refresh_from_db()
    assert comment.official_response.published_at is None


@pytest.mark.django_db
def test_correcting_only_the_document(plan, chapter, users):
    ready_to_adopt(plan, chapter, users)
    adoption = adopt(plan, users["zarzad"])
    old_document = adoption.document_id
    correct_adoption(adoption, user=users["zarzad"], reason="Dołączono zły plik.",
                     document_file=ContentFile(PDF, name="wlasciwa.pdf"))
    adoption.refresh_from_db()
    assert adoption.document_id != old_document and adoption.resolution_number == "12/345/2026"


@pytest.mark.django_db
def test_importing_the_same_text_again_makes_no_new_revision(plan, users):
    parsed = read_file("plan.md", "# Diagnoza\n\nTekst.\n".encode())
    import_plan(plan, parsed, user=users["komunikacja"])
    chapter = ChapterPage.objects.get()
    revisions = chapter.revisions.count()
    result = import_plan(plan, parsed, user=users["komunikacja"])
    assert [item.status for item in result.chapters] == ["unchanged"]
    assert chapter.revisions.count() == revisions


@pytest.mark.django_db
def test_withdrawal_until_a_moderator_acts(client, plan, chapter, expert):
    import re

    from django.core import mail

    from consultation.participation.actions import withdraw_comment
    from tests.utils import on_commit_run

    with on_commit_run():
        comment, tokens = submit(chapter, plan)
    link = re.search(r"http://testserver(/komentarz/wycofaj/[^/\s]+/)", mail.outbox[-1].body).group(1)
    assert client.get(link).status_code == 200  # a page with a button: a mail scanner withdraws nothing
    comment.refresh_from_db()
    assert comment.status == "unconfirmed"
    response = client.post(link)
    assert response.status_code == 302 and response["Location"].endswith("#receipt")
    comment.refresh_from_db()
    assert comment.status == "withdrawn" and comment.withdrawn_at is not None
    assert ModelLogEntry.objects.filter(object_id=str(comment.pk), action="drogowskaz.comment.withdraw").exists()
    assert publish_comments([comment], moderator=expert) == 0  # a withdrawn comment is never published
    reject_comments([comment], moderator=expert, reason="x")
    comment.refresh_from_db()
    assert comment.status == "withdrawn" and comment.rejection_reason == ""
    assert list(ParagraphComment.objects.withdrawn()) == [comment]
    assert not ParagraphComment.objects.pending().exists() and not ParagraphComment.objects.rejected().exists()

    token_of_moderated = submit(chapter, plan)[1][0]  # a fresh token for a comment that is then published
    fresh = ParagraphComment.objects.get(title="Uwaga do akapitu", withdrawn_at__isnull=True)
    fresh.confirmed_at = timezone.now()
    fresh.save(update_fields=["confirmed_at"])
    publish_comments([fresh], moderator=expert)
    with pytest.raises(Refused):
        withdraw_comment(token_of_moderated)
    with pytest.raises(Refused):
        withdraw_comment("zly-token")
    assert client.post("/komentarz/wycofaj/zly-token/").status_code == 400


@pytest.mark.django_db
def test_withdrawal_is_refused_once_the_plan_is_adopted(plan, chapter, users):
    from consultation.participation.actions import withdraw_comment

    _unconfirmed, tokens = submit(chapter, plan)  # never confirmed: not in the adoption's checklist
    ready_to_adopt(plan, chapter, users)
    adopt(plan, users["zarzad"])
    with pytest.raises(Refused):
        withdraw_comment(tokens[0])
    assert not ParagraphComment.objects.withdrawn().exists()


@pytest.mark.django_db
def test_a_comment_whose_chapter_was_deleted_can_still_be_withdrawn(plan, chapter):
    from consultation.participation.actions import withdraw_comment

    comment, tokens = submit(chapter, plan)
    chapter.delete()
    assert withdraw_comment(tokens[0]).withdrawn_at is not None
