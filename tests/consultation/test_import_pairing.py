"""Re-importing into a plan that has chapters (issue 13): the preview proposes which existing
chapter each chapter of the file replaces, never by a merely alike title; the editor can change it;
the preview warns about published comments on removed or rewritten paragraphs; chapter numbers are
never used twice; the text before the first chapter goes where the editor says.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultation.core.refusals import Refused
from consultation.demo.builders import make_chapter, make_comment
from consultation.importing.actions import import_plan
from consultation.importing.parsers import read_file
from consultation.importing.plan_import import CHAPTER, INTRO, LEAVE_OUT, NEW, SKIP, ImportChoices, preview_import
from consultation.models import ChapterPage, PlanPage
from consultation.moderation.actions import publish_comments
from tests.utils import communications_user, form_values, text_of
from tests.word_files import heading, p, table, word_file

DIAGNOSIS = [f"Akapit diagnozy numer {n} o podmiotach ekonomii społecznej w regionie." for n in range(1, 9)]


def diagnosis_body():
    return [("paragraph", f"<p>{text}</p>") for text in DIAGNOSIS]


def markdown(*chapters, before=""):
    text = before + "".join(f"# {title}\n\n" + "".join(f"{paragraph}\n\n" for paragraph in paragraphs)
                            for title, paragraphs in chapters)
    return read_file("plan.md", text.encode())


@pytest.fixture
def diagnosis(plan):
    return make_chapter(plan, title="Diagnoza sytuacji ekonomii społecznej w regionie", blocks=diagnosis_body(), number=1)


@pytest.mark.django_db
def test_an_alike_title_alone_pairs_nothing(plan, diagnosis):
    preview = preview_import(plan, markdown(("3. Diagnoza obszaru wsparcia", ["Zupełnie inny tekst."])))
    (item,) = preview.chapters
    assert item.chapter is None and item.status == "new" and item.number == 3
    assert preview.untouched == [diagnosis]


@pytest.mark.django_db
def test_chapters_sharing_only_a_placeholder_are_not_paired(plan):
    goals = make_chapter(plan, title="Cele", blocks=[("paragraph", "<p>Do uzupełnienia.</p>")] * 2, number=1)
    preview = preview_import(plan, markdown(("Monitoring", ["Do uzupełnienia.", "Do uzupełnienia."])))
    (item,) = preview.chapters
    assert item.chapter is None and preview.untouched == [goals]


@pytest.mark.django_db
def test_a_renamed_chapter_with_the_same_paragraphs_is_proposed(plan, diagnosis):
    edited = DIAGNOSIS[:7] + ["Akapit diagnozy numer 8 o podmiotach ekonomii społecznej w całym regionie."]
    preview = preview_import(plan, markdown(("1. Diagnoza – wersja po konsultacjach", edited)))
    (item,) = preview.chapters
    assert item.chapter == diagnosis and item.proposed
    assert item.counts == {"inserted": 0, "changed": 1, "deleted": 0, "moved": 0}


@pytest.mark.django_db
def test_the_editor_chooses_the_pairing(plan, diagnosis):
    other = make_chapter(plan, title="Cele", blocks=[("paragraph", "<p>Cel.</p>")], number=2)
    document = markdown(("1. Diagnoza sytuacji ekonomii społecznej w regionie", DIAGNOSIS), ("2. Cele", ["Cel."]))
    sources = [item.source for item in preview_import(plan, document).chapters]
    chosen = preview_import(plan, document, ImportChoices(pairing={sources[0]: NEW, sources[1]: SKIP}))
    assert [(item.action, item.chapter) for item in chosen.chapters] == [(NEW, None), (SKIP, None)]
    assert chosen.problems  # a new chapter 1 beside the existing chapter 1
    swapped = preview_import(plan, document, ImportChoices(pairing={sources[0]: str(other.pk), sources[1]: SKIP}))
    assert swapped.chapters[0].chapter == other and not swapped.chapters[0].proposed


@pytest.mark.django_db
def test_chapter_numbers_are_never_used_twice(plan, diagnosis):
    document = markdown(("1. Zupełnie nowy rozdział", ["Tekst."]))
    preview = preview_import(plan, document)
    assert preview.problems and "1" in preview.problems[0]
    before = ChapterPage.objects.count()
    with pytest.raises(Refused) as refusal:
        import_plan(plan, document, user=communications_user())
    assert "dwa razy" in refusal.value.message
    assert ChapterPage.objects.count() == before
    assert not diagnosis.get_latest_revision() or diagnosis.get_latest_revision_as_object().title == diagnosis.title


@pytest.mark.django_db
def test_the_preview_warns_about_published_comments_and_shows_moves(plan, diagnosis, expert):
    comment = make_comment(diagnosis, 3, title="Uwaga do akapitu 3")
    publish_comments([comment], moderator=expert)
    paragraphs = [DIAGNOSIS[1], DIAGNOSIS[0]] + DIAGNOSIS[3:]  # 1 and 2 swapped, 3 removed
    preview = preview_import(plan, markdown(("1. Diagnoza sytuacji ekonomii społecznej w regionie", paragraphs)))
    (item,) = preview.chapters
    assert item.counts["deleted"] == 1 and item.counts["moved"] == 1
    assert [(change.status, published, pending) for change, published, pending in item.at_risk] == [
        ("deleted", 1, 0)]
    assert not any("official responses" in warning or "odpowiedzi" in warning for warning in preview.warnings)
    moved = [change for change in item.changes if change.moved]
    assert moved[0].status == "unchanged"


@pytest.mark.django_db
def test_the_front_matter_becomes_the_introduction_or_an_unnumbered_chapter(plan):
    document = markdown(("Diagnoza", ["a"]), before="**Wykaz skrótów**\n\n- PES – podmiot ekonomii społecznej\n\n")
    import_plan(plan, document, user=communications_user())
    latest = PlanPage.objects.get(pk=plan.pk).get_latest_revision_as_object()
    assert latest.intro == "<p><b>Wykaz skrótów</b></p><ul><li>PES – podmiot ekonomii społecznej</li></ul>"

    again = import_plan(plan, document, user=communications_user(),
                        choices=ImportChoices(front_matter=CHAPTER, front_matter_title="Wykaz skrótów"))
    introduction = ChapterPage.objects.child_of(plan).get(title="Wykaz skrótów")
    assert introduction.number == 0 and again.front_matter.choice == CHAPTER
    assert [c.numbered_title for c in ChapterPage.objects.child_of(plan).order_by("number")] == [
        "Wykaz skrótów", "1. Diagnoza"]

    left_out = preview_import(plan, document, ImportChoices(front_matter=LEAVE_OUT))
    assert left_out.front_matter.choice == LEAVE_OUT and not left_out.intro_html


@pytest.mark.django_db
def test_a_table_before_the_first_chapter_cannot_be_the_introduction(plan):
    document = read_file("plan.docx", word_file(table([["Skrót", "Znaczenie"], ["PES", "podmiot"]]),
                                                heading("Diagnoza"), p("a")))
    preview = preview_import(plan, document, ImportChoices(front_matter=INTRO))
    assert preview.front_matter.choice == CHAPTER and not preview.front_matter.may_be_intro


@pytest.mark.django_db
def test_confirming_reuses_the_previews_work_while_the_chapter_is_unchanged(plan, diagnosis):
    document = markdown(("1. Diagnoza sytuacji ekonomii społecznej w regionie", DIAGNOSIS + ["Nowy akapit."]))
    preview = preview_import(plan, document)
    (key, body), = preview.bodies.items()
    marked = [dict(block, id="reused-" + str(n)) for n, block in enumerate(body)]
    reused = preview_import(plan, document, known_bodies={key: marked})
    assert reused.chapters[0].body == marked
    diagnosis.get_latest_revision_as_object().save_revision()  # someone saved the chapter meanwhile
    fresh = preview_import(plan, document, known_bodies={key: marked})
    assert fresh.chapters[0].body != marked


@pytest.mark.django_db
def test_the_admin_preview_saves_exactly_what_it_showed(client, users, plan, diagnosis):
    client.force_login(users["komunikacja"])
    url = reverse("plans:import", args=[plan.pk])
    content = word_file(p("Cele", bold=True), p("Cel główny."), p("Wdrażanie", bold=True), p("Kto i jak."))
    shown = client.post(url, {"document": SimpleUploadedFile("plan.docx", content)})
    assert shown.status_code == 200
    assert "Wiersze, które wyglądają jak nagłówki" in text_of(shown)
    values = form_values(shown.content)
    refused = client.post(url, {**values, "confirm": "1"})
    assert refused.status_code == 400 and "Nic nie zostałoby zaimportowane" in text_of(refused)

    promote = {name: "1" for name in values if name.startswith("promote-")}
    changed = client.post(url, {**values, **promote, "confirm": "1"})  # a choice changed: shown first
    assert changed.status_code == 200 and "Zmieniono wybór" in text_of(changed)
    assert ChapterPage.objects.child_of(plan).count() == 1
    saved = client.post(url, {**form_values(changed.content), "confirm": "1"})
    assert saved.status_code == 302
    assert sorted(c.numbered_title for c in ChapterPage.objects.child_of(plan)) == [
        "1. Diagnoza sytuacji ekonomii społecznej w regionie", "2. Cele", "3. Wdrażanie"]


@pytest.mark.django_db
def test_the_command_lists_bold_lines_and_can_take_them_as_chapters(plan, tmp_path):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "plan.docx"
    path.write_bytes(word_file(p("Diagnoza", bold=True), p("Tekst."), p("Cele", bold=True), p("Cel.")))
    out = StringIO()
    with pytest.raises(CommandError):  # nothing to import until the lines are taken as headings
        call_command("import_plan", str(path), "--plan", plan.slug, "--user", communications_user().username,
                     stdout=out, stderr=StringIO())
    call_command("import_plan", str(path), "--plan", plan.slug, "--dry-run", stdout=out, stderr=StringIO())
    assert "bold line: Diagnoza" in out.getvalue()
    call_command("import_plan", str(path), "--plan", plan.slug, "--bold-lines-as-chapters",
                 "--user", communications_user().username, stdout=StringIO(), stderr=StringIO())
    assert [c.numbered_title for c in ChapterPage.objects.child_of(plan).order_by("number")] == [
        "1. Diagnoza", "2. Cele"]


@pytest.mark.django_db
def test_a_preview_from_another_window_cannot_save(client, users, plan):
    client.force_login(users["komunikacja"])
    url = reverse("plans:import", args=[plan.pk])
    first = client.post(url, {"document": SimpleUploadedFile("a.md", "# Diagnoza\n\nWersja A.\n".encode())})
    client.post(url, {"document": SimpleUploadedFile("b.md", "# Diagnoza\n\nWersja B.\n".encode())})
    stale = client.post(url, {**form_values(first.content), "confirm": "1"})
    assert stale.status_code == 400 and "nieaktualny" in text_of(stale)
    assert not ChapterPage.objects.child_of(plan).exists()


@pytest.mark.django_db
def test_unnumbered_parts_keep_their_place_among_numbered_chapters(client, plan):
    from consultation.models.pages import reading_order

    document = markdown(("Wstęp", ["a"]), ("1. Diagnoza", ["b"]), ("2. Cele", ["c"]), ("Załączniki", ["d"]))
    import_plan(plan, document, user=communications_user())
    titles = [c.numbered_title for c in reading_order(ChapterPage.objects.child_of(plan))]
    assert titles == ["Wstęp", "1. Diagnoza", "2. Cele", "Załączniki"]

    again = markdown(("Wstęp", ["a"]), ("1. Diagnoza", ["b"]), ("Słownik pojęć", ["s"]), ("2. Cele", ["c"]),
                     ("Załączniki", ["d"]))
    import_plan(plan, again, user=communications_user())
    assert [c.numbered_title for c in reading_order(ChapterPage.objects.child_of(plan))] == [
        "Wstęp", "1. Diagnoza", "Słownik pojęć", "2. Cele", "Załączniki"]


@pytest.mark.django_db
def test_the_editors_choice_wins_over_a_proposal_and_a_conflict_is_said(plan, diagnosis):
    goals = make_chapter(plan, title="Cele", blocks=[("paragraph", "<p>Cel.</p>")], number=2)
    document = markdown(("1. Diagnoza sytuacji ekonomii społecznej w regionie", DIAGNOSIS), ("2. Cele", ["Cel."]))
    first, second = (item.source for item in preview_import(plan, document).chapters)
    chosen = preview_import(plan, document, ImportChoices(pairing={second: str(diagnosis.pk)}))
    assert [item.chapter for item in chosen.chapters] == [None, diagnosis]  # the proposal gives way
    assert chosen.untouched == [goals]
    # Both set to replace "Cele", the second just now: the latest choice wins and the other is told.
    both = preview_import(plan, document, ImportChoices(pairing={first: str(goals.pk), second: str(goals.pk)},
                                                         changed={second}))
    assert [item.chapter for item in both.chapters] == [None, goals]
    assert any("nie zastępuje już" in notice for notice in both.notices)


@pytest.mark.django_db
def test_a_new_number_or_title_is_a_change(plan, diagnosis):
    (item,) = preview_import(plan, markdown(("4. Diagnoza po konsultacjach", DIAGNOSIS))).chapters
    assert item.chapter == diagnosis and item.status == "changed" and item.renumbered and item.retitled


@pytest.mark.django_db
def test_comments_awaiting_moderation_are_warned_about_too(plan, diagnosis):
    make_comment(diagnosis, 2, title="Czeka na moderatora")  # confirmed, not yet published
    (item,) = preview_import(plan, markdown(("1. Diagnoza sytuacji ekonomii społecznej w regionie",
                                             DIAGNOSIS[:1] + DIAGNOSIS[2:]))).chapters
    assert [(change.status, published, pending) for change, published, pending in item.at_risk] == [
        ("deleted", 0, 1)]


@pytest.mark.django_db
def test_the_front_matter_never_takes_the_title_of_a_chapter_and_an_unchanged_introduction_stays(plan):
    with_table = read_file("plan.docx", word_file(table([["Skrót", "Znaczenie"], ["PES", "podmiot"]]),
                                                  heading("Wstęp"), p("a")))
    assert preview_import(plan, with_table).front_matter.title == "Część wstępna"
    document = markdown(("Diagnoza", ["a"]), before="Plan na lata 2026–2030.\n\n")
    import_plan(plan, document, user=communications_user())
    revisions = PlanPage.objects.get(pk=plan.pk).revisions.count()
    again = import_plan(plan, document, user=communications_user())
    assert again.front_matter.choice == INTRO and not again.intro_html
    assert PlanPage.objects.get(pk=plan.pk).revisions.count() == revisions


@pytest.mark.django_db
def test_saving_a_preview_after_someone_else_saved_a_chapter_is_refused(plan, diagnosis):
    from consultation.importing.plan_import import latest_revisions

    document = markdown(("1. Diagnoza sytuacji ekonomii społecznej w regionie", DIAGNOSIS[1:]))
    seen = latest_revisions(plan)
    diagnosis.get_latest_revision_as_object().save_revision()  # another editor, meanwhile
    revisions = diagnosis.revisions.count()
    with pytest.raises(Refused) as refusal:
        import_plan(plan, document, user=communications_user(), seen_revisions=seen)
    assert "po wyświetleniu podglądu" in refusal.value.message
    assert diagnosis.revisions.count() == revisions
    import_plan(plan, document, user=communications_user(), seen_revisions=latest_revisions(plan))
    assert diagnosis.revisions.count() == revisions + 1


@pytest.mark.django_db
def test_a_new_numbered_chapter_goes_before_the_annexes(plan):
    from consultation.models.pages import reading_order

    import_plan(plan, markdown(("1. Diagnoza", ["a"]), ("2. Cele", ["b"]), ("Załączniki", ["z"])),
                user=communications_user())
    import_plan(plan, markdown(("3. Wdrażanie", ["c"])), user=communications_user())
    assert [c.numbered_title for c in reading_order(ChapterPage.objects.child_of(plan))] == [
        "1. Diagnoza", "2. Cele", "3. Wdrażanie", "Załączniki"]


@pytest.mark.django_db
def test_a_whole_file_puts_the_chapters_in_its_order(plan):
    from consultation.models.pages import reading_order

    import_plan(plan, markdown(("1. Diagnoza", ["a"]), ("Załączniki", ["z"]), ("2. Cele", ["b"])),
                user=communications_user())
    import_plan(plan, markdown(("1. Diagnoza", ["a"]), ("2. Cele", ["b"]), ("Załączniki", ["z"])),
                user=communications_user())
    assert [c.numbered_title for c in reading_order(ChapterPage.objects.child_of(plan))] == [
        "1. Diagnoza", "2. Cele", "Załączniki"]


@pytest.mark.django_db
def test_an_introduction_saved_in_the_page_editor_is_still_the_same_text(plan):
    document = markdown(("Diagnoza", ["a"]), before="Plan na lata 2026–2030.\n\n")
    import_plan(plan, document, user=communications_user())
    latest = PlanPage.objects.get(pk=plan.pk).get_latest_revision_as_object()
    latest.intro = latest.intro.replace("<p>", '<p data-block-key="x1y2z">')  # as Draftail saves it
    latest.save_revision()
    preview = preview_import(plan, document)
    assert preview.front_matter.intro_unchanged and not preview.intro_html


@pytest.mark.django_db
def test_renumbering_against_the_latest_draft_not_the_live_page(plan, diagnosis):
    document = markdown(("4. Diagnoza po konsultacjach", DIAGNOSIS))
    import_plan(plan, document, user=communications_user())  # a draft: number 4, the new title
    (item,) = preview_import(plan, document).chapters
    assert item.status == "unchanged" and not item.renumbered and not item.retitled


@pytest.mark.django_db
def test_the_preview_warns_when_a_rewritten_paragraph_carries_published_responses(plan, diagnosis, expert):
    from django.utils import timezone

    from consultation.models import OfficialResponse

    comment = make_comment(diagnosis, 3, title="Uwaga do akapitu 3")
    publish_comments([comment], moderator=expert)
    OfficialResponse.objects.create(comment=comment, disposition="accepted", justification="Uwzględniono.",
                                    review_state="approved", published_at=timezone.now())
    paragraphs = DIAGNOSIS[:2] + ["Akapit napisany od nowa."] + DIAGNOSIS[3:]
    preview = preview_import(plan, markdown(("1. Diagnoza sytuacji ekonomii społecznej w regionie", paragraphs)))
    assert [warning for warning in preview.warnings if diagnosis.title in warning and "(1)" in warning]
