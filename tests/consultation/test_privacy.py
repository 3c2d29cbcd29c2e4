"""RODO: export of one person's data, erasure under a pseudonym, retention of IP addresses."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from consultation.demo.builders import make_comment
from consultation.models import ParagraphComment
from consultation.moderation.actions import publish_comments, save_response
from consultation.privacy.personal_data import apply_retention, pseudonym
from tests.utils import coordinator_user, text_of


@pytest.fixture
def comments(chapter, expert):
    mine = make_comment(chapter, 1, title="Moja uwaga", name="Anna Nowak", email="Anna@Example.org",
                        ip_address="192.0.2.7", publish_name=True)
    other = make_comment(chapter, 2, title="Cudza uwaga", name="Jan Kowalski", email="jan@example.org")
    publish_comments([mine, other], moderator=expert)
    mine.refresh_from_db()
    save_response(mine, author=coordinator_user(), disposition="accepted", justification="Dziękujemy.", publish=True)
    return mine, other


@pytest.mark.django_db
def test_export_of_one_persons_data(comments):
    out = StringIO()
    call_command("export_personal_data", "anna@example.org", stdout=out)
    data = json.loads(out.getvalue())
    assert [c["title"] for c in data["comments"]] == ["Moja uwaga"]
    assert data["comments"][0]["ip_address"] == "192.0.2.7"
    assert data["comments"][0]["response"]["disposition"] == "accepted"
    assert "Cudza uwaga" not in out.getvalue()


@pytest.mark.django_db
def test_erasure_keeps_the_comment_under_a_pseudonym(client, users, chapter, comments):
    mine, other = comments
    with pytest.raises(CommandError):  # only an administrator erases personal data
        call_command("erase_personal_data", "anna@example.org", "--user", users["eksperci"].username)
    mine.refresh_from_db()
    assert mine.user_email == "Anna@Example.org"
    call_command("erase_personal_data", "anna@example.org", "--user", users["admin"].username, stdout=StringIO())
    mine.refresh_from_db()
    assert mine.user_name == pseudonym("anna@example.org") and mine.user_name.startswith("Anonim-")
    assert (mine.user_email, mine.ip_address) == ("", None)
    assert mine.comment == "Treść uwagi." and mine.status == "published"
    other.refresh_from_db()
    assert other.user_name == "Jan Kowalski"
    html = text_of(client.get(chapter.url))
    assert "Anna Nowak" not in html and f"osoba prywatna ({mine.reference})" in html and "Moja uwaga" in html


@pytest.mark.django_db
def test_retention_drops_old_ip_addresses_and_stale_unconfirmed_comments(chapter):
    old = make_comment(chapter, 1, title="Stara", ip_address="192.0.2.1")
    fresh = make_comment(chapter, 1, title="Nowa", ip_address="192.0.2.2")
    stale = make_comment(chapter, 1, title="Niepotwierdzona", confirm=False)
    waiting = make_comment(chapter, 1, title="Czeka na potwierdzenie", confirm=False)
    long_ago = timezone.now() - timedelta(days=40)
    ParagraphComment.objects.filter(pk__in=[old.pk, stale.pk]).update(submit_date=long_ago,
                                                                       confirmation_sent_at=long_ago)
    assert apply_retention() == (2, 1)  # the stale one's IP is dropped before it is deleted
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.ip_address is None and fresh.ip_address == "192.0.2.2"
    assert not ParagraphComment.objects.filter(pk=stale.pk).exists()
    assert ParagraphComment.objects.filter(pk=waiting.pk).exists()
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "IP addresses dropped: 0" in out.getvalue()


@pytest.mark.django_db
def test_consent_names_the_controller_and_the_purpose(client, chapter):
    from tests.utils import comment_url

    html = text_of(client.get(comment_url(chapter, 1)))
    assert "Regionalny Ośrodek Polityki Społecznej" in html
    assert "w celu przeprowadzenia konsultacji" in html
