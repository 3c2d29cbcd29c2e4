"""The experts' daily mail (digest of new comments, reminders before the report is due); for cron."""

from django.core.management.base import BaseCommand

from consultation.moderation.digest import send_digests, send_reminders


class Command(BaseCommand):
    help = "Queue the experts' daily digest and the reminders 7, 3 and 1 days before a report is due."

    def handle(self, *args, **options):
        self.stdout.write(f"Digests: {send_digests()}; reminders: {send_reminders()}")
