"""Shared fixtures: a site with an open plan and a chapter, and one user per role."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from consultation.demo.builders import ensure_home_page, make_chapter, make_plan

CHAPTER_BLOCKS = [
    ("paragraph", "<p>Pierwszy akapit o diagnozie.</p>"),
    ("heading", "Śródtytuł"),
    ("paragraph", "<p>Drugi akapit o <b>spółdzielniach</b> socjalnych.</p>"),
    ("list", ["punkt pierwszy", "punkt drugi"], False),
    ("paragraph", "<p>Trzeci akapit o finansowaniu.</p>"),
    ("table", "Wskaźniki", [["Wskaźnik", "Wartość"], ["Spółdzielnie", "38"]]),
]


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters live in the cache: every test starts with none."""
    from django.core.cache import caches

    for alias in ("default", "shared"):
        caches[alias].clear()
    yield
    for alias in ("default", "shared"):
        caches[alias].clear()


@pytest.fixture(autouse=True)
def stored_comment_states_agree(request):
    """After every test with a database, each comment's stored `state`, `chapter_pk`, `search_terms` and
    `awaits_response` are what its fields and responses give: a change that bypassed the saves keeping
    them (an update() of the flags, say) fails the test that made it, whichever it is."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db" if marker and marker.kwargs.get("transaction") else "db")
    yield
    from consultation.models import ParagraphComment
    from consultation.models.comments import awaiting_response_condition

    comments = ParagraphComment.objects.select_related(None)
    drifted = [comment.reference for comment in comments
               if (comment.state, comment.chapter_pk, comment.search_terms)
               != (comment.status, comment.stored_chapter_pk, comment.stored_search_terms)]
    assert not drifted, f"comments whose stored state, chapter or text is not what their fields give: {drifted}"
    awaiting = set(comments.filter(awaiting_response_condition()).values_list("pk", flat=True))
    stored = set(comments.filter(awaits_response=True).values_list("pk", flat=True))
    assert stored == awaiting, f"stored as awaiting a response: {sorted(stored)}; awaiting: {sorted(awaiting)}"


@pytest.fixture
def home(db):
    return ensure_home_page()


@pytest.fixture
def plan(home):
    now = timezone.now()
    return make_plan(home, title="Plan testowy", slug="plan-testowy", opens=now - timedelta(days=1),
                     closes=now + timedelta(days=40))


@pytest.fixture
def chapter(plan):
    return make_chapter(plan, number=1, title="Diagnoza", slug="diagnoza", blocks=CHAPTER_BLOCKS)


@pytest.fixture
def closed_plan(home):
    now = timezone.now()
    return make_plan(home, title="Plan zamknięty", slug="plan-zamkniety", opens=now - timedelta(days=60),
                     closes=now - timedelta(days=1))


@pytest.fixture
def closed_chapter(closed_plan):
    return make_chapter(closed_plan, number=1, title="Cele", slug="cele", blocks=CHAPTER_BLOCKS)


def make_user(username, group=None, superuser=False):
    user = get_user_model().objects.create_user(
        username=username, password="haslo-testowe-123", email=f"{username}@example.org",
        is_staff=superuser, is_superuser=superuser,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def users(db):
    """One user for each role; `commenter` is a logged-in member of the public."""
    return {
        "commenter": make_user("mieszkanka"),
        "komunikacja": make_user("komunikacja", "Komunikacja"),
        "eksperci": make_user("ekspert", "Eksperci"),
        # A coordinator (issue 14): an expert who also approves the experts' responses, and so publishes them.
        "koordynatorzy": make_user("koordynator", "Koordynatorzy"),
        "zarzad": make_user("zarzad", "Zarząd"),
        "admin": make_user("admin", superuser=True),
    }


@pytest.fixture
def expert(users):
    """An expert who is not a coordinator: writes responses and submits them, never publishes them."""
    return users["eksperci"]


@pytest.fixture
def coordinator(users):
    """A coordinator: approves (publishes) responses; `save_response(..., publish=True)` by one publishes."""
    return users["koordynatorzy"]
