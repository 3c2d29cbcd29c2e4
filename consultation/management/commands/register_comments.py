from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consultation.core.refusals import Refused
from consultation.management.acting_user import acting_user, add_user_argument
from consultation.models import PlanPage
from consultation.participation.intake import register_comments
from consultation.participation.intake_table import check_rows, read_table, registrable
from consultation.plans.rules import can_register_comments


class Command(BaseCommand):
    help = ("Registers the comments of the standard table (XLSX, one row a comment) on the plan PLAN_SLUG, "
            "on behalf of --user: all rows or none. With --dry-run, only checks the rows.")

    def add_arguments(self, parser):
        parser.add_argument("plan", metavar="PLAN_SLUG", help="slug of the plan")
        parser.add_argument("file", metavar="FILE.xlsx")
        add_user_argument(parser)
        parser.add_argument("--dry-run", action="store_true", help="check the rows and register nothing")

    def handle(self, *args, **options):
        plan = PlanPage.objects.filter(slug=options["plan"]).first()
        if plan is None:
            raise CommandError(f"No plan with the slug {options['plan']!r}.")
        user = acting_user(options["user"])
        if not can_register_comments(user):
            raise CommandError(f"{user.get_username()} may not register comments.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            with path.open("rb") as table:
                rows = check_rows(plan, read_table(table))
        except Refused as error:
            raise CommandError(error.message) from None
        for row in rows:  # numbered as the spreadsheet numbers its rows: the header is row 1
            where = f"row {row.row}" + (f" (Lp. {row.number})" if row.number else "")
            for error in row.errors:
                self.stderr.write(f"{where}: {error}")
            for warning in row.warnings:
                self.stdout.write(f"{where}: warning: {warning}")
        failed = sum(1 for row in rows if not row.ok)
        if failed:
            raise CommandError(f"{failed} of {len(rows)} rows have errors; nothing was registered.")
        if options["dry_run"]:
            late = sum(1 for row in rows if row.late)
            warned = sum(1 for row in rows if row.warnings)
            self.stdout.write(f"{len(rows)} rows are correct ({late} late, {warned} with warnings); nothing was "
                              "registered (--dry-run).")
            return
        try:
            registered = register_comments(registrable(rows), plan=plan, user=user)
        except Refused as error:
            raise CommandError(error.message) from None
        for row, comment in zip(rows, registered):
            note = f", late, {comment.get_status_display()}" if comment.is_late else ""
            self.stdout.write(f"row {row.row}: {comment.reference}{note}")
        self.stdout.write(self.style.SUCCESS(f"Registered {len(registered)} comments."))
