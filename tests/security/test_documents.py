"""Documents the board uploads through Wagtail's own document screens stay private (defect 7)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.django_db
def test_a_draft_resolution_uploaded_by_the_board_is_not_public(client, users, settings):
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"  # the test storage is in memory: serve by redirect
    client.force_login(users["zarzad"])
    form = client.get(reverse("wagtaildocs:add"))
    assert form.status_code == 200
    response = client.post(reverse("wagtaildocs:add"), {
        "title": "Projekt uchwały", "file": SimpleUploadedFile("projekt-uchwaly.pdf", PDF),
    })
    assert response.status_code == 302
    document = get_document_model().objects.get()
    assert document.collection.name == "Dokumenty niepubliczne"
    assert client.get(document.url)["Location"].startswith("/media/")  # the board opens it
    client.logout()
    hidden = client.get(document.url)
    assert hidden.status_code == 302 and "login" in hidden["Location"]  # nobody else does
    client.force_login(users["commenter"])  # logged in, but not staff
    response = client.get(document.url)
    assert response.status_code in (302, 403) and not response.get("Location", "").startswith("/media/")
