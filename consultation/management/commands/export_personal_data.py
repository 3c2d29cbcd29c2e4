import json

from django.core.management.base import BaseCommand

from consultation.privacy.personal_data import export_personal_data


class Command(BaseCommand):
    help = "Prints, as JSON, everything stored about the person who commented with EMAIL (RODO art. 15)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(export_personal_data(options["email"]), ensure_ascii=False, indent=2))
