"""Nothing hidden leaks: every public channel, every hidden state, every role without moderation rights.

Hidden states: a comment awaiting email confirmation, one awaiting moderation, a rejected one, a
reply awaiting moderation, the reasons readers gave when flagging a published comment (the flagged
comment itself stays published until a moderator decides), the experts' internal notes; and drafts: an unpublished chapter, an
unpublished revision of a live chapter, and a live chapter of an unpublished plan. Each carries a
marker that must never appear.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from consultation.demo.builders import edit_chapter, make_chapter, make_comment, make_plan
from consultation.models import ChapterPage, OutgoingMail, PlanFollower
from consultation.moderation.actions import add_internal_note, publish_comments, reject_comments
from consultation.participation.actions import flag_comment
from consultation.versions.actions import publish_version
from tests.utils import communications_user

ROLES_WITHOUT_MODERATION = [None, "commenter", "komunikacja", "zarzad"]


@pytest.fixture
def hidden(home, plan, chapter, expert):
    markers = {}
    # Someone follows the plan (issue 14): the news of versions reaches them by mail.
    PlanFollower.objects.create(plan=plan, email="obserwator@example.org", token_hash="-",
                                created_at=timezone.now(), confirmed_at=timezone.now())

    def comment(state, **fields):
        marker = f"ukryte{state}znacznik"
        markers[state] = marker
        return make_comment(chapter, 1, title=marker, text=f"{marker} tekst", confirm=state != "unconfirmed",
                            email=f"{state}@example.org", ip_address="203.0.113.9", **fields)

    comment("unconfirmed")
    comment("pending")
    rejected = comment("rejected")
    reject_comments([rejected], moderator=expert, reason="powodpowodpowod", category="off_topic")
    markers["reason"] = "powodpowodpowod"
    offensive = comment("offensive")  # its row is in the report, its text never
    reject_comments([offensive], moderator=expert, reason="Obraźliwa.", category="offensive")
    flagged = make_comment(chapter, 1, title="Oflagowany komentarz")
    publish_comments([flagged], moderator=expert)
    for reporter in ("a", "b", "c", "d"):
        flag_comment(flagged, reporter=reporter, reason="zgloszeniezgloszenie")
    markers["report"] = "zgloszeniezgloszenie"
    markers["note"] = "notatkawewnetrznaznacznik"  # the experts' internal note on a published comment
    add_internal_note(flagged, author=expert, text=f"{markers['note']} o autorze uwagi")
    parent = make_comment(chapter, 2, title="Opublikowany rodzic")
    publish_comments([parent], moderator=expert)
    parent.refresh_from_db()
    markers["reply"] = "ukrytaodpowiedzznacznik"
    make_comment(chapter, parent=parent, title=markers["reply"], text=markers["reply"], email="reply@example.org")

    markers["draft_chapter"] = "szkicrozdzialuznacznik"
    draft = make_chapter(plan, number=2, slug="szkic", title=markers["draft_chapter"], publish=False,
                         blocks=[("paragraph", f"<p>{markers['draft_chapter']}</p>")])
    markers["draft_revision"] = "szkicpoprawkiznacznik"
    chapter.body = [{"type": "paragraph", "value": f"<p>{markers['draft_revision']}</p>"}]
    chapter.save_revision()
    chapter.refresh_from_db()
    publish_version(plan, label="v1", user=communications_user())
    edit_chapter(chapter, lambda raw: raw.__setitem__(0, {**raw[0], "value": "<p>Pierwszy akapit, wersja 2.</p>"}))
    publish_version(plan, label="v2", user=communications_user())
    markers["unpublished_plan"] = "niepublicznyplanznacznik"
    hidden_plan = make_plan(home, title="Plan niepubliczny", slug="plan-niepubliczny",
                            opens=plan.consultation_opens, closes=plan.consultation_closes)
    make_chapter(hidden_plan, number=1, slug="rozdzial", title=f"Tajnyrozdzial {markers['unpublished_plan']}",
                 blocks=[("paragraph", f"<p>{markers['unpublished_plan']}</p>")])
    hidden_plan.unpublish()  # its chapter stays live, and must be hidden with its plan
    markers["email"] = "@example.org"
    markers["ip"] = "203.0.113.9"
    return markers, draft


def xlsx_text(raw):
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(raw), read_only=True).active
    return " ".join(str(value) for row in sheet.iter_rows(values_only=True) for value in row if value is not None)


def pdf_text(raw, tmp_path):
    import subprocess

    path = tmp_path / "raport.pdf"
    path.write_bytes(raw)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def odt_text(raw):
    import io

    from odf import teletype, text
    from odf.opendocument import load

    document = load(io.BytesIO(raw))
    return " ".join(teletype.extractText(p) for p in document.getElementsByType(text.P))


# The report (sprawozdanie) lists every comment received, rejected ones with their text and reason
# (offensive ones without their text): the staff who may read its draft see them there, as everyone
# will once it is published.
REPORT_LISTS = {"rejected", "reason"}
REPORT_READERS = {"komunikacja", "zarzad"}


def public_urls(plan, chapter, draft):
    key = chapter.paragraphs()[0].key
    return [
        "/", plan.url, chapter.url, draft.url or "/plan-testowy/szkic/",
        chapter.url + chapter.reverse_subpage("comment", args=[key]),
        chapter.url + chapter.reverse_subpage("paragraph", args=[key]),
        chapter.url + chapter.reverse_subpage("paragraph", args=[chapter.paragraphs()[1].key]),
        plan.url + plan.reverse_subpage("versions"),
        plan.url + plan.reverse_subpage("version", args=[1]),
        plan.url + plan.reverse_subpage("version", args=[2]),
        plan.url + plan.reverse_subpage("version_text", args=[2]),
        plan.url + plan.reverse_subpage("compare") + "?od=1&do=2",
        reverse("api-chapter-comments", args=[chapter.pk]),
        reverse("api-chapter-comments", args=[draft.pk]),
        reverse("api-paragraph-comments", args=[chapter.pk, key]),
        plan.url + plan.reverse_subpage("report"),
        plan.url + plan.reverse_subpage("report_export", args=["csv"]),
        plan.url + plan.reverse_subpage("report_export", args=["xlsx"]),
        plan.url + plan.reverse_subpage("report_export", args=["pdf"]),
        plan.url + plan.reverse_subpage("report_export", args=["odt"]),
        plan.url + plan.reverse_subpage("general_comment"),
        chapter.url + chapter.reverse_subpage("chapter_comment"),
        "/plan-niepubliczny/rozdzial/", "/plan-niepubliczny/",
        reverse("api-chapter-comments", args=[ChapterPage.objects.get(slug="rozdzial").pk]),
    ] + [reverse("search") + f"?q={word}&kind={kind}"
         for word in ("ukryte", "szkic", "znacznik", "powod", "zgloszenie", "notatkawewnetrzna", "Tajnyrozdzial")
         for kind in ("text", "comments", "responses", "pages")]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES_WITHOUT_MODERATION)
def test_no_hidden_comment_or_draft_reaches_a_person_without_the_right(client, users, plan, chapter, hidden, role,
                                                                       tmp_path):
    markers, draft = hidden
    if role:
        client.force_login(users[role])
    for url in public_urls(plan, chapter, draft):
        response = client.get(url)
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode("utf-8", errors="replace")
        if url.endswith("/xlsx/") and response.status_code == 200:
            body = xlsx_text(raw)
        if url.endswith("/pdf/") and response.status_code == 200:
            body = pdf_text(raw, tmp_path)
        if url.endswith("/odt/") and response.status_code == 200:
            body = odt_text(raw)
        for name, marker in markers.items():
            if role == "komunikacja" and name.startswith("draft"):
                continue  # editors may read drafts, but only in the admin
            if "/raport/" in url and name in REPORT_LISTS and role in REPORT_READERS:
                assert response.status_code == 200 and marker in body, (role, url, name)
                continue
            assert marker not in body, (role, url, name)
    for url in (reverse("moderation:index"), reverse("moderation:index") + "?status=unconfirmed",
                reverse("moderation:index") + "?status=rejected"):
        response = client.get(url)
        assert response.status_code in (302, 403)
        for marker in markers.values():
            assert marker not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "commenter", "zarzad"])
def test_draft_previews_and_revision_comparisons_need_edit_or_review_rights(client, users, chapter, hidden, role):
    """Komunikacja writes drafts and Eksperci review them; nobody else sees them."""
    markers, draft = hidden
    if role:
        client.force_login(users[role])
    revisions = list(chapter.revisions.order_by("pk").values_list("pk", flat=True))
    urls = [
        reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[chapter.pk, revisions[-1]]),
        reverse("wagtailadmin_pages:revisions_compare", args=[chapter.pk, "live", revisions[-1]]),
        reverse("wagtailadmin_pages:edit", args=[draft.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), (role, url)
        assert markers["draft_revision"] not in response.content.decode()
        assert markers["draft_chapter"] not in response.content.decode()


@pytest.mark.django_db
def test_no_mail_carries_what_its_recipient_may_not_see(hidden):
    """Every mail the walk queued (copies, moderation news, the flag notice, followers' news of the
    versions): a commenter's own words go only to that commenter, the flags' reason only to the
    moderators, and no mail ever carries an internal note, a draft, an unpublished plan, an IP address
    or anyone else's address."""
    markers, _draft = hidden
    owner = {"unconfirmed@example.org": ["unconfirmed"], "pending@example.org": ["pending"],
             "rejected@example.org": ["rejected", "reason"], "offensive@example.org": ["offensive"],
             "reply@example.org": ["reply"]}
    mails = list(OutgoingMail.objects.all())
    assert {"comment_copy", "comment_rejected", "comment_published", "flag", "version_published"} <= {
        m.kind for m in mails}
    for message in mails:
        allowed = set(owner.get(message.to, [])) | ({"report"} if message.kind == "flag" else set())
        text = message.subject + "\n" + message.body
        for name, marker in markers.items():
            if name in allowed or name == "email":
                continue
            assert marker not in text, (message.kind, message.to, name)
        others = set(re.findall(r"[\w.+-]+@example\.org", text)) - {message.to}
        assert not others, (message.kind, message.to, others)


@pytest.mark.django_db
def test_mail_goes_only_to_the_commenter(hidden):
    # Builders confirm in-process; no mail is due to anyone else for any hidden state.
    for message in mail.outbox:
        assert len(message.to) == 1 and message.to[0].endswith("@example.org")
