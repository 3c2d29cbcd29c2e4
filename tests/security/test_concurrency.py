"""A double submit that arrives at the same moment stores one comment and both get the same receipt."""

import re
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from consultation.models import ParagraphComment
from tests.utils import comment_url, filled_comment_form

pytestmark = [pytest.mark.committing, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_concurrent_double_submit_stores_one_comment(chapter):
    """On PostgreSQL every sender gets the same receipt. SQLite (the demo database) locks the whole
    database for a writer, so there a sender may instead get the Polish 503 page; one comment is
    stored either way."""
    url = comment_url(chapter, 1)
    first = Client()
    data = filled_comment_form(first, url)
    clients = [first] + [Client() for _ in range(5)]
    barrier = threading.Barrier(len(clients))
    receipts = []

    def submit(client):
        try:
            barrier.wait()
            response = client.post(url, data, follow=True)
            receipts.append((response.status_code, re.findall(r"nr (K-\d+)", response.content.decode())))
        finally:
            connections.close_all()

    for client in clients:
        client.raise_request_exception = False

    threads = [threading.Thread(target=submit, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert ParagraphComment.objects.count() == 1
    reference = ParagraphComment.objects.get().reference
    assert len(receipts) == len(clients)
    if connection.vendor == "postgresql":
        assert sorted(receipts) == [(200, [reference])] * len(clients)
    else:
        assert all(receipt in ((200, [reference]), (503, [])) for receipt in receipts), receipts
        assert (200, [reference]) in receipts


def test_moderators_publishing_on_one_paragraph_at_once_are_both_counted(chapter, expert):
    """Each publish recounts the paragraph under a lock on its stats row, so neither count misses
    the other moderator's comment."""
    from consultation.demo.builders import make_comment
    from consultation.models import ParagraphStats
    from consultation.moderation.actions import publish_comments

    comments = [make_comment(chapter, 1, title=f"Uwaga {n}") for n in range(4)]
    publish_comments(comments[:1], moderator=expert)  # the stats row exists, as it usually will
    barrier = threading.Barrier(3)
    errors = []

    def publish(comment):
        try:
            barrier.wait()
            publish_comments([comment], moderator=expert)
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(c,)) for c in comments[1:]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == [] or connection.vendor == "sqlite", errors
    published = ParagraphComment.objects.published().count()
    row = ParagraphStats.objects.get(chapter=chapter)
    assert (row.published_count, row.thread_count) == (published, published)
    if connection.vendor == "postgresql":
        assert published == 4
