"""Registering comments received by email, post, ePUAP or at a meeting, in the Wagtail admin."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.documents import get_document_model
from wagtail.models import ModelLogEntry

from consultation.core.documents import PRIVATE_COLLECTION
from consultation.models import (
    Channel,
    CommentScope,
    CommentStatus,
    ConsultationMeeting,
    ParagraphComment,
)
from consultation.staff.intake_views import registered_message
from tests.utils import text_of

REGISTER_ROLES = ["komunikacja", "eksperci"]
OTHER_ROLES = ["commenter", "zarzad"]


def polish(message):
    """A message as the Polish admin shows it (English until the catalogue translates it)."""
    with translation.override("pl"):
        return gettext(message)


def form_data(**overrides):
    data = {
        "part": "general", "channel": "post", "received_on": timezone.localdate().isoformat(), "meeting": "",
        "commenter_kind": "organisation", "name": "Anna Nowak", "organisation": "Fundacja Wspólna Sprawa",
        "email": "", "title": "", "comment": "Proszę uwzględnić spółdzielnie socjalne.",
        "proposed_wording": "W 2026 r. powstanie 10 spółdzielni.", "justification": "Tak wynika z diagnozy.",
    }
    data.update(overrides)
    return data


def register(client, plan, **overrides):
    return client.post(reverse("intake:register", args=[plan.pk]), form_data(**overrides))


def stored_document_files():
    try:
        return set(default_storage.listdir("documents")[1])
    except FileNotFoundError:
        return set()


@pytest.mark.django_db
@pytest.mark.parametrize("role", REGISTER_ROLES)
def test_communications_and_experts_register_a_letter_on_a_paragraph(client, users, plan, chapter, role):
    client.force_login(users[role])
    form = client.get(reverse("intake:register", args=[plan.pk]))
    assert form.status_code == 200
    paragraph = chapter.paragraphs()[1]
    part = f"paragraph:{chapter.pk}:{paragraph.key}"
    assert part in text_of(form) and "§ 2: Drugi akapit o spółdzielniach socjalnych." in text_of(form)
    received = timezone.localdate()

    response = register(client, plan, part=part, received_on=received.strftime("%d.%m.%Y"),
                        title="  Uwaga\u200b z listu ", comment="Treść <b>z listu</b>\r\n\r\n\r\ndruga linia")

    assert response.status_code == 302
    comment = ParagraphComment.objects.get()
    assert (comment.scope, comment.object_pk, comment.paragraph_key) == (CommentScope.PARAGRAPH, str(chapter.pk),
                                                                        paragraph.key)
    assert comment.paragraph_text == paragraph.text
    assert (comment.channel, comment.received_on, comment.registered_by) == (Channel.POST, received, users[role])
    assert comment.status == CommentStatus.PENDING and not comment.is_late
    assert comment.title == "Uwaga z listu"  # cleaned as the public form cleans
    assert comment.comment == "Treść <b>z listu</b>\n\ndruga linia"
    assert comment.organisation == "Fundacja Wspólna Sprawa" and comment.commenter_kind == "organisation"
    assert comment.proposed_wording == "W 2026 r. powstanie 10 spółdzielni."
    assert comment.justification == "Tak wynika z diagnozy."
    assert ModelLogEntry.objects.filter(object_id=str(comment.pk), action="drogowskaz.comment.register").exists()
    page = client.get(response["Location"])
    assert comment.reference in text_of(page)


@pytest.mark.django_db
def test_a_chapter_as_a_whole_and_a_general_comment(client, users, plan, chapter):
    client.force_login(users["komunikacja"])
    assert register(client, plan, part=f"chapter:{chapter.pk}").status_code == 302
    assert register(client, plan, part="general", channel="epuap").status_code == 302
    on_chapter, general = ParagraphComment.objects.order_by("pk")
    assert (on_chapter.scope, on_chapter.object_pk, on_chapter.paragraph_key) == ("chapter", str(chapter.pk), "")
    assert (general.scope, general.object_pk, general.plan_id) == ("general", str(plan.pk), plan.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("role", OTHER_ROLES)
def test_others_may_not_register(client, users, plan, chapter, role):
    """Wagtail answers a refused admin view with 403 or a redirect to the login or the dashboard."""
    client.force_login(users[role])
    for response in (client.get(reverse("intake:index")), client.get(reverse("intake:register", args=[plan.pk])),
                     register(client, plan), client.get(reverse("intake:template"))):
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"].startswith(("/admin/login/", "/admin/"))
    assert not ParagraphComment.objects.exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, plan):
    response = register(client, plan)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not ParagraphComment.objects.exists()


@pytest.mark.django_db
def test_the_menu_offers_registration_to_communications(client, users, plan):
    client.force_login(users["komunikacja"])
    html = text_of(client.get(reverse("intake:index")))
    assert reverse("intake:register", args=[plan.pk]) in html and reverse("intake:table", args=[plan.pk]) in html
    assert reverse("intake:index") in text_of(client.get(reverse("wagtailadmin_home")))


@pytest.mark.django_db
def test_a_date_of_receipt_in_the_future_is_refused(client, users, plan, chapter):
    client.force_login(users["eksperci"])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = register(client, plan, received_on=tomorrow.isoformat())
    assert response.status_code == 400
    assert polish("The date of receipt cannot be in the future.") in text_of(response)
    assert "Fundacja Wspólna Sprawa" in text_of(response)  # what was typed stays in the form
    assert not ParagraphComment.objects.exists()


@pytest.mark.django_db
def test_a_comment_made_at_a_meeting_names_the_meeting(client, users, plan, chapter):
    meeting = ConsultationMeeting.objects.create(plan=plan, starts_at=timezone.now() - timedelta(minutes=1),
                                                 place="Urząd Marszałkowski, sala 1")
    client.force_login(users["komunikacja"])
    response = register(client, plan, channel="meeting")
    assert response.status_code == 400
    assert polish("Choose the meeting at which the comment was made.") in text_of(response)
    assert not ParagraphComment.objects.exists()

    assert register(client, plan, channel="meeting", meeting=meeting.pk).status_code == 302
    assert ParagraphComment.objects.get().meeting == meeting


@pytest.mark.django_db
def test_an_organisation_needs_its_name_and_web_is_not_a_channel(client, users, plan):
    client.force_login(users["komunikacja"])
    assert register(client, plan, organisation="").status_code == 400
    assert register(client, plan, channel="web").status_code == 400
    assert register(client, plan, comment="  \u200b ").status_code == 400
    assert not ParagraphComment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("rule, status, category", [("consider", CommentStatus.PENDING, ""),
                                                    ("record", CommentStatus.REJECTED, "late")])
def test_a_late_comment_follows_the_plans_rule(client, users, closed_plan, closed_chapter, rule, status, category):
    closed_plan.late_comment_rule = rule
    closed_plan.save()
    client.force_login(users["komunikacja"])
    response = client.post(reverse("intake:register", args=[closed_plan.pk]), form_data(), follow=True)
    assert response.status_code == 200
    comment = ParagraphComment.objects.get()
    assert comment.is_late and comment.status == status and comment.rejection_category == category
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [registered_message(comment)]
    assert comment.reference in messages[0]


@pytest.mark.django_db
def test_the_scan_is_kept_in_the_private_collection(client, users, plan):
    client.force_login(users["eksperci"])
    scan = SimpleUploadedFile("pismo.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(reverse("intake:register", args=[plan.pk]), {**form_data(), "original": scan})
    assert response.status_code == 302
    comment = ParagraphComment.objects.get()
    document = comment.original_document
    assert document.collection.name == PRIVATE_COLLECTION
    assert default_storage.exists(document.file.name)


@pytest.mark.django_db
def test_a_refused_registration_leaves_no_file(client, users, plan):
    client.force_login(users["eksperci"])
    before = stored_document_files()
    scan = SimpleUploadedFile("pismo.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(reverse("intake:register", args=[plan.pk]),
                           {**form_data(received_on=tomorrow), "original": scan})
    assert response.status_code == 400
    assert not ParagraphComment.objects.exists() and not get_document_model().objects.exists()
    assert stored_document_files() == before


@pytest.mark.django_db
def test_a_plan_not_yet_open_refuses_before_anyone_types(client, users, home):
    from consultation.demo.builders import make_plan

    later = make_plan(home, slug="pozniej", opens=timezone.now() + timedelta(days=3),
                      closes=timezone.now() + timedelta(days=50))
    client.force_login(users["komunikacja"])
    html = text_of(client.get(reverse("intake:register", args=[later.pk])))
    assert polish("Comments can be registered only once the consultation has opened.") in html
    assert register(client, later, received_on=timezone.localdate().isoformat()).status_code == 400
    assert not ParagraphComment.objects.exists()


@pytest.mark.django_db
def test_the_meeting_select_lists_past_meetings_in_polish_and_not_future_ones(client, users, plan):
    """Review defect 3: meetings were listed as "2026-12-04 12:42 Zamość" and future ones were offered."""
    from django.utils.formats import date_format

    held = ConsultationMeeting.objects.create(plan=plan, starts_at=timezone.now() - timedelta(hours=2),
                                              place="Zamość, ul. Partyzantów 3")
    coming = ConsultationMeeting.objects.create(plan=plan, starts_at=timezone.now() + timedelta(days=3),
                                                place="Chełm, sala 5")
    client.force_login(users["komunikacja"])
    html = text_of(client.get(reverse("intake:register", args=[plan.pk])))
    with translation.override("pl"):
        label = f"{date_format(timezone.localtime(held.starts_at), 'DATETIME_FORMAT')}, Zamość, ul. Partyzantów 3"
    assert label in html
    assert f"{timezone.localtime(held.starts_at):%Y-%m-%d %H:%M}" not in html
    assert "Chełm, sala 5" not in html
    response = register(client, plan, channel="meeting", meeting=coming.pk,
                        received_on=timezone.localtime(coming.starts_at).date().isoformat())
    assert response.status_code == 400
    assert not ParagraphComment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("channel", ["email", "epuap"])
def test_a_comment_by_email_or_epuap_was_not_made_at_a_meeting(client, users, plan, channel):
    meeting = ConsultationMeeting.objects.create(plan=plan, starts_at=timezone.now() - timedelta(minutes=1),
                                                 place="Urząd Marszałkowski, sala 1")
    client.force_login(users["komunikacja"])
    response = register(client, plan, channel=channel, meeting=meeting.pk)
    assert response.status_code == 400
    assert response.context["form"].errors["meeting"] == [
        polish("A comment received by email or ePUAP was not made at a meeting: leave the meeting empty.")]
    assert not ParagraphComment.objects.exists()
    assert register(client, plan, channel="post", meeting=meeting.pk).status_code == 302
