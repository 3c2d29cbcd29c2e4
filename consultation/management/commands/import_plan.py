from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consultation.core.refusals import Refused
from consultation.importing.actions import import_plan
from consultation.importing.parsers import parse_file
from consultation.importing.plan_import import preview_import
from consultation.management.acting_user import acting_user, add_user_argument
from consultation.models import PlanPage


class Command(BaseCommand):
    help = ("Imports a Word (.docx) or Markdown (.md) draft into the plan SLUG: Heading 1 starts a chapter. "
            "Existing chapters get new revisions that keep the keys of unchanged or similar paragraphs.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--plan", required=True, help="slug of the plan")
        parser.add_argument("--publish", action="store_true", help="publish the new revisions at once")
        parser.add_argument("--dry-run", action="store_true", help="only show what would change")
        add_user_argument(parser, required=False)

    def handle(self, *args, **options):
        plan = PlanPage.objects.filter(slug=options["plan"]).first()
        if plan is None:
            raise CommandError(f"No plan with the slug {options['plan']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            parsed = parse_file(path.name, path.read_bytes())
        except Refused as error:
            raise CommandError(error.message) from None
        if options["dry_run"]:
            result = preview_import(plan, parsed)
        else:
            if not options["user"]:
                raise CommandError("Give --user: the import is saved on that person's behalf, with their rights.")
            try:
                result = import_plan(plan, parsed, user=acting_user(options["user"]), publish=options["publish"])
            except Refused as error:
                raise CommandError(error.message) from None
        for item in result.chapters:
            counts = item.counts
            self.stdout.write(f"{item.number}. {item.title}: {item.status} "
                              f"(+{counts['inserted']} ~{counts['changed']} -{counts['deleted']})")
        for chapter in result.untouched:
            self.stdout.write(f"not in the file, left as it is: {chapter.title}")
