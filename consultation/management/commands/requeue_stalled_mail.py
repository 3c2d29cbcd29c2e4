"""Queue again the mail whose attempt is long overdue (its worker died while sending); for cron."""

from django.core.management.base import BaseCommand

from consultation.notifications.outbox import requeue_stalled


class Command(BaseCommand):
    help = "Queue again outbox mail whose attempt is overdue (a worker died while sending it)."

    def handle(self, *args, **options):
        self.stdout.write(f"Queued again: {requeue_stalled()}")
