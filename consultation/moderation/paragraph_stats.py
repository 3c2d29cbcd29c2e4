"""Keeps `ParagraphStats` equal to a recount of the published comments.

Every operation that shows or hides a comment calls `refresh` for the paragraphs it touched,
inside its own transaction. The stats row is locked before the recount, so two moderators
publishing on one paragraph at once cannot both write a count that misses the other's comment.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q

from consultation.models import FIRST_THREADS_KEPT, ChapterPage, ParagraphComment, ParagraphStats


def _published(chapter_pk, key=None):
    comments = ParagraphComment.objects.published().filter(
        content_type=ContentType.objects.get_for_model(ChapterPage), object_pk=str(chapter_pk))
    return comments if key is None else comments.filter(paragraph_key=key)


def first_thread_ids(comments):
    """Ids of the oldest threads, in the order a chapter page shows them."""
    roots = comments.filter(level=0).order_by("submit_date", "pk").values_list("pk", flat=True)
    return list(roots[:FIRST_THREADS_KEPT])


def refresh(chapter_pk, key):
    """Recount one paragraph's published comments; the row goes when none is left."""
    chapter_pk = int(chapter_pk)
    with transaction.atomic():
        if not ChapterPage.objects.filter(pk=chapter_pk).exists():
            return
        stats, _created = ParagraphStats.objects.get_or_create(chapter_id=chapter_pk, paragraph_key=key)
        stats = ParagraphStats.objects.select_for_update().get(pk=stats.pk)
        comments = _published(chapter_pk, key)
        totals = comments.order_by().aggregate(total=Count("pk"), threads=Count("pk", filter=Q(level=0)))
        if not totals["total"]:
            stats.delete()
            return
        stats.published_count, stats.thread_count = totals["total"], totals["threads"]
        stats.first_threads = first_thread_ids(comments)
        stats.save()


def refresh_for(comments):
    """Refresh every paragraph the given comments belong to."""
    for chapter_pk, key in sorted({(int(c.object_pk), c.paragraph_key) for c in comments if c.paragraph_key}):
        refresh(chapter_pk, key)


def rebuild(chapter_pks=None):
    """Recount every paragraph (of the given chapters); returns how many paragraphs have comments."""
    chapters = ChapterPage.objects.all() if chapter_pks is None else ChapterPage.objects.filter(pk__in=chapter_pks)
    written = 0
    with transaction.atomic():
        for chapter_pk in chapters.values_list("pk", flat=True):
            ParagraphStats.objects.filter(chapter_id=chapter_pk).delete()
            keys = (_published(chapter_pk).exclude(paragraph_key="").order_by()
                    .values_list("paragraph_key", flat=True).distinct())
            for key in keys:
                refresh(chapter_pk, key)
                written += 1
    return written


def for_chapter(chapter):
    """{paragraph key: ParagraphStats} of one chapter: one query."""
    return {row.paragraph_key: row for row in ParagraphStats.objects.filter(chapter_id=chapter.pk)}
