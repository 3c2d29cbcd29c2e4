import sys

from django.core.management.base import BaseCommand, CommandError

from consultation.models import PlanPage
from consultation.reports.report import csv_lines, report_rows, write_xlsx


class Command(BaseCommand):
    help = "Writes the consultation report of the plan SLUG as CSV (to standard output) or XLSX (--output)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", help="file to write (required for xlsx)")

    def handle(self, *args, **options):
        plan = PlanPage.objects.filter(slug=options["slug"]).first()
        if plan is None:
            raise CommandError(f"No plan with the slug {options['slug']!r}.")
        rows = report_rows(plan)
        if options["format"] == "xlsx":
            if not options["output"]:
                raise CommandError("--output is required for xlsx.")
            write_xlsx(rows, options["output"], plan.title)
            return
        out = open(options["output"], "w", encoding="utf-8", newline="") if options["output"] else sys.stdout
        try:
            for line in csv_lines(rows):
                out.write(line)
        finally:
            if out is not sys.stdout:
                out.close()
