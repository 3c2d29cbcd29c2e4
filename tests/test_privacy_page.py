"""Defect 17: the privacy notice (RODO art. 13) — its sections, linked from every page's footer and
from the comment and reply forms, with a Polish default text, editable in the admin."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text

from consultation.demo.builders import make_comment
from consultation.management.commands.load_demo_content import ensure_privacy_notice
from consultation.moderation.actions import publish_comments
from home.models import PrivacyNoticePage
from tests.utils import comment_url

SECTIONS = ["administrator", "inspektor", "cele", "podstawa", "odbiorcy", "okres", "prawa"]


@pytest.fixture
def notice(home):
    ensure_privacy_notice(home)
    return PrivacyNoticePage.objects.get()


def soup_of(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_a_new_notice_starts_with_the_polish_default_text():
    page = PrivacyNoticePage(title="Ochrona danych")
    assert "Administratorem" in page.controller
    assert "art. 6 ust. 1 lit. c RODO" in page.legal_basis and "art. 6 ust. 1 lit. e RODO" in page.legal_basis
    assert "informacją" in page.recipients and "publiczną" in page.recipients
    assert "Prezesa Urzędu Ochrony Danych Osobowych" in page.rights


@pytest.mark.django_db
@override_settings(DROGOWSKAZ_IP_RETENTION_DAYS=30, DROGOWSKAZ_CONFIRMATION_HOURS=48)
def test_the_notice_renders_every_section(client, notice):
    soup = soup_of(client.get(notice.url))
    assert soup.h1.get_text() == "Informacja o przetwarzaniu danych osobowych"
    for section in SECTIONS:
        assert soup.find("h2", id=section), section
    text = soup.find("main").get_text(" ", strip=True)
    assert "Regionalny Ośrodek Polityki Społecznej w Lublinie" in text
    assert soup.find("a", href="mailto:iod@rops.example.org")
    assert "art. 6 ust. 1 lit. c RODO" in text and "art. 6 ust. 1 lit. e RODO" in text
    # The retention the code applies, from the settings that apply it.
    assert "po 30 dniach" in text and "48 godzin" in text


@pytest.mark.django_db
def test_every_page_links_to_the_notice_in_its_footer(client, notice, plan, chapter):
    for url in ("/", plan.url, chapter.url, reverse("search"), notice.url, "/nie-ma-takiej-strony/"):
        footer = BeautifulSoup(client.get(url).content, "html.parser").find("footer")
        assert footer.find("a", href=notice.url), url


@pytest.mark.django_db
def test_no_link_while_there_is_no_live_notice(client, notice):
    notice.unpublish()
    footer = BeautifulSoup(client.get("/").content, "html.parser").find("footer")
    assert not footer.find("a", href=notice.url)


@pytest.mark.django_db
def test_the_comment_and_reply_forms_link_to_the_notice_by_the_consent(client, notice, chapter, expert):
    url = comment_url(chapter, 1)
    form = soup_of(client.get(url)).select_one("form.comment-form")
    link = form.find("a", href=notice.url)
    assert link and "dane osobowe" in link.get_text()
    assert form.find(id="id_consent") is not None

    comment = make_comment(chapter, 1, title="Komentarz główny")
    publish_comments([comment], moderator=expert)
    reply_url = chapter.url + chapter.reverse_subpage("reply", args=[comment.pk])
    reply_form = soup_of(client.get(reply_url)).select_one("form.comment-form")
    assert reply_form.find("a", href=notice.url)


@pytest.mark.django_db
def test_the_communications_team_edits_the_notice_in_the_admin(client, users, notice):
    client.force_login(users["komunikacja"])
    edit = reverse("wagtailadmin_pages:edit", args=[notice.pk])
    assert client.get(edit).status_code == 200
    fields = {name: rich_text(getattr(notice, name)) for name in (
        "controller", "dpo_contact", "purposes", "legal_basis", "recipients", "retention", "rights",
        "other_information")}
    fields["controller"] = rich_text("<p>Administratorem jest Województwo Testowe.</p>")
    response = client.post(edit, nested_form_data({
        "title": notice.title, "slug": notice.slug, "dpo_email": "inspektor@example.org", **fields,
    }))
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = PrivacyNoticePage.objects.get(pk=notice.pk).get_latest_revision_as_object()
    assert "Województwo Testowe" in draft.controller and draft.dpo_email == "inspektor@example.org"


@pytest.mark.django_db
def test_an_administrator_can_add_it_under_the_home_page_with_the_default_text(admin_client, home):
    response = admin_client.get(reverse("wagtailadmin_pages:add", args=["home", "privacynoticepage", home.pk]))
    assert response.status_code == 200
    # The editor opens with the default text (Draftail's JSON escapes the Polish letters).
    assert "Prezesa Urz" in response.content.decode() and "art. 6 ust. 1 lit. c RODO" in response.content.decode()


@pytest.mark.django_db
def test_the_demo_creates_one_notice(db):
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    # One per region: the demo's two regions each have theirs, once however often it is loaded.
    notices = PrivacyNoticePage.objects.all()
    assert [notice.get_parent().slug for notice in notices] == ["konsultacje", "opolskie"]
    assert all(notice.live and notice.dpo_email for notice in notices)
