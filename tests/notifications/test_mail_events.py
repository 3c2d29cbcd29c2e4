"""Mail that tells commenters and followers what happened, queued in the outbox with the change.

Here the outbox's task runs in the test's process when the transaction commits (tests/outbox_backend.py);
tests/notifications/test_outbox_smtp.py sends through a real SMTP server with the real worker.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from consultation.core.refusals import Refused
from consultation.demo.builders import make_comment
from consultation.models import MailOptOut, MailState, OutgoingMail, PlanFollower
from consultation.moderation.actions import publish_comments, reject_comments, save_response
from consultation.participation.following import follow_plan
from consultation.reports.actions import publish_report
from consultation.versions.actions import publish_version
from tests.utils import communications_user, on_commit_run, text_of


def mails_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def link(message, pattern):
    return re.search(rf"http://testserver(/{pattern}/[^\s]+/)", message.body).group(1)


@pytest.mark.django_db
def test_the_commenter_hears_of_publication_with_a_link_and_an_unsubscribe_header(chapter, expert):
    comment = make_comment(chapter, 1, email="ala@example.org", title="O spółdzielniach")
    mail.outbox.clear()
    with on_commit_run():
        publish_comments([comment], moderator=expert)
    [message] = mails_to("ala@example.org")
    assert comment.reference in message.subject and "opublikowan" in message.subject
    assert f"{chapter.url}#c-{comment.pk}" in message.body
    stored = OutgoingMail.objects.get(kind="comment_published")
    assert stored.state == MailState.SENT and message.extra_headers["Message-ID"] == stored.message_id
    assert message.extra_headers["List-Unsubscribe"] == f"<{stored.unsubscribe_url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert stored.unsubscribe_url in message.body


@pytest.mark.django_db
def test_a_rejection_gives_the_reason_and_the_kind(chapter, expert):
    comment = make_comment(chapter, 1, email="ala@example.org")
    mail.outbox.clear()
    with on_commit_run():
        reject_comments([comment], moderator=expert, reason="Uwaga nie dotyczy dokumentu, lecz budżetu gminy.",
                        category="off_topic")
    [message] = mails_to("ala@example.org")
    assert "Uwaga nie dotyczy dokumentu, lecz budżetu gminy." in message.body
    assert "nie dotyczy dokumentu" in message.body.lower()


@pytest.mark.django_db
def test_a_refused_action_queues_no_mail(chapter, expert):
    comment = make_comment(chapter, 1)
    before = OutgoingMail.objects.count()
    with pytest.raises(Refused):
        reject_comments([comment], moderator=expert, reason="")
    assert OutgoingMail.objects.count() == before


@pytest.mark.django_db
def test_the_same_event_never_mails_twice(chapter, expert):
    comment = make_comment(chapter, 1, email="ala@example.org")
    with on_commit_run():
        publish_comments([comment], moderator=expert)
        publish_comments([comment], moderator=expert)  # already published: nothing changes, nothing is sent
    assert OutgoingMail.objects.filter(kind="comment_published").count() == 1


@pytest.mark.django_db
def test_the_official_response_reaches_the_commenter_only_when_published(chapter, expert, coordinator):
    comment = make_comment(chapter, 1, email="ala@example.org")
    publish_comments([comment], moderator=coordinator)
    mail.outbox.clear()
    with on_commit_run():
        save_response(comment, author=coordinator, disposition="partly", justification="Szkic roboczy.",
                      publish=False)
    assert not mails_to("ala@example.org")  # a draft is never mailed
    publish_version(comment.plan, label="po konsultacjach", user=communications_user())
    version = comment.plan.versions.get(label="po konsultacjach")
    with on_commit_run():
        save_response(comment, author=coordinator, disposition="partly", justification="Dopiszemy dane o gminach.",
                      publish=True, version=version)
    [message] = mails_to("ala@example.org")
    assert "Dopiszemy dane o gminach." in message.body and "Szkic roboczy." not in message.body
    assert "po konsultacjach" in message.body and f"wersje/{version.number}/" in message.body


@pytest.mark.django_db
def test_follow_needs_the_emailed_confirmation(client, plan, chapter):
    follow_url = plan.url + plan.reverse_subpage("follow")
    assert client.get(follow_url).status_code == 200
    with on_commit_run():
        response = client.post(follow_url, {"email": "Obserwator@Example.org"})
    assert response.status_code == 200 and "obserwator@example.org" in text_of(response).lower()
    [message] = mails_to("obserwator@example.org")
    assert "List-Unsubscribe" not in message.extra_headers  # transactional: asked for
    with on_commit_run():
        publish_version(plan, label="projekt 1", user=communications_user())
    assert len(mails_to("obserwator@example.org")) == 1  # nothing before the confirmation
    confirm = link(message, "powiadomienia/potwierdz")
    assert client.get(confirm).status_code == 200 and PlanFollower.objects.get().confirmed_at is None
    client.post(confirm)
    assert PlanFollower.objects.get().confirmed_at is not None
    with on_commit_run():
        publish_version(plan, label="projekt 2", user=communications_user())
    news = mails_to("obserwator@example.org")[-1]
    assert "projekt 2" in news.subject and news.extra_headers["List-Unsubscribe"]


@pytest.mark.django_db
def test_follow_refuses_a_bad_address_in_polish_and_stores_nothing(client, plan):
    response = client.post(plan.url + plan.reverse_subpage("follow"), {"email": "nie-adres"})
    assert response.status_code == 400 and "Popraw formularz" in text_of(response)
    assert not PlanFollower.objects.exists() and not OutgoingMail.objects.exists()
    with pytest.raises(Refused):
        follow_plan(plan, "x@@example")


@pytest.mark.django_db
def test_an_expired_follow_link_is_refused(client, plan):
    with on_commit_run():
        follow_plan(plan, "ola@example.org")
    confirm = link(mail.outbox[-1], "powiadomienia/potwierdz")
    PlanFollower.objects.update(created_at=timezone.now() - timedelta(hours=49))
    response = client.post(confirm)
    assert response.status_code == 400 and "wygasł" in text_of(response)
    assert PlanFollower.objects.get().confirmed_at is None


@pytest.mark.django_db
def test_one_click_unsubscribe_stops_the_news_and_cancels_what_waits(chapter, expert):
    from django.test import Client

    first, second = make_comment(chapter, 1, email="ala@example.org"), make_comment(chapter, 2, email="ala@example.org")
    with on_commit_run():
        publish_comments([first], moderator=expert)
    unsubscribe = OutgoingMail.objects.get(kind="comment_published").unsubscribe_url.removeprefix("http://testserver")
    browser = Client(enforce_csrf_checks=True)  # a mail program posts without a CSRF token (RFC 8058)
    assert browser.get(unsubscribe).status_code == 200 and not MailOptOut.objects.exists()
    response = browser.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and MailOptOut.objects.filter(email="ala@example.org").exists()
    mail.outbox.clear()
    with on_commit_run():
        publish_comments([second], moderator=expert)
    assert not mails_to("ala@example.org")


@pytest.mark.django_db
def test_a_forged_unsubscribe_link_is_refused(client, plan):
    response = client.post(reverse("mail-unsubscribe", args=["nie-podpisany"]))
    assert response.status_code == 404 and not MailOptOut.objects.exists()


@pytest.mark.django_db
def test_report_and_adoption_reach_commenters_and_followers_once_per_address(closed_plan, closed_chapter, users):
    from consultation.models import PlanFollower as Follower

    now = timezone.now()
    comment = make_comment(closed_chapter, 1, email="ala@example.org", now=now - timedelta(days=5))
    make_comment(closed_chapter, 2, email="ALA@example.org", now=now - timedelta(days=5))
    Follower.objects.create(plan=closed_plan, email="ala@example.org", token_hash="x", created_at=now,
                            confirmed_at=now)
    Follower.objects.create(plan=closed_plan, email="niepotwierdzony@example.org", token_hash="y", created_at=now)
    with on_commit_run():
        publish_report(closed_plan, user=users["komunikacja"], incomplete=True)
    report = [m for m in mail.outbox if "raport" in m.body]
    assert [m.to for m in report] == [["ala@example.org"]]
    assert comment.reference not in report[0].body  # the report mail is not about one comment


@pytest.mark.django_db
def test_naming_the_version_later_tells_the_commenter_you_said_we_did(chapter, coordinator):
    comment = make_comment(chapter, 1, email="ala@example.org")
    publish_comments([comment], moderator=coordinator)
    with on_commit_run():
        save_response(comment, author=coordinator, disposition="accepted", justification="Uwzględniamy.", publish=True)
    publish_version(comment.plan, label="po zmianach", user=communications_user())
    version = comment.plan.versions.get(label="po zmianach")
    with on_commit_run():
        save_response(comment, author=coordinator, disposition="accepted", justification="Uwzględniamy.",
                      publish=True, version=version)
        save_response(comment, author=coordinator, disposition="accepted", justification="Uwzględniamy.",
                      publish=True, version=version)  # nothing new: no mail
    mails = mails_to("ala@example.org")
    assert len([m for m in mails if "Uwzględniamy." in m.body]) == 2
    assert "po zmianach" in mails[-1].body


@pytest.mark.django_db
def test_a_meeting_is_announced_to_followers_when_the_plan_page_is_published(plan):
    from consultation.models import ConsultationMeeting

    now = timezone.now()
    PlanFollower.objects.create(plan=plan, email="obserwator@example.org", token_hash="-", created_at=now,
                                confirmed_at=now)
    plan.meetings.add(ConsultationMeeting(starts_at=now + timedelta(days=7), place="Lublin, ul. Spokojna 2, sala 101"))
    plan.meetings.add(ConsultationMeeting(starts_at=now - timedelta(days=1), place="Chełm, już było"))
    with on_commit_run():
        plan.save_revision().publish()
    [news] = mails_to("obserwator@example.org")
    assert "Lublin, ul. Spokojna 2, sala 101" in news.body and "Chełm" not in news.body
    assert all(m.announced_at for m in ConsultationMeeting.objects.all())
    with on_commit_run():
        plan.save_revision().publish()  # published again: the meeting is not announced twice
    assert len(mails_to("obserwator@example.org")) == 1
