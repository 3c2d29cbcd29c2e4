"""Small helpers for tests that act as a person would: open a form, fill it, send it."""

from bs4 import BeautifulSoup
from django.test import TestCase

from consultation.models import ParagraphComment


def comment_url(chapter, paragraph_number):
    key = chapter.paragraphs()[paragraph_number - 1].key
    return chapter.url + chapter.reverse_subpage("comment", args=[key])


def hidden_fields(html):
    soup = BeautifulSoup(html, "html.parser")
    form = soup.select_one("form.comment-form") or soup.select_one("form")
    return {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}


def form_values(html, selector="form[method=post]"):
    """What a browser would send from the form as shown: selected options, checked radios, text."""
    form = BeautifulSoup(html, "html.parser").select_one(selector)
    values = {}
    for field in form.select("input[name]"):
        kind = field.get("type", "text")
        if kind in ("radio", "checkbox"):
            if field.has_attr("checked") and not field.has_attr("disabled"):
                values[field["name"]] = field.get("value", "on")
        elif kind not in ("submit", "file"):
            values[field["name"]] = field.get("value", "")
    for select in form.select("select[name]"):
        chosen = select.select_one("option[selected]") or select.select_one("option")
        values[select["name"]] = chosen.get("value", "")
    return values


def filled_comment_form(client, url, **overrides):
    """The data a person sends after opening the form at `url` and filling every field."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = hidden_fields(response.content.decode())
    data.update({
        "title": "Brakuje danych",
        "comment": "Proszę dodać dane o powiatach.",
        "commenter_kind": "person",
        "name": "Jan Kowalski",
        "organisation": "",
        "email": "jan.kowalski@example.org",
        "consent": "on",
        "honeypot": "",
    })
    data.update(overrides)
    return data


def all_comments():
    return ParagraphComment.objects.all()


def text_of(response):
    return response.content.decode()


def on_commit_run():
    """Runs what the code deferred with transaction.on_commit (mail) when the block ends, as a
    real commit would; the test's own transaction never commits."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def confirm_from_mail(client):
    """Open the confirmation link of the last mail and confirm, as the commenter would."""
    import re

    from django.core import mail

    link = re.search(r"http://testserver(/komentarz/potwierdz/[^/\s]+/)", mail.outbox[-1].body).group(1)
    return client.post(link)


def staff_user(group):
    """A member of `group` (Komunikacja, Eksperci, Zarząd), made once per test database."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, created = get_user_model().objects.get_or_create(username=f"test-{group.lower()}",
                                                           defaults={"email": f"{group.lower()}@example.org"})
    if created:
        user.groups.add(Group.objects.get(name=group))
    return user


def communications_user():
    return staff_user("Komunikacja")


def coordinator_user():
    """A coordinator (Koordynatorzy): `save_response(..., publish=True)` by one approves and publishes."""
    return staff_user("Koordynatorzy")


def admin_user():
    """An administrator: the only one who may publish an import directly, skipping the review."""
    from django.contrib.auth import get_user_model

    user, _created = get_user_model().objects.get_or_create(
        username="test-admin", defaults={"email": "test-admin@example.org", "is_superuser": True, "is_staff": True})
    return user
