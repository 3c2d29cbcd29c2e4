"""Per-paragraph figures derived from the published comments, so that a chapter page reads one
small row per paragraph instead of counting and ranking all of its comments on every view."""

from django.db import models

# How many of a paragraph's oldest threads are remembered; DROGOWSKAZ_THREADS_PER_PARAGRAPH (the
# threads a chapter page shows) may not exceed it (checked at start-up).
FIRST_THREADS_KEPT = 10


class ParagraphStats(models.Model):
    """Published comments and threads of one paragraph, and the ids of its oldest threads.

    Kept in step by `consultation.moderation.actions.paragraph_stats.refresh` in the same transaction as every change
    that shows or hides a comment; `manage.py rebuild_paragraph_stats` recounts everything.
    """

    chapter = models.ForeignKey("consultation.ChapterPage", on_delete=models.CASCADE, related_name="+")
    paragraph_key = models.CharField(max_length=64)
    published_count = models.PositiveIntegerField(default=0)
    thread_count = models.PositiveIntegerField(default=0)
    first_threads = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chapter", "paragraph_key"], name="one_stats_row_per_paragraph")
        ]

    def __str__(self):
        return f"{self.chapter_id}/{self.paragraph_key}: {self.published_count}"
