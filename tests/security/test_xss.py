"""Stored XSS: a corpus of payloads in every field people and staff type, stored as typed (plain text,
issue 11 defect 1) and shown escaped everywhere: public pages, the JSON API, the comparison of
versions and the admin."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultation.core.sanitize import clean_plain_text
from consultation.models import Adoption, OfficialResponse, ParagraphComment, PlanVersion, ReportPublication
from tests.utils import comment_url, communications_user, confirm_from_mail, filled_comment_form, on_commit_run

PAYLOADS = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">klik</a>',
    "javascript:alert(1)",
    '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '"><iframe srcdoc="<script>alert(1)</script>">',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\u202egnp.exe<script>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    '<div style="background:url(javascript:alert(1))">x</div>',
]


def assert_no_active_content(html, where):
    """No element or attribute built from a payload: every payload calls alert()."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["script", "iframe", "svg", "math", "object", "embed", "style", "animate"]):
        assert "alert" not in str(tag), (where, str(tag)[:200])
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if "alert" in text:
                assert not attribute.lower().startswith("on"), (where, str(tag)[:200])
                assert not text.strip().lower().startswith("javascript:"), (where, str(tag)[:200])
                assert attribute not in ("style", "srcdoc"), (where, str(tag)[:200])
                assert "javascript:" not in text.lower() and "<" not in text, (where, str(tag)[:200])
    assert "\u202e" not in html, where


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_field_are_stored_clean_and_shown_escaped(client, users, plan, chapter, payload):
    url = comment_url(chapter, 1)
    with on_commit_run():
        response = client.post(url, filled_comment_form(
            client, url, title=f"T {payload}", comment=f"C {payload}", name=f"N {payload}"[:50],
            organisation=f"O {payload}", commenter_kind="organisation",
        ))
    assert response.status_code in (302, 400)
    if response.status_code == 400:  # nothing left after cleaning: refused, with the form shown safely
        assert_no_active_content(response.content.decode(), "form with errors")
        assert not ParagraphComment.objects.exists()
        return
    confirm_from_mail(client)
    comment = ParagraphComment.objects.get()
    # Plain text is stored as typed, minus invisible characters; it is escaped wherever it is shown.
    assert comment.title == clean_plain_text(f"T {payload}", multiline=False)
    assert comment.comment == clean_plain_text(f"C {payload}")
    assert comment.user_name == clean_plain_text(f"N {payload}"[:50], multiline=False)
    assert comment.organisation == clean_plain_text(f"O {payload}", multiline=False)
    assert "\u202e" not in comment.title + comment.comment + comment.user_name + comment.organisation

    expert = users["eksperci"]
    client.force_login(expert)
    client.post(reverse("moderation:comment", args=[comment.pk]), {"action": "publish"})
    from consultation.versions.actions import publish_version

    version = publish_version(plan, label="v1", user=communications_user())
    client.force_login(users["komunikacja"])
    client.post(reverse("plans:publish_version", args=[plan.pk]), {"label": f"L {payload}"})
    client.force_login(users["koordynatorzy"])  # a coordinator publishes the response at once
    client.post(reverse("moderation:comment", args=[comment.pk]), {
        "action": "respond", "disposition": "accepted", "justification": f"J {payload}", "publish": "on",
        "version": PlanVersion.objects.latest("number").pk,
    })
    assert OfficialResponse.objects.filter(comment=comment).exists()
    label = PlanVersion.objects.latest("number").label
    assert label == clean_plain_text(f"L {payload}", multiline=False)

    pages = {
        "chapter": chapter.url,
        "reply form": chapter.url + chapter.reverse_subpage("reply", args=[comment.pk]),
        "report form": chapter.url + chapter.reverse_subpage("report", args=[comment.pk]),
        "versions": plan.url + plan.reverse_subpage("versions"),
        "compare": plan.url + plan.reverse_subpage("compare") + f"?od={version.number}&do={version.number + 1}",
        "admin queue": reverse("moderation:index") + "?status=published",
        "admin comment": reverse("moderation:comment", args=[comment.pk]),
        "admin plans": reverse("plans:index"),
    }
    client.force_login(users["admin"])
    for where, page_url in pages.items():
        response = client.get(page_url)
        assert response.status_code == 200, where
        assert_no_active_content(response.content.decode(), where)
    api = client.get(reverse("api-chapter-comments", args=[chapter.pk]))
    # JSON carries the plain text as stored; it is never sniffed as HTML (whoever shows it escapes it).
    assert api["Content-Type"].startswith("application/json") and api["X-Content-Type-Options"] == "nosniff"
    data = json.loads(api.content)
    shown = json.dumps(data, ensure_ascii=False)
    assert json.dumps(comment.title, ensure_ascii=False) in shown


@pytest.mark.django_db
def test_rejection_reason_and_adoption_fields_are_plain_text(client, users, plan, chapter):
    from datetime import timedelta

    from django.utils import timezone

    from consultation.demo.builders import make_comment

    comment = make_comment(chapter, 1)
    client.force_login(users["eksperci"])
    client.post(reverse("moderation:comment", args=[comment.pk]),
                {"action": "reject", "reason": "<script>alert(1)</script>Spam"})
    comment.refresh_from_db()
    assert comment.rejection_reason == "<script>alert(1)</script>Spam"  # plain text, stored as typed

    plan.consultation_opens = timezone.now() - timedelta(days=50)
    plan.consultation_closes = timezone.now() - timedelta(days=5)
    plan.save_revision().publish()
    ReportPublication.objects.create(plan=plan, published_at=timezone.now())  # adoption needs the report
    client.force_login(users["zarzad"])
    pdf = SimpleUploadedFile('"><img src=x onerror=alert(1)>.pdf', b"%PDF-1.4\n%%EOF\n")
    client.post(reverse("plans:adopt", args=[plan.pk]), {
        "resolution_number": "<b>12</b>/2026", "resolution_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "adopting_body": "board", "document": pdf,
    })
    adoption = Adoption.objects.get()
    assert adoption.resolution_number == "<b>12</b>/2026"  # plain text, stored as typed
    assert "<" not in adoption.document.file.name and '"' not in adoption.document.file.name
    client.logout()
    html = client.get(plan.url).content.decode()
    assert_no_active_content(html, "adopted plan")
