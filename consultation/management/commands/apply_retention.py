from django.core.management.base import BaseCommand

from consultation.privacy.personal_data import apply_retention


class Command(BaseCommand):
    help = ("Drops IP addresses older than DROGOWSKAZ_IP_RETENTION_DAYS and deletes comments never "
            "confirmed by email. Run it daily (cron or a systemd timer).")

    def handle(self, *args, **options):
        dropped, deleted = apply_retention()
        self.stdout.write(f"IP addresses dropped: {dropped}; unconfirmed comments deleted: {deleted}.")
