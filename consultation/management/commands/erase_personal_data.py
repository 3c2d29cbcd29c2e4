from django.core.management.base import BaseCommand, CommandError

from consultation.core.refusals import Refused
from consultation.management.acting_user import acting_user, add_user_argument
from consultation.privacy.personal_data import erase_personal_data, pseudonym


class Command(BaseCommand):
    help = ("Replaces the signature, email and IP address of the person who commented with EMAIL by a "
            "pseudonym; the comments stay in the consultation record (RODO art. 17).")

    def add_arguments(self, parser):
        parser.add_argument("email")
        add_user_argument(parser)

    def handle(self, *args, **options):
        try:
            count = erase_personal_data(options["email"], user=acting_user(options["user"]))
        except Refused as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"{count} comment(s) now signed {pseudonym(options['email'])}.")
