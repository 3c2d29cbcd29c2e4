"""Plain text keeps every word (issue 11, defect 1): angle brackets typed in the comment form reach
the chapter page, the consultation report and its CSV export exactly as typed, escaped."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from consultation.models import ParagraphComment
from tests.utils import comment_url, confirm_from_mail, filled_comment_form, on_commit_run, text_of

EXAMPLES = ["a<b>c", "Zapis ‹wzór> obowiązuje", "Fundacja <Nowa> & Co", "x < y > z"]


def report_url(plan, export=None):
    return plan.url + (plan.reverse_subpage("report_export", args=[export]) if export
                       else plan.reverse_subpage("report"))


@pytest.mark.django_db
@pytest.mark.parametrize("typed", EXAMPLES)
def test_angle_brackets_reach_the_chapter_and_the_report_as_typed(client, users, plan, chapter, typed):
    url = comment_url(chapter, 1)
    text = f"Proponujemy: {typed}.\n\n&lt; zostaje jak wpisano."
    with on_commit_run():
        response = client.post(url, filled_comment_form(
            client, url, title=typed, comment=text, commenter_kind="organisation", organisation=typed,
        ))
    assert response.status_code == 302
    with on_commit_run():
        confirm_from_mail(client)
    comment = ParagraphComment.objects.get()
    assert (comment.title, comment.comment, comment.organisation) == (typed, text, typed)

    moderator = Client()
    moderator.force_login(users["eksperci"])
    moderator.post(reverse("moderation:comment", args=[comment.pk]), {"action": "publish"})
    comment.refresh_from_db()
    assert comment.is_public

    # The chapter page: the words are all there, as text, never as tags.
    html = text_of(Client().get(chapter.url))
    soup = BeautifulSoup(html, "html.parser")
    title = soup.select_one(f"#ct-{comment.pk}")
    assert title.get_text(strip=True) == typed and [t.name for t in title.find_all(True)] == ["strong"]
    shown = soup.select_one(".comment-text")
    assert [t.name for t in shown.find_all(True)] == ["p", "p"]
    assert [p.get_text() for p in shown.find_all("p")] == [f"Proponujemy: {typed}.", "&lt; zostaje jak wpisano."]
    assert typed in soup.select_one(".author").get_text()
    assert "&amp;lt; zostaje" in html  # an entity typed is shown as typed, not decoded

    # The report (as the expert team sees it before publication) and its CSV export.
    report = BeautifulSoup(text_of(moderator.get(report_url(plan))), "html.parser")
    assert typed in report.get_text()
    export = moderator.get(report_url(plan, "csv"))
    body = b"".join(export.streaming_content).decode("utf-8").lstrip("\ufeff")
    header, row = list(csv.reader(io.StringIO(body), delimiter=";"))[:2]
    columns = dict(zip(header, row))
    assert columns["Tytuł"] == typed
    assert columns["Komentarz"] == text
    assert typed in columns["Zgłaszający"]
