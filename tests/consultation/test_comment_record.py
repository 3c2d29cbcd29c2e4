"""The Polish consultation record on the public side: the form of the formularz zgłaszania uwag
(current wording, proposed wording, comment, justification, who submits), comments on a chapter as a
whole and general comments on the whole document, and the copy of the comment sent by email."""

import re
import socketserver
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from consultation.demo.builders import comment_input
from consultation.models import CommentScope, ParagraphComment, PlanPage
from consultation.moderation.actions import publish_comments, save_response
from consultation.participation.actions import confirm_comment, submit_comment
from tests.utils import (
    comment_url,
    coordinator_user,
    filled_comment_form,
    hidden_fields,
    on_commit_run,
    text_of,
)


def pl(msgid):
    """A label as the Polish page shows it (translated or, until it is, the English msgid)."""
    with translation.override("pl"):
        return gettext(msgid)


def chapter_comment_url(chapter):
    return chapter.url + chapter.reverse_subpage("chapter_comment")


def general_comment_url(plan):
    return plan.url + plan.reverse_subpage("general_comment")


def published_comment(plan, expert, *, chapter=None, key="", response=None, **fields):
    """A comment submitted, confirmed and published; answered when `response` is given."""
    tokens = []
    comment, _created = submit_comment(plan=plan, chapter=chapter, paragraph_key=key, data=comment_input(**fields),
                                       link_for_token=lambda token: tokens.append(token) or "/")
    confirm_comment(tokens[0])
    publish_comments([comment], moderator=expert)
    comment = ParagraphComment.objects.get(pk=comment.pk)
    if response:
        save_response(comment, author=coordinator_user(), disposition="partly", justification=response, publish=True)
    return ParagraphComment.objects.get(pk=comment.pk)


# --- The form ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_form_quotes_the_current_wording_and_asks_what_the_polish_form_asks(client, chapter):
    html = text_of(client.get(comment_url(chapter, 4)))
    assert "Trzeci akapit o finansowaniu." in html  # quoted, not a field to type it in
    assert pl("Current wording of paragraph %(number)s of the chapter “%(title)s”:") % {
        "number": 4, "title": "Diagnoza"} in html
    order = [html.index(f'name="{name}"') for name in
             ("proposed_wording", "comment", "justification", "title", "commenter_kind", "organisation", "name",
              "email", "consent")]
    assert order == sorted(order)
    assert 'value="institution"' in html and 'value="organisation"' in html and 'value="person"' in html
    form = html.split('class="comment-form"', 1)[1]
    assert not re.search(r"<textarea[^>]*maxlength", form)  # never cut what people paste
    assert not re.search(r'<input[^>]*name="(title|name|organisation)"[^>]*maxlength', form)
    assert html.count('class="limit" data-max-length="5000"') == 3  # the live counter of each long field


@pytest.mark.django_db
def test_a_public_institution_submits_proposed_wording_and_justification(client, chapter):
    url = comment_url(chapter, 1)
    data = filled_comment_form(client, url, commenter_kind="institution", organisation="Gmina Kock",
                               proposed_wording="Pierwszy akapit o diagnozie powiatów.",
                               justification="Dane GUS są dostępne dla powiatów.")
    assert client.post(url, data).status_code == 302
    comment = ParagraphComment.objects.get()
    assert (comment.commenter_kind, comment.organisation, comment.scope) == ("institution", "Gmina Kock", "paragraph")
    assert comment.proposed_wording == "Pierwszy akapit o diagnozie powiatów."
    assert comment.justification == "Dane GUS są dostępne dla powiatów."
    assert comment.paragraph_text == "Pierwszy akapit o diagnozie."


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["organisation", "institution"])
def test_an_organisation_or_institution_must_give_its_name(client, chapter, kind):
    url = comment_url(chapter, 1)
    response = client.post(url, filled_comment_form(client, url, commenter_kind=kind, organisation=""))
    assert response.status_code == 400
    assert pl("Give the name of the organisation or institution.") in text_of(response)
    assert ParagraphComment.objects.count() == 0


@pytest.mark.django_db
def test_a_private_person_is_not_stored_with_an_organisation(client, chapter):
    url = comment_url(chapter, 1)
    client.post(url, filled_comment_form(client, url, organisation="Coś wpisane"))
    assert ParagraphComment.objects.get().organisation == ""


@pytest.mark.django_db
def test_the_optional_parts_are_plain_text_stored_as_typed_and_refused_when_too_long(client, chapter, settings):
    url = comment_url(chapter, 1)
    payload = "<b>pogrubione</b> & <script>x</script>"
    assert client.post(url, filled_comment_form(client, url, proposed_wording=payload,
                                                justification=payload)).status_code == 302
    comment = ParagraphComment.objects.get()
    assert comment.proposed_wording == comment.justification == payload
    limit = settings.DROGOWSKAZ_COMMENT_MAX_LENGTH
    response = client.post(url, filled_comment_form(client, url, justification="x" * (limit + 1)))
    assert response.status_code == 400 and 'href="#id_justification"' in text_of(response)
    assert ParagraphComment.objects.count() == 1


# --- A chapter as a whole, the whole document -------------------------------------------------------


@pytest.mark.django_db
def test_a_chapter_can_be_commented_on_as_a_whole(client, plan, chapter, expert):
    html = text_of(client.get(chapter.url))
    assert f'href="{chapter_comment_url(chapter)}"' in html
    url = chapter_comment_url(chapter)
    page = client.get(url)
    signed = hidden_fields(text_of(page))
    assert (signed["content_type"], signed["object_pk"]) == ("consultation.chapterpage", str(chapter.pk))
    response = client.post(url, filled_comment_form(client, url, title="O całym rozdziale",
                                                    proposed_wording="Nowy rozdział."))
    assert response.status_code == 302 and response["Location"] == chapter.url + "#receipt"
    comment = ParagraphComment.objects.get()
    assert (comment.scope, comment.paragraph_key, comment.object_pk, comment.plan_id) == (
        CommentScope.CHAPTER, "", str(chapter.pk), plan.pk)
    assert "O całym rozdziale" not in text_of(client.get(chapter.url))  # not before it is published
    comment.confirmed_at = comment.submit_date
    comment.save(update_fields=["confirmed_at"])
    publish_comments([comment], moderator=expert)
    assert "O całym rozdziale" in text_of(client.get(chapter.url))  # read by its own query (issue 15)


@pytest.mark.django_db
def test_a_general_comment_hangs_on_the_plan_page(client, plan, chapter):
    html = text_of(client.get(plan.url))
    url = general_comment_url(plan)
    assert f'href="{url}"' in html
    signed = hidden_fields(text_of(client.get(url)))
    assert (signed["content_type"], signed["object_pk"]) == ("consultation.planpage", str(plan.pk))
    response = client.post(url, filled_comment_form(client, url, title="Uwaga ogólna",
                                                    justification="Cały dokument jest za długi."))
    assert response.status_code == 302 and response["Location"] == plan.url + "#receipt"
    comment = ParagraphComment.objects.get()
    assert comment.scope == CommentScope.GENERAL and comment.content_object == plan
    assert comment.paragraph_text == "" and comment.justification == "Cały dokument jest za długi."


@pytest.mark.django_db
def test_a_form_signed_for_a_chapter_cannot_be_posted_as_a_general_comment(client, plan, chapter):
    data = filled_comment_form(client, chapter_comment_url(chapter))
    response = client.post(general_comment_url(plan), data)
    assert response.status_code == 400
    assert pl("The form was altered or belongs to another page. Open it again.") in text_of(response)
    assert ParagraphComment.objects.count() == 0


@pytest.mark.django_db
def test_closed_consultation_offers_no_chapter_or_general_comment(client, closed_plan, closed_chapter):
    for url in (chapter_comment_url(closed_chapter), general_comment_url(closed_plan)):
        assert url not in text_of(client.get(closed_plan.url))
        assert url not in text_of(client.get(closed_chapter.url))
        assert 'class="comment-form"' not in text_of(client.get(url))
        assert client.post(url, {"title": "x", "comment": "y"}).status_code == 403
    assert ParagraphComment.objects.count() == 0


@pytest.mark.django_db
def test_published_chapter_and_general_comments_show_with_their_responses(client, plan, chapter, expert):
    published_comment(plan, expert, chapter=chapter, title="Rozdział za krótki", response="Rozszerzymy go.",
                      proposed_wording="Dodać podrozdział.", justification="Brakuje danych.")
    published_comment(plan, expert, title="Cały plan ogólnikowy", response="Doprecyzujemy cele.",
                      commenter_kind="institution", organisation="Urząd Gminy Kock")
    chapter_html = text_of(client.get(chapter.url))
    section = chapter_html.split('id="komentarze-rozdzial"', 1)[1].split("</section>", 1)[0]
    assert "Rozdział za krótki" in section and "Rozszerzymy go." in section
    assert "Dodać podrozdział." in section and "Brakuje danych." in section
    assert f"{pl('Proposed wording')}:" in section and f"{pl('Justification')}:" in section
    assert "/odpowiedz/" not in section  # a comment on the chapter as a whole takes no replies
    assert "Cały plan ogólnikowy" not in chapter_html
    plan_html = text_of(client.get(plan.url))
    section = plan_html.split('id="uwagi-ogolne"', 1)[1].split("</section>", 1)[0]
    assert "Cały plan ogólnikowy" in section and "Doprecyzujemy cele." in section
    assert "Urząd Gminy Kock" in section
    assert "/odpowiedz/" not in section and "/zglos/" in section  # no replies; flags, as on any comment
    assert "Rozdział za krótki" not in plan_html


@pytest.mark.django_db
def test_unpublished_general_comments_never_show(client, plan, chapter):
    make_input = comment_input(title="Niepotwierdzona ogólna")
    submit_comment(plan=plan, data=make_input, link_for_token=lambda token: "/")
    assert "Niepotwierdzona ogólna" not in text_of(client.get(plan.url))


@pytest.mark.django_db
def test_plan_and_chapter_pages_run_a_fixed_number_of_queries(client, plan, chapter, expert,
                                                              django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    published_comment(plan, expert, title="Ogólna 0", response="Odpowiedź 0")
    published_comment(plan, expert, chapter=chapter, title="Rozdziałowa 0", response="Odpowiedź R0")
    client.get(plan.url), client.get(chapter.url)  # warm per-process caches
    few = queries(plan.url), queries(chapter.url)
    for n in range(1, 6):
        published_comment(plan, expert, title=f"Ogólna {n}", response=f"Odpowiedź {n}")
        published_comment(plan, expert, chapter=chapter, title=f"Rozdziałowa {n}", response=f"Odpowiedź R{n}")
    with django_assert_num_queries(few[0]):
        html = text_of(client.get(plan.url))
    assert "Ogólna 5" in html and "Odpowiedź 5" in html
    with django_assert_num_queries(few[1]):
        html = text_of(client.get(chapter.url))
    assert "Rozdziałowa 5" in html and "Odpowiedź R5" in html


@pytest.mark.django_db
def test_the_api_carries_proposed_wording_justification_and_chapter_comments(client, plan, chapter, expert):
    key = chapter.paragraphs()[0].key
    published_comment(plan, expert, chapter=chapter, key=key, title="Akapitowa", proposed_wording="Nowy zapis.",
                      justification="Bo tak.")
    published_comment(plan, expert, chapter=chapter, title="Rozdziałowa", response="Odpowiemy w raporcie.")
    data = client.get(reverse("api-chapter-comments", args=[chapter.pk])).json()
    comment = data["paragraphs"][0]["comments"][0]
    assert (comment["proposed_wording"], comment["justification"], comment["scope"]) == (
        "Nowy zapis.", "Bo tak.", "paragraph")
    [whole] = data["chapter_comments"]
    assert whole["title"] == "Rozdziałowa" and whole["scope"] == "chapter"
    assert whole["response"]["justification"] == "Odpowiemy w raporcie."
    assert all(c["title"] != "Rozdziałowa" for p in data["paragraphs"] for c in p["comments"])
    single = client.get(reverse("api-paragraph-comments", args=[chapter.pk, key])).json()
    assert single["paragraph"]["comments"][0]["proposed_wording"] == "Nowy zapis."


@pytest.mark.django_db
def test_the_paragraph_page_shows_proposed_wording_and_justification(client, plan, chapter, expert):
    key = chapter.paragraphs()[0].key
    published_comment(plan, expert, chapter=chapter, key=key, proposed_wording="Lepszy zapis <i>.",
                      justification="Uzasadnienie & dane.")
    html = text_of(client.get(chapter.url + chapter.reverse_subpage("paragraph", args=[key])))
    assert "Lepszy zapis &lt;i&gt;." in html and "Uzasadnienie &amp; dane." in html
    assert f"{pl('Proposed wording')}:" in html and f"{pl('Justification')}:" in html


# --- The page cache ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_publishing_a_general_comment_drops_the_cached_plan_page(client, home, plan, chapter, expert, settings):
    from consultation.demo.builders import make_plan

    settings.DROGOWSKAZ_PAGE_CACHE_SECONDS = 600
    other = make_plan(home, title="Inny plan", slug="inny-plan", opens=plan.consultation_opens,
                      closes=plan.consultation_closes)
    tokens = []
    comment, _created = submit_comment(plan=plan, data=comment_input(title="Ogólna w cache"),
                                       link_for_token=lambda token: tokens.append(token) or "/")
    confirm_comment(tokens[0])
    for url in (plan.url, other.url, chapter.url):
        client.get(url)
        assert client.get(url).get("X-Page-Cache") == "hit"
    publish_comments([ParagraphComment.objects.get(pk=comment.pk)], moderator=expert)
    response = client.get(plan.url)
    assert response.get("X-Page-Cache") == "miss" and "Ogólna w cache" in text_of(response)
    assert client.get(other.url).get("X-Page-Cache") == "hit"  # another plan stays cached
    assert client.get(chapter.url).get("X-Page-Cache") == "hit"  # and so do its chapters
    save_response(ParagraphComment.objects.get(pk=comment.pk), author=coordinator_user(), disposition="accepted",
                  justification="Przyjmujemy ogólną.", publish=True)
    assert "Przyjmujemy ogólną." in text_of(client.get(plan.url))


# --- The copy by email ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_mail_carries_a_copy_of_the_whole_comment_and_its_three_links(client, plan, chapter):
    url = comment_url(chapter, 4)
    with on_commit_run():
        client.post(url, filled_comment_form(client, url, title="Kopia uwagi", comment="Treść do kopii.",
                                             proposed_wording="Zapis proponowany.", justification="Bo dane.",
                                             commenter_kind="organisation", organisation="Fundacja Most"))
    comment = ParagraphComment.objects.get()
    body = mail.outbox[0].body
    assert comment.reference in mail.outbox[0].subject and comment.reference in body
    for text in ("Plan testowy", "Diagnoza", "Trzeci akapit o finansowaniu.", "Zapis proponowany.", "Treść do kopii.",
                 "Bo dane.", "Kopia uwagi", "Fundacja Most", pl("organisation")):
        assert text in body, text
    assert pl("paragraph %(number)s") % {"number": 4} in body
    for name in ("comment-confirm", "comment-withdraw", "comment-correct"):
        prefix = reverse(name, args=["x"]).rsplit("x/", 1)[0]
        assert re.search(rf"http://testserver{re.escape(prefix)}[\w-]+/", body), name
    assert "jan.kowalski@example.org" not in body  # the address it goes to, not part of the copy


@pytest.mark.django_db
def test_the_mail_of_a_general_comment_says_it_concerns_the_whole_document(client, plan):
    url = general_comment_url(plan)
    with on_commit_run():
        client.post(url, filled_comment_form(client, url, comment="Ogólnie o planie."))
    body = mail.outbox[0].body
    assert pl("the whole document (general comment)") in body and "Ogólnie o planie." in body


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: greet, accept one message per DATA, keep it."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 test SMTP")
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.wfile.write(b"250-test\r\n250 8BITMIME\r\n")
            elif verb == "DATA":
                self.reply("354 go on")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                self.server.messages.append(b"".join(lines))
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free local port; Django's SMTP backend sends to it."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.daemon_threads = True
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.OUTBOX_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # the outbox's transport
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.server_address[1]
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_the_copy_goes_out_through_a_real_smtp_server(client, chapter, smtp_server):
    import email
    from email import policy

    url = comment_url(chapter, 1)
    with on_commit_run():
        response = client.post(url, filled_comment_form(client, url, comment="Przez prawdziwy serwer.",
                                                        justification="Zażółć gęślą jaźń."))
    assert response.status_code == 302
    [raw] = smtp_server.messages
    message = email.message_from_bytes(raw, policy=policy.default)
    comment = ParagraphComment.objects.get()
    assert message["To"] == "jan.kowalski@example.org" and comment.reference in message["Subject"]
    body = message.get_body().get_content()
    assert "Przez prawdziwy serwer." in body and "Zażółć gęślą jaźń." in body
    assert "/komentarz/potwierdz/" in body and "/komentarz/wycofaj/" in body and "/komentarz/popraw/" in body


# --- Replies are discussion --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_reply_form_says_honestly_that_replies_are_not_answered(client, plan, chapter, expert):
    key = chapter.paragraphs()[0].key
    parent = published_comment(plan, expert, chapter=chapter, key=key, title="Komentarz do dyskusji")
    url = chapter.url + chapter.reverse_subpage("reply", args=[parent.pk])
    html = text_of(client.get(url))
    assert pl("A reply is part of the discussion between residents. The expert team does not answer replies "
              "officially and they are not in the consultation report.") in html
    assert pl("The team answers every comment in the consultation report.") not in html
    assert f'href="{comment_url(chapter, 1)}"' in html  # the way to a comment that is answered
    assert 'name="proposed_wording"' not in html and 'name="justification"' not in html
    with on_commit_run():
        response = client.post(url, filled_comment_form(client, url, title="Odpowiedź"), follow=True)
    reply = ParagraphComment.objects.get(title="Odpowiedź")
    receipt = pl("Thank you. We have received reply no. %(ref)s. We have sent you an email: open the link in it "
                 "to confirm the reply. It will be published once the expert team has checked that it keeps to "
                 "the rules; the team does not answer replies officially.") % {"ref": reply.reference}
    assert receipt in text_of(response)
    assert reply.reference in text_of(response)
    assert pl("a reply in the discussion (not answered officially, not in the consultation report)") in \
        mail.outbox[-1].body


# --- Meetings and the legal basis on the plan page ---------------------------------------------------


@pytest.mark.django_db
def test_the_plan_page_announces_meetings_and_the_legal_basis(client, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model

    from consultation.models import ConsultationMeeting

    now = timezone.now()
    minutes = get_document_model().objects.create(
        title="Protokół spotkania w Chełmie", file=SimpleUploadedFile("protokol.pdf", b"%PDF-1.4\n%%EOF\n"))
    ConsultationMeeting.objects.create(
        plan=plan, starts_at=now + timedelta(days=5), ends_at=now + timedelta(days=5, hours=2),
        place="Urząd Marszałkowski, sala 101", online_url="https://spotkanie.example.org/abc",
        accessibility="Wejście bez schodów, pętla indukcyjna.", registration="Zapisy do piątku.",
        registration_url="https://zapisy.example.org/")
    ConsultationMeeting.objects.create(plan=plan, starts_at=now - timedelta(days=3), place="Starostwo w Chełmie",
                                       participants=23, minutes=minutes)
    PlanPage.objects.filter(pk=plan.pk).update(legal_basis_details="Uchwała nr XX/123/2026 Sejmiku.")
    html = text_of(client.get(plan.url))
    meetings = html.split('id="spotkania"', 1)[1].split("</section>", 1)[0]
    upcoming, past = meetings.split(pl("Past meetings"))
    for text in ("Urząd Marszałkowski, sala 101", 'href="https://spotkanie.example.org/abc"',
                 "Wejście bez schodów, pętla indukcyjna.", "Zapisy do piątku.", 'href="https://zapisy.example.org/"'):
        assert text in upcoming, text
    assert "Starostwo w Chełmie" in past and f'href="{minutes.url}"' in past and "23" in past
    about = html.split('class="about-consultation"', 1)[1].split("</section>", 1)[0]
    plan.refresh_from_db()
    assert str(plan.get_legal_basis_display()) in about or pl(plan.get_legal_basis_display()) in about
    assert "Uchwała nr XX/123/2026 Sejmiku." in about
    with translation.override("pl"):
        from django.utils.formats import date_format

        assert date_format(timezone.localtime(plan.report_due), "j E Y") in about


@pytest.mark.django_db
def test_a_meeting_that_ends_expires_the_cached_plan_page(plan):
    from consultation.public.page_cache import timeout_for

    now = timezone.now()
    assert timeout_for(plan, now, [now + timedelta(minutes=10)]) <= 601


# --- Correction (korekta) ---------------------------------------------------------------------------


def submitted(client, url, **fields):
    """Post the form at `url`; returns the comment and the path of each link of its mail."""
    with on_commit_run():
        assert client.post(url, filled_comment_form(client, url, **fields)).status_code == 302
    body = mail.outbox[-1].body
    links = {name: re.search(rf"http://testserver(/komentarz/{word}/[^/\s]+/)", body).group(1)
             for name, word in (("confirm", "potwierdz"), ("withdraw", "wycofaj"), ("correct", "popraw"))}
    return ParagraphComment.objects.latest("pk"), links


def correction(client, link, **overrides):
    data = {"title": "Tytuł poprawiony", "comment": "Treść poprawiona.", "proposed_wording": "Zapis poprawiony.",
            "justification": "Uzasadnienie poprawione."}
    data.update(overrides)
    return client.post(link, data)


@pytest.mark.django_db
def test_a_correction_keeps_the_reference_and_the_previous_wording(client, chapter):
    comment, links = submitted(client, comment_url(chapter, 2), title="Pierwszy tytuł", comment="Pierwsza treść.",
                               proposed_wording="Pierwszy zapis.")
    page = text_of(client.get(links["correct"]))
    assert "Drugi akapit o spółdzielniach socjalnych." in page  # the current wording, quoted
    assert 'name="proposed_wording"' in page and "Pierwszy zapis." in page
    assert 'class="limit" data-max-length="5000"' in page and "maxlength" not in page.split("<form", 1)[1]
    response = correction(client, links["correct"])
    assert response.status_code == 302 and response["Location"] == chapter.url + "#receipt"
    corrected = ParagraphComment.objects.get()
    assert corrected.pk == comment.pk and corrected.reference == comment.reference
    assert (corrected.title, corrected.comment, corrected.proposed_wording, corrected.justification) == (
        "Tytuł poprawiony", "Treść poprawiona.", "Zapis poprawiony.", "Uzasadnienie poprawione.")
    [kept] = corrected.corrections.all()
    assert kept.previous == {"title": "Pierwszy tytuł", "comment": "Pierwsza treść.",
                             "proposed_wording": "Pierwszy zapis.", "justification": ""}
    page = text_of(client.get(links["correct"]))
    assert 'class="history-note"' in page  # corrected once before
    for name in ("confirm", "withdraw", "correct"):
        html = text_of(client.get(links[name]))
        assert "Treść poprawiona." in html and "Pierwsza treść." not in html, name


@pytest.mark.django_db
def test_opening_the_correction_link_changes_nothing(client, chapter):
    comment, links = submitted(client, comment_url(chapter, 1))
    before = ParagraphComment.objects.filter(pk=comment.pk).values().get()
    for _ in range(2):
        assert client.get(links["correct"]).status_code == 200
    assert ParagraphComment.objects.filter(pk=comment.pk).values().get() == before
    assert not comment.corrections.exists()


@pytest.mark.django_db
def test_a_correction_is_refused_once_a_moderator_has_acted(client, chapter, expert):
    comment, links = submitted(client, comment_url(chapter, 1), comment="Przed moderacją.")
    client.post(links["confirm"])
    publish_comments([ParagraphComment.objects.get(pk=comment.pk)], moderator=expert)
    page = client.get(links["correct"])
    assert page.status_code == 200 and 'name="comment"' not in text_of(page)
    assert pl("The expert team has already dealt with this comment; it can no longer be corrected.") in text_of(page)
    response = correction(client, links["correct"])
    assert response.status_code == 400
    assert ParagraphComment.objects.get().comment == "Przed moderacją."
    assert not comment.corrections.exists()


@pytest.mark.django_db
def test_a_withdrawn_comment_cannot_be_corrected(client, chapter):
    _comment, links = submitted(client, comment_url(chapter, 1), comment="Wycofana treść.")
    client.post(links["withdraw"])
    assert 'name="comment"' not in text_of(client.get(links["correct"]))
    response = correction(client, links["correct"])
    assert response.status_code == 400
    assert pl("This comment was withdrawn; it can no longer be corrected.") in text_of(response)
    assert ParagraphComment.objects.get().comment == "Wycofana treść."


@pytest.mark.django_db
def test_a_correction_with_an_empty_comment_is_refused_with_the_errors_summary(client, chapter):
    _comment, links = submitted(client, comment_url(chapter, 1), comment="Treść zostaje.")
    response = correction(client, links["correct"], comment="\u200b ")
    assert response.status_code == 400
    assert 'id="error-summary"' in text_of(response) and 'href="#id_comment"' in text_of(response)
    assert ParagraphComment.objects.get().comment == "Treść zostaje."


@pytest.mark.django_db
def test_the_links_of_a_general_comment_lead_back_to_the_plan(client, plan):
    _comment, links = submitted(client, general_comment_url(plan), comment="Ogólna do linków.")
    page = text_of(client.get(links["confirm"]))
    assert pl("the whole document (general comment)") in page and "Ogólna do linków." in page
    response = correction(client, links["correct"])
    assert response.status_code == 302 and response["Location"] == plan.url + "#receipt"
    response = client.post(links["confirm"])
    assert response.status_code == 302 and response["Location"] == plan.url + "#receipt"
    response = client.post(links["withdraw"])
    assert response.status_code == 302 and response["Location"] == plan.url + "#receipt"
    assert ParagraphComment.objects.get().status == "withdrawn"


@pytest.mark.django_db
def test_a_registered_comment_shows_its_date_of_receipt_not_of_registration(client, plan, chapter, users):
    from django.utils.dates import MONTHS_ALT

    from consultation.participation.intake import Receipt, register_comment

    received = timezone.localdate() - timedelta(days=1)
    comment = register_comment(
        plan=plan, chapter=chapter, paragraph_key=chapter.paragraphs()[0].key, user=users["komunikacja"],
        data=comment_input(idempotency_key=None, title="Z poczty"), receipt=Receipt("post", received),
    )
    publish_comments([comment], moderator=users["eksperci"])
    html = text_of(client.get(chapter.url))
    with translation.override("pl"):
        day = f"{received.day} {MONTHS_ALT[received.month]} {received.year}"
        shown = gettext("received on %(date)s (%(channel)s)").replace("%(channel)s", gettext("post or in person at the office"))
    assert shown % {"date": day} in html and f'datetime="{received.isoformat()}"' in html
    data = client.get(reverse("api-chapter-comments", args=[chapter.pk])).json()
    assert '"received_on": "%s"' % received.isoformat() in str(data).replace("'", '"')


@pytest.mark.django_db
def test_a_general_comment_can_be_flagged_like_any_published_comment(client, plan, expert):
    from consultation.models import CommentFlag

    general = published_comment(plan, expert, title="Uwaga ogólna do oflagowania")
    flag_url = plan.url + plan.reverse_subpage("flag", args=[general.pk])
    assert f'href="{flag_url}"' in client.get(plan.url).content.decode()
    response = client.post(flag_url, {"reason": "Narusza zasady."})
    assert response.status_code == 302 and CommentFlag.objects.filter(comment=general).count() == 1
    assert client.get(plan.url + plan.reverse_subpage("flag", args=[general.pk + 999])).status_code == 404
