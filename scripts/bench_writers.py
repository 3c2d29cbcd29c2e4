"""The writers of the peak: while readers load the chapter pages, this process submits 2 comments a
second through the app server (as the public does), publishes one pending comment every 5 s and
publishes one official response every 10 s (through the moderation actions, as the admin's views
call them). Run by bench_peak.py as `python scripts/bench_writers.py BASE_URL SECONDS` with the
app servers' environment, so its changes reach the same database and the same Redis. It prints
"ready" once started, begins when told (a line on its standard input) and prints what it did as JSON."""

import json
import random
import re
import sys
import threading
import time
import uuid
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SUBMIT_EVERY, PUBLISH_EVERY, RESPOND_EVERY = 0.5, 5.0, 10.0
TITLE = "Uwaga z testu szczytu"


def comment_form(chapter):
    """The comment form of `chapter`'s first paragraph as a browser would send it: (path, fields, CSRF
    cookie); the caller adds a fresh idempotency key to each submission."""
    from django.test import Client

    client = Client()
    path = chapter.url + chapter.reverse_subpage("comment", args=[chapter.paragraphs()[0].key])
    page = client.get(path, HTTP_HOST="127.0.0.1").content.decode()
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    csrf = client.cookies["csrftoken"].value
    fields.update({"title": TITLE, "comment": "Treść uwagi.", "commenter_kind": "person", "name": "Obciążenie",
                   "email": "obciazenie@example.org", "consent": "on", "honeypot": "", "csrfmiddlewaretoken": csrf})
    fields.pop("idempotency_key", None)
    return path, fields, csrf


def submit_loop(base, forms, seconds, results):
    address = urlsplit(base)
    connection = HTTPConnection(address.hostname, address.port, timeout=30)
    started = time.monotonic()
    due = started
    while due - started < seconds:
        time.sleep(max(0.0, due - time.monotonic()))
        path, fields, csrf = random.choice(forms)  # nosec: load generation
        body = urlencode({**fields, "idempotency_key": str(uuid.uuid4())})
        connection.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                "Cookie": f"csrftoken={csrf}", "Referer": base + path})
        response = connection.getresponse()
        response.read()
        results["submitted"] += 1
        results["accepted" if response.status == 302 else "refused"] += 1
        due += SUBMIT_EVERY


def moderate_loop(plan, seconds, results):
    from django.contrib.auth import get_user_model

    from consultation.models import ParagraphComment
    from consultation.moderation.actions import publish_comments, save_response

    users = get_user_model().objects
    expert, coordinator = users.get(username="ekspert-bench"), users.get(username="koordynator-bench")
    pending = ParagraphComment.objects.filter(plan=plan, is_public=False, confirmed_at__isnull=False,
                                              withdrawn_at__isnull=True, level=0).order_by("?")
    unanswered = ParagraphComment.objects.filter(plan=plan, is_public=True, level=0,
                                                 official_response__isnull=True).order_by("?")
    started = time.monotonic()
    next_publish, next_response = started + PUBLISH_EVERY, started + RESPOND_EVERY
    while True:
        due = min(next_publish, next_response)
        if due - started >= seconds:
            return
        time.sleep(max(0.0, due - time.monotonic()))
        if due == next_publish:
            results["published"] += publish_comments([pending.first()], moderator=expert)
            next_publish += PUBLISH_EVERY
        else:
            save_response(unanswered.first(), author=coordinator, disposition="accepted",
                          justification="Uwzględniona w czasie testu szczytu.", publish=True)
            results["responses"] += 1
            next_response += RESPOND_EVERY


def main():
    import django

    django.setup()
    from consultation.models import ChapterPage, PlanPage

    base, seconds = sys.argv[1], float(sys.argv[2])
    plan = PlanPage.objects.get(slug="plan")
    chapters = list(ChapterPage.objects.live().child_of(plan).order_by("path"))
    results = {"submitted": 0, "accepted": 0, "refused": 0, "published": 0, "responses": 0}
    forms = [comment_form(chapter) for chapter in chapters]
    print("ready", flush=True)  # start-up is not part of the measured load
    sys.stdin.readline()
    submitter = threading.Thread(target=submit_loop, args=(base, forms, seconds, results))
    submitter.start()
    moderate_loop(plan, seconds, results)
    submitter.join()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
