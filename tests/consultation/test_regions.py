"""Regions on one installation (issue 16): creating one, and what a team of one region cannot reach in
another, through the actions and through every staff screen."""

import csv
import io
import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    PageLogEntry,
    Site,
    WorkflowPage,
)

from consultation.core.refusals import Refused
from consultation.demo.builders import make_chapter, make_comment, make_plan
from consultation.models import ParagraphComment, Region
from consultation.moderation.actions import add_internal_note, publish_comments, reject_comments, save_response
from consultation.moderation.assignment import assign_comments, assignable_experts, set_responsible_experts
from consultation.moderation.digest import send_digests, send_reminders
from consultation.participation.actions import flag_comment
from consultation.plans.rules import plans_for, works_for
from consultation.regions.actions import create_region
from home.models import HomePage
from tests.conftest import make_user
from tests.consultation.test_moderation_record import registered
from tests.utils import on_commit_run, text_of


@pytest.fixture
def opolskie(users, home):
    """A second region on its own hostname, with a plan, a chapter, pending and published comments, and
    an expert and a coordinator of its own."""
    region = create_region("opolskie", by=users["admin"], hostname="opolskie.example.org")
    plan = make_plan(region.home.specific, title="Plan opolski", slug="plan-opolski", region="opolskie")
    chapter = make_chapter(plan, number=1, title="Diagnoza opolska", slug="diagnoza-opolska",
                           blocks=[("paragraph", "<p>Podmioty ekonomii społecznej na Opolszczyźnie.</p>")])
    expert = make_user("ekspertka-opolska", "Eksperci — opolskie")
    coordinator = make_user("koordynator-opolski", "Koordynatorzy — opolskie")
    pending = make_comment(chapter, 1, title="Tajna opolska uwaga", text="Czeka na moderację w Opolu.")
    shown = make_comment(chapter, 1, title="Opublikowana opolska", text="Opublikowana w Opolu.")
    publish_comments([shown], moderator=expert)
    return region, plan, chapter, expert, coordinator, pending, shown


@pytest.mark.django_db
def test_an_administrator_creates_a_region_with_its_site_teams_rights_collections_and_workflow(users, home):
    region = create_region("opolskie", by=users["admin"], hostname="opolskie.example.org")
    site = Site.objects.get(hostname="opolskie.example.org")
    assert site.root_page_id == region.home_id and isinstance(region.home.specific, HomePage) and region.home.live
    teams = {team.name: team for team in region.teams.all()}
    assert set(teams) == {"Komunikacja — opolskie", "Eksperci — opolskie", "Koordynatorzy — opolskie",
                          "Zarząd — opolskie"}
    # The same model rights as the installation's teams of each role; page rights on this home only.
    for role in ("Komunikacja", "Eksperci", "Koordynatorzy", "Zarząd"):
        assert set(teams[f"{role} — opolskie"].permissions.all()) == set(Group.objects.get(name=role).permissions.all())
    assert set(GroupPagePermission.objects.filter(group=teams["Komunikacja — opolskie"])
               .values_list("page_id", flat=True)) == {region.home_id}
    assert GroupPagePermission.objects.filter(group=teams["Komunikacja — opolskie"]).exists()
    collections = {c.name for c in region.collection.get_children()}
    assert collections == {"Dokumenty niepubliczne", "Uchwały"}
    assert set(GroupCollectionPermission.objects.filter(group=teams["Komunikacja — opolskie"])
               .values_list("collection_id", flat=True)) == {region.collection.pk}
    workflow = WorkflowPage.objects.get(page=region.home).workflow
    assert list(workflow.tasks.get().specific.groups.all()) == [teams["Eksperci — opolskie"]]
    assert PageLogEntry.objects.filter(page=region.home, action="drogowskaz.region.create").exists()
    # The first region keeps its teams, whose page rights are on their own home now, not the root.
    first = Region.objects.get(home=home)
    assert set(first.teams.values_list("name", flat=True)) >= {"Komunikacja", "Eksperci"}
    assert set(GroupPagePermission.objects.filter(group__name="Komunikacja").values_list("page_id", flat=True)) == {
        home.pk}


@pytest.mark.django_db
def test_a_region_on_a_path_of_the_shared_site(users, home):
    region = create_region("śląskie", by=users["admin"])
    assert region.slug == "slaskie" and region.home.get_parent().pk == home.pk
    assert region.home.url == "/slaskie/"
    assert not Site.objects.filter(root_page=region.home).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["komunikacja", "eksperci", "koordynatorzy", "zarzad"])
def test_only_an_administrator_creates_a_region_and_a_refusal_leaves_nothing(users, home, role):
    pages, groups, collections = HomePage.objects.count(), Group.objects.count(), Collection.objects.count()
    with pytest.raises(Refused):
        create_region("opolskie", by=users[role], hostname="opolskie.example.org")
    create_region("opolskie", by=users["admin"], hostname="opolskie.example.org")
    for name, host in (("Opolskie", "inny.example.org"), ("inne", "opolskie.example.org")):
        with pytest.raises(Refused):
            create_region(name, by=users["admin"], hostname=host)
    assert (HomePage.objects.count(), Group.objects.count(), Collection.objects.count()) == (
        pages + 1, groups + 4, collections + 3)


@pytest.mark.django_db
def test_an_expert_of_one_region_cannot_act_on_another_regions_comments(users, chapter, opolskie):
    _region, plan, other_chapter, expert, coordinator, pending, shown = opolskie
    lublin = users["eksperci"]
    for act in (
        lambda: publish_comments([pending], moderator=lublin),
        lambda: reject_comments([pending], moderator=lublin, reason="Nie."),
        lambda: add_internal_note(pending, author=lublin, text="Zajrzę."),
        lambda: save_response(shown, author=users["koordynatorzy"], disposition="accepted", justification="Tak.",
                              publish=True),
        lambda: assign_comments([pending], by=lublin, assignee=lublin),
        lambda: set_responsible_experts(plan, {other_chapter.pk: [lublin]}, by=users["koordynatorzy"]),
        lambda: registered(plan, users["komunikacja"], title="Pismo", text="Z Lublina do Opola."),
    ):
        with pytest.raises(Refused, match="innego województwa|another region"):
            act()
    pending.refresh_from_db()
    assert pending.status == "pending" and not ParagraphComment.objects.filter(title="Pismo").exists()
    # Nor may their own region's experts be made responsible there, or assigned its comments.
    with pytest.raises(Refused):
        assign_comments([pending], by=expert, assignee=lublin)
    # The region's own team acts.
    publish_comments([pending], moderator=expert)
    save_response(shown, author=coordinator, disposition="accepted", justification="Przyjęto.", publish=True)
    assert works_for(expert, plan) and not works_for(expert, chapter.get_parent())


@pytest.mark.django_db
def test_the_staff_screens_show_and_count_only_the_own_regions_comments(client, users, plan, chapter, opolskie):
    _region, other_plan, _chapter, expert, _coordinator, pending, shown = opolskie
    own = make_comment(chapter, 1, title="Lubelska uwaga", text="Z Lublina.")
    client.force_login(users["eksperci"])
    queue = text_of(client.get(reverse("moderation:index"), {"status": "all"}))
    assert "Lubelska uwaga" in queue and "opolsk" not in queue.lower()
    assert client.get(reverse("moderation:comment", args=[pending.pk])).status_code == 404
    assert client.get(reverse("moderation:comment", args=[own.pk])).status_code == 200
    # Not by number in the search, nor through another region's plan in the filters.
    assert "Tajna" not in text_of(client.get(reverse("moderation:index"), {"status": "all", "q": pending.reference}))
    assert "Tajna" not in text_of(client.get(reverse("moderation:index"), {"status": "all", "plan": other_plan.pk}))
    assert [p.pk for p in plans_for(users["eksperci"])] == [plan.pk]
    assert expert not in assignable_experts(colleagues_of=users["eksperci"])
    assert client.post(reverse("moderation:index") + "?status=pending",
                       {"action": "publish", "comments": [pending.pk]}).status_code == 400
    pending.refresh_from_db()
    assert pending.status == "pending"
    # The region's expert sees theirs and not the other's.
    client.force_login(expert)
    mine = text_of(client.get(reverse("moderation:index"), {"status": "all"}))
    assert "Tajna opolska uwaga" in mine and "Lubelska uwaga" not in mine
    assert client.get(reverse("moderation:comment", args=[own.pk])).status_code == 404
    # A super-administrator sees both.
    client.force_login(users["admin"])
    everything = text_of(client.get(reverse("moderation:index"), {"status": "all"}))
    assert "Tajna opolska uwaga" in everything and "Lubelska uwaga" in everything


@pytest.mark.django_db
def test_plan_screens_of_another_region_are_not_found(client, users, plan, opolskie):
    _region, other_plan, *_rest = opolskie
    for role in ("komunikacja", "zarzad", "koordynatorzy"):
        client.force_login(users[role])
        for name in ("plans:publish_version", "plans:adopt", "plans:publish_report", "plans:import",
                     "intake:register", "intake:table"):
            response = client.get(reverse(name, args=[other_plan.pk]))
            # Not found, or refused for a role without that right: never the screen of the plan.
            assert response.status_code in (302, 403, 404), (role, name)
            assert "Plan opolski" not in response.content.decode(), (role, name)
        if role == "koordynatorzy":
            assert client.get(reverse("moderation:responsible", args=[other_plan.pk])).status_code == 404
        assert "Plan opolski" not in text_of(client.get(reverse("plans:index")))


@pytest.mark.django_db
def test_a_scan_registered_in_one_region_is_private_to_its_teams(client, users, home, opolskie, settings):
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"  # the test storage is in memory: serve by redirect
    _region, other_plan, _chapter, expert, *_rest = opolskie
    comment = registered(other_plan, expert, title="List", text="Skan listu.",
                         original_file=SimpleUploadedFile("list.pdf", b"%PDF-1.4 skan", content_type="application/pdf"))
    document = comment.original_document
    assert document.collection.get_parent() == Region.objects.get(name="opolskie").collection
    client.force_login(users["eksperci"])  # an expert of the first region
    refused = client.get(document.url)
    assert refused.status_code in (302, 403) and not refused.get("Location", "").startswith("/media/")
    client.force_login(expert)
    assert client.get(document.url)["Location"].startswith("/media/")


# The national overview and the open data (issue 16).

@pytest.mark.django_db
def test_the_overview_lists_every_regions_plans_with_counts_and_never_a_draft(client, users, plan, chapter, opolskie):
    _region, other_plan, _chapter, _expert, _coordinator, _pending, _shown = opolskie
    make_plan(plan.get_parent().specific, title="Szkic planu", slug="szkic-planu", publish=False)
    html = text_of(client.get(reverse("overview")))
    assert "Plan opolski" in html and "Plan testowy" in html and "Szkic planu" not in html
    soup_rows = {row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
                 for row in BeautifulSoup(client.get(reverse("overview")).content, "html.parser").select("tbody tr")}
    assert soup_rows["Plan opolski"][0] == "opolskie" and soup_rows["Plan opolski"][3:5] == ["1", "0"]
    assert soup_rows["Plan testowy"][0] == "lubelskie"


@pytest.mark.django_db
def test_open_data_holds_published_comments_and_responses_of_all_regions_only(client, users, chapter, opolskie):
    _region, _plan, _chapter, _expert, coordinator, pending, shown = opolskie
    lublin = make_comment(chapter, 1, title="Lubelska", text="Treść z Lublina; z przecinkiem, \"cudzysłowem\".")
    publish_comments([lublin], moderator=users["eksperci"])
    save_response(shown, author=coordinator, disposition="accepted", justification="Dopisano.", publish=True)
    make_comment(chapter, 1, title="Niepotwierdzona", text="Bez potwierdzenia.", confirm=False)
    response = client.get(reverse("open-data-csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][0].startswith("# ") and "CC BY 4.0" in lines[0][0]
    header, rows = lines[1], lines[2:]
    assert header[:3] == ["wojewodztwo", "dokument", "dokument_url"]
    by_title = {row[header.index("tytul")]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_title) == {"Lubelska", "Opublikowana opolska"}
    assert by_title["Lubelska"]["tresc"] == "Treść z Lublina; z przecinkiem, \"cudzysłowem\"."
    assert by_title["Opublikowana opolska"]["wojewodztwo"] == "opolskie"
    assert by_title["Opublikowana opolska"]["stanowisko"] == "accepted"
    assert by_title["Opublikowana opolska"]["uzasadnienie_stanowiska"] == "Dopisano."
    assert by_title["Lubelska"]["akapit"] == "1" and by_title["Lubelska"]["numer_uwagi"] == lublin.reference
    assert "@" not in text and "Tajna" not in text  # no address, nothing unpublished
    data = json.loads(b"".join(client.get(reverse("open-data-json")).streaming_content))
    assert data["schemat"] == "1.0" and "wojewodztwo" in data["pola"]
    assert sorted(row["tytul"] for row in data["uwagi"]) == ["Lubelska", "Opublikowana opolska"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["komunikacja", "eksperci", "koordynatorzy", "zarzad"])
def test_the_leak_walk_across_two_regions(client, users, plan, chapter, opolskie, role, settings):
    """Every staff screen and Wagtail's own (explorer, search, chooser, documents) as each team of the first
    region: nothing unpublished or internal of the second region, not even its count."""
    _region, other_plan, other_chapter, expert, coordinator, pending, shown = opolskie
    markers = {"draft chapter": "Tajnyszkicopolski", "pending comment": "Tajnauwagaopolska",
               "note": "Notatkaopolska", "draft response": "Szkicodpowiedziopolskiej", "registered": "Pismoopolskie"}
    make_chapter(other_plan, number=2, title=f"{markers['draft chapter']} zastrzeżony", slug="szkic-opolski",
                 publish=False,
                 blocks=[("paragraph", f"<p>{markers['draft chapter']}</p>")])
    hidden = make_comment(other_chapter, 1, title=markers["pending comment"], text="Zastrzeżona treść.")
    add_internal_note(shown, author=expert, text=markers["note"])
    save_response(shown, author=expert, disposition="accepted", justification=markers["draft response"])
    registered(other_plan, expert, title=markers["registered"], text=markers["registered"])
    # The walk would see them: a super-administrator does, through the same screens.
    client.force_login(users["admin"])
    for url, marker in ((reverse("wagtailadmin_pages:search") + "?q=zastrzeżony", markers["draft chapter"]),
                        (reverse("moderation:index") + "?status=all&q=zastrzeżona", markers["pending comment"]),
                        (reverse("moderation:comment", args=[shown.pk]), markers["note"])):
        assert marker in client.get(url).content.decode(), url
    client.force_login(users[role])
    urls = [reverse("moderation:index") + f"?status={status}" for status in
            ("pending", "published", "rejected", "unanswered", "flagged", "all")] + [
        reverse("moderation:index") + "?status=all&q=zastrzeżona",
        reverse("moderation:comment", args=[hidden.pk]), reverse("moderation:comment", args=[shown.pk]),
        reverse("plans:index"), reverse("intake:index"), reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore_root"), reverse("wagtailadmin_explore", args=[other_plan.pk]),
        reverse("wagtailadmin_pages:search") + "?q=zastrzeżony",
        reverse("wagtailadmin_choose_page") + "?q=zastrzeżony",
        reverse("wagtaildocs:index"),
    ]
    for url in urls:
        response = client.get(url)
        body = response.content.decode()
        for name, marker in markers.items():
            assert marker.lower() not in body.lower(), (role, url, name)
    # Nor its counts: the queue's tabs count only the first region's comments.
    queue = client.get(reverse("moderation:index") + "?status=all")
    if queue.status_code == 200:
        assert ParagraphComment.objects.filter(plan=other_plan).count() >= 4
        assert f"({ParagraphComment.objects.exclude(plan=other_plan).count()})" in text_of(queue)


@pytest.mark.django_db
def test_the_reminders_and_digests_of_one_region_go_to_its_own_teams_only(closed_plan, closed_chapter, chapter, users,
                                                                          opolskie):
    """A coordinator of another region is not reminded of this region's report, nor told its counts."""
    _region, _plan, _chapter, other_expert, other_coordinator, _pending, _shown = opolskie
    comment = make_comment(closed_chapter, 1, now=closed_plan.consultation_closes - timedelta(days=3))
    publish_comments([comment], moderator=users["koordynatorzy"])
    mail.outbox.clear()
    with on_commit_run():
        send_reminders(now=closed_plan.report_due - timedelta(days=3))
        send_digests(now=timezone.now())
    recipients = {address for message in mail.outbox for address in message.to}
    assert users["koordynatorzy"].email in recipients
    assert not recipients & {other_expert.email, other_coordinator.email}
    # A reader's flag of this region's comment (and its reason) reaches this region's moderators only.
    open_comment = make_comment(chapter, 1, title="Na otwartym planie")
    publish_comments([open_comment], moderator=users["koordynatorzy"])
    mail.outbox.clear()
    with on_commit_run():
        flag_comment(open_comment, reporter="czytelnik", reason="Powód zgłoszenia")
    recipients = {address for message in mail.outbox for address in message.to}
    assert users["eksperci"].email in recipients
    assert not recipients & {other_expert.email, other_coordinator.email}
