"""Two steps of an official response (issue 14): an expert drafts and submits, a coordinator approves
(publishes) or returns it with a note. Only an approved response is ever public."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from consultation.core.refusals import Refused
from consultation.demo.builders import make_comment
from consultation.models import OfficialResponse, ReviewState
from consultation.moderation.actions import publish_comments, save_response
from consultation.moderation.review import REVIEW_NOTE_MAX_CHARS, approve_response, return_response
from consultation.reports.rows import report_rows
from tests.consultation.test_action_rules import adopt, ready_to_adopt
from tests.utils import text_of


@pytest.fixture
def published(chapter, expert):
    comment = make_comment(chapter, 1, title="Uwaga do odpowiedzi")
    publish_comments([comment], moderator=expert)
    comment.refresh_from_db()
    return comment


@pytest.fixture
def notified(monkeypatch):
    """The responses `events.response_published` was called with (the lead's outbox path)."""
    calls = []
    monkeypatch.setattr("consultation.notifications.events.response_published", calls.append)
    return calls


def submitted_response(comment, expert, text="Uwzględnimy to w rozdziale."):
    return save_response(comment, author=expert, disposition="accepted", justification=text, publish=True)


def actions_logged(comment):
    return list(ModelLogEntry.objects.filter(object_id=str(comment.pk)).order_by("timestamp", "pk")
                .values_list("action", flat=True))


def polish(message):
    with translation.override("pl"):
        return gettext(message)


def public_texts(client, chapter):
    page = text_of(client.get(chapter.url))
    api = json.dumps(client.get(reverse("api-chapter-comments", args=[chapter.pk])).json(), ensure_ascii=False)
    return page, api


@pytest.mark.django_db
def test_an_expert_never_publishes_publish_means_submit(client, plan, chapter, expert, published, notified):
    response = submitted_response(published, expert)
    assert response.review_state == ReviewState.SUBMITTED and response.submitted_at is not None
    assert response.published_at is None and not notified
    assert actions_logged(published)[-2:] == ["drogowskaz.response.save", "drogowskaz.response.submit"]
    draft = save_response(published, author=expert, disposition="partly", justification="Szkic.", publish=False)
    assert draft.review_state == ReviewState.DRAFT and draft.published_at is None
    submitted = save_response(published, author=expert, disposition="partly", justification="Jednak tak.",
                              submit=True)
    assert submitted.review_state == ReviewState.SUBMITTED
    for text in public_texts(client, chapter):  # neither a draft nor a submitted response is public
        assert "Jednak tak." not in text and "Uwaga do odpowiedzi" in text
    row = next(r for r in report_rows(plan) if r.reference == published.reference)
    assert row.position == "" and row.position_justification == ""


@pytest.mark.django_db
def test_submitting_needs_a_published_comment(chapter, expert):
    pending = make_comment(chapter, 1)
    with pytest.raises(Refused) as refusal:
        save_response(pending, author=expert, disposition="accepted", justification="x", submit=True)
    assert "zatwierdzenia" in refusal.value.message or "approval" in refusal.value.message
    assert not OfficialResponse.objects.exists()


@pytest.mark.django_db
def test_a_coordinator_approves_and_the_response_is_published_once(client, plan, chapter, expert, coordinator,
                                                                     published, notified):
    response = submitted_response(published, expert)
    approved = approve_response(response, by=coordinator)
    assert approved.review_state == ReviewState.APPROVED and approved.published_at is not None
    assert approved.reviewed_by == coordinator and approved.author == expert
    assert notified == [approved]  # the commenters are told, once
    assert actions_logged(published)[-1] == "drogowskaz.response.approve"
    for text in public_texts(client, chapter):
        assert "Uwzględnimy to w rozdziale." in text
    row = next(r for r in report_rows(plan) if r.reference == published.reference)
    assert row.position == "accepted" and row.position_justification == "Uwzględnimy to w rozdziale."
    with pytest.raises(Refused):  # already approved
        approve_response(approved, by=coordinator)
    # The coordinator corrects the published text: still published, nobody is told again.
    save_response(published, author=coordinator, disposition="partly", justification="Poprawione.", publish=True)
    assert len(notified) == 1
    assert "Poprawione." in text_of(client.get(chapter.url))


@pytest.mark.django_db
def test_a_coordinator_publishes_at_once(chapter, coordinator, published, notified):
    response = save_response(published, author=coordinator, disposition="explanation", justification="Wyjaśniamy.",
                             publish=True)
    assert response.review_state == ReviewState.APPROVED and response.reviewed_by == coordinator
    assert response.is_published and notified == [response]
    assert actions_logged(published)[-2:] == ["drogowskaz.response.save", "drogowskaz.response.approve"]


@pytest.mark.django_db
def test_who_may_approve_and_return(users, expert, coordinator, published, notified):
    response = submitted_response(published, expert)
    for role in ("eksperci", "komunikacja", "zarzad", "commenter"):
        with pytest.raises(Refused):
            approve_response(response, by=users[role])
        with pytest.raises(Refused):
            return_response(response, by=users[role], note="Popraw.")
    response.refresh_from_db()
    assert response.review_state == ReviewState.SUBMITTED and not notified
    approve_response(response, by=users["admin"])  # an administrator holds every permission


@pytest.mark.django_db
def test_only_a_submitted_response_or_the_coordinators_own_draft_is_approved(chapter, expert, coordinator, published):
    draft = save_response(published, author=expert, disposition="accepted", justification="Szkic.", publish=False)
    with pytest.raises(Refused):
        approve_response(draft, by=coordinator)
    with pytest.raises(Refused):
        return_response(draft, by=coordinator, note="Popraw.")
    own = save_response(published, author=coordinator, disposition="accepted", justification="Mój szkic.",
                        publish=False)
    assert approve_response(own, by=coordinator).is_published


@pytest.mark.django_db
def test_approval_waits_for_the_comment_to_be_published(chapter, expert, coordinator):
    pending = make_comment(chapter, 1)
    draft = save_response(pending, author=coordinator, disposition="accepted", justification="Szkic.", publish=False)
    with pytest.raises(Refused) as refusal:
        approve_response(draft, by=coordinator)
    assert "opublik" in refusal.value.message or "publish" in refusal.value.message
    draft.refresh_from_db()
    assert draft.published_at is None and draft.review_state == ReviewState.DRAFT


@pytest.mark.django_db
def test_return_with_a_note(client, chapter, expert, coordinator, published, notified):
    response = submitted_response(published, expert)
    with pytest.raises(Refused):
        return_response(response, by=coordinator, note="   ")
    with pytest.raises(Refused) as refusal:
        return_response(response, by=coordinator, note="x" * (REVIEW_NOTE_MAX_CHARS + 1))
    assert str(REVIEW_NOTE_MAX_CHARS) in refusal.value.message.replace("\xa0", "").replace(" ", "")
    response.refresh_from_db()
    assert response.review_state == ReviewState.SUBMITTED and response.review_note == ""
    returned = return_response(response, by=coordinator, note="Dodaj podstawę prawną.\u200b")
    assert returned.review_state == ReviewState.RETURNED and returned.review_note == "Dodaj podstawę prawną."
    assert returned.reviewed_by == coordinator and returned.published_at is None and not notified
    assert actions_logged(published)[-1] == "drogowskaz.response.return"
    assert "Uwzględnimy to w rozdziale." not in text_of(client.get(chapter.url))
    # The expert reads the note on the comment's screen, corrects and submits again.
    client.force_login(expert)
    page = text_of(client.get(reverse("moderation:comment", args=[published.pk])))
    assert "Dodaj podstawę prawną." in page
    again = submitted_response(published, expert, text="Z podstawą prawną.")
    assert again.review_state == ReviewState.SUBMITTED


@pytest.mark.django_db
def test_a_published_response_is_changed_by_a_coordinator_only(chapter, expert, coordinator, published):
    save_response(published, author=coordinator, disposition="accepted", justification="Opublikowana.",
                  publish=True)
    for publish in (True, False):
        with pytest.raises(Refused):
            save_response(published, author=expert, disposition="not_accepted", justification="Zmiana.",
                          publish=publish)
    response = OfficialResponse.objects.get()
    assert response.justification == "Opublikowana." and response.is_published


@pytest.mark.django_db
def test_review_is_refused_after_adoption(plan, chapter, users):
    ready_to_adopt(plan, chapter, users)
    response = OfficialResponse.objects.get()
    adopt(plan, users["zarzad"])
    for act in (lambda: approve_response(response, by=users["koordynatorzy"]),
                lambda: return_response(response, by=users["koordynatorzy"], note="Za późno.")):
        with pytest.raises(Refused):
            act()


@pytest.mark.django_db
def test_the_screen_offers_each_role_its_buttons(client, expert, coordinator, published):
    url = reverse("moderation:comment", args=[published.pk])
    page = text_of(client.force_login(expert) or client.get(url))
    assert polish("Submit for approval") in page and polish("Approve and publish") not in page
    assert 'value="approve"' not in page and 'value="return"' not in page
    submitted_response(published, expert)
    page = text_of(client.force_login(coordinator) or client.get(url))
    assert 'value="approve"' in page and 'value="return"' in page and 'name="note"' in page
    assert polish("Approve and publish") in page and polish("Submit for approval") not in page
    assert 'value="respond"' in page  # the coordinator may edit the text too
    # A refused return keeps the typed note, and is no error page.
    response = client.post(url, {"action": "return", "note": "y" * (REVIEW_NOTE_MAX_CHARS + 1)})
    assert response.status_code == 400 and "y" * 100 in text_of(response)
    # An expert's approval through the screen is refused with a message, not a 500.
    client.force_login(expert)
    response = client.post(url, {"action": "approve"})
    assert response.status_code == 400
    assert OfficialResponse.objects.get().review_state == ReviewState.SUBMITTED
    client.force_login(coordinator)
    assert client.post(url, {"action": "approve"}).status_code == 302
    response = OfficialResponse.objects.get()
    assert response.is_published and response.reviewed_by == coordinator
    page = text_of(client.get(url))
    assert coordinator.get_username() in page


@pytest.mark.django_db
def test_a_coordinator_publishes_from_the_screen_and_the_expert_submits(client, expert, coordinator, published):
    url = reverse("moderation:comment", args=[published.pk])
    client.force_login(expert)
    data = {"action": "respond", "disposition": "partly", "justification": "Częściowo.", "publish": "on"}
    assert client.post(url, data).status_code == 302
    assert OfficialResponse.objects.get().review_state == ReviewState.SUBMITTED
    client.force_login(coordinator)
    assert client.post(url, {**data, "justification": "Częściowo, poprawione."}).status_code == 302
    response = OfficialResponse.objects.get()
    assert response.is_published and response.justification == "Częściowo, poprawione."


@pytest.mark.django_db
def test_submission_date_is_kept_for_the_record(expert, coordinator, published):
    when = timezone.now() - timedelta(days=2)
    response = save_response(published, author=expert, disposition="accepted", justification="x", submit=True,
                             now=when)
    approved = approve_response(response, by=coordinator)
    assert approved.submitted_at == when and approved.reviewed_at > when
