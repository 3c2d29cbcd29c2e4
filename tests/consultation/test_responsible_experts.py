"""Who is responsible for each chapter: set by a coordinator on its own screen, at once, with a log."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from consultation.core.refusals import Refused
from consultation.moderation.assignment import set_responsible_experts
from tests.consultation.test_action_rules import adopt, ready_to_adopt
from tests.utils import text_of


@pytest.mark.django_db
def test_a_coordinator_sets_the_experts_of_a_chapter_at_once(plan, chapter, users, expert, coordinator):
    revisions = chapter.revisions.count()
    assert set_responsible_experts(plan, {chapter.pk: [expert, coordinator]}, by=coordinator) == 1
    assert set(chapter.responsible_experts.all()) == {expert, coordinator}
    assert chapter.revisions.count() == revisions  # office work, not a revision of the text
    assert set_responsible_experts(plan, {chapter.pk: [expert, coordinator]}, by=coordinator) == 0  # unchanged
    entry = PageLogEntry.objects.filter(action="drogowskaz.chapter.responsible").get()
    assert entry.data["experts"] == sorted([expert.username, coordinator.username])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["eksperci", "komunikacja", "zarzad"])
def test_only_coordinators_decide(plan, chapter, users, expert, role):
    with pytest.raises(Refused):
        set_responsible_experts(plan, {chapter.pk: [expert]}, by=users[role])
    assert not chapter.responsible_experts.exists()


@pytest.mark.django_db
def test_only_experts_can_be_responsible_and_only_for_chapters_of_the_plan(plan, chapter, closed_chapter, users,
                                                                           coordinator):
    with pytest.raises(Refused, match="zespołu ekspertów"):
        set_responsible_experts(plan, {chapter.pk: [users["komunikacja"]]}, by=coordinator)
    with pytest.raises(Refused):
        set_responsible_experts(plan, {closed_chapter.pk: [coordinator]}, by=coordinator)
    assert not chapter.responsible_experts.exists() and not closed_chapter.responsible_experts.exists()


@pytest.mark.django_db
def test_refused_once_the_plan_is_adopted(plan, chapter, users, coordinator, expert):
    ready_to_adopt(plan, chapter, users)
    adopt(plan, users["zarzad"])
    with pytest.raises(Refused):
        set_responsible_experts(plan, {chapter.pk: [expert]}, by=coordinator)
    assert not chapter.responsible_experts.exists()


@pytest.mark.django_db
def test_the_screen_lists_experts_by_name_and_saves(client, plan, chapter, users, expert, coordinator):
    expert.first_name, expert.last_name = "Anna", "Nowak"
    expert.save()
    client.force_login(coordinator)
    url = reverse("moderation:responsible", args=[plan.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Anna Nowak" in text_of(page)
    assert users["komunikacja"].username not in text_of(page)  # not an expert: not offered
    response = client.post(url, {f"chapter-{chapter.pk}": [str(expert.pk)]})
    assert response.status_code == 302 and list(chapter.responsible_experts.all()) == [expert]
    refused = client.post(url, {f"chapter-{chapter.pk}": [str(users["komunikacja"].pk), "x"]})
    assert refused.status_code == 400 and list(chapter.responsible_experts.all()) == [expert]
    client.force_login(expert)
    assert client.get(url).status_code in (302, 403)
