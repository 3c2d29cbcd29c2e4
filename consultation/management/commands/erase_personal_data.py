from django.core.management.base import BaseCommand

from consultation.privacy.personal_data import erase_personal_data, pseudonym


class Command(BaseCommand):
    help = ("Replaces the signature, email and IP address of the person who commented with EMAIL by a "
            "pseudonym; the comments stay in the consultation record (RODO art. 17).")

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, **options):
        count = erase_personal_data(options["email"])
        self.stdout.write(f"{count} comment(s) now signed {pseudonym(options['email'])}.")
