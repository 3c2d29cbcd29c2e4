"""Groups of identical comments (issue 14): the response to the comment leading a group answers every
published member, on the public pages, in the report and in what adoption counts as answered."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from consultation.core.refusals import Refused
from consultation.demo.builders import make_chapter, make_comment, make_plan
from consultation.models import ParagraphComment
from consultation.moderation.actions import publish_comments, reject_comments, save_response
from consultation.moderation.groups import group_comments, similar_comments, ungroup_comment
from consultation.reports.rows import report_rows
from consultation.versions.actions import adoption_checklist
from tests.consultation.test_action_rules import adopt, close
from tests.utils import text_of

SAME = "Prosimy o dodanie ścieżki rowerowej wzdłuż drogi wojewódzkiej numer 747 do Kazimierza Dolnego."


@pytest.fixture
def trio(chapter, expert):
    """Three published comments saying the same, on two paragraphs."""
    comments = [make_comment(chapter, n, title=f"Ścieżka {n}", text=SAME) for n in (1, 2, 2)]
    publish_comments(comments, moderator=expert)
    return [ParagraphComment.objects.get(pk=c.pk) for c in comments]


def answer_lead(lead, coordinator):
    return save_response(lead, author=coordinator, disposition="partly", justification="Wpiszemy ścieżkę do planu.",
                         publish=True)


@pytest.mark.django_db
def test_group_and_ungroup_with_their_log(expert, trio):
    lead, first, second = trio
    assert group_comments(lead, [first, second], by=expert) == 2
    assert set(lead.group_members.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert group_comments(lead, [first], by=expert) == 0  # already there
    logged = ModelLogEntry.objects.filter(action="drogowskaz.comment.group")
    assert sorted(int(e.object_id) for e in logged) == sorted([first.pk, second.pk])
    assert all(e.data["same_as"] == lead.reference for e in logged)
    ungroup_comment(second, by=expert)
    second.refresh_from_db()
    assert second.same_as is None
    assert ModelLogEntry.objects.filter(action="drogowskaz.comment.ungroup", object_id=str(second.pk)).exists()
    with pytest.raises(Refused):
        ungroup_comment(second, by=expert)  # in no group


@pytest.mark.django_db
def test_group_rules(home, chapter, users, expert, coordinator, trio):
    lead, first, second = trio
    for role in ("commenter", "komunikacja", "zarzad"):
        with pytest.raises(Refused):
            group_comments(lead, [first], by=users[role])
    with pytest.raises(Refused):
        group_comments(lead, [lead], by=expert)
    reply = make_comment(chapter, parent=lead)
    other_plan = make_plan(home, title="Inny plan", slug="inny-plan")
    foreign = make_comment(make_chapter(other_plan, number=1, slug="inny", blocks=[("paragraph", "<p>A</p>")]), 1)
    publish_comments([reply, foreign], moderator=expert)
    withdrawn = make_comment(chapter, 3)
    withdrawn.withdrawn_at, withdrawn.is_removed = withdrawn.submit_date, True
    withdrawn.save(update_fields=["withdrawn_at", "is_removed"])
    rejected = make_comment(chapter, 3)
    reject_comments([rejected], moderator=expert, reason="Spam.")
    for wrong in (reply, foreign, withdrawn, rejected):
        with pytest.raises(Refused):
            group_comments(lead, [wrong], by=expert)
    # A member with a published response of its own is refused, by its number.
    answer_lead(second, coordinator)
    with pytest.raises(Refused) as refusal:
        group_comments(lead, [first, second], by=expert)
    assert second.reference in refusal.value.message
    assert not ParagraphComment.objects.filter(same_as__isnull=False).exists()  # all or nothing
    # A lead cannot be a member, and a member cannot lead another group.
    group_comments(lead, [first], by=expert)
    fourth = make_comment(chapter, 3, text=SAME)
    publish_comments([fourth], moderator=expert)
    with pytest.raises(Refused):
        group_comments(first, [fourth], by=expert)
    with pytest.raises(Refused):
        group_comments(fourth, [lead], by=expert)
    # A member is answered by its lead only.
    with pytest.raises(Refused):
        save_response(ParagraphComment.objects.get(pk=first.pk), author=coordinator, disposition="accepted",
                      justification="Osobno.", publish=True)


@pytest.mark.django_db
def test_grouping_is_refused_after_adoption(plan, chapter, users, expert, coordinator, trio):
    lead, first, second = trio
    group_comments(lead, [first], by=expert)
    answer_lead(lead, coordinator)
    answer_lead(second, coordinator)
    close(plan)
    from consultation.reports.actions import publish_report

    publish_report(plan, user=users["komunikacja"])
    adopt(plan, users["zarzad"])
    with pytest.raises(Refused):
        group_comments(lead, [second], by=expert)
    with pytest.raises(Refused):
        ungroup_comment(first, by=expert)


@pytest.mark.django_db
def test_the_report_gives_each_member_its_row_with_the_leads_position(plan, expert, coordinator, trio):
    lead, first, second = trio
    group_comments(lead, [first, second], by=expert)
    rows = {row.reference: row for row in report_rows(plan)}
    assert rows[first.reference].position == "" and lead.reference in rows[first.reference].position_label
    answer_lead(lead, coordinator)
    rows = {row.reference: row for row in report_rows(plan)}
    assert len(rows) == 3
    for member in (first, second):
        row = rows[member.reference]
        assert row.position == "partly" and row.position_justification == "Wpiszemy ścieżkę do planu."
        assert lead.reference in row.position_label and row.same_as == lead.reference
        assert row.status == "published"
    assert rows[lead.reference].same_as == "" and lead.reference not in rows[lead.reference].position_label


@pytest.mark.django_db
def test_public_pages_show_the_shared_response_and_the_group(client, chapter, expert, coordinator, trio):
    lead, first, second = trio
    group_comments(lead, [first, second], by=expert)
    save_response(lead, author=expert, disposition="partly", justification="Jeszcze nie zatwierdzona.", publish=True)
    page = text_of(client.get(chapter.url))
    assert "Jeszcze nie zatwierdzona." not in page  # submitted, not approved: nowhere public
    answer_lead(lead, coordinator)
    page = text_of(client.get(chapter.url))
    assert page.count("Wpiszemy ścieżkę do planu.") == 3  # the lead and both members
    assert f'#c-{lead.pk}"' in page and f'#c-{first.pk}"' in page and 'class="comment-group"' in page
    data = client.get(reverse("api-chapter-comments", args=[chapter.pk])).json()
    shown = [c for p in data["paragraphs"] for c in p["comments"]]
    member = next(c for c in shown if c["id"] == first.pk)
    assert member["same_as"] == lead.reference
    assert member["response"]["justification"] == "Wpiszemy ścieżkę do planu."
    ungroup_comment(first, by=expert)
    assert text_of(client.get(chapter.url)).count("Wpiszemy ścieżkę do planu.") == 2


@pytest.mark.django_db
def test_members_answered_by_their_lead_count_as_answered(plan, chapter, users, expert, coordinator, trio):
    """Needs `ParagraphComment.objects.unanswered()` to count a member whose lead has a published response
    (the one-line change in consultation/models/comments.py)."""
    lead, first, second = trio
    group_comments(lead, [first, second], by=expert)
    assert set(ParagraphComment.objects.unanswered().values_list("pk", flat=True)) == {lead.pk, first.pk, second.pk}
    answer_lead(lead, coordinator)
    assert not ParagraphComment.objects.unanswered().exists()
    close(plan)
    from consultation.reports.actions import publish_report

    publish_report(plan, user=users["komunikacja"])
    assert all(condition.met for condition in adoption_checklist(plan))
    adopt(plan, users["zarzad"])


@pytest.mark.django_db
def test_similar_comments_are_found_and_offered_on_the_screen(client, chapter, expert, trio):
    lead, first, second = trio
    unrelated = make_comment(chapter, 3, title="Inna sprawa", text="Brakuje danych o spółdzielniach socjalnych.")
    pending_alike = make_comment(chapter, 3, title="Ścieżka", text=SAME + " Pilnie.")
    found = [comment.pk for comment, score in similar_comments(lead)]
    assert set(found) == {first.pk, second.pk, pending_alike.pk} and unrelated.pk not in found
    assert similar_comments(lead, limit=1)[0][1] >= similar_comments(lead)[-1][1]
    group_comments(lead, [first], by=expert)
    assert first.pk not in [c.pk for c, _s in similar_comments(lead)]  # already grouped
    client.force_login(expert)
    url = reverse("moderation:comment", args=[lead.pk])
    page = text_of(client.get(url))
    assert second.reference in page and 'value="group"' in page and first.reference in page
    response = client.post(url, {"action": "group", "reference": second.reference})
    assert response.status_code == 302
    assert ParagraphComment.objects.get(pk=second.pk).same_as_id == lead.pk
    # A refused grouping keeps the typed number and says why; an unknown number is a form error.
    response = client.post(url, {"action": "group", "reference": unrelated.reference.replace("K-", "")})
    assert response.status_code == 302  # a pending comment may be grouped
    response = client.post(url, {"action": "group", "reference": "K-99999"})
    assert response.status_code == 400 and "K-99999" in text_of(response)
    response = client.post(reverse("moderation:comment", args=[first.pk]), {"action": "ungroup"})
    assert response.status_code == 302 and ParagraphComment.objects.get(pk=first.pk).same_as_id is None
    response = client.post(url, {"action": "ungroup", "member": "abc"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_only_a_published_comment_leads_a_group_and_a_rejected_lead_releases_its_members(chapter, expert):
    from consultation.core.refusals import Refused
    from consultation.demo.builders import make_comment
    from consultation.moderation.actions import publish_comments, reject_comments
    from consultation.moderation.groups import group_comments

    lead, member, pending = (make_comment(chapter, 1, title=f"Uwaga {n}") for n in range(3))
    with pytest.raises(Refused, match="opublikowana"):
        group_comments(pending, [member], by=expert)
    publish_comments([lead, member], moderator=expert)
    group_comments(lead, [member], by=expert)
    reject_comments([lead], moderator=expert, reason="Powtórzona wcześniej.", category="other")
    member.refresh_from_db()
    assert member.same_as_id is None
    from consultation.models import ParagraphComment
    assert member in ParagraphComment.objects.unanswered()
