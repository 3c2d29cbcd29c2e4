"""The benchmark's national dataset (scripts/bench_national.py), small: the rows it writes straight to
the tables are what the app's own code would write (PostgreSQL only: it writes with COPY)."""

import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from consultation.demo.builders import make_comment
from consultation.models import (
    ChapterPage,
    OfficialResponse,
    ParagraphComment,
    ParagraphStats,
)
from consultation.moderation import paragraph_stats

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from bench_national import add_national_dataset, national_pages, search_pages

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the dataset is written with PostgreSQL's COPY")


def stats_rows(chapter_ids):
    return sorted(ParagraphStats.objects.filter(chapter_id__in=chapter_ids)
                  .values_list("chapter_id", "paragraph_key", "published_count", "thread_count", "first_threads"))


def test_small_national_dataset(home):
    summary = add_national_dataset(home, regions=2, plans_per_region=1, chapters=2, paragraphs=4, comments=600,
                                   batch=250, reply_share=0.2, chapter_share=0.05, general_share=0.05,
                                   vacuum=False, verbose=False)
    assert summary["comments"] == 600 and summary["plans"] == 2 and summary["chapters"] == 4
    comments = ParagraphComment.objects.filter(plan__slug__in=["dolnoslaskie-strategia", "kujawsko-pomorskie-strategia"])
    assert comments.count() == 600
    assert comments.pending().count() == summary["pending"] > 0
    assert comments.published().count() == summary["published"] == 600 - summary["pending"]
    assert summary["replies"] and summary["chapter_scope"] and summary["general"]

    # Threads as django-comments-xtd builds them; replies only to published comments of the same paragraph.
    for comment in comments.order_by("pk"):
        if comment.level == 0:
            assert comment.thread_id == comment.parent_id == comment.pk and comment.order == 1
            assert comment.nested_count == comments.filter(parent_id=comment.pk, level=1).count()
        else:
            parent = ParagraphComment.objects.get(pk=comment.parent_id)
            assert (comment.thread_id, comment.level) == (parent.thread_id, 1)
            assert parent.status == "published" and parent.scope == "paragraph"
            assert (parent.object_pk, parent.paragraph_key) == (comment.object_pk, comment.paragraph_key)
        target = comment.content_object
        if comment.scope == "paragraph":
            assert target.get_paragraph(comment.paragraph_key).text == comment.paragraph_text
        assert comment.title and comment.received_on and comment.confirmed_at
    responses = OfficialResponse.objects.filter(comment__in=comments)
    assert responses.filter(published_at__isnull=False).exclude(review_state="approved").count() == 0
    assert not responses.filter(comment__level__gt=0).exists()
    assert not responses.filter(comment__is_public=False).exists()

    # The stats written in SQL are what the project's own recount writes.
    chapter_ids = list(ChapterPage.objects.filter(pk__in=[int(c) for c in comments.values_list("object_pk", flat=True)
                                                          .filter(scope="paragraph")]).values_list("pk", flat=True))
    written = stats_rows(chapter_ids)
    paragraph_stats.rebuild(chapter_ids)
    assert stats_rows(chapter_ids) == written

    # The pages read them; the comments' sequence goes on after the reserved ids.
    pages = national_pages(summary)
    assert Client().get(pages.pop("national chapter page")).status_code == 200
    staff = Client()
    staff.force_login(summary_expert(summary))
    for path in pages.values():
        assert staff.get(path).status_code == 200
    # The search finds the COPY's comments and responses by their stored terms, and the pages' text.
    for name, path in search_pages(summary).items():
        html = Client().get(path).content.decode()
        assert "<mark>" in html, name
    root = comments.published().filter(level=0, scope="paragraph").first()
    chapter = ChapterPage.objects.get(pk=root.object_pk)
    reply = make_comment(chapter, parent=root, title="Odpowiedź", text="Dopisuję.")
    assert reply.pk > max(comments.values_list("pk", flat=True).exclude(pk=reply.pk))
    assert (reply.thread_id, reply.level) == (root.pk, 1)


def summary_expert(summary):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=summary["expert_id"])
