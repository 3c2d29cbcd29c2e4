"""The groups of the roles exist with the rights they need, and no more."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from consultation.models import ChapterPage


@pytest.mark.django_db
def test_groups_are_created_by_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Komunikacja", "Eksperci", "Zarząd"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "may_edit", "may_publish"),
    [("commenter", False, False), ("komunikacja", True, False), ("eksperci", False, True),
     ("zarzad", False, False), ("admin", True, True)],
)
def test_communications_team_edits_and_only_review_publishes(users, plan, chapter, role, may_edit, may_publish):
    """Komunikacja writes and submits for review; the experts approve, which publishes."""
    user = users[role]
    plan_permissions = plan.permissions_for_user(user)
    chapter_permissions = chapter.permissions_for_user(user)
    assert plan_permissions.can_add_subpage() is may_edit
    assert chapter_permissions.can_edit() is may_edit
    assert chapter_permissions.can_publish() is may_publish


@pytest.mark.django_db
def test_communications_team_can_open_the_chapter_editor(client, users, chapter):
    client.force_login(users["komunikacja"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[chapter.pk]))
    assert response.status_code == 200
    assert ChapterPage.objects.get(pk=chapter.pk).title in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["komunikacja", "eksperci", "zarzad"])
def test_staff_roles_reach_the_admin(client, users, role):
    client.force_login(users[role])
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


@pytest.mark.django_db
def test_public_users_do_not_reach_the_admin(client, users):
    client.force_login(users["commenter"])
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


@pytest.mark.django_db
def test_demo_content_command_is_idempotent_and_has_every_state(client):
    from django.core.management import call_command

    from consultation.models import CommentStatus, OfficialResponse, ParagraphComment, PlanPage

    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    # Two plans of the first region, one of the second (issue 16).
    assert sorted(PlanPage.objects.values_list("region", flat=True)) == ["lubelskie", "lubelskie", "opolskie"]
    assert ChapterPage.objects.count() == 11
    states = {c.status for c in ParagraphComment.objects.all()}
    assert states == {CommentStatus.UNCONFIRMED, CommentStatus.PENDING, CommentStatus.PUBLISHED, CommentStatus.REJECTED,
                      CommentStatus.WITHDRAWN}
    # Every channel, every part of the document, a late comment and every kind of rejection.
    comments = ParagraphComment.objects.all()
    assert set(comments.values_list("channel", flat=True)) == {"web", "email", "post", "epuap", "meeting"}
    assert set(comments.values_list("scope", flat=True)) == {"paragraph", "chapter", "general"}
    assert comments.filter(is_late=True).exists() and comments.exclude(original_document=None).exists()
    assert set(comments.rejected().values_list("rejection_category", flat=True)) == {
        "off_topic", "offensive", "duplicate", "late"}
    assert comments.filter(meeting__minutes__isnull=False).exists()
    assert OfficialResponse.objects.filter(published_at__isnull=False).exists()
    open_plan = PlanPage.objects.get(slug="drogowskaz-rozwoju-spolecznego")
    assert open_plan.phase() == "open" and open_plan.versions.count() == 2
    assert PlanPage.objects.get(slug="roczny-plan-dzialan-2012").phase() == "adopted"
    for plan in PlanPage.objects.all():
        assert client.get(plan.url).status_code == 200
    for chapter in ChapterPage.objects.all():
        assert len(chapter.paragraphs()) >= 2
        assert client.get(chapter.url).status_code == 200
