"""The expert team's panels on the Wagtail dashboard (issue 14): what waits for me, with links to the
queue listing exactly what each number counts, and each consultation's way to its report."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from consultation.demo.builders import make_chapter, make_comment, make_plan
from consultation.models import ParagraphComment
from consultation.moderation.actions import publish_comments, save_response
from consultation.moderation.assignment import assign_comments
from consultation.moderation.review import return_response
from consultation.staff.dashboard import consultation_progress
from tests.conftest import make_user
from tests.consultation.test_assignment import responsible, submitted
from tests.consultation.test_query_counts import count_queries
from tests.utils import text_of

DASHBOARD = reverse("wagtailadmin_home")


def polish(message):
    with translation.override("pl"):
        return gettext(message)


def dashboard(client, user):
    client.force_login(user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return BeautifulSoup(text_of(response), "html.parser")


def my_count(html, key):
    """The number of a row of "My comments" and the link it carries (None when it is 0)."""
    cell = html.select_one(f"#my-comments-{key} td")
    link = cell.select_one("a")
    return int(cell.get_text(strip=True)), (link["href"] if link else None)


def listed(client, url):
    html = BeautifulSoup(text_of(client.get(url)), "html.parser")
    return {int(box["value"]) for box in html.select("input[name=comments]")}


def published(comment, by):
    publish_comments([comment], moderator=by)
    return ParagraphComment.objects.get(pk=comment.pk)


@pytest.fixture
def waiting(plan, chapter, users, expert):
    """Comments for me (on my chapter or assigned to me) and for a colleague, in every state that counts."""
    coordinator = users["koordynatorzy"]
    colleague = make_user("ekspertka", "Eksperci")
    second = make_chapter(plan, number=2, title="Cele", slug="cele", blocks=[("paragraph", "<p>Cele.</p>")])
    responsible(chapter, expert)
    responsible(second, colleague)
    pending_mine = make_comment(chapter, 1, title="Czeka, moja")
    pending_given = make_comment(second, 1, title="Czeka, przydzielona mnie")
    pending_theirs = make_comment(chapter, 2, title="Czeka, przydzielona koleżance")
    assign_comments([pending_given], by=coordinator, assignee=expert)
    assign_comments([pending_theirs], by=coordinator, assignee=colleague)
    to_answer = published(make_comment(chapter, 1, title="Bez odpowiedzi"), coordinator)
    answered = published(make_comment(chapter, 1, title="Z odpowiedzią"), coordinator)
    save_response(answered, author=coordinator, disposition="accepted", justification="Tak.", publish=True)
    published(make_comment(chapter, parent=answered, title="Odpowiedź czytelnika"), coordinator)
    returned = published(make_comment(chapter, 2, title="Zwrócona"), coordinator)
    response = save_response(returned, author=expert, disposition="partly", justification="Może.", submit=True)
    return_response(response, by=coordinator, note="Proszę uzasadnić.")
    submitted_for_approval = published(make_comment(second, 1, title="Do zatwierdzenia"), coordinator)
    save_response(submitted_for_approval, author=colleague, disposition="accepted", justification="Tak.",
                  submit=True)
    published(make_comment(second, 1, title="Koleżanki, bez odpowiedzi"), coordinator)
    return {"pending": {pending_mine.pk, pending_given.pk}, "to_answer": {to_answer.pk, returned.pk},
            "returned": {returned.pk}, "to_approve": {submitted_for_approval.pk}}


@pytest.mark.django_db
def test_my_comments_count_what_waits_for_me_and_link_to_exactly_those(client, expert, waiting):
    html = dashboard(client, expert)
    assert html.select_one("#drogowskaz-my-comments-section h2").get_text(strip=True) == polish("My comments")
    for key in ("pending", "to_answer", "returned"):
        count, url = my_count(html, key)
        assert count == len(waiting[key]), key
        assert listed(client, url) == waiting[key], key
    assert html.select_one("#my-comments-to_approve") is None  # not a coordinator


@pytest.mark.django_db
def test_a_coordinator_also_sees_the_responses_awaiting_approval(client, users, waiting):
    html = dashboard(client, users["koordynatorzy"])
    count, url = my_count(html, "to_approve")
    assert count == 1 and listed(client, url) == waiting["to_approve"]
    assert my_count(html, "pending") == (0, None)  # nothing is assigned to the coordinator


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["komunikacja", "zarzad"])
def test_no_panels_for_those_who_do_not_moderate(client, users, waiting, role):
    html = dashboard(client, users[role])
    assert html.select_one("#drogowskaz-my-comments-section") is None
    assert not html.select("[id^=progress-]")


@pytest.fixture
def progress_plans(home, plan, chapter, closed_plan, users):
    """The open plan with answered, unanswered, pending comments and replies; a closed plan; an overdue
    one; and plans that are not shown: adopted, not published, announced but not open yet."""
    coordinator = users["koordynatorzy"]
    now = timezone.now()
    make_chapter(plan, number=2, title="Cele", slug="cele", blocks=[("paragraph", "<p>Cele.</p>")])
    answered = published(make_comment(chapter, 1), coordinator)
    save_response(answered, author=coordinator, disposition="accepted", justification="Tak.", publish=True)
    drafted = published(make_comment(chapter, 2), coordinator)
    save_response(drafted, author=coordinator, disposition="accepted", justification="Szkic.")
    published(make_comment(chapter, 3), coordinator)
    published(make_comment(chapter, parent=answered), coordinator)
    make_comment(chapter, 1)  # awaiting moderation: not counted
    published(submitted(plan, title="Ogólna"), coordinator)
    overdue = make_plan(home, title="Plan spóźniony", slug="spozniony", opens=now - timedelta(days=90),
                        closes=now - timedelta(days=40))
    hidden = [
        make_plan(home, title="Plan nieopublikowany", slug="szkic", publish=False),
        make_plan(home, title="Plan zapowiedziany", slug="zapowiedz", opens=now + timedelta(days=3),
                  closes=now + timedelta(days=40)),
    ]
    return {"open": plan, "closed": closed_plan, "overdue": overdue, "hidden": hidden}


@pytest.mark.django_db
def test_progress_per_plan_and_chapter(progress_plans, users):
    now = timezone.now()
    shown = {item.plan.pk: item for item in consultation_progress(users["admin"], now)}
    assert set(shown) == {progress_plans[key].pk for key in ("open", "closed", "overdue")}
    opened = shown[progress_plans["open"].pk]
    assert opened.is_open and not shown[progress_plans["closed"].pk].is_open
    assert opened.days_left == (progress_plans["open"].report_due - now).days
    assert shown[progress_plans["overdue"].pk].days_left == (progress_plans["overdue"].report_due - now).days < 0
    rows = [(str(row.title), row.published, row.answered, row.left) for row in opened.chapters]
    assert rows == [("1. Diagnoza", 3, 1, 2), ("2. Cele", 0, 0, 0),
                    (gettext("General comments on the whole document"), 1, 0, 1)]
    assert (opened.published, opened.answered, opened.left) == (4, 1, 3)


@pytest.mark.django_db
def test_an_adopted_plan_leaves_the_progress_panel(plan, chapter, users):
    from tests.consultation.test_action_rules import adopt, ready_to_adopt

    ready_to_adopt(plan, chapter, users)
    assert [item.plan for item in consultation_progress(users["admin"])] == [plan]
    adopt(plan, users["zarzad"])
    assert consultation_progress(users["admin"]) == []


@pytest.mark.django_db
def test_the_progress_panel_shows_the_numbers_and_links_to_what_is_left(client, expert, progress_plans):
    html = dashboard(client, expert)
    section = html.select_one(f"#progress-{progress_plans['open'].pk}")
    cells = [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in section.select("tbody tr")]
    assert cells[0][1:] == ["3", "1", "2"] and cells[1][1:] == ["0", "0", "0"] and cells[2][1:] == ["1", "0", "1"]
    left_in_chapter = section.select_one("tbody tr a")["href"]
    assert len(listed(client, left_in_chapter)) == 2
    assert len(listed(client, section.select_one("tfoot a")["href"])) == 3
    overdue = html.select_one(f"#progress-{progress_plans['overdue'].pk} .days-left")
    assert "help-critical" in overdue["class"]
    for plan in progress_plans["hidden"]:
        assert html.select_one(f"#progress-{plan.pk}") is None


@pytest.mark.django_db
def test_the_dashboard_queries_do_not_grow(client, home, plan, chapter, users, expert, django_assert_max_num_queries):
    coordinator = users["koordynatorzy"]
    responsible(chapter, expert)
    published(make_comment(chapter, 1), coordinator)
    client.force_login(coordinator)
    small = count_queries(client, DASHBOARD)
    for number in range(2, 6):
        other = make_plan(home, title=f"Plan {number}", slug=f"plan-{number}")
        for chapter_number in range(1, 4):
            other_chapter = make_chapter(other, number=chapter_number, slug=f"r-{number}-{chapter_number}",
                                         blocks=[("paragraph", "<p>Akapit.</p>")])
            responsible(other_chapter, expert, coordinator)
            comment = published(make_comment(other_chapter, 1), coordinator)
            save_response(comment, author=expert, disposition="accepted", justification="Tak.", submit=True)
            make_comment(other_chapter, 1)
            published(submitted(other), coordinator)
    with django_assert_max_num_queries(small):
        response = client.get(DASHBOARD)
    assert BeautifulSoup(text_of(response), "html.parser").select_one("#my-comments-to_approve a").get_text() == "12"


@pytest.mark.django_db
def test_a_member_answered_by_its_lead_counts_as_answered(plan, chapter, users):
    from consultation.moderation.groups import group_comments

    coordinator = users["koordynatorzy"]
    lead, member = published(make_comment(chapter, 1), coordinator), published(make_comment(chapter, 2), coordinator)
    save_response(lead, author=coordinator, disposition="accepted", justification="Tak.", publish=True)
    group_comments(lead, [member], by=coordinator)
    [opened] = [item for item in consultation_progress(users["admin"]) if item.plan.pk == plan.pk]
    assert (opened.published, opened.answered, opened.left) == (2, 2, 0)
