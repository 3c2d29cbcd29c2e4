"""Assigning comments to experts (issue 14): the action's rules and log, and who answers what."""

import pytest
from django.contrib.auth.models import Permission
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from consultation.core.refusals import Refused
from consultation.demo.builders import comment_input, make_chapter, make_comment
from consultation.models import ParagraphComment
from consultation.moderation.assignment import (
    assign_comments,
    assignable_experts,
    assigned_to_user,
    responsible_experts_of,
)
from consultation.participation.actions import confirm_comment, submit_comment
from tests.conftest import make_user

NOT_MODERATORS = ["commenter", "komunikacja", "zarzad"]


def submitted(plan, chapter=None, **fields):
    """A confirmed comment on a chapter as a whole (`chapter`) or, without one, on the whole plan."""
    tokens = []
    submit_comment(plan=plan, chapter=chapter, data=comment_input(**fields),
                   link_for_token=lambda token: tokens.append(token) or "/x/")
    return confirm_comment(tokens[0])


def responsible(chapter, *experts):
    """The chapter's responsible experts, as its settings tab saves them."""
    chapter.responsible_experts.set(experts)
    chapter.save()
    return chapter


def assign_logs(comment):
    return ModelLogEntry.objects.filter(object_id=str(comment.pk), action="drogowskaz.comment.assign")


@pytest.mark.django_db
def test_an_expert_assigns_comments_and_each_is_logged(chapter, users, expert):
    comments = [make_comment(chapter, 1, title=f"Uwaga {n}") for n in range(2)]
    other = make_user("ekspertka", "Eksperci")
    assert assign_comments(comments, by=expert, assignee=other) == 2
    assert {c.assigned_to for c in ParagraphComment.objects.all()} == {other}
    for comment in comments:
        entry = assign_logs(comment).get()
        assert entry.user == expert and entry.data == {"assignee": "ekspertka"}


@pytest.mark.django_db
def test_assigning_none_gives_the_comment_back_to_the_chapter_and_repeats_change_nothing(chapter, expert):
    comment = make_comment(chapter, 1)
    assert assign_comments([comment], by=expert, assignee=expert) == 1
    assert assign_comments([comment], by=expert, assignee=expert) == 0  # already so: no change, no log
    assert assign_logs(comment).count() == 1
    assert assign_comments([comment], by=expert, assignee=None) == 1
    comment.refresh_from_db()
    assert comment.assigned_to is None
    assert assign_logs(comment).order_by("pk").last().data == {"assignee": None}


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_MODERATORS)
def test_only_the_expert_team_assigns(chapter, users, expert, role):
    comment = make_comment(chapter, 1)
    with pytest.raises(Refused) as refusal:
        assign_comments([comment], by=users[role], assignee=expert)
    assert refusal.value.message == gettext("Only the expert team can assign comments.")
    comment.refresh_from_db()
    assert comment.assigned_to is None and not assign_logs(comment).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_MODERATORS)
def test_comments_are_assigned_only_to_the_expert_team(chapter, users, expert, role):
    comment = make_comment(chapter, 1)
    with pytest.raises(Refused) as refusal:
        assign_comments([comment], by=expert, assignee=users[role])
    assert refusal.value.message == gettext("Comments can be assigned only to members of the expert team.")
    comment.refresh_from_db()
    assert comment.assigned_to is None and not assign_logs(comment).exists()


@pytest.mark.django_db
def test_an_inactive_expert_neither_assigns_nor_is_assigned(chapter, expert):
    comment = make_comment(chapter, 1)
    gone = make_user("odeszla", "Eksperci")
    gone.is_active = False
    gone.save()
    with pytest.raises(Refused):
        assign_comments([comment], by=expert, assignee=gone)
    with pytest.raises(Refused):
        assign_comments([comment], by=gone, assignee=expert)
    assert gone not in assignable_experts()


@pytest.mark.django_db
def test_no_assignment_once_the_plan_is_adopted(plan, chapter, users):
    from tests.consultation.test_action_rules import adopt, ready_to_adopt

    ready_to_adopt(plan, chapter, users)
    adopt(plan, users["zarzad"])
    comment = ParagraphComment.objects.get()
    with pytest.raises(Refused) as refusal:
        assign_comments([comment], by=users["eksperci"], assignee=users["admin"])
    assert refusal.value.message == gettext(
        "This plan has been adopted by resolution; its text can no longer be changed.")
    comment.refresh_from_db()
    assert comment.assigned_to is None and not assign_logs(comment).exists()


@pytest.mark.django_db
def test_the_assignable_experts_are_those_who_may_moderate(users):
    may_moderate = {users[role] for role in ("eksperci", "koordynatorzy", "admin")}
    assert set(assignable_experts()) == may_moderate
    given_the_permission = make_user("z-uprawnieniem")
    given_the_permission.user_permissions.add(Permission.objects.get(codename="moderate_paragraphcomment"))
    assert set(assignable_experts()) == may_moderate | {given_the_permission}


@pytest.mark.django_db
def test_my_comments_are_assigned_to_me_or_unassigned_on_my_chapters(plan, chapter, users, expert,
                                                                     django_assert_num_queries):
    other_chapter = make_chapter(plan, number=2, slug="cele", blocks=[("paragraph", "<p>Cele.</p>")])
    colleague = make_user("ekspertka", "Eksperci")
    responsible(chapter, expert)
    responsible(other_chapter, colleague)
    on_mine = make_comment(chapter, 1, title="Na moim rozdziale")
    on_mine_whole = submitted(plan, chapter, title="O całym moim rozdziale")
    taken_away = make_comment(chapter, 2, title="Przydzielona koleżance")
    on_other = make_comment(other_chapter, 1, title="Na cudzym rozdziale")
    given_to_me = make_comment(other_chapter, 1, title="Przydzielona mnie")
    general = submitted(plan, title="Ogólna")
    assign_comments([taken_away], by=expert, assignee=colleague)
    assign_comments([given_to_me], by=expert, assignee=expert)

    mine = set(assigned_to_user(ParagraphComment.objects.all(), expert))
    assert mine == {on_mine, on_mine_whole, given_to_me}
    theirs = set(assigned_to_user(ParagraphComment.objects.all(), colleague))
    assert theirs == {taken_away, on_other}
    assert general not in mine | theirs
    # The helper narrows the queryset it is given, and counts in one query.
    assert set(assigned_to_user(ParagraphComment.objects.filter(title__startswith="Na"), expert)) == {on_mine}
    with django_assert_num_queries(1):
        assert assigned_to_user(ParagraphComment.objects.all(), expert).count() == 3


@pytest.mark.django_db
def test_who_answers_a_comment(plan, chapter, users, expert):
    responsible(chapter, expert, users["admin"])
    comment = make_comment(chapter, 1)
    general = submitted(plan)
    assert set(responsible_experts_of(comment)) == {expert, users["admin"]}
    assert responsible_experts_of(general) == []
    assign_comments([comment], by=expert, assignee=users["admin"])
    comment.refresh_from_db()
    assert responsible_experts_of(comment) == [users["admin"]]


@pytest.mark.django_db
def test_the_comment_screen_assigns_one_comment(client, chapter, users, expert):
    from django.urls import reverse

    from consultation.demo.builders import make_comment

    comment = make_comment(chapter, 1)
    client.force_login(users["koordynatorzy"])
    url = reverse("moderation:comment", args=[comment.pk])
    assert client.post(url, {"action": "assign", "assignee": str(expert.pk)}).status_code == 302
    comment.refresh_from_db()
    assert comment.assigned_to == expert
    refused = client.post(url, {"action": "assign", "assignee": str(users["komunikacja"].pk)})
    assert refused.status_code == 400
    comment.refresh_from_db()
    assert comment.assigned_to == expert
    assert client.post(url, {"action": "assign", "assignee": ""}).status_code == 302
    comment.refresh_from_db()
    assert comment.assigned_to is None
