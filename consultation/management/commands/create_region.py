from django.core.management.base import BaseCommand, CommandError

from consultation.core.refusals import Refused
from consultation.management.acting_user import acting_user, add_user_argument
from consultation.regions.actions import create_region


class Command(BaseCommand):
    help = ("Creates a region: its home (on its own hostname, or a path of the default site), its teams with "
            "their rights, its collections, its review workflow and drafts of its privacy notice and "
            "accessibility statement.")

    def add_arguments(self, parser):
        parser.add_argument("name", help='the voivodeship, e.g. "opolskie"')
        parser.add_argument("--hostname", default="", help="its own site's hostname; without it, a path of the default site")
        parser.add_argument("--port", type=int, default=80)
        parser.add_argument("--title", default="", help="the title of its home page")
        parser.add_argument("--slug", default="", help="the address of its home (made from the name by default)")
        add_user_argument(parser)

    def handle(self, *args, **options):
        try:
            region = create_region(options["name"], by=acting_user(options["user"]), hostname=options["hostname"],
                                   port=options["port"], title=options["title"], slug=options["slug"])
        except Refused as error:
            raise CommandError(error.message) from None
        teams = ", ".join(region.teams.order_by("name").values_list("name", flat=True))
        self.stdout.write(f"region {region.name}: {region.home.url or region.home.url_path} (teams: {teams})")
