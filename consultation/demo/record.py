"""Demo of the whole consultation record: meetings with minutes, comments from every channel, general
and chapter-wide comments, a late one, a withdrawn one and rejections of every kind.

Everything goes through the actions (register, submit, confirm, withdraw, publish, reject, respond),
as a real office would do it; only the meetings are part of the plan page and published with it.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from consultation.core.conf import absolute_url
from consultation.demo.builders import comment_input, make_comment
from consultation.models import ConsultationMeeting
from consultation.moderation.actions import (
    publish_comments,
    reject_comments,
    save_response,
)
from consultation.moderation.review import approve_response
from consultation.participation.actions import (
    confirm_comment,
    submit_comment,
    withdraw_comment,
)
from consultation.participation.intake import Receipt, register_comment

ANNOUNCED_IN = ("Biuletyn Informacji Publicznej Urzędu Marszałkowskiego, strona internetowa ROPS, "
                "tablica ogłoszeń ROPS, newsletter Lubelskiego Forum Ekonomii Społecznej")


def at(moment, hour, minute=0):
    """The local day of `moment` at a whole hour: dates an office would write, not the second the demo loaded."""
    day = timezone.localtime(moment).date()
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def minutes_document(title, text):
    """A one-page PDF standing for the minutes of a meeting; public, in the root collection."""
    body = f"BT /F1 14 Tf 60 780 Td ({text}) Tj ET".encode("ascii")
    pdf = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
           b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>"
           b"endobj\n4 0 obj<</Length " + str(len(body)).encode() + b">>stream\n" + body + b"\nendstream endobj\n"
           b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    return get_document_model().objects.create(title=title, file=ContentFile(pdf, name="protokol-spotkania.pdf"))


def add_meetings(plan, meetings):
    """Announce `meetings` (dicts of ConsultationMeeting fields) on the plan page and publish it."""
    for fields in meetings:
        plan.meetings.add(ConsultationMeeting(**fields))
    plan.announced_in = ANNOUNCED_IN
    plan.save_revision().publish()
    # The revision saved its own copies of the meetings; these are the stored ones.
    return list(ConsultationMeeting.objects.filter(plan=plan).order_by("starts_at"))


def meetings_of_the_open_plan(now):
    return [
        {"starts_at": at(now - timedelta(days=4), 10), "ends_at": at(now - timedelta(days=4), 13),
         "place": "Lublin, ROPS, ul. Diamentowa 2, sala konferencyjna (parter)", "participants": 31,
         "accessibility": "Wejście bez progów, pętla indukcyjna. Tłumacz PJM po zgłoszeniu 3 dni wcześniej.",
         "minutes": minutes_document("spotkanie w Lublinie, ROPS",
                                     "Protokol ze spotkania konsultacyjnego - Lublin")},
        {"starts_at": at(now + timedelta(days=9), 11), "ends_at": at(now + timedelta(days=9), 14),
         "place": "Zamość, Starostwo Powiatowe, ul. Przemysłowa 4, sala 12",
         "online_url": "https://spotkanie.rops.example.org/plan-es",
         "accessibility": "Sala na parterze, dostępna dla osób poruszających się na wózku; napisy na żywo online.",
         "registration": "Zgłoszenia do 2 dni przed spotkaniem: telefonicznie 81 528 76 50 lub przez formularz.",
         "registration_url": "https://rops.example.org/spotkania/zamosc"},
    ]


@dataclass
class Registered:
    """A comment received outside the web form, as the office registers it."""

    chapter: int | None  # None: a general comment on the whole document
    paragraph: int | None  # None: the chapter as a whole
    channel: str
    days_after_opening: int
    name: str
    kind: str
    organisation: str
    text: str
    proposed: str = ""
    justification: str = ""
    meeting: bool = False
    response: tuple | None = None


def register(plan, chapters, item, *, user, meeting=None, now):
    chapter = chapters.get(item.chapter) if item.chapter else None
    key = chapter.paragraphs()[item.paragraph - 1].key if chapter and item.paragraph else ""
    received = timezone.localtime(plan.consultation_opens).date() + timedelta(days=item.days_after_opening)
    if item.meeting:
        received = timezone.localtime(meeting.starts_at).date()  # said at the meeting, for its minutes
    data = comment_input(
        title="", text=item.text, name=item.name, organisation=item.organisation, commenter_kind=item.kind,
        email="", idempotency_key=None, ip_address=None, proposed_wording=item.proposed,
        justification=item.justification,
    )
    original = ContentFile(b"%PDF-1.4\n% skan formularza zgloszenia uwag\n%%EOF\n", name="formularz-uwag.pdf")
    return register_comment(
        plan=plan, chapter=chapter, paragraph_key=key, data=data, user=user, now=now,
        receipt=Receipt(item.channel, received, meeting if item.meeting else None,
                        None if item.channel == "meeting" else original),
    )


def web_comment(plan, chapter, paragraph, *, now, **fields):
    """A web comment on a paragraph, a chapter (paragraph None) or the whole document (chapter None)."""
    if chapter is not None and paragraph is not None:
        return make_comment(chapter, paragraph, now=now, **fields)
    tokens = []
    submit_comment(plan=plan, chapter=chapter, data=comment_input(idempotency_key=uuid.uuid4(), **fields), now=now,
                   link_for_token=lambda token: tokens.append(token) or absolute_url(f"/komentarz/potwierdz/{token}/"))
    return confirm_comment(tokens[0], now=now)


def answer(comment, *, expert, coordinator, disposition, justification, now=None, version=None):
    """The two steps of an official response: the expert submits it, the coordinator approves (publishes) it."""
    response = save_response(comment, author=expert, disposition=disposition, justification=justification,
                             submit=True, version=version, now=now)
    return approve_response(response, by=coordinator, now=now)


def record_every_channel(plan, chapters, items, *, editor, expert, coordinator, during, answered_at, meeting=None):
    """Register `items`, publish and answer them; returns the registered comments."""
    registered = []
    for item in items:
        received_at = timezone.localtime(plan.consultation_opens) + timedelta(days=item.days_after_opening, hours=2)
        if item.meeting:
            received_at = meeting.ends_at or meeting.starts_at
        comment = register(plan, chapters, item, user=editor, meeting=meeting, now=max(received_at, during))
        if comment.status == "pending":
            publish_comments([comment], moderator=expert, now=max(received_at, during))
            comment.refresh_from_db()
            if item.response:
                answer(comment, expert=expert, coordinator=coordinator, disposition=item.response[0],
                       justification=item.response[1], now=answered_at)
        registered.append(comment)
    return registered


def withdrawn_and_rejected(plan, chapters, *, expert, during, duplicate_of):
    """A withdrawn web comment and rejections of each kind the report names."""
    tokens = []
    submit_comment(plan=plan, chapter=chapters[1], paragraph_key=chapters[1].paragraphs()[0].key, now=during,
                   data=comment_input(text="Jednak złożę uwagę na spotkaniu.", email="wycofana@example.org"),
                   link_for_token=lambda token: tokens.append(token) or absolute_url(f"/komentarz/potwierdz/{token}/"))
    confirm_comment(tokens[0], now=during)  # confirmed, then withdrawn: the report counts it
    withdraw_comment(tokens[0], now=during)
    off_topic = make_comment(chapters[1], 1, now=during, title="Dziury w drodze",
                             text="Proszę naprawić drogę gminną w Kraśniku.", email="droga@example.org")
    reject_comments([off_topic], moderator=expert, now=during, category="off_topic",
                    reason="Uwaga nie dotyczy konsultowanego dokumentu; przekazano ją do zarządcy drogi.")
    offensive = make_comment(chapters[1], 1, now=during, title="Obraźliwy wpis",
                             text="Treść naruszająca regulamin konsultacji.", email="anonim@example.org")
    reject_comments([offensive], moderator=expert, now=during, category="offensive",
                    reason="Treść obraźliwa wobec innych uczestników konsultacji.")
    repeat = make_comment(chapters[1], 1, now=during, title="Przedstawiciel spółdzielni",
                          text="Do Zespołu ekspertów powinien wejść ktoś ze spółdzielni socjalnych.",
                          email="powtorka@example.org")
    reject_comments([repeat], moderator=expert, now=during, category="duplicate", duplicate_of=duplicate_of,
                    reason="Uwaga tożsama z wcześniejszą; stanowisko jak do niej.")


ADOPTED_PLAN_RECORD = [
    Registered(None, None, "email", 3, "Wójt Gminy Wólka", "institution", "Urząd Gminy Wólka",
               "Plan powinien przewidywać wsparcie dla gmin, które chcą zakładać spółdzielnie socjalne osób prawnych.",
               justification="W gminach wiejskich brakuje partnerów do tworzenia przedsiębiorstw społecznych.",
               response=("partly", "Wsparcie gmin obejmie doradztwo OWES; środki finansowe przewiduje program "
                                   "regionalny, nie plan roczny.")),
    Registered(2, 2, "epuap", 6, "Anna Zielińska", "organisation", "Fundacja Równe Szanse",
               "Biuletyn powinien mieć wersję łatwą do czytania (ETR).",
               proposed="Biuletyn ukazuje się w wersji drukowanej, elektronicznej i w tekście łatwym do czytania.",
               justification="Część odbiorców to osoby z niepełnosprawnością intelektualną.",
               response=("accepted", "Dodano wersję ETR do zapisu o biuletynie.")),
    Registered(1, None, "meeting", 15, "Uczestnik spotkania", "person", "",
               "Cele na 2012 rok powinny zawierać liczbę nowych miejsc pracy w przedsiębiorstwach społecznych.",
               meeting=True,
               response=("explanation", "Plan roczny nie ustala wskaźników zatrudnienia; określi je plan "
                                        "wieloletni, nad którym prace zaczną się w 2012 roku.")),
    Registered(1, 2, "post", 42, "Jan Nowicki", "person", "",
               "Szkolenia powinny być także w powiatach, nie tylko w Lublinie.",
               justification="Dojazd do Lublina jest dla wielu uczestników trudny."),
]


def adopted_plan_meeting(closes):
    return {"starts_at": at(closes - timedelta(days=25), 10), "ends_at": at(closes - timedelta(days=25), 13),
            "place": "Lublin, ROPS, ul. Diamentowa 2, sala konferencyjna (parter)", "participants": 24,
            "accessibility": "Wejście bez progów, winda, pętla indukcyjna.",
            "minutes": minutes_document("spotkanie w Lublinie, ROPS (plan na 2012 rok)",
                                        "Protokol ze spotkania konsultacyjnego - plan na 2012 rok")}


OPEN_PLAN_RECORD = [
    Registered(None, None, "email", 2, "Stowarzyszenie Lubelska Sieć ES", "organisation",
               "Stowarzyszenie Lubelska Sieć Ekonomii Społecznej",
               "Prosimy o dodanie słowniczka pojęć: przedsiębiorstwo społeczne, PES, OWES, CIS, KIS.",
               justification="Dokument czytają też osoby spoza sektora."),
    Registered(1, 2, "meeting", 6, "Uczestniczka spotkania w Lublinie", "person", "",
               "Warto podać dane o podmiotach ekonomii społecznej osobno dla każdego powiatu.", meeting=True),
]
