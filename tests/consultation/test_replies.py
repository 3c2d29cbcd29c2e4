import pytest

from consultation.demo.builders import make_comment
from consultation.moderation.actions import publish_comments, reject_comments
from consultation.participation.actions import Refused
from tests.utils import confirm_from_mail, filled_comment_form, on_commit_run, text_of


@pytest.fixture
def published(chapter, expert):
    comment = make_comment(chapter, 1, title="Komentarz główny")
    publish_comments([comment], moderator=expert)
    comment.refresh_from_db()
    return comment


def reply_url(chapter, comment):
    return chapter.url + chapter.reverse_subpage("reply", args=[comment.pk])


@pytest.mark.django_db
def test_reply_is_pre_moderated_and_shown_in_thread_once_published(client, chapter, expert, published):
    url = reply_url(chapter, published)
    with on_commit_run():
        assert client.post(url, filled_comment_form(client, url, title="Moja odpowiedź")).status_code == 302
    confirm_from_mail(client)
    reply = published.__class__.objects.get(title="Moja odpowiedź")
    assert (reply.parent_id, reply.level, reply.paragraph_key) == (published.pk, 1, published.paragraph_key)
    assert "Moja odpowiedź" not in text_of(client.get(chapter.url))
    publish_comments([reply], moderator=expert)
    html = text_of(client.get(chapter.url))
    assert html.index("Komentarz główny") < html.index("Moja odpowiedź")
    assert "2 komentarze do akapitu 1" in html


@pytest.mark.django_db
def test_publishing_a_parent_does_not_publish_its_pending_replies(client, chapter, expert, published):
    reply = make_comment(chapter, parent=published, title="Odpowiedź czekająca")
    reject_comments([published], moderator=expert, reason="x")
    publish_comments([published], moderator=expert)
    reply.refresh_from_db()
    assert reply.status == "pending"
    assert "Odpowiedź czekająca" not in text_of(client.get(chapter.url))


@pytest.mark.django_db
def test_replies_of_a_rejected_comment_are_hidden(client, chapter, expert, published):
    reply = make_comment(chapter, parent=published, title="Odpowiedź opublikowana")
    publish_comments([reply], moderator=expert)
    reject_comments([published], moderator=expert, reason="Naruszenie zasad")
    html = text_of(client.get(chapter.url))
    assert "Odpowiedź opublikowana" not in html
    assert "Komentarz główny" not in html


@pytest.mark.django_db
def test_thread_depth_is_limited(chapter, expert, published):
    level1 = make_comment(chapter, parent=published, title="1")
    publish_comments([level1], moderator=expert)
    level1.refresh_from_db()
    level2 = make_comment(chapter, parent=level1, title="2")
    publish_comments([level2], moderator=expert)
    level2.refresh_from_db()
    with pytest.raises(Refused):
        make_comment(chapter, parent=level2, title="3")


@pytest.mark.django_db
def test_reply_to_comment_of_another_chapter_is_refused(plan, chapter, expert, published):
    from consultation.demo.builders import make_chapter
    from tests.conftest import CHAPTER_BLOCKS

    other = make_chapter(plan, number=2, slug="inny", blocks=CHAPTER_BLOCKS)
    with pytest.raises(Refused):
        make_comment(other, parent=published, title="obcy")
