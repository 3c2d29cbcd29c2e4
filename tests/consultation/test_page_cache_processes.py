"""Two app processes sharing Redis, as in production: a page one of them cached is served by the
other, and every public change made anywhere shows on the next request to either (issue 15)."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from consultation.demo.builders import edit_chapter, make_comment
from consultation.moderation.actions import publish_comments, save_response
from tests.utils import coordinator_user

pytestmark = [pytest.mark.committing, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, process):
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"the server on port {port} stopped with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


@pytest.fixture
def redis_url():
    # scripts/test.sh installs it with apt: its absence is a broken set-up, not a reason to skip.
    assert shutil.which("redis-server"), "redis-server is not installed: apt-get install redis-server"
    port = free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL)
    wait_for(port, process)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


@pytest.fixture
def two_servers(redis_url, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database other processes can open: the SQLite test database is in this "
                    "process's memory (the PostgreSQL run of scripts/test.sh runs it)")
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "plansite.settings.test", "CACHE_URL": redis_url,
           "DROGOWSKAZ_PAGE_CACHE_SECONDS": "600",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
    # This process changes the record, as a third app process (or the admin's) would.
    settings.CACHES = {**settings.CACHES, "shared": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                                     "LOCATION": redis_url}}
    settings.DROGOWSKAZ_PAGE_CACHE_SECONDS = 600
    servers = []
    for _ in range(2):
        port = free_port()
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "plansite.wsgi", "-w", "1", "-b",
                                    f"127.0.0.1:{port}", "--chdir", str(ROOT), "--log-level", "warning"], env=env)
        servers.append((process, f"http://127.0.0.1:{port}"))
    try:
        for process, base in servers:
            wait_for(int(base.rsplit(":", 1)[1]), process)
        yield [base for _process, base in servers]
    finally:
        for process, _base in servers:
            process.terminate()
        for process, _base in servers:
            process.wait(30)


def get(url):
    """As a reader sees the site: both servers behind one address (the Host a proxy passes on)."""
    request = urllib.request.Request(url, headers={"Host": "konsultacje.example"})
    with urllib.request.urlopen(request, timeout=30) as response:  # nosec: the test's own servers on loopback
        return response.headers.get("X-Page-Cache"), response.read().decode()


def test_every_public_change_shows_on_the_next_request_to_either_process(two_servers, plan, chapter, expert):
    first, second = two_servers
    comment = make_comment(chapter, 1, title="Uwaga spod dwóch serwerów")
    assert get(first + chapter.url)[0] == "miss"
    assert get(second + chapter.url)[0] == "hit"  # one cache for both processes
    publish_comments([comment], moderator=expert)
    state, page = get(second + chapter.url)
    assert state == "miss" and "Uwaga spod dwóch serwerów" in page
    state, page = get(first + chapter.url)
    assert state == "hit" and "Uwaga spod dwóch serwerów" in page
    comment.refresh_from_db()
    save_response(comment, author=coordinator_user(), disposition="accepted", justification="Odpowiedź dla obu.",
                  publish=True)
    assert "Odpowiedź dla obu." in get(first + chapter.url)[1]
    edit_chapter(chapter, lambda raw: raw[0].update(value="<p>Akapit zmieniony w trzecim procesie.</p>"))
    assert "Akapit zmieniony w trzecim procesie." in get(second + chapter.url)[1]
    get(first + plan.url)
    assert get(second + plan.url)[0] == "hit"
    plan.save_revision().publish()
    assert get(second + plan.url)[0] == "miss"


def test_the_shared_cache_keeps_one_redis_client_per_pool(redis_url):
    """consultation.core.redis_cache: Django's backend with its clients reused, against a real Redis."""
    from consultation.core.redis_cache import RedisCache

    cache = RedisCache(redis_url, {})
    cache.set("licznik", 1)
    assert cache.incr("licznik") == 2 and cache.get_many(["licznik", "brak"]) == {"licznik": 2}
    assert cache.add("licznik", 5) is False and cache.get("licznik") == 2
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=False) is client  # one server: one pool, one client
