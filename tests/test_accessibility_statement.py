"""Deklaracja dostępności: statutory structure and ids, linked from every page, editable in the admin."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from consultation.demo.builders import ensure_accessibility_statement

STATUTORY_IDS = [
    "a11y-wstep", "a11y-podmiot", "a11y-url", "a11y-data-publikacja", "a11y-data-aktualizacja", "a11y-status",
    "a11y-data-sporzadzenie", "a11y-kontakt", "a11y-osoba", "a11y-email", "a11y-telefon", "a11y-procedura",
    "a11y-architektura", "a11y-aplikacje",
]


@pytest.mark.django_db
def test_statement_has_the_statutory_ids(client, home):
    statement = ensure_accessibility_statement(home)
    soup = BeautifulSoup(client.get(statement.url).content, "html.parser")
    for element_id in STATUTORY_IDS:
        assert len(soup.find_all(id=element_id)) == 1, element_id
    assert soup.find(id="a11y-data-publikacja").name == "time"
    assert soup.find(id="a11y-data-publikacja")["datetime"] == "2026-11-23"
    assert soup.find(id="a11y-email")["href"].startswith("mailto:")
    assert "częściowo zgodna" in soup.find(id="a11y-status").get_text()


@pytest.mark.django_db
def test_every_page_links_to_the_statement_in_its_footer(client, home, plan, chapter):
    statement = ensure_accessibility_statement(home)
    for url in ("/", plan.url, chapter.url, reverse("search"), "/nie-ma-takiej-strony/"):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        footer = soup.find("footer")
        assert footer.find("a", href=statement.url, string="Deklaracja dostępności"), url


@pytest.mark.django_db
def test_the_communications_team_edits_the_statement(client, users, home):
    statement = ensure_accessibility_statement(home)
    client.force_login(users["komunikacja"])
    assert client.get(reverse("wagtailadmin_pages:edit", args=[statement.pk])).status_code == 200
