from django.core.management.base import BaseCommand, CommandError

from consultation.models import PlanPage
from consultation.reports.odt import write_odt
from consultation.reports.pdf import write_pdf
from consultation.reports.report import build_report, stream_report
from consultation.reports.tabular import csv_lines, write_xlsx

WRITERS = {"pdf": write_pdf, "odt": write_odt, "xlsx": write_xlsx}
STREAMED = {"csv", "xlsx"}  # read the rows once as they are written: memory does not grow with the comments


class Command(BaseCommand):
    help = ("Writes the consultation report of the plan SLUG as CSV (to standard output or --output), "
            "or as PDF, ODT or XLSX (--output required). The report is the staff's view: comments awaiting "
            "moderation are shown with their text. CSV and XLSX are written as the comments are fetched, "
            "in chunks.")

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--format", choices=["csv", *WRITERS], default="csv")
        parser.add_argument("--output", help="file to write (required for pdf, odt and xlsx)")

    def handle(self, *args, **options):
        plan = PlanPage.objects.filter(slug=options["slug"]).first()
        if plan is None:
            raise CommandError(f"No plan with the slug {options['slug']!r}.")
        file_format, output = options["format"], options["output"]
        if file_format in WRITERS and not output:
            raise CommandError(f"--output is required for {file_format}.")
        report = stream_report(plan, staff=True) if file_format in STREAMED else build_report(plan, staff=True)
        if file_format in WRITERS:
            with open(output, "wb") as destination:
                WRITERS[file_format](report, destination)
            return
        if not output:
            for line in csv_lines(report.rows):
                self.stdout.write(line, ending="")
            return
        with open(output, "w", encoding="utf-8", newline="") as out:
            out.writelines(csv_lines(report.rows))
