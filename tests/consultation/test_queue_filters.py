"""The moderation queue's filters, counts and links, and assigning from it (issue 14).

Every filter is read from the address; a value that is not one of its choices is said, in Polish, and
left out, never a server error. The page runs the same number of queries for few comments or many.
"""

import re
from types import SimpleNamespace
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from consultation.demo.builders import make_chapter, make_comment, make_plan
from consultation.models import ParagraphComment
from consultation.moderation.actions import publish_comments, save_response
from consultation.moderation.assignment import assign_comments
from consultation.moderation.review import return_response
from tests.conftest import make_user
from tests.consultation.test_assignment import responsible, submitted
from tests.consultation.test_moderation_record import registered
from tests.consultation.test_query_counts import count_queries
from tests.utils import text_of

QUEUE = reverse("moderation:index")


def polish(message):
    with translation.override("pl"):
        return gettext(message)


def page(response):
    assert response.status_code in (200, 400), response.status_code
    return BeautifulSoup(text_of(response), "html.parser")


def listed(response):
    """The comments a queue page lists, by their numbers."""
    return {int(box["value"]) for box in page(response).select("input[name=comments]")}


def tabs(response):
    """{state: (count, the tab's link)} as the tabs show them."""
    shown = {}
    for link in page(response).select("nav.w-tabs__list a"):
        query = parse_qs(urlparse(link["href"]).query)
        shown[query["status"][0]] = (int(re.search(r"\((\d+)(?: lub więcej)?\)\s*$", link.get_text()).group(1)), link["href"])
    return shown


def pks(*comments):
    return {comment.pk for comment in comments}


@pytest.fixture
def colleague(db):
    user = make_user("ekspertka", "Eksperci")
    user.first_name, user.last_name = "Ewa", "Nowak"
    user.save()
    return user


@pytest.fixture
def record(home, plan, chapter, users, expert, colleague):
    """Comments of two plans: on my chapter, on my colleague's, one assigned to her, a general one, one
    registered from ePUAP by an organisation with proposed wording, and one on another plan."""
    second = make_chapter(plan, number=2, title="Cele", slug="cele", blocks=[("paragraph", "<p>Cele.</p>")])
    other_plan = make_plan(home, title="Inny plan", slug="inny-plan")
    other_chapter = make_chapter(other_plan, number=1, title="Wstęp", slug="wstep",
                                 blocks=[("paragraph", "<p>Wstęp.</p>")])
    responsible(chapter, expert)
    responsible(second, colleague)
    given = make_comment(chapter, 2, title="Dla Ewy", text="Liczba żłobków w gminach.")
    assign_comments([given], by=expert, assignee=colleague)
    return SimpleNamespace(
        second=second, other_plan=other_plan, other_chapter=other_chapter, given=given,
        on_mine=make_comment(chapter, 1, title="Brakuje danych o powiatach", text="Proszę o tabelę."),
        on_second=make_comment(second, 1, title="Cele zbyt ogólne", text="Za mało konkretów."),
        general=submitted(plan, title="Ogólna uwaga", text="Cały dokument jest za długi."),
        registered=registered(plan, users["komunikacja"], chapter=second, channel="epuap", title="Pismo",
                              text="W załączeniu.", organisation="Fundacja Pomocy", commenter_kind="organisation",
                              proposed_wording="Dodać kluby seniora.", justification="Brak miejsc dziennego pobytu."),
        elsewhere=make_comment(other_chapter, 1, title="Na innym planie"),
    )


@pytest.fixture
def staff(client, expert):
    client.force_login(expert)
    return client


@pytest.mark.django_db
def test_by_assignee_mine_unassigned_and_an_expert_by_name(staff, record, expert, colleague):
    assert listed(staff.get(QUEUE, {"assignee": "mine"})) == pks(record.on_mine)
    assert listed(staff.get(QUEUE, {"assignee": str(colleague.pk)})) == pks(record.given, record.on_second,
                                                                           record.registered)
    assert listed(staff.get(QUEUE, {"assignee": "unassigned"})) == pks(
        record.on_mine, record.on_second, record.general, record.registered, record.elsewhere)
    options = [option.get_text() for option in page(staff.get(QUEUE)).select("select[name=assignee] option")]
    assert "Ewa Nowak" in options and "ekspert" in options


@pytest.mark.django_db
def test_by_plan_and_chapter_of_the_chosen_plan(staff, plan, chapter, record):
    assert listed(staff.get(QUEUE, {"plan": plan.pk})) == pks(
        record.on_mine, record.given, record.on_second, record.general, record.registered)
    assert listed(staff.get(QUEUE, {"plan": record.other_plan.pk})) == pks(record.elsewhere)
    by_chapter = staff.get(QUEUE, {"plan": plan.pk, "chapter": record.second.pk})
    assert listed(by_chapter) == pks(record.on_second, record.registered)
    chapters = [option["value"] for option in page(by_chapter).select("select[name=chapter] option")]
    assert chapters == ["", str(chapter.pk), str(record.second.pk)]  # only the chosen plan's, in order
    assert not page(staff.get(QUEUE)).select("select[name=chapter]")  # no plan chosen, no chapters offered


@pytest.mark.django_db
def test_a_chapter_of_another_plan_is_said_and_left_out(staff, plan, record):
    response = staff.get(QUEUE, {"plan": plan.pk, "chapter": record.other_chapter.pk})
    assert response.status_code == 200
    assert listed(response) == pks(record.on_mine, record.given, record.on_second, record.general, record.registered)
    assert page(response).select_one(".queue-filters [role=alert]") is not None
    no_plan = staff.get(QUEUE, {"chapter": record.second.pk})
    assert polish("Choose the plan of the chapter first.") in page(no_plan).get_text()


@pytest.mark.django_db
def test_by_channel_and_by_submitter_kind(staff, record):
    assert listed(staff.get(QUEUE, {"channel": "epuap"})) == pks(record.registered)
    assert listed(staff.get(QUEUE, {"kind": "organisation"})) == pks(record.registered)
    assert record.registered.pk not in listed(staff.get(QUEUE, {"kind": "person"}))
    assert record.on_mine.pk in listed(staff.get(QUEUE, {"kind": "person"}))


@pytest.mark.django_db
def test_search_in_the_wording_and_by_number(staff, record):
    assert listed(staff.get(QUEUE, {"q": "powiatach"})) == pks(record.on_mine)  # title
    assert listed(staff.get(QUEUE, {"q": "żłobków"})) == pks(record.given)  # comment
    assert listed(staff.get(QUEUE, {"q": "kluby seniora"})) == pks(record.registered)  # proposed wording
    assert listed(staff.get(QUEUE, {"q": "dziennego"})) == pks(record.registered)  # justification
    assert listed(staff.get(QUEUE, {"q": "tabelę konkretów"})) == set()  # every word must be found
    # Any form of a word, with or without Polish letters (the stem "dzienn" meets "dziennego").
    assert listed(staff.get(QUEUE, {"q": "powiat"})) == pks(record.on_mine)
    assert listed(staff.get(QUEUE, {"q": "żłobek gmina"})) == pks(record.given)
    assert listed(staff.get(QUEUE, {"q": "zlobkow"})) == pks(record.given)
    assert listed(staff.get(QUEUE, {"q": "klub senior"})) == pks(record.registered)
    assert listed(staff.get(QUEUE, {"q": "dzienn"})) == pks(record.registered)
    assert listed(staff.get(QUEUE, {"q": "owiat"})) == set()  # a word, not any part of one
    assert listed(staff.get(QUEUE, {"q": record.general.reference})) == pks(record.general)
    assert listed(staff.get(QUEUE, {"q": str(record.general.pk)})) == pks(record.general)
    assert listed(staff.get(QUEUE, {"q": f"k{record.general.pk}"})) == pks(record.general)


@pytest.mark.django_db
def test_by_position_of_the_response_and_no_response(staff, users, record):
    coordinator = users["koordynatorzy"]
    publish_comments([record.on_mine, record.on_second, record.general], moderator=coordinator)
    for comment, disposition in ((record.on_mine, "accepted"), (record.on_second, "not_accepted")):
        save_response(ParagraphComment.objects.get(pk=comment.pk), author=coordinator, disposition=disposition,
                      justification="Uzasadnienie.", publish=True)
    assert listed(staff.get(QUEUE, {"status": "published", "position": "accepted"})) == pks(record.on_mine)
    assert listed(staff.get(QUEUE, {"status": "published", "position": "not_accepted"})) == pks(record.on_second)
    assert listed(staff.get(QUEUE, {"status": "published", "position": "none"})) == pks(record.general)


@pytest.mark.django_db
def test_by_review_of_the_response_and_its_author(staff, users, expert, record):
    coordinator = users["koordynatorzy"]
    publish_comments([record.on_mine, record.on_second], moderator=coordinator)
    response = save_response(ParagraphComment.objects.get(pk=record.on_mine.pk), author=expert,
                             disposition="accepted", justification="Tak.", submit=True)
    save_response(ParagraphComment.objects.get(pk=record.on_second.pk), author=coordinator,
                  disposition="partly", justification="Częściowo.", submit=True)
    assert listed(staff.get(QUEUE, {"status": "all", "review": "submitted"})) == pks(record.on_mine, record.on_second)
    return_response(response, by=coordinator, note="Proszę dopisać podstawę prawną.")
    assert listed(staff.get(QUEUE, {"status": "all", "review": "returned", "responder": "mine"})) == pks(
        record.on_mine)
    assert listed(staff.get(QUEUE, {"status": "all", "responder": str(coordinator.pk)})) == pks(record.on_second)


@pytest.mark.django_db
def test_counts_per_state_follow_the_filters_and_links_keep_them(staff, users, plan, record):
    publish_comments([record.on_second], moderator=users["koordynatorzy"])
    shown = tabs(staff.get(QUEUE, {"plan": plan.pk, "assignee": "unassigned", "q": "za"}))
    assert shown["pending"][0] == 1  # general: "za długi" (a query of stop words alone keeps them)
    assert shown["published"][0] == shown["unanswered"][0] == 1  # on_second: "Za mało konkretów"
    assert shown["rejected"][0] == shown["flagged"][0] == 0
    assert shown["all"][0] == 2
    for _count, href in shown.values():
        query = parse_qs(urlparse(href).query)
        assert query["plan"] == [str(plan.pk)] and query["assignee"] == ["unassigned"] and query["q"] == ["za"]
    unfiltered = tabs(staff.get(QUEUE))
    assert unfiltered["pending"][0] == 5 and unfiltered["all"][0] == 6


@pytest.mark.django_db
def test_counts_stop_at_the_bound_and_the_pages_with_them(staff, users, chapter, monkeypatch):
    """At a million comments, counting a tab to the end takes seconds: each tab counts up to the bound,
    says "or more" there, and the pages go as far, with a word on how to reach the rest."""
    from consultation.staff import queue_views

    monkeypatch.setattr(queue_views, "COUNT_LIMIT", 4)
    monkeypatch.setattr(queue_views.ModerationQueueView, "per_page", 2)
    comments = [make_comment(chapter, 1, title=f"Uwaga {n}") for n in range(6)]
    publish_comments(comments[:3], moderator=users["koordynatorzy"])
    response = staff.get(QUEUE, {"status": "pending"})
    links = {parse_qs(urlparse(link["href"]).query)["status"][0]: link.get_text(" ", strip=True)
             for link in page(response).select("nav.w-tabs__list a")}
    assert links["pending"].endswith("(3)") and links["published"].endswith("(3)")
    assert links["all"].endswith(f"({polish('%(n)s or more') % {'n': 4}})")
    beyond = polish("Only the first %(n)s comments of this view are counted and can be paged through: narrow it "
                    "with the filters above to reach the others.") % {"n": 4}
    assert beyond not in page(response).get_text(" ", strip=True)
    everything = staff.get(QUEUE, {"status": "all", "p": "9"})
    assert listed(everything) == pks(*comments[2:4])  # the last page within the bound: the third and fourth
    assert beyond in " ".join(page(everything).get_text(" ", strip=True).split())


@pytest.mark.django_db
def test_a_word_search_counts_its_first_comments_in_one_scan_and_says_so(staff, users, chapter, monkeypatch):
    """Words are found through their own index, not a state's: the tabs are counted among the first
    comments with the words (one scan), and beyond the bound every count is "or more"."""
    from consultation.staff import queue_views

    monkeypatch.setattr(queue_views, "COUNT_LIMIT", 3)
    comments = [make_comment(chapter, 1, title=f"Spółdzielnie {n}", text="O spółdzielniach socjalnych.")
                for n in range(4)]
    make_comment(chapter, 1, title="Inna uwaga", text="Bez tego słowa.")
    publish_comments(comments[:1], moderator=users["koordynatorzy"])
    few = tabs(staff.get(QUEUE, {"status": "pending", "q": "spółdzielnia socjalna", "chapter": ""}))
    assert few["all"][0] == 3 and few["pending"][0] + few["published"][0] == 3
    labels = [link.get_text(" ", strip=True) for link in page(staff.get(QUEUE, {"q": "spółdzielnia"})).select(
        "nav.w-tabs__list a")]
    assert all(label.endswith(polish("%(n)s or more").split(" ", 1)[1] + ")") for label in labels), labels
    monkeypatch.setattr(queue_views, "COUNT_LIMIT", 10)
    exact = tabs(staff.get(QUEUE, {"q": "spółdzielnia"}))
    assert (exact["all"][0], exact["pending"][0], exact["published"][0]) == (4, 3, 1)
    assert "lub więcej" not in page(staff.get(QUEUE, {"q": "spółdzielnia"})).select_one("nav.w-tabs__list").get_text()


@pytest.mark.django_db
def test_page_links_keep_the_state_and_the_filters(staff, chapter, record, monkeypatch):
    from consultation.staff.queue_views import ModerationQueueView

    monkeypatch.setattr(ModerationQueueView, "per_page", 2)
    first = staff.get(QUEUE, {"status": "pending", "kind": "person"})
    next_link = page(first).select_one("nav[aria-label] a[href*='p=2']")
    query = parse_qs(urlparse(next_link["href"]).query)
    assert query == {"status": ["pending"], "kind": ["person"], "p": ["2"]}
    second = staff.get(QUEUE + next_link["href"].replace("&amp;", "&"))
    assert listed(second) and not listed(second) & listed(first)
    assert record.registered.pk not in listed(first) | listed(second)


@pytest.mark.django_db
@pytest.mark.parametrize("query, field", [
    ({"plan": "abc"}, "plan"),
    ({"plan": "999999"}, "plan"),
    ({"assignee": "nobody"}, "assignee"),
    ({"assignee": "999999"}, "assignee"),
    ({"status": "everything"}, "status"),
    ({"channel": "pigeon"}, "channel"),
    ({"kind": "robot"}, "kind"),
    ({"position": "maybe"}, "position"),
    ({"review": "lost"}, "review"),
    ({"responder": "x"}, "responder"),
    ({"q": "x" * 201}, "q"),
    ({"q": "null\x00byte"}, "q"),
    ({"p": "-3"}, None),
    ({"p": "many"}, None),
])
def test_a_malformed_filter_is_said_in_polish_and_left_out(staff, record, query, field):
    response = staff.get(QUEUE, query)
    assert response.status_code == 200
    html = page(response)
    if field is None:
        assert listed(response)  # a page number out of range shows a page
        return
    alert = html.select_one(".queue-filters [role=alert]")
    assert alert is not None and polish("Some filters were not applied:") in alert.get_text()
    # Every word of Django's own Polish messages (valid choice, length, null character) is Polish.
    assert re.search(r"poprawn|znak|Upewnij", alert.get_text(), re.IGNORECASE)
    # The other filters and the default tab still apply.
    assert listed(response) == pks(record.on_mine, record.given, record.on_second, record.general,
                                   record.registered, record.elsewhere)


@pytest.mark.django_db
def test_each_row_shows_who_answers_it(staff, record):
    rows = {row.select_one("input[name=comments]")["value"]: row.select("td")[-1].get_text(" ", strip=True)
            for row in page(staff.get(QUEUE)).select("tbody tr")}
    assert rows[str(record.given.pk)] == "Ewa Nowak"
    assert "ekspert" in rows[str(record.on_mine.pk)]
    assert polish("the chapter's responsible experts:") in rows[str(record.on_mine.pk)]
    assert rows[str(record.general.pk)] == polish("nobody yet")


@pytest.mark.django_db
def test_bulk_assign_to_an_expert_and_back_to_the_chapter(staff, record, colleague):
    ticked = [str(record.on_mine.pk), str(record.general.pk)]
    done = staff.post(QUEUE + "?assignee=unassigned", {"action": "assign", "assignee": str(colleague.pk),
                                                       "comments": ticked})
    assert done.status_code == 302 and done["Location"] == QUEUE + "?assignee=unassigned"
    assert set(ParagraphComment.objects.filter(assigned_to=colleague).values_list("pk", flat=True)) == pks(
        record.on_mine, record.general, record.given)
    back = staff.post(QUEUE, {"action": "assign", "assignee": "chapter", "comments": ticked})
    assert back.status_code == 302
    assert set(ParagraphComment.objects.filter(assigned_to=colleague).values_list("pk", flat=True)) == pks(
        record.given)


@pytest.mark.django_db
def test_a_refused_assignment_keeps_the_ticked_boxes_and_the_choice(client, plan, chapter, users):
    from tests.consultation.test_action_rules import adopt, ready_to_adopt

    ready_to_adopt(plan, chapter, users)
    adopt(plan, users["zarzad"])
    comment = ParagraphComment.objects.get()
    client.force_login(users["eksperci"])
    response = client.post(QUEUE + "?status=published", {"action": "assign", "assignee": str(users["admin"].pk),
                                                          "comments": [str(comment.pk)]})
    assert response.status_code == 400
    html = page(response)
    assert [box["value"] for box in html.select("input[name=comments][checked]")] == [str(comment.pk)]
    bulk = html.select_one("form[method=post]")
    assert bulk.select_one("select[name=assignee] option[selected]")["value"] == str(users["admin"].pk)
    assert bulk.select_one("select[name=action] option[selected]")["value"] == "assign"
    assert polish("This plan has been adopted by resolution; its text can no longer be changed.") in html.get_text()
    comment.refresh_from_db()
    assert comment.assigned_to is None


@pytest.mark.django_db
def test_assigning_without_choosing_whom_changes_nothing(staff, record):
    response = staff.post(QUEUE, {"action": "assign", "assignee": "", "comments": [str(record.on_mine.pk)]})
    assert response.status_code == 400
    assert polish("Choose whom to assign the comments to.") in page(response).get_text()
    assert [box["value"] for box in page(response).select("input[name=comments][checked]")] == [
        str(record.on_mine.pk)]
    assert not ParagraphComment.objects.filter(pk=record.on_mine.pk, assigned_to__isnull=False).exists()


@pytest.mark.django_db
def test_the_filtered_queue_queries_do_not_grow(client, plan, users, expert, colleague, django_assert_max_num_queries):
    chapter = make_chapter(plan, number=1, slug="k", blocks=[("paragraph", f"<p>{n}</p>") for n in range(12)])
    second = make_chapter(plan, number=2, slug="k2", blocks=[("paragraph", "<p>Drugi.</p>")])
    responsible(chapter, expert, colleague)
    responsible(second, colleague)
    client.force_login(expert)
    # Assigned, so that the few comments name people too: they are read in one query, whatever their number.
    assign_comments([make_comment(chapter, 1)], by=expert, assignee=expert)
    filters = {"status": "pending", "plan": plan.pk, "chapter": chapter.pk, "assignee": "mine", "q": "uwaga",
               "kind": "person", "channel": "web", "position": "none"}
    small = count_queries(client, reverse("moderation:index") + "?" + "&".join(f"{k}={v}" for k, v in filters.items()))
    smallest_unfiltered = count_queries(client, QUEUE)
    for number in range(1, 13):
        assign_comments([make_comment(chapter, number)], by=expert, assignee=colleague if number % 2 else expert)
        make_comment(second, 1)
        submitted(plan)
    with django_assert_max_num_queries(small):
        response = client.get(QUEUE, filters)
    assert len(listed(response)) == 7  # the first and the six assigned to me
    with django_assert_max_num_queries(smallest_unfiltered):
        client.get(QUEUE)
