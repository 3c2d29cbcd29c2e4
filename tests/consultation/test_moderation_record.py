"""The moderation screens with the Polish consultation record: registered comments, general and chapter
comments, the kinds of rejection and duplicates, corrections, the original document."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from consultation.demo.builders import (
    comment_input,
    make_chapter,
    make_comment,
    make_plan,
)
from consultation.models import ParagraphComment, RejectionCategory
from consultation.moderation.actions import publish_comments
from consultation.participation.actions import (
    confirm_comment,
    correct_comment,
    submit_comment,
)
from consultation.participation.intake import Receipt, register_comment
from tests.consultation.test_query_counts import count_queries
from tests.utils import text_of


def polish(message):
    with translation.override("pl"):
        return gettext(message)


def registered(plan, user, *, chapter=None, paragraph_key="", channel="post", received_on=None, original_file=None,
               **fields):
    return register_comment(
        plan=plan, data=comment_input(idempotency_key=None, **fields), user=user, chapter=chapter,
        paragraph_key=paragraph_key,
        receipt=Receipt(channel=channel, received_on=received_on or timezone.localdate(), original_file=original_file),
    )


@pytest.fixture
def published(chapter, expert):
    comment = make_comment(chapter, 1, title="Pierwsza uwaga", text="Brakuje danych o powiatach.")
    publish_comments([comment], moderator=expert)
    comment.refresh_from_db()
    return comment


@pytest.fixture
def pending(chapter):
    return make_comment(chapter, 2, title="Powtórzona uwaga", text="Brakuje danych o powiatach!")


def reject(client, comment, **data):
    return client.post(reverse("moderation:comment", args=[comment.pk]), {"action": "reject", **data})


@pytest.mark.django_db
def test_reject_as_a_duplicate_of_a_published_comment(client, expert, published, pending):
    client.force_login(expert)
    form = client.get(reverse("moderation:comment", args=[pending.pk]))
    assert 'name="category"' in text_of(form) and 'name="duplicate_of"' in text_of(form)
    response = reject(client, pending, reason="Ta sama uwaga.", category="duplicate",
                      duplicate_of=published.reference.lower())
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == "rejected" and pending.rejection_category == RejectionCategory.DUPLICATE
    assert pending.duplicate_of == published
    detail = text_of(client.get(reverse("moderation:comment", args=[pending.pk])))
    assert published.reference in detail


@pytest.mark.django_db
def test_a_duplicate_must_name_a_published_comment_of_the_same_plan(client, expert, home, published, pending):
    other_plan = make_plan(home, slug="inny-plan")
    other = make_comment(make_chapter(other_plan, number=1, blocks=[("paragraph", "<p>Akapit.</p>")]), 1)
    publish_comments([other], moderator=expert)
    unpublished = make_comment(pending.content_object, 1, title="Jeszcze czeka")
    client.force_login(expert)
    cases = [
        ("", polish("Give the number of the comment this one duplicates.")),
        ("K-99999", polish("There is no comment %(ref)s on this plan.") % {"ref": "K-99999"}),
        (other.reference, polish("There is no comment %(ref)s on this plan.") % {"ref": other.reference}),
        ("Kowalski", polish("There is no comment %(ref)s on this plan.") % {"ref": "Kowalski"}),
        (unpublished.reference, polish("A comment can duplicate only a published comment on the same plan.")),
        (pending.reference, polish("A comment cannot duplicate itself.")),
    ]
    for reference, message in cases:
        response = reject(client, pending, reason="Ta sama uwaga.", category="duplicate", duplicate_of=reference)
        assert response.status_code == 400, reference
        html = text_of(response)
        assert message in html.replace("&#x27;", "'"), reference
        assert "Ta sama uwaga." in html  # what was typed stays
        pending.refresh_from_db()
        assert pending.status == "pending" and pending.duplicate_of is None


@pytest.mark.django_db
def test_a_rejection_without_a_kind_is_other_and_a_kind_is_recorded(client, expert, chapter, pending):
    client.force_login(expert)
    assert reject(client, pending, reason="Reklama").status_code == 302
    pending.refresh_from_db()
    assert pending.rejection_category == RejectionCategory.OTHER and pending.duplicate_of is None
    second = make_comment(chapter, 1)
    assert reject(client, second, reason="Obraźliwa", category="offensive", duplicate_of="K-1").status_code == 302
    second.refresh_from_db()
    assert second.rejection_category == RejectionCategory.OFFENSIVE and second.duplicate_of is None


@pytest.mark.django_db
def test_bulk_reject_as_duplicate_and_a_refusal_keeps_the_selection(client, expert, chapter, published):
    comments = [make_comment(chapter, 2, title=f"Kopia {n}") for n in range(2)]
    client.force_login(expert)
    ticked = [str(c.pk) for c in comments]
    refused = client.post(reverse("moderation:index"), {"action": "reject", "reason": "Kopia", "comments": ticked,
                                                         "category": "duplicate", "duplicate_of": "K-99999"})
    assert refused.status_code == 400
    html = text_of(refused)
    for pk in ticked:
        assert f'value="{pk}" id="sel-{pk}" checked' in html
    assert 'value="K-99999"' in html
    assert ParagraphComment.objects.rejected().count() == 0

    done = client.post(reverse("moderation:index"), {"action": "reject", "reason": "Kopia", "comments": ticked,
                                                      "category": "duplicate", "duplicate_of": published.reference})
    assert done.status_code == 302
    assert set(ParagraphComment.objects.rejected().values_list("duplicate_of", flat=True)) == {published.pk}


@pytest.mark.django_db
def test_the_queue_shows_registered_general_and_chapter_comments(client, users, expert, plan, chapter):
    general = registered(plan, users["komunikacja"], title="Ogólna z listu", organisation="Fundacja X",
                         commenter_kind="organisation")
    on_chapter = registered(plan, users["komunikacja"], chapter=chapter, channel="epuap", title="Do rozdziału")
    web = make_comment(chapter, 2, title="Z formularza")
    client.force_login(expert)
    html = text_of(client.get(reverse("moderation:index")))
    for comment in (general, on_chapter, web):
        assert comment.reference in html
    assert polish("General comment on the whole document") in html
    assert polish("the chapter as a whole") in html and "§ 2" in html
    assert "komunikacja" in html  # registered by

    only_epuap = text_of(client.get(reverse("moderation:index"), {"status": "pending", "channel": "epuap"}))
    assert on_chapter.reference in only_epuap
    assert general.reference not in only_epuap and web.reference not in only_epuap


@pytest.mark.django_db
def test_the_comment_screen_shows_the_whole_record(client, users, expert, plan, chapter):
    scan = SimpleUploadedFile("pismo.pdf", b"%PDF-1.4\n%%EOF\n")
    comment = registered(plan, users["komunikacja"], title="Z listu", proposed_wording="Nowy zapis akapitu.",
                         justification="Bo tak trzeba.", received_on=timezone.localdate() - timedelta(days=1),
                         original_file=scan)
    client.force_login(expert)
    response = client.get(reverse("moderation:comment", args=[comment.pk]))
    assert response.status_code == 200
    html = text_of(response)
    assert "Nowy zapis akapitu." in html and "Bo tak trzeba." in html
    assert polish("General comment on the whole document") in html
    assert str(comment.get_channel_display()) in html and "komunikacja" in html
    assert reverse("wagtaildocs:edit", args=[comment.original_document_id]) in html


@pytest.mark.django_db
def test_the_comment_screen_shows_the_corrections(client, expert, plan, chapter):
    tokens = []
    comment, _created = submit_comment(
        plan=plan, chapter=chapter, paragraph_key=chapter.paragraphs()[0].key,
        data=comment_input(text="Pierwsza wersja uwagi."), link_for_token=lambda token: tokens.append(token) or "/")
    confirm_comment(tokens[0])
    correct_comment(tokens[0], title="Uwaga do akapitu", text="Poprawiona wersja uwagi.")
    client.force_login(expert)
    html = text_of(client.get(reverse("moderation:comment", args=[comment.pk])))
    assert "Pierwsza wersja uwagi." in html and "Poprawiona wersja uwagi." in html


@pytest.mark.django_db
def test_the_queue_queries_do_not_grow_with_registered_comments(client, users, plan, expert,
                                                                  django_assert_max_num_queries):
    chapter = make_chapter(plan, number=1, slug="k", blocks=[("paragraph", f"<p>{n}</p>") for n in range(10)])
    client.force_login(expert)
    registered(plan, users["komunikacja"])
    make_comment(chapter, 1)
    small = count_queries(client, reverse("moderation:index"))
    for number in range(1, 11):
        make_comment(chapter, number)
        registered(plan, users["eksperci"], chapter=chapter)
        registered(plan, users["komunikacja"], chapter=chapter, paragraph_key=chapter.paragraphs()[number - 1].key)
    with django_assert_max_num_queries(small):
        client.get(reverse("moderation:index"))
