"""Adoption by the board: who may record it, when, and what it freezes."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry

from consultation.core.refusals import Refused
from consultation.demo.builders import make_comment
from consultation.models import Adoption, ParagraphComment, Phase, PlanVersion, ReportPublication
from consultation.versions.actions import adopt_plan
from consultation.versions.reading import fingerprint
from tests.utils import comment_url, filled_comment_form, text_of

ROLES = ["commenter", "komunikacja", "eksperci", "zarzad", "admin"]
MAY_ADOPT = {"zarzad", "admin"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Between the close of a CLOSED consultation (5 days ago) and today.
YESTERDAY = timezone.localdate() - timedelta(days=1)


def set_phase(plan, phase):
    now = timezone.now()
    windows = {
        Phase.ANNOUNCED: (now + timedelta(days=5), now + timedelta(days=45)),
        Phase.OPEN: (now - timedelta(days=5), now + timedelta(days=35)),
        Phase.CLOSED: (now - timedelta(days=45), now - timedelta(days=5)),
    }
    if phase == Phase.DRAFT:
        plan.unpublish()
        plan.refresh_from_db()
        return plan
    plan.consultation_opens, plan.consultation_closes = windows[phase]
    plan.save_revision().publish()
    plan.refresh_from_db()
    if phase == Phase.CLOSED:  # the report is published after the close, before adoption
        ReportPublication.objects.get_or_create(plan=plan, defaults={"published_at": timezone.now()})
        plan.refresh_from_db()
    return plan


@pytest.fixture
def document(db):
    return get_document_model().objects.create(title="Uchwała", file=SimpleUploadedFile("u.pdf", PDF))


def adopt(plan, user, document):
    return adopt_plan(plan=plan, user=user, resolution_number="123/4567/2026",
                      resolution_date=YESTERDAY, adopting_body="board", document=document)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("phase", [Phase.DRAFT, Phase.ANNOUNCED, Phase.OPEN, Phase.CLOSED])
def test_only_the_board_adopts_and_only_after_the_consultation(users, plan, chapter, document, role, phase):
    plan = set_phase(plan, phase)
    if role in MAY_ADOPT and phase == Phase.CLOSED:
        adoption = adopt(plan, users[role], document)
        assert adoption.plan == plan
    else:
        with pytest.raises(Refused):
            adopt(plan, users[role], document)
        assert not Adoption.objects.exists()
        assert not PlanVersion.objects.exists()


@pytest.mark.django_db
def test_adoption_freezes_the_plan(client, users, plan, chapter, document):
    set_phase(plan, Phase.CLOSED)
    adoption = adopt(plan, users["zarzad"], document)
    plan.refresh_from_db()
    assert plan.phase() == Phase.ADOPTED
    assert adoption.version.label == "wersja przyjęta"
    assert set(Page.objects.filter(path__startswith=plan.path).values_list("locked", flat=True)) == {True}
    assert PageLogEntry.objects.filter(page=plan, action="drogowskaz.plan.adopt").exists()

    # The public page says so, with the fingerprint.
    html = text_of(client.get(plan.url))
    assert "plan przyjęty" in html and "123/4567/2026" in html and adoption.fingerprint in html

    # No comment, even if the dates said the consultation is open.
    plan.consultation_closes = timezone.now() + timedelta(days=10)
    plan.save(update_fields=["consultation_closes"])
    url = comment_url(chapter, 1)
    assert client.post(url, {"title": "x"}).status_code == 403
    assert ParagraphComment.objects.count() == 0

    # No second adoption.
    with pytest.raises(Refused):
        adopt(plan, users["zarzad"], document)


@pytest.mark.django_db
def test_fingerprint_matches_the_published_plain_text(client, users, plan, chapter, document):
    set_phase(plan, Phase.CLOSED)
    adoption = adopt(plan, users["zarzad"], document)
    text = client.get(plan.url + plan.reverse_subpage("version_text", args=[adoption.version.number])).content
    assert fingerprint(text.decode("utf-8")) == adoption.fingerprint


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["komunikacja", "admin"])
def test_nobody_edits_an_adopted_chapter_in_the_admin(client, users, plan, chapter, document, role):
    set_phase(plan, Phase.CLOSED)
    adopt(plan, users["zarzad"], document)
    client.force_login(users[role])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[chapter.pk]))
    assert response.status_code == 302
    response = client.post(reverse("wagtailadmin_pages:edit", args=[chapter.pk]), {"title": "Zmieniony"})
    assert response.status_code == 302
    chapter.refresh_from_db()
    assert chapter.title == "Diagnoza"
    assert client.get(reverse("wagtailadmin_pages:add", args=["consultation", "chapterpage", plan.pk])).status_code == 302
    assert client.post(reverse("wagtailadmin_pages:delete", args=[chapter.pk])).status_code == 302
    assert Page.objects.filter(pk=chapter.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_adoption_screen_per_role(client, users, plan, chapter, role):
    set_phase(plan, Phase.CLOSED)
    client.force_login(users[role])
    url = reverse("plans:adopt", args=[plan.pk])
    data = {"resolution_number": "7/2026", "resolution_date": YESTERDAY.isoformat(), "adopting_body": "board",
            "document": SimpleUploadedFile("uchwala.pdf", PDF, content_type="application/pdf")}
    response = client.post(url, data)
    if role in MAY_ADOPT:
        assert response.status_code == 302
        assert Adoption.objects.get().resolution_number == "7/2026"
    else:
        assert response.status_code in (302, 403)
        assert not Adoption.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [(SimpleUploadedFile("uchwala.docx", b"PK\x03\x04"), "Uchwała musi być plikiem PDF."),
     (SimpleUploadedFile("uchwala.pdf", b"to nie jest pdf"), "Uchwała musi być plikiem PDF.")],
)
def test_adoption_form_refuses_bad_files_and_changes_nothing(client, users, plan, chapter, upload, message):
    set_phase(plan, Phase.CLOSED)
    client.force_login(users["zarzad"])
    response = client.post(reverse("plans:adopt", args=[plan.pk]), {
        "resolution_number": "7/2026", "resolution_date": YESTERDAY.isoformat(), "adopting_body": "board", "document": upload,
    })
    assert response.status_code == 400
    assert message in text_of(response)
    assert not Adoption.objects.exists() and not get_document_model().objects.exists()


@pytest.mark.django_db
def test_adoption_screen_refuses_an_open_consultation(client, users, plan, chapter):
    client.force_login(users["zarzad"])
    response = client.post(reverse("plans:adopt", args=[plan.pk]), {
        "resolution_number": "7/2026", "resolution_date": YESTERDAY.isoformat(), "adopting_body": "board",
        "document": SimpleUploadedFile("uchwala.pdf", PDF),
    })
    assert response.status_code == 400
    assert "Plan można przyjąć dopiero po zakończeniu konsultacji." in text_of(response)
    assert not Adoption.objects.exists() and not get_document_model().objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), [("commenter", False), ("komunikacja", True), ("eksperci", False),
                                               ("zarzad", False), ("admin", True)])
def test_publishing_a_version_per_role(client, users, plan, chapter, role, allowed):
    client.force_login(users[role])
    response = client.post(reverse("plans:publish_version", args=[plan.pk]), {"label": "projekt"})
    assert PlanVersion.objects.exists() is allowed
    assert response.status_code == (302 if allowed else response.status_code)


@pytest.mark.django_db
def test_comments_refused_in_every_phase_but_open(client, plan, chapter):
    for phase in (Phase.ANNOUNCED, Phase.CLOSED):
        set_phase(plan, phase)
        chapter.refresh_from_db()
        url = comment_url(chapter, 1)
        assert client.post(url, {"title": "x"}).status_code == 403
    set_phase(plan, Phase.OPEN)
    url = comment_url(chapter, 1)
    assert client.post(url, filled_comment_form(client, url)).status_code == 302


@pytest.mark.django_db
def test_replies_and_reports_refused_after_the_close(client, users, plan, chapter):
    from consultation.moderation.actions import publish_comments

    comment = make_comment(chapter, 1)
    publish_comments([comment], moderator=users["eksperci"])
    set_phase(plan, Phase.CLOSED)
    for route in ("reply", "report"):
        url = chapter.url + chapter.reverse_subpage(route, args=[comment.pk])
        assert client.post(url, {"title": "x", "reason": "y"}).status_code == 403
    assert ParagraphComment.objects.count() == 1
    assert not comment.reader_flags.exists()
