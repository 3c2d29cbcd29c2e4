"""With the database unreachable, people get a 503 page in Polish; nothing is written or mailed.

The app runs in a child process whose DATABASE_URL points at a port where no server listens:
the database really is down for it.
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()  # mail to the in-memory outbox
from django.core import mail
from django.test import Client
client = Client(raise_request_exception=False)
results = {}
for method, url in (("get", "/"), ("get", "/plan/rozdzial/"), ("post", "/plan/rozdzial/akapit/x/komentarz/")):
    response = getattr(client, method)(url, {"title": "t"} if method == "post" else None)
    results[method + url] = [response.status_code, response.get("Retry-After"), response.content.decode()]
print(json.dumps({"results": results, "mails": len(mail.outbox)}))
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_database_down_gives_503_in_polish_and_sends_nothing():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="plansite.settings.test",
               DATABASE_URL=f"postgres://nobody@127.0.0.1:{free_port()}/nothing", CONN_MAX_AGE="0")
    completed = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True,
                               timeout=120)
    assert completed.returncode == 0, completed.stderr[-2000:]
    data = json.loads(completed.stdout.strip().splitlines()[-1])
    for url, (status, retry_after, body) in data["results"].items():
        assert status == 503, url
        assert retry_after == "60"
        assert "Serwis chwilowo niedostępny" in body and 'lang="pl"' in body
    assert data["mails"] == 0
