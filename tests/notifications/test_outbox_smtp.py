"""The outbox against a real SMTP server (aiosmtpd, started here) and the real worker
(django-tasks-db's `db_worker`, through `manage.py mail_worker --batch`): delivery, an outage and
recovery with nothing lost, no duplicates, and at most one duplicate (with the same Message-ID)
after a crash between sending and marking the mail sent."""

import email
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from consultation.core.refusals import Refused
from consultation.demo.builders import make_comment
from consultation.models import MailState, OutgoingMail
from consultation.moderation.actions import publish_comments, reject_comments
from consultation.notifications import outbox

pytestmark = [pytest.mark.committing, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """What the SMTP server received, as parsed messages."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content))
        return "250 OK"


class SmtpServer:
    def __init__(self):
        self.port, self.mailbox, self.controller = free_port(), Mailbox(), None

    def start(self):
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()
        self.controller = None


@pytest.fixture
def smtp():
    server = SmtpServer()
    server.start()
    with override_settings(
        OUTBOX_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=server.port, EMAIL_TIMEOUT=5,
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
               "outbox": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["mail"]}},
    ):
        yield server
    if server.controller is not None:
        server.stop()


def run_worker():
    call_command("mail_worker", batch=True, interval=0, verbosity=0)


def time_passes(minutes):
    """The clock moves on: what the worker was told to retry later is due now."""
    later = timezone.now() - timedelta(minutes=minutes)
    DBTaskResult.objects.filter(run_after__isnull=False).update(run_after=later)


def test_mail_goes_through_smtp_with_its_headers(smtp, chapter, expert):
    comment = make_comment(chapter, 1, email="ala@example.org", title="O spółdzielniach")
    publish_comments([comment], moderator=expert)
    assert OutgoingMail.objects.filter(state=MailState.QUEUED).count() == 2  # the copy, and the publication
    assert not smtp.mailbox.messages  # the worker sends, not the request
    run_worker()
    assert len(smtp.mailbox.messages) == 2
    published = OutgoingMail.objects.get(kind="comment_published")
    received = next(m for m in smtp.mailbox.messages if m["Message-ID"] == published.message_id)
    unfolded = "".join(received["List-Unsubscribe"].split())  # a long header is folded on the wire
    assert received["To"] == "ala@example.org" and unfolded == f"<{published.unsubscribe_url}>"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = received.get_payload(decode=True).decode(received.get_content_charset())
    assert "O spółdzielniach" in body and f"#c-{comment.pk}" in body  # Polish letters intact, the link
    copy = OutgoingMail.objects.get(kind="comment_copy")
    received_copy = next(m for m in smtp.mailbox.messages if m["Message-ID"] == copy.message_id)
    assert received_copy["List-Unsubscribe"] is None  # the copy of one's own comment is not news
    assert all(m.state == MailState.SENT and m.attempts == 1 for m in OutgoingMail.objects.all())
    run_worker()
    assert len(smtp.mailbox.messages) == 2  # nothing is sent twice


def test_an_smtp_outage_delays_mail_and_loses_none(smtp, chapter, expert):
    comments = [make_comment(chapter, n, email=f"osoba{n}@example.org") for n in (1, 2, 3)]
    run_worker()
    smtp.mailbox.messages.clear()
    smtp.stop()
    publish_comments(comments[:2], moderator=expert)
    reject_comments(comments[2:], moderator=expert, reason="Poza zakresem dokumentu.")
    run_worker()
    waiting = OutgoingMail.objects.filter(kind__in=["comment_published", "comment_rejected"])
    assert [(m.state, m.attempts) for m in waiting] == [(MailState.QUEUED, 1)] * 3
    assert all(m.next_attempt_at > timezone.now() and m.last_error for m in waiting)
    run_worker()  # the retry is not due yet: nothing is tried
    assert {m.attempts for m in waiting.all()} == {1}
    time_passes(2)
    run_worker()  # still down: a second attempt, later again
    assert {m.attempts for m in waiting.all()} == {2}
    smtp.start()
    time_passes(10)
    run_worker()
    assert sorted(m["To"] for m in smtp.mailbox.messages) == [f"osoba{n}@example.org" for n in (1, 2, 3)]
    assert {m.state for m in waiting.all()} == {MailState.SENT}
    time_passes(1000)
    run_worker()
    assert len(smtp.mailbox.messages) == 3


def test_a_crash_between_sending_and_marking_sends_one_duplicate_with_the_same_message_id(smtp, chapter, expert):
    comment = make_comment(chapter, 1, email="ala@example.org")
    run_worker()
    smtp.mailbox.messages.clear()
    publish_comments([comment], moderator=expert)
    stalled = OutgoingMail.objects.get(kind="comment_published")
    # The worker sent the message, then died before it could mark it sent (its task is lost with it).
    outbox._message(stalled).send()
    DBTaskResult.objects.filter(status="READY").delete()
    assert outbox.requeue_stalled() == 0  # not overdue yet
    OutgoingMail.objects.filter(pk=stalled.pk).update(next_attempt_at=timezone.now() - timedelta(minutes=20))
    run_worker()  # mail_worker queues the stalled mail again when it starts
    ids = [m["Message-ID"] for m in smtp.mailbox.messages]
    assert ids == [stalled.message_id, stalled.message_id]
    stalled.refresh_from_db()
    assert stalled.state == MailState.SENT
    run_worker()
    assert len(smtp.mailbox.messages) == 2


def test_wagtails_own_mail_goes_through_the_outbox(smtp):
    from django.core.mail import send_mail

    with override_settings(EMAIL_BACKEND="consultation.notifications.backend.OutboxBackend"):
        assert send_mail("Zadanie przepływu pracy", "Rozdział czeka na przegląd.", None,
                         ["ekspert@example.org", "komunikacja@example.org"]) == 2
    assert not smtp.mailbox.messages
    run_worker()
    assert sorted(m["To"] for m in smtp.mailbox.messages) == ["ekspert@example.org", "komunikacja@example.org"]


def test_mail_given_up_after_repeated_failures_can_be_sent_again(smtp, chapter, expert, users):
    comment = make_comment(chapter, 1, email="ala@example.org")
    smtp.stop()
    for _attempt in range(outbox.MAX_ATTEMPTS):
        time_passes(1000)
        run_worker()
    copy = OutgoingMail.objects.get(comment=comment, kind="comment_copy")
    assert copy.state == MailState.FAILED and copy.attempts == outbox.MAX_ATTEMPTS
    smtp.start()
    with pytest.raises(Refused):
        outbox.retry_failed([copy], user=expert)  # the outbox holds everyone's addresses: administrators only
    assert outbox.retry_failed([copy], user=users["admin"]) == 1
    run_worker()
    copy.refresh_from_db()
    assert copy.state == MailState.SENT and [m["Message-ID"] for m in smtp.mailbox.messages] == [copy.message_id]
