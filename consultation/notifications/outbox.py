"""The durable outbox: mail is queued in the transaction of the change it reports and sent by a worker.

`queue_mail` stores an `OutgoingMail` row and, in the same transaction, the task that will send it
(django-tasks' database backend, alias "outbox"), so a change that rolls back leaves no mail and a
stored change never loses its mail. `deliver` (the task, run by `manage.py db_worker --backend
outbox`) sends one mail: on an SMTP failure it counts the attempt and schedules the next one later
(backoff), and gives up only after `MAX_ATTEMPTS`. A worker that dies between sending and marking the
mail sent leaves it queued; `requeue_stalled` (run when the worker starts, and by cron) queues it again,
and it goes out once more with the same Message-ID: at most one duplicate, which mail programs
recognise as the same message.
"""

import logging
import smtplib
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.log_actions import log

from consultation.models import MailState, OutgoingMail
from consultation.plans.rules import can_manage_personal_data, require

logger = logging.getLogger(__name__)

# Minutes before each further attempt: a day-long outage of the mail server loses nothing.
BACKOFF_MINUTES = (1, 5, 15, 60, 180, 360, 720, 720, 720, 720, 720)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
# A queued mail whose attempt is this late has lost its task (the worker died): queue it again.
STALLED_AFTER = timedelta(minutes=15)


def _message_id(kind):
    host = urlsplit(settings.DROGOWSKAZ_BASE_URL).hostname or "localhost"
    return f"<{uuid.uuid4().hex}.{kind}@{host}>"


def _one_line(text, limit=255):
    """A subject is one line (a newline in a header would be refused, or worse, inject headers)."""
    return " ".join(str(text).split())[:limit]


def queue_mail(*, key, kind, to, subject, body, plan=None, comment=None, unsubscribe_url="", now=None):
    """Queue one mail to `to`, once per `key` (the event and the recipient); return it, or None when the
    same event has already queued this mail or there is no address.

    Call it inside the transaction of the change: the mail and its task are stored with the change."""
    if not to:
        return None
    now = now or timezone.now()
    with transaction.atomic():
        mail, created = OutgoingMail.objects.get_or_create(key=key[:200], defaults={
            "kind": kind, "to": to, "subject": _one_line(subject), "body": body, "plan": plan, "comment": comment,
            "unsubscribe_url": unsubscribe_url, "message_id": _message_id(kind), "created_at": now,
            "next_attempt_at": now,
        })
        if not created:
            return None
        deliver.enqueue(mail.pk)
    return mail


def _message(mail):
    headers = {"Message-ID": mail.message_id, "Auto-Submitted": "auto-generated"}
    if mail.unsubscribe_url:
        # RFC 2369 and RFC 8058: mail programs offer one-click unsubscribe, which POSTs to the link.
        headers["List-Unsubscribe"] = f"<{mail.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return EmailMessage(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [mail.to], headers=headers,
                        connection=get_connection(settings.OUTBOX_EMAIL_BACKEND))


def send_one(mail_id, now=None):
    """Send the queued mail `mail_id` once; returns its state afterwards (or None if it is gone).

    The row stays locked while it is sent, so two workers never send it both; it is marked sent in
    the same transaction, after the server accepted it."""
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.state != MailState.QUEUED:
            return mail.state if mail else None
        now = now or timezone.now()
        mail.attempts += 1
        try:
            _message(mail).send()
        except (OSError, smtplib.SMTPException) as error:
            mail.last_error = f"{type(error).__name__}: {error}"[:2000]
            if mail.attempts >= MAX_ATTEMPTS:
                mail.state, mail.next_attempt_at = MailState.FAILED, None
                logger.error("Mail %s to %s given up after %d attempts: %s", mail.pk, mail.to, mail.attempts,
                             mail.last_error)
            else:
                mail.next_attempt_at = now + timedelta(minutes=BACKOFF_MINUTES[mail.attempts - 1])
                deliver.using(run_after=mail.next_attempt_at).enqueue(mail.pk)
                logger.warning("Mail %s not sent (attempt %d), next at %s: %s", mail.pk, mail.attempts,
                               mail.next_attempt_at, mail.last_error)
        else:
            mail.state, mail.sent_at, mail.next_attempt_at, mail.last_error = MailState.SENT, now, None, ""
        mail.save(update_fields=["attempts", "last_error", "state", "sent_at", "next_attempt_at"])
        return mail.state


@task(backend="outbox", queue_name="mail")
def deliver(mail_id):
    """The worker's task: send one queued mail (see `send_one`)."""
    return send_one(mail_id)


def requeue_stalled(now=None):
    """Queue again the mail whose attempt is overdue by STALLED_AFTER (its worker died while sending,
    or its task was lost); returns how many. A second task for a mail is harmless: `send_one` sends a
    mail only while it is queued, under a lock."""
    now = now or timezone.now()
    stalled = list(OutgoingMail.objects.filter(state=MailState.QUEUED, next_attempt_at__lt=now - STALLED_AFTER)
                   .values_list("pk", flat=True))
    with transaction.atomic():
        for pk in stalled:
            deliver.enqueue(pk)
        OutgoingMail.objects.filter(pk__in=stalled).update(next_attempt_at=now)
    return len(stalled)


def cancel_queued(mails, *, reason):
    """Cancel the mail of `mails` (a queryset) still waiting, saying why (e.g. the demo's invented
    addresses); the worker then skips it. Returns how many."""
    return mails.filter(state=MailState.QUEUED).update(state=MailState.CANCELLED, last_error=reason[:2000],
                                                       next_attempt_at=None)


def retry_failed(mails, *, user, now=None):
    """Queue again mail that was given up (an administrator fixed the mail server); returns how many.

    Administrators only: the outbox holds everyone's addresses."""
    require(can_manage_personal_data(user), _("Only an administrator can send mail again."))
    now = now or timezone.now()
    with transaction.atomic():
        failed = list(OutgoingMail.objects.select_for_update().filter(
            pk__in=[m.pk for m in mails], state=MailState.FAILED))
        for mail in failed:
            mail.state, mail.attempts, mail.next_attempt_at = MailState.QUEUED, 0, now
            mail.save(update_fields=["state", "attempts", "next_attempt_at"])
            deliver.enqueue(mail.pk)
            log(instance=mail, action="drogowskaz.mail.retry", user=user)
    return len(failed)
