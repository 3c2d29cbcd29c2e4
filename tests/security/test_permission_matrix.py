"""Every staff URL for every role: allowed roles get through, the others get 403 or a redirect to
the login or the dashboard, and nothing changes."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from consultation.demo.builders import make_comment
from consultation.models import Adoption, OfficialResponse, ParagraphComment, PlanVersion, ReportPublication
from consultation.moderation.actions import publish_comments, save_response
from tests.utils import coordinator_user

ROLES = [None, "commenter", "komunikacja", "eksperci", "koordynatorzy", "zarzad", "admin"]


def state():
    comment = ParagraphComment.objects.order_by("pk").first()
    return (comment.status, comment.rejection_reason, OfficialResponse.objects.count(),
            PlanVersion.objects.count(), Adoption.objects.count())


def actions(plan, comment, unconfirmed):
    pdf = SimpleUploadedFile("u.pdf", b"%PDF-1.4\n%%EOF\n")
    return [
        # (name, method, url, data, roles allowed)
        ("queue", "get", reverse("moderation:index"), None, {"eksperci", "koordynatorzy", "admin"}),
        ("comment", "get", reverse("moderation:comment", args=[comment.pk]), None,
         {"eksperci", "koordynatorzy", "admin"}),
        ("publish", "post", reverse("moderation:comment", args=[comment.pk]), {"action": "publish"},
         {"eksperci", "koordynatorzy", "admin"}),
        ("reject", "post", reverse("moderation:comment", args=[comment.pk]), {"action": "reject", "reason": "x"},
         {"eksperci", "koordynatorzy", "admin"}),
        ("bulk", "post", reverse("moderation:index"), {"action": "publish", "comments": [comment.pk]},
         {"eksperci", "koordynatorzy", "admin"}),
        # A draft, on a comment not yet confirmed: the published response of `comment` is changed by a
        # coordinator only, and a comment awaiting moderation would keep the plan from being adopted.
        ("respond", "post", reverse("moderation:comment", args=[unconfirmed.pk]),
         {"action": "respond", "disposition": "accepted", "justification": "x", "publish": "on"},
         {"eksperci", "koordynatorzy", "admin"}),
        ("plans", "get", reverse("plans:index"), None, {"komunikacja", "zarzad", "admin"}),
        ("page editor", "get", reverse("wagtailadmin_pages:edit", args=[plan.pk]), None, {"komunikacja", "admin"}),
        ("version", "post", reverse("plans:publish_version", args=[plan.pk]), {"label": "v"},
         {"komunikacja", "admin"}),
        ("adopt", "post", reverse("plans:adopt", args=[plan.pk]),
         {"resolution_number": "1/2026", "resolution_date": (timezone.localdate() - timedelta(days=1)).isoformat(), "adopting_body": "board", "document": pdf},
         {"zarzad", "admin"}),  # last: adoption freezes the plan
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, users, plan, chapter, role):
    comment = make_comment(chapter, 1)
    unconfirmed = make_comment(chapter, 2, confirm=False)
    plan.consultation_opens = timezone.now() - timedelta(days=50)
    plan.consultation_closes = timezone.now() - timedelta(days=5)
    plan.save_revision().publish()
    # What adoption requires besides the right: the comment moderated and answered, the report public.
    publish_comments([comment], moderator=users["eksperci"])
    save_response(comment, author=coordinator_user(), disposition="accepted", justification="x", publish=True)
    ReportPublication.objects.create(plan=plan, published_at=timezone.now())
    if role:
        client.force_login(users[role])
    for name, method, url, data, allowed in actions(plan, comment, unconfirmed):
        before = state()
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        if role in allowed:
            assert response.status_code in (200, 302), (role, name, response.status_code)
            if method == "get":
                assert response.status_code == 200, (role, name)
        else:
            assert response.status_code in (302, 403), (role, name, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith(("/admin/login/", "/admin/")), (role, name)
            assert state() == before, (role, name)
