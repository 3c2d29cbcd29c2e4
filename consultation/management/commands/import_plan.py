from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consultation.importing.parsers import ImportRefused, parse_file
from consultation.models import PlanPage
from consultation.importing.plan_import import apply_import, preview_import


class Command(BaseCommand):
    help = ("Imports a Word (.docx) or Markdown (.md) draft into the plan SLUG: Heading 1 starts a chapter. "
            "Existing chapters get new revisions that keep the keys of unchanged or similar paragraphs.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--plan", required=True, help="slug of the plan")
        parser.add_argument("--publish", action="store_true", help="publish the new revisions at once")
        parser.add_argument("--dry-run", action="store_true", help="only show what would change")

    def handle(self, *args, **options):
        plan = PlanPage.objects.filter(slug=options["plan"]).first()
        if plan is None:
            raise CommandError(f"No plan with the slug {options['plan']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            parsed = parse_file(path.name, path.read_bytes())
        except ImportRefused as error:
            raise CommandError(error.message) from None
        result = preview_import(plan, parsed) if options["dry_run"] else apply_import(
            plan, parsed, publish=options["publish"])
        for item in result.chapters:
            counts = item.counts
            self.stdout.write(f"{item.number}. {item.title}: {item.status} "
                              f"(+{counts['inserted']} ~{counts['changed']} -{counts['deleted']})")
        for chapter in result.untouched:
            self.stdout.write(f"not in the file, left as it is: {chapter.title}")
