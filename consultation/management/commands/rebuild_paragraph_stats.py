from django.core.management.base import BaseCommand

from consultation.moderation.paragraph_stats import rebuild


class Command(BaseCommand):
    help = "Recounts the published comments of every paragraph (after restoring data by hand)."

    def handle(self, *args, **options):
        written = rebuild()
        self.stdout.write(f"{written} paragraphs with published comments")
