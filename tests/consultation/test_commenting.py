"""Commenting on a paragraph from the public pages: the happy path and every kind of bad input."""

import pytest
from django.core import mail

from consultation.models import CommentStatus, ParagraphComment
from tests.utils import comment_url, filled_comment_form, on_commit_run, text_of


@pytest.mark.django_db
def test_chapter_shows_each_commentable_block_with_anchor_number_and_link(client, chapter):
    html = text_of(client.get(chapter.url))
    paragraphs = chapter.paragraphs()
    assert len(paragraphs) == 5  # 3 paragraphs, a list and a table; the heading is not commentable
    for paragraph in paragraphs:
        assert f'id="p-{paragraph.key}" data-paragraph="{paragraph.key}"' in html
        assert f"§&nbsp;{paragraph.number}" in html
        assert comment_url(chapter, paragraph.number) in html
    assert "Brak komentarzy do akapitu 1" in html


@pytest.mark.django_db
def test_comment_is_stored_pending_and_invisible_until_published(client, chapter):
    url = comment_url(chapter, 4)
    response = client.post(url, filled_comment_form(client, url, title="Widoczny tytuł 7x"), follow=True)
    assert response.status_code == 200
    comment = ParagraphComment.objects.get()
    assert comment.status == CommentStatus.UNCONFIRMED
    assert comment.paragraph_key == chapter.paragraphs()[3].key
    assert comment.paragraph_text == "Trzeci akapit o finansowaniu."
    assert comment.page_revision_id == chapter.live_revision_id
    assert comment.consent_given_at is not None
    page = text_of(response)
    assert f"nr {comment.reference}" in page and "potwierdzić komentarz" in page  # the receipt
    assert "Widoczny tytuł 7x" not in page
    assert "Widoczny tytuł 7x" not in text_of(client.get(chapter.url))


@pytest.mark.django_db
def test_double_submit_stores_one_comment(client, chapter):
    url = comment_url(chapter, 1)
    data = filled_comment_form(client, url)
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert ParagraphComment.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "To pole jest wymagane."),
        ({"comment": ""}, "To pole jest wymagane."),
        ({"comment": "x" * 100_000}, "co najwyżej 5000 znaków"),
        ({"email": "nie-email"}, "Wprowadź poprawny adres email."),
        ({"consent": ""}, "Bez tej zgody nie możemy przyjąć komentarza."),
        ({"commenter_kind": "organisation", "organisation": ""}, "Podaj nazwę organizacji lub instytucji."),
        ({"commenter_kind": "robot"}, "Wybierz poprawną wartość."),
        ({"title": "\u200b\u202e"}, "To pole nie może być puste."),  # only invisible characters
        ({"honeypot": "spam"}, "Nie udało się przyjąć komentarza."),
        ({"security_hash": "0" * 40}, "Formularz został zmieniony"),
        ({"timestamp": "1000"}, "Formularz został zmieniony"),
        ({"idempotency_key": "nie-uuid"}, "UUID"),
    ],
)
def test_bad_input_gets_a_polish_message_and_stores_nothing(client, chapter, overrides, message):
    url = comment_url(chapter, 1)
    response = client.post(url, filled_comment_form(client, url, **overrides))
    assert response.status_code == 400
    assert message in text_of(response)
    assert 'role="alert"' in text_of(response)
    assert ParagraphComment.objects.count() == 0


@pytest.mark.django_db
def test_form_valid_for_a_week_not_two_hours(client, chapter, monkeypatch):
    import time

    url = comment_url(chapter, 1)
    data = filled_comment_form(client, url)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 6 * 60 * 60)
    assert client.post(url, data).status_code == 302
    assert ParagraphComment.objects.count() == 1


@pytest.mark.django_db
def test_html_and_script_in_every_field_is_stored_as_typed_and_shown_as_text(client, chapter, expert):
    """Defect 1: plain text is stored as typed (nothing between angle brackets is lost) and escaped
    on every page that shows it."""
    from consultation.moderation.actions import publish_comments

    url = comment_url(chapter, 1)
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    data = filled_comment_form(
        client, url, title=f"Tytuł {payload}", comment=f"Treść {payload}", name=f"Jan {payload}"[:50],
        organisation=f"Org {payload}", commenter_kind="organisation",
    )
    assert client.post(url, data).status_code == 302
    comment = ParagraphComment.objects.get()
    assert comment.title == f"Tytuł {payload}"
    assert comment.comment == f"Treść {payload}"
    assert comment.organisation == f"Org {payload}"
    comment.confirmed_at = comment.submit_date
    comment.save(update_fields=["confirmed_at"])
    publish_comments([comment], moderator=expert)
    html = text_of(client.get(chapter.url))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "Tytuł &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html

@pytest.mark.django_db
def test_form_of_one_chapter_cannot_be_posted_to_another(client, chapter, plan):
    from consultation.demo.builders import make_chapter
    from tests.conftest import CHAPTER_BLOCKS

    other = make_chapter(plan, number=2, slug="inny", blocks=CHAPTER_BLOCKS)
    data = filled_comment_form(client, comment_url(other, 1))
    response = client.post(comment_url(chapter, 1), data)
    assert response.status_code == 400
    assert "dotyczy innej strony" in text_of(response)
    assert ParagraphComment.objects.count() == 0


@pytest.mark.django_db
def test_unknown_paragraph_is_not_found(client, chapter):
    url = chapter.url + chapter.reverse_subpage("comment", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_closed_consultation_refuses_with_dates_and_stores_nothing(client, closed_chapter):
    url = comment_url(closed_chapter, 1)
    page = client.get(url)
    assert "Konsultacje trwały od" in text_of(page)  # the dates, in the past tense once closed
    assert "<form method=\"post\" action=\"\" class=\"comment-form\"" not in text_of(page)
    response = client.post(url, {"title": "x", "comment": "y"})
    assert response.status_code == 403
    assert "Konsultacje trwały od" in text_of(response)
    assert ParagraphComment.objects.count() == 0
    assert "Skomentuj akapit" not in text_of(client.get(closed_chapter.url))


@pytest.mark.django_db
def test_email_is_never_on_the_public_page(client, chapter, expert):
    from consultation.moderation.actions import publish_comments
    from tests.utils import all_comments

    url = comment_url(chapter, 1)
    with on_commit_run():
        client.post(url, filled_comment_form(client, url, email="tajny.adres@example.org"))
    publish_comments(list(all_comments()), moderator=expert)  # unconfirmed: stays unpublished
    assert "Brakuje danych" not in text_of(client.get(chapter.url))
    html = text_of(client.get(chapter.url))
    assert "tajny.adres" not in html
    assert [m.to for m in mail.outbox] == [["tajny.adres@example.org"]]  # only the confirmation link


@pytest.mark.django_db
def test_chapter_shows_the_first_threads_and_the_paragraph_page_all(client, chapter, expert, settings):
    from consultation.demo.builders import make_comment
    from consultation.moderation.actions import publish_comments

    settings.DROGOWSKAZ_THREADS_PER_PARAGRAPH = 2
    comments = [make_comment(chapter, 1, title=f"Wątek numer {n}") for n in range(5)]
    publish_comments(comments, moderator=expert)
    html = text_of(client.get(chapter.url))
    assert "Wątek numer 0" in html and "Wątek numer 1" in html and "Wątek numer 2" not in html
    assert "5 komentarzy do akapitu 1" in html
    key = chapter.paragraphs()[0].key
    link = chapter.url + chapter.reverse_subpage("paragraph", args=[key])
    assert f'href="{link}"' in html and "Zobacz wszystkie komentarze do akapitu 1 (5)" in html
    page = text_of(client.get(link))
    assert all(f"Wątek numer {n}" in page for n in range(5))
    assert client.get(chapter.url + chapter.reverse_subpage("paragraph", args=["brak"])).status_code == 404


@pytest.mark.django_db
def test_length_is_counted_as_stored_and_never_cut(client, chapter, settings):
    """Defect 12: a line break posted as CR LF counts as one character, as the live counter shows;
    a text over the limit is refused, never cut."""
    url = comment_url(chapter, 1)
    limit = settings.DROGOWSKAZ_COMMENT_MAX_LENGTH
    exact = "\r\n".join(["a" * 99] * (limit // 100)) + "a" * (limit - 100 * (limit // 100) + 1)
    assert len(exact.replace("\r\n", "\n")) == limit
    assert client.post(url, filled_comment_form(client, url, comment=exact)).status_code == 302
    assert len(ParagraphComment.objects.get().comment) == limit
    over = filled_comment_form(client, url, comment=exact + "b", name="Zarząd Ogólnopolskiego Związku Rewizyjnego Spółdzielni Socjalnych")
    response = client.post(url, over)
    assert response.status_code == 400
    assert f"co najwyżej {limit} znaków" in text_of(response) and "co najwyżej 50 znaków" in text_of(response)
    assert ParagraphComment.objects.count() == 1
