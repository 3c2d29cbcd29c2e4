from django.core.management.base import BaseCommand
from wagtail.models import Page

from consultation.models import ChapterPage, PlanPage, PlanText
from consultation.models.search import index_page


class Command(BaseCommand):
    help = ("Writes the searchable text of every published plan and chapter anew (after an upgrade that brings "
            "the search, or after restoring data by hand).")

    def handle(self, *args, **options):
        PlanText.objects.all().delete()
        for page in Page.objects.type(PlanPage, ChapterPage).live().specific().iterator(chunk_size=100):
            index_page(page)
        if options["verbosity"]:
            self.stdout.write(f"{PlanText.objects.count()} searchable texts")
