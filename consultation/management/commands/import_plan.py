from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consultation.core.refusals import Refused
from consultation.importing.actions import import_plan
from consultation.importing.parsers import read_file
from consultation.importing.plan_import import (
    CHAPTER,
    INTRO,
    LEAVE_OUT,
    ImportChoices,
    preview_import,
)
from consultation.management.acting_user import acting_user, add_user_argument
from consultation.models import PlanPage
from consultation.models.pages import numbered_title


class Command(BaseCommand):
    help = ("Imports a Word (.docx), OpenDocument (.odt) or Markdown (.md) draft into the plan SLUG: Heading 1 "
            "starts a chapter. Chapters are paired with existing ones as the admin's preview proposes (the same "
            "title, or most paragraphs in common); paired chapters get new revisions that keep the keys of "
            "unchanged or similar paragraphs. Use --dry-run to see the pairing first.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--plan", required=True, help="slug of the plan")
        parser.add_argument("--publish", action="store_true", help="publish the new revisions at once")
        parser.add_argument("--dry-run", action="store_true", help="only show what would change")
        parser.add_argument("--front-matter", choices=[INTRO, CHAPTER, LEAVE_OUT],
                            help="where the text before the first chapter goes (default: the plan's introduction "
                                 "when it has none, else an unnumbered chapter)")
        parser.add_argument("--bold-lines-as-chapters", action="store_true",
                            help="treat every line that is bold from start to end as a chapter heading (for drafts "
                                 "whose headings were typed by hand; --dry-run lists those lines)")
        add_user_argument(parser, required=False)

    def handle(self, *args, **options):
        plan = PlanPage.objects.filter(slug=options["plan"]).first()
        if plan is None:
            raise CommandError(f"No plan with the slug {options['plan']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            document = read_file(path.name, path.read_bytes())
            choices = ImportChoices(front_matter=options["front_matter"] or "", promoted={
                index: 1 for index, _text in document.heading_candidates} if options["bold_lines_as_chapters"] else {})
            if options["dry_run"]:
                result = preview_import(plan, document, choices)
            else:
                if not options["user"]:
                    raise CommandError("Give --user: the import is saved on that person's behalf, with their rights.")
                result = import_plan(plan, document, user=acting_user(options["user"]), choices=choices,
                                     publish=options["publish"])
        except Refused as error:
            raise CommandError(error.message) from None
        for warning in result.warnings + result.problems:
            self.stderr.write(str(warning))
        if result.front_matter.blocks:
            self.stdout.write(f"text before the first chapter: {result.front_matter.choice}")
        for _index, text, level in result.heading_candidates:
            self.stdout.write(f"bold line{' (a chapter heading)' if level else ''}: {text[:80]}")
        for item in result.chapters:
            counts = item.counts
            target = f" → {item.chapter.numbered_title}" if item.chapter is not None else ""
            self.stdout.write(f"{numbered_title(item.number, item.title)}{target}: {item.status} "
                              f"(+{counts['inserted']} ~{counts['changed']} -{counts['deleted']} "
                              f"moved {counts['moved']})")
            for change, published, pending in item.at_risk:
                self.stdout.write(f"  {change.status}: a paragraph with {published} published and {pending} pending "
                                  f"comment(s): {change.old.text[:80]}")
        for chapter in result.untouched:
            self.stdout.write(f"not in the file, left as it is: {chapter.numbered_title}")
