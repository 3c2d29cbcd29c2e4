"""Moderation in the Wagtail admin, official responses, and reports from the public."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from consultation.core.refusals import Refused
from consultation.demo.builders import make_comment
from consultation.models import CommentStatus, OfficialResponse, ParagraphComment
from consultation.moderation.actions import (
    dismiss_flags,
    publish_comments,
    reject_comments,
    save_response,
)
from consultation.participation.actions import flag_comment
from tests.utils import coordinator_user, text_of

ROLES = ["commenter", "komunikacja", "eksperci", "zarzad", "admin"]
MAY_MODERATE = {"eksperci", "admin"}


@pytest.fixture
def pending(chapter):
    return make_comment(chapter, 2, title="Czeka na moderację", text="Uwaga do spółdzielni.")


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_queue_lists_pending_comments_with_chapter_paragraph_and_quote(client, expert, pending):
    response = login(client, expert).get(reverse("moderation:index"))
    html = text_of(response)
    assert response.status_code == 200
    assert "Czeka na moderację" in html
    assert "Diagnoza" in html and "§ 2" in html
    assert "Drugi akapit o spółdzielniach socjalnych." in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_queue_and_actions_only_for_moderators(client, users, pending, role):
    login(client, users[role])
    index = client.get(reverse("moderation:index"))
    post = client.post(reverse("moderation:comment", args=[pending.pk]), {"action": "publish"})
    pending.refresh_from_db()
    if role in MAY_MODERATE:
        assert index.status_code == 200
        assert post.status_code == 302
        assert pending.status == CommentStatus.PUBLISHED
    else:
        assert index.status_code in (302, 403)
        assert post.status_code in (302, 403)
        assert pending.status == CommentStatus.PENDING


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, pending):
    response = client.get(reverse("moderation:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_publish_from_admin_shows_comment_on_chapter_and_is_logged(client, expert, chapter, pending):
    login(client, expert).post(reverse("moderation:comment", args=[pending.pk]), {"action": "publish"})
    client.logout()
    html = text_of(client.get(chapter.url))
    assert "Czeka na moderację" in html
    assert "1 komentarz do akapitu 2" in html
    entry = ModelLogEntry.objects.get(object_id=str(pending.pk), action="drogowskaz.comment.publish")
    assert entry.user == expert


@pytest.mark.django_db
def test_reject_needs_a_reason_and_records_it(client, expert, pending):
    login(client, expert)
    url = reverse("moderation:comment", args=[pending.pk])
    response = client.post(url, {"action": "reject", "reason": ""})
    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.status == CommentStatus.PENDING
    client.post(url, {"action": "reject", "reason": "Reklama"})
    pending.refresh_from_db()
    assert pending.status == CommentStatus.REJECTED
    assert pending.rejection_reason == "Reklama"
    assert ModelLogEntry.objects.filter(object_id=str(pending.pk), action="drogowskaz.comment.reject").exists()


@pytest.mark.django_db
def test_bulk_publish_and_bulk_reject(client, expert, chapter):
    comments = [make_comment(chapter, n, title=f"Uwaga {n}") for n in (1, 2, 3)]
    login(client, expert)
    url = reverse("moderation:index")
    client.post(url, {"action": "publish", "comments": [comments[0].pk, comments[1].pk]})
    assert ParagraphComment.objects.published().count() == 2
    response = client.post(url, {"action": "reject", "comments": [comments[2].pk], "reason": ""})
    assert response.status_code == 400
    assert ParagraphComment.objects.rejected().count() == 0
    client.post(url, {"action": "reject", "comments": [comments[2].pk], "reason": "Poza tematem"})
    assert ParagraphComment.objects.rejected().count() == 1


@pytest.mark.django_db
def test_bulk_action_without_selection_changes_nothing(client, expert, pending):
    response = login(client, expert).post(reverse("moderation:index"), {"action": "publish"})
    assert response.status_code == 400
    assert "Zaznacz co najmniej jeden komentarz." in text_of(response)
    assert ParagraphComment.objects.published().count() == 0


@pytest.mark.django_db
def test_rejected_comment_never_public(client, chapter, expert, pending):
    reject_comments([pending], moderator=expert, reason="Spam")
    assert "Czeka na moderację" not in text_of(client.get(chapter.url))


@pytest.mark.django_db
def test_response_shows_under_comment_once_published(client, expert, coordinator, chapter, pending):
    publish_comments([pending], moderator=expert)
    pending.refresh_from_db()
    login(client, expert)
    url = reverse("moderation:comment", args=[pending.pk])
    client.post(url, {"action": "respond", "disposition": "partly", "justification": "Dopiszemy dane.",
                      "publish": ""})
    client.logout()
    assert "Dopiszemy dane." not in text_of(client.get(chapter.url))  # a draft response stays hidden
    login(client, expert).post(url, {"action": "respond", "disposition": "partly",
                                     "justification": "Dopiszemy dane.", "publish": "on"})
    client.logout()
    assert "Dopiszemy dane." not in text_of(client.get(chapter.url))  # submitted: waits for a coordinator
    assert OfficialResponse.objects.get().review_state == "submitted"
    login(client, coordinator).post(url, {"action": "approve"})
    client.logout()
    html = text_of(client.get(chapter.url))
    assert "Dopiszemy dane." in html
    assert "częściowo uwzględniona" in html
    assert OfficialResponse.objects.get().author == expert


@pytest.mark.django_db
def test_response_form_errors_change_nothing(client, expert, pending):
    response = login(client, expert).post(
        reverse("moderation:comment", args=[pending.pk]), {"action": "respond", "disposition": "zle"}
    )
    assert response.status_code == 400
    assert not OfficialResponse.objects.exists()


@pytest.mark.django_db
def test_response_only_to_top_level_comments(expert, chapter, pending):
    publish_comments([pending], moderator=expert)
    pending.refresh_from_db()
    reply = make_comment(chapter, parent=pending, title="Odpowiedź")
    with pytest.raises(Refused):
        save_response(reply, author=expert, disposition="accepted", justification="x", publish=True)
    assert not OfficialResponse.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["komunikacja", "zarzad", "commenter"])
def test_other_roles_cannot_respond(client, users, pending, role):
    login(client, users[role]).post(
        reverse("moderation:comment", args=[pending.pk]),
        {"action": "respond", "disposition": "accepted", "justification": "x", "publish": "on"},
    )
    assert not OfficialResponse.objects.exists()


@pytest.mark.django_db
def test_flags_put_a_comment_on_the_review_list_but_never_hide_it(expert, pending):
    """Defect 4: three anonymous reports hid any comment, even an answered one."""
    publish_comments([pending], moderator=expert)
    save_response(pending, author=coordinator_user(), disposition="accepted", justification="Uwzględniono.",
                  publish=True)
    assert flag_comment(pending, reporter="a") is True
    assert flag_comment(pending, reporter="a") is False  # one flag per flagger
    for reporter in "bcdefgh":
        flag_comment(pending, reporter=reporter)
    pending.refresh_from_db()
    assert pending.status == CommentStatus.PUBLISHED
    assert list(ParagraphComment.objects.flagged()) == [pending]
    assert ModelLogEntry.objects.filter(object_id=str(pending.pk), action="drogowskaz.comment.flag").count() == 8

    assert dismiss_flags(pending, moderator=expert) == 8
    assert not ParagraphComment.objects.flagged().exists()
    pending.refresh_from_db()
    assert pending.status == CommentStatus.PUBLISHED


@pytest.mark.django_db
def test_flag_notifies_the_moderators_by_email(django_capture_on_commit_callbacks, users, pending):
    from django.core import mail

    publish_comments([pending], moderator=users["eksperci"])
    with django_capture_on_commit_callbacks(execute=True):
        flag_comment(pending, reporter="a", reason="Obraźliwe")
    notices = [m for m in mail.outbox if pending.reference in m.subject]  # one mail per moderator
    notice = notices[-1]
    assert sorted(address for m in notices for address in m.to) == [
        "admin@example.org", "ekspert@example.org", "koordynator@example.org"]
    assert "Obraźliwe" in notice.body and f"/admin/moderacja/{pending.pk}/" in notice.body


@pytest.mark.django_db
def test_only_a_moderator_dismisses_flags(users, expert, pending):
    publish_comments([pending], moderator=expert)
    flag_comment(pending, reporter="a")
    for role in ("commenter", "komunikacja", "zarzad"):
        with pytest.raises(Refused):
            dismiss_flags(pending, moderator=users[role])
    assert ParagraphComment.objects.flagged().exists()


@pytest.mark.django_db
def test_report_form_on_the_public_page(client, expert, chapter, pending):
    publish_comments([pending], moderator=expert)
    url = chapter.url + chapter.reverse_subpage("report", args=[pending.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Obraźliwe <b>słowa</b>"}, follow=True)
    assert "Dziękujemy za zgłoszenie" in text_of(response)
    report = pending.reader_flags.get()
    assert report.reason == "Obraźliwe <b>słowa</b>"  # plain text, kept as typed
    assert "Obraźliwe" not in text_of(client.get(chapter.url))  # reports are never public


@pytest.mark.django_db
def test_pending_comment_cannot_be_reported_or_replied_to(client, chapter, pending):
    for route in ("report", "reply"):
        url = chapter.url + chapter.reverse_subpage(route, args=[pending.pk])
        assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_queue_heading_and_a_refused_bulk_action_keeps_the_ticked_boxes(client, users, chapter):
    """Defect 14: the queue's heading read "Strona główna"; a bulk-action error cleared the ticks."""
    from bs4 import BeautifulSoup

    comments = [make_comment(chapter, 1, title=f"Uwaga {n}") for n in range(3)]
    client.force_login(users["eksperci"])
    page = BeautifulSoup(text_of(client.get(reverse("moderation:index"))), "html.parser")
    assert page.select_one("h1").get_text(strip=True) == "Moderacja komentarzy"
    ticked = [str(comments[0].pk), str(comments[2].pk)]
    response = client.post(reverse("moderation:index"), {"action": "reject", "reason": "", "comments": ticked})
    assert response.status_code == 400
    page = BeautifulSoup(text_of(response), "html.parser")
    assert sorted(box["value"] for box in page.select("input[name=comments][checked]")) == sorted(ticked)
    assert "Podaj powód odrzucenia." in page.get_text()
    assert {c.status for c in ParagraphComment.objects.all()} == {"pending"}


@pytest.mark.django_db
def test_the_first_error_button_of_wagtail_speaks_polish():
    from django.utils import translation

    with translation.override("pl"):
        assert translation.gettext("Go to the first error") == "Przejdź do pierwszego błędu"


# --- the comment screen says what really happened ------------------------------------------------


def polish(message):
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("pl"):
        return gettext(message)


def withdrawn(comment):
    from django.utils import timezone

    comment.withdrawn_at, comment.is_removed = timezone.now(), True
    comment.save(update_fields=["withdrawn_at", "is_removed"])
    return comment


def messages_of(response):
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["publish", "reject"])
def test_publishing_or_rejecting_a_withdrawn_comment_says_why_and_changes_nothing(client, expert, pending, action):
    """Review defect 1: the screen said "Comment published." although nothing changed."""
    withdrawn(pending)
    login(client, expert)
    url = reverse("moderation:comment", args=[pending.pk])
    assert 'value="publish"' not in text_of(client.get(url)) and 'value="reject"' not in text_of(client.get(url))
    response = client.post(url, {"action": action, "reason": "Reklama"}, follow=True)
    why = polish("This comment was withdrawn by its author; it can be neither published nor rejected.")
    assert messages_of(response) == [("error", why)]
    pending.refresh_from_db()
    assert pending.status == CommentStatus.WITHDRAWN and pending.rejection_reason == ""
    assert not ModelLogEntry.objects.filter(object_id=str(pending.pk), action__startswith="drogowskaz.comment.p")
    assert not ModelLogEntry.objects.filter(object_id=str(pending.pk), action="drogowskaz.comment.reject")


@pytest.mark.django_db
def test_an_unconfirmed_comment_is_neither_published_nor_rejected_from_its_screen(client, expert, chapter):
    unconfirmed = make_comment(chapter, 1, confirm=False, title="Niepotwierdzona")
    login(client, expert)
    url = reverse("moderation:comment", args=[unconfirmed.pk])
    page = text_of(client.get(url))
    why = polish("Its author has not confirmed this comment by email yet; it can be neither published nor rejected.")
    assert why in page and 'value="publish"' not in page and 'value="reject"' not in page
    for action in ("publish", "reject"):
        response = client.post(url, {"action": action, "reason": "Spam"}, follow=True)
        assert messages_of(response) == [("error", why)]
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == CommentStatus.UNCONFIRMED


@pytest.mark.django_db
def test_publishing_a_published_comment_again_is_not_reported_as_done(client, expert, pending):
    publish_comments([pending], moderator=expert)
    response = login(client, expert).post(reverse("moderation:comment", args=[pending.pk]), {"action": "publish"},
                                          follow=True)
    assert messages_of(response) == [("error", polish("This comment is already published."))]


@pytest.mark.django_db
def test_a_comment_that_changes_meanwhile_is_reported_as_it_is_now(client, expert, pending, monkeypatch):
    """The comment was withdrawn between the screen's reading and the action's lock: nothing changed."""
    monkeypatch.setattr("consultation.staff.comment_views.publish_comments",
                        lambda comments, moderator: withdrawn(pending) and 0)
    response = login(client, expert).post(reverse("moderation:comment", args=[pending.pk]), {"action": "publish"},
                                          follow=True)
    assert messages_of(response) == [
        ("error", polish("This comment was withdrawn by its author; it can be neither published nor rejected."))]


@pytest.mark.django_db
def test_bulk_publish_says_which_comments_were_skipped_and_why(client, expert, chapter):
    fresh, gone, unconfirmed, public = [make_comment(chapter, 1, title=f"Uwaga {n}") for n in range(3)] + [
        make_comment(chapter, 1, title="Opublikowana")]
    withdrawn(gone)
    unconfirmed.confirmed_at = None
    unconfirmed.save(update_fields=["confirmed_at"])
    publish_comments([public], moderator=expert)
    login(client, expert)
    response = client.post(reverse("moderation:index"), {
        "action": "publish", "comments": [c.pk for c in (fresh, gone, unconfirmed, public)]}, follow=True)
    reasons = ", ".join([polish("withdrawn by their authors: %(n)d") % {"n": 1},
                         polish("not confirmed by email yet: %(n)d") % {"n": 1},
                         polish("already published: %(n)d") % {"n": 1}])
    assert messages_of(response) == [
        ("success", polish("Comments published: %(n)d.") % {"n": 1}),
        ("warning", polish("Not published: %(n)d (%(reasons)s).") % {"n": 3, "reasons": reasons}),
    ]
    response = client.post(reverse("moderation:index"), {
        "action": "reject", "comments": [gone.pk], "reason": "Spam"}, follow=True)
    assert messages_of(response) == [("error", polish("Not rejected: %(n)d (%(reasons)s).") % {
        "n": 1, "reasons": polish("withdrawn by their authors: %(n)d") % {"n": 1}})]
    gone.refresh_from_db()
    assert gone.status == CommentStatus.WITHDRAWN


@pytest.mark.django_db
def test_a_comment_of_an_adopted_plan_offers_no_form_that_would_change_it(client, users, plan, chapter):
    from tests.consultation.test_action_rules import adopt, ready_to_adopt

    ready_to_adopt(plan, chapter, users)
    comment = ParagraphComment.objects.get()
    comment.reader_flags.create(reporter_key="a", reason="Obraźliwe")  # flagged while it was open
    adopt(plan, users["zarzad"])
    client.force_login(users["eksperci"])
    page = text_of(client.get(reverse("moderation:comment", args=[comment.pk])))
    assert polish("This plan has been adopted by resolution; its text can no longer be changed.") in page
    for action in ("publish", "reject", "respond", "dismiss_flags"):
        assert f'value="{action}"' not in page


@pytest.mark.django_db
def test_a_withdrawn_comment_is_not_offered_a_response_and_says_why(client, expert, pending):
    """Review defect 5: the screen offered a response and the refusal spoke of a rejected comment."""
    withdrawn(pending)
    page = text_of(login(client, expert).get(reverse("moderation:comment", args=[pending.pk])))
    assert 'value="respond"' not in page
    assert polish("This comment was withdrawn by its author; it is not answered.") in page
    assert polish("A rejected comment cannot be answered.") not in page


@pytest.mark.django_db
def test_a_comment_awaiting_moderation_gets_a_draft_response_only(client, expert, pending):
    login(client, expert)
    url = reverse("moderation:comment", args=[pending.pk])
    page = text_of(client.get(url))
    assert 'value="respond"' in page and 'name="publish"' not in page
    response = client.post(url, {"action": "respond", "disposition": "partly", "justification": "Dopiszemy.",
                                 "publish": "on"})
    assert response.status_code == 302
    draft = OfficialResponse.objects.get()
    assert draft.justification == "Dopiszemy." and not draft.is_published
    publish_comments([pending], moderator=expert)
    assert 'name="publish"' in text_of(client.get(url))
