"""Internal notes of the expert team on a comment (issue 14): staff only, plain text kept as typed,
refused with a reason when empty, too long, by someone else or after adoption. The leak walk
(tests/security/test_leaks.py) checks they reach no public channel or export."""

import pytest
from django.urls import reverse

from consultation.core.refusals import Refused
from consultation.demo.builders import make_comment
from consultation.models import InternalNote, ParagraphComment
from consultation.moderation.actions import (
    INTERNAL_NOTE_MAX_CHARS,
    add_internal_note,
    publish_comments,
)
from tests.utils import text_of


@pytest.mark.django_db
def test_an_expert_writes_a_note_kept_as_typed_and_logged(chapter, expert):
    from wagtail.log_actions import registry

    comment = make_comment(chapter, 1, title="Uwaga")
    note = add_internal_note(comment, author=expert, text="  Zapytać ROPS <dane> & GUS  ")
    assert note.text == "Zapytać ROPS <dane> & GUS" and note.author == expert
    assert registry.get_logs_for_instance(comment).filter(action="drogowskaz.comment.note").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["commenter", "komunikacja", "zarzad"])
def test_only_the_expert_team_writes_notes(chapter, users, role):
    comment = make_comment(chapter, 1, title="Uwaga")
    with pytest.raises(Refused):
        add_internal_note(comment, author=users[role], text="Notatka.")
    assert not InternalNote.objects.exists()


@pytest.mark.django_db
def test_an_empty_or_too_long_note_is_refused_not_cut(chapter, expert):
    comment = make_comment(chapter, 1, title="Uwaga")
    with pytest.raises(Refused, match="Napisz"):
        add_internal_note(comment, author=expert, text=" \n ")
    with pytest.raises(Refused) as refusal:
        add_internal_note(comment, author=expert, text="x" * (INTERNAL_NOTE_MAX_CHARS + 1))
    assert str(INTERNAL_NOTE_MAX_CHARS + 1) in refusal.value.message
    assert not InternalNote.objects.exists()


@pytest.mark.django_db
def test_the_comment_screen_shows_notes_and_keeps_a_refused_one(client, chapter, expert):
    comment = make_comment(chapter, 1, title="Uwaga")
    publish_comments([comment], moderator=expert)
    client.force_login(expert)
    url = reverse("moderation:comment", args=[comment.pk])
    assert client.post(url, {"action": "note", "note": "Sprawdzić dane z powiatów."}).status_code == 302
    assert "Sprawdzić dane z powiatów." in text_of(client.get(url))
    too_long = "y" * (INTERNAL_NOTE_MAX_CHARS + 5)
    refused = client.post(url, {"action": "note", "note": too_long})
    assert refused.status_code == 400 and too_long in text_of(refused)  # what was typed stays in the form
    assert InternalNote.objects.count() == 1


@pytest.mark.django_db
def test_no_note_after_adoption(plan, chapter, users):
    from tests.consultation.test_action_rules import adopt, ready_to_adopt

    ready_to_adopt(plan, chapter, users)
    adopt(plan, users["zarzad"])
    comment = ParagraphComment.objects.get()
    with pytest.raises(Refused, match="przyjęty"):
        add_internal_note(comment, author=users["eksperci"], text="Po przyjęciu.")
    assert not InternalNote.objects.exists()
