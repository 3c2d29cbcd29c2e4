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
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers: runs in the PostgreSQL pass (SQLite serialises them)")
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

    threads = [threading.Thread(target=submit, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert ParagraphComment.objects.count() == 1
    reference = ParagraphComment.objects.get().reference
    assert sorted(receipts) == [(200, [reference])] * len(clients)
