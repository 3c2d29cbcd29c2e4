"""Django's mail API into the outbox: what Wagtail sends (workflow notifications to Komunikacja and
Eksperci, password resets) is queued and sent by the worker like the rest, with its retries.

`EMAIL_BACKEND` names this class; the worker sends through `OUTBOX_EMAIL_BACKEND` (SMTP in
production, the console in the demo).
"""

import uuid

from django.core.mail.backends.base import BaseEmailBackend

from consultation.notifications.outbox import queue_mail


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        queued = 0
        for message in email_messages:
            for recipient in message.recipients():
                # Wagtail's notifications carry the text and an HTML copy of it; the text is kept.
                queued += queue_mail(key=f"django:{uuid.uuid4().hex}", kind="django", to=recipient,
                                     subject=message.subject, body=message.body) is not None
        return queued
