"""The experts' daily digest and the reminders before the report is due (manage.py send_expert_mail)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from consultation.demo.builders import make_comment
from consultation.models import OutgoingMail
from consultation.moderation.actions import publish_comments
from consultation.moderation.digest import _threshold, send_digests, send_reminders
from tests.utils import on_commit_run


def responsible(chapter, *experts):
    chapter.responsible_experts.set(experts)
    chapter.save()


@pytest.mark.django_db
def test_the_digest_lists_new_comments_of_the_experts_chapters_only(chapter, users, expert):
    responsible(chapter, expert)
    fresh = make_comment(chapter, 1, title="Świeża uwaga", text="Tekst, którego nie ma w mailu.")
    make_comment(chapter, 2, title="Niepotwierdzona", confirm=False)
    mail.outbox.clear()
    with on_commit_run():
        assert send_digests() >= 1
    [digest] = [m for m in mail.outbox if m.to == [expert.email]]
    assert fresh.reference in digest.body and "Świeża uwaga" in digest.body
    assert "Niepotwierdzona" not in digest.body and "Tekst, którego nie ma w mailu." not in digest.body
    assert "assignee=mine" in digest.body and "List-Unsubscribe" not in digest.extra_headers
    assert not [m for m in mail.outbox if m.to == [users["komunikacja"].email]]  # not an expert
    with on_commit_run():
        send_digests()  # the same day again: nothing more
    assert len([m for m in mail.outbox if m.to == [expert.email]]) == 1


@pytest.mark.django_db
def test_no_digest_without_new_comments(chapter, expert):
    responsible(chapter, expert)
    make_comment(chapter, 1)
    assert send_digests(now=timezone.now() + timedelta(days=2)) == 0


def test_the_reminder_due_is_the_nearest_ahead():
    assert [_threshold(days) for days in (10, 8, 7, 5, 3, 2, 1, 0, -1)] == [None, None, 7, 7, 3, 3, 1, 1, None]


@pytest.mark.django_db
def test_reminders_go_to_experts_with_unanswered_comments_and_to_coordinators(closed_plan, closed_chapter, users,
                                                                              expert, coordinator):
    responsible(closed_chapter, expert)
    comment = make_comment(closed_chapter, 1, now=closed_plan.consultation_closes - timedelta(days=3))
    publish_comments([comment], moderator=coordinator)
    due = closed_plan.report_due
    three_days_before = due - timedelta(days=3)
    mail.outbox.clear()
    with on_commit_run():
        assert send_reminders(now=three_days_before) == 2
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([expert.email, coordinator.email])
    assert all("3" in m.body and closed_plan.title in m.subject for m in mail.outbox)
    with on_commit_run():
        assert send_reminders(now=three_days_before + timedelta(hours=5)) == 0  # the same reminder: not again
    assert OutgoingMail.objects.filter(kind="expert_reminder").count() == 2
    with on_commit_run():
        send_reminders(now=due - timedelta(days=1))
    assert OutgoingMail.objects.filter(kind="expert_reminder").count() == 4


@pytest.mark.django_db
def test_the_command_runs_both(chapter, expert, capsys):
    responsible(chapter, expert)
    make_comment(chapter, 1)
    call_command("send_expert_mail")
    assert "Digests: 1" in capsys.readouterr().out
