"""Per-paragraph stats stay equal to a recount of the published comments after every operation
that shows or hides a comment."""

from io import StringIO

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.db.models import Count, Q
from django.test import Client

from consultation.demo.builders import make_comment
from consultation.models import CommentStatus, ParagraphComment, ParagraphStats
from consultation.moderation import paragraph_stats
from consultation.moderation.actions import publish_comments, reject_comments
from consultation.participation.actions import flag_comment
from tests.utils import text_of

pytestmark = pytest.mark.django_db


def recount(chapter):
    """What the stats should say, counted straight from the comments."""
    published = ParagraphComment.objects.published().for_chapter(chapter)
    rows = published.order_by().values("paragraph_key").annotate(total=Count("pk"), threads=Count("pk", filter=Q(level=0)))
    return {
        row["paragraph_key"]: (row["total"], row["threads"], list(
            published.filter(paragraph_key=row["paragraph_key"], level=0)
            .order_by("submit_date", "pk").values_list("pk", flat=True)))
        for row in rows
    }


def stored(chapter):
    return {key: (row.published_count, row.thread_count, row.first_threads)
            for key, row in paragraph_stats.for_chapter(chapter).items()}


def test_stats_follow_publishing_rejecting_and_reports(chapter, expert, settings):
    first = [make_comment(chapter, 1, title=f"Pierwszy {n}") for n in range(4)]
    second = [make_comment(chapter, 2, title=f"Drugi {n}") for n in range(2)]
    assert stored(chapter) == {}  # confirmed but not published: nothing counts yet
    publish_comments(first + second, moderator=expert)
    first[0].refresh_from_db()
    reply = make_comment(chapter, parent=first[0], title="Odpowiedź")
    publish_comments([reply], moderator=expert)
    key = chapter.paragraphs()[0].key
    assert stored(chapter)[key][:2] == (5, 4)
    assert stored(chapter) == recount(chapter)

    reject_comments([first[1]], moderator=expert, reason="Obraża innych.")
    assert stored(chapter)[key][:2] == (4, 3)
    assert first[1].pk not in stored(chapter)[key][2]
    assert stored(chapter) == recount(chapter)

    flag_comment(first[2], reporter="a")
    flag_comment(first[2], reporter="b")  # flags never hide a comment: the counts stay
    assert stored(chapter)[key][:2] == (4, 3)
    assert stored(chapter) == recount(chapter)

    reject_comments(second, moderator=expert, reason="Nie na temat.")
    assert chapter.paragraphs()[1].key not in stored(chapter)  # no row for a paragraph with nothing public
    assert stored(chapter) == recount(chapter)


def test_rebuild_recounts_after_a_change_made_around_the_rules(chapter, expert):
    comments = [make_comment(chapter, 1, title=f"Uwaga {n}") for n in range(3)]
    publish_comments(comments, moderator=expert)
    # E.g. by hand in SQL (the stored state with it, as the model's save would).
    ParagraphComment.objects.filter(pk=comments[0].pk).update(is_public=False, state=CommentStatus.PENDING,
                                                              awaits_response=False)
    assert stored(chapter) != recount(chapter)
    call_command("rebuild_paragraph_stats", stdout=StringIO())
    assert stored(chapter) == recount(chapter)
    assert "Uwaga 0" not in text_of(Client().get(chapter.url))


def test_only_the_remembered_oldest_threads_are_kept(chapter, expert):
    from consultation.models import FIRST_THREADS_KEPT

    comments = [make_comment(chapter, 1, title=f"Wątek {n}") for n in range(FIRST_THREADS_KEPT + 2)]
    publish_comments(comments, moderator=expert)
    row = ParagraphStats.objects.get(chapter=chapter)
    assert row.thread_count == FIRST_THREADS_KEPT + 2
    assert row.first_threads == [c.pk for c in comments[:FIRST_THREADS_KEPT]]


def test_threads_shown_cannot_exceed_the_threads_remembered(settings):
    from consultation.models import FIRST_THREADS_KEPT

    settings.DROGOWSKAZ_THREADS_PER_PARAGRAPH = FIRST_THREADS_KEPT + 1
    assert "drogowskaz.E001" in [message.id for message in run_checks()]
    settings.DROGOWSKAZ_THREADS_PER_PARAGRAPH = FIRST_THREADS_KEPT
    assert "drogowskaz.E001" not in [message.id for message in run_checks()]
