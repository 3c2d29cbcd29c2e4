"""Demo content for a first look: the Lubelskie plan, open for comments, with comments in every state
and from every channel, its meetings, and an adopted plan with its published consultation report.

Idempotent: a second run changes nothing but the demo accounts' passwords, which it resets.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from consultation.core.slugs import polish_slug
from consultation.demo.builders import (
    edit_chapter,
    ensure_accessibility_statement,
    ensure_home_page,
    make_chapter,
    make_comment,
    make_plan,
)
from consultation.demo.plan_text import (
    ADOPTED_CHAPTERS,
    ADOPTED_COMMENTS,
    ADOPTED_PLAN,
    CHAPTERS,
    COMMENTS,
    PLAN,
    VERSION_1_LABEL,
    VERSION_2_EDITS,
    VERSION_2_LABEL,
)
from consultation.demo.record import (
    ADOPTED_PLAN_RECORD,
    OPEN_PLAN_RECORD,
    add_meetings,
    adopted_plan_meeting,
    answer,
    at,
    meetings_of_the_open_plan,
    record_every_channel,
    web_comment,
    withdrawn_and_rejected,
)
from consultation.models import OutgoingMail, PlanPage
from consultation.moderation.actions import (
    publish_comments,
    reject_comments,
    save_response,
)
from consultation.notifications.outbox import cancel_queued
from consultation.regions.actions import create_region
from consultation.reports.actions import publish_report
from consultation.versions.actions import adopt_plan, publish_version

DEMO_USERS = [
    # username, password, group (None: administrator), full name
    ("admin", "drogowskaz-admin", None, "Administrator"),
    ("komunikacja", "drogowskaz-komunikacja", "Komunikacja", "Zespół komunikacji"),
    ("ekspert", "drogowskaz-ekspert", "Eksperci", "Ekspertka ROPS"),
    ("koordynator", "drogowskaz-koordynator", "Koordynatorzy", "Koordynatorka ROPS"),
    ("zarzad", "drogowskaz-zarzad", "Zarząd", "Sekretariat Zarządu"),
    # The second region's team (issue 16): each sees only its region's plans and comments.
    ("komunikacja-opolskie", "drogowskaz-komunikacja", "Komunikacja — opolskie", "Komunikacja ROPS Opole"),
    ("ekspert-opolskie", "drogowskaz-ekspert", "Eksperci — opolskie", "Ekspert ROPS Opole"),
    ("koordynator-opolskie", "drogowskaz-koordynator", "Koordynatorzy — opolskie", "Koordynator ROPS Opole"),
]
SECOND_REGION = "opolskie"
SECOND_PLAN = {
    "title": "Regionalny program rozwoju ekonomii społecznej w województwie opolskim na lata 2026–2030",
    "slug": "program-ekonomii-spolecznej-opolskie",
    "chapters": [
        (1, "Diagnoza", [
            ("paragraph", "<p>W województwie opolskim działa 312 podmiotów ekonomii społecznej, w tym 41 "
                          "spółdzielni socjalnych i 9 centrów integracji społecznej.</p>"),
            ("paragraph", "<p>Najwięcej podmiotów działa w Opolu i w powiatach kędzierzyńsko-kozielskim i nyskim; "
                          "w powiatach oleskim i głubczyckim brakuje ośrodka wsparcia ekonomii społecznej.</p>"),
        ]),
        (2, "Cele i działania", [
            ("paragraph", "<p>Cel 1: więcej miejsc pracy w przedsiębiorstwach społecznych dla osób zagrożonych "
                          "wykluczeniem społecznym.</p>"),
            ("paragraph", "<p>Cel 2: zamówienia publiczne gmin z klauzulami społecznymi.</p>"),
        ]),
    ],
    "comments": [
        (1, 2, "published", "Powiat oleski", "Prosimy o punkt konsultacyjny OWES w Oleśnie.", "Anna Kowalczyk",
         ("accepted", "Punkt konsultacyjny w Oleśnie dopisano do działań na 2027 rok.")),
        (2, 2, "published", "Klauzule społeczne", "Gminy potrzebują wzorów klauzul, nie tylko zachęty.",
         "Fundacja Opolska", None),
        (2, 1, "pending", "Miejsca pracy", "Ile miejsc pracy ma powstać do 2030 roku?", "Jan Nowicki", None),
    ],
}


class Command(BaseCommand):
    help = "Loads the demo plan, chapters, comments and demo accounts (idempotent)."

    def handle(self, *args, **options):
        users = self.ensure_users()
        # The demo's commenters confirm in-process; their invented addresses get no mail: what the
        # demo's actions queue is cancelled (it stays visible in the admin's outgoing mail).
        last_mail = OutgoingMail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        with transaction.atomic():
            home = ensure_home_page()
            ensure_accessibility_statement(home)
            ensure_privacy_notice(home)
            if PlanPage.objects.filter(slug=PLAN["slug"]).exists():
                self.stdout.write("Demo plan already present; content left as it is.")
            else:
                self.create_plan(home, expert=users["ekspert"], coordinator=users["koordynator"],
                                 editor=users["komunikacja"])
                self.create_adopted_plan(home, board=users["zarzad"], editor=users["komunikacja"],
                                         expert=users["ekspert"], coordinator=users["koordynator"])
                self.create_second_region(users)
                self.stdout.write(self.style.SUCCESS("Demo plans, chapters, versions and comments created."))
            with translation.override(settings.LANGUAGE_CODE):  # shown in the admin's outgoing mail
                reason = gettext("demo content with invented addresses: not sent")
            cancel_queued(OutgoingMail.objects.filter(pk__gt=last_mail), reason=reason)
        self.stdout.write("\nDemo accounts (admin at /admin/):")
        for username, password, group, _name in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {password:<24} {group or 'administrator'}")

    def ensure_users(self):
        User = get_user_model()
        users = {}
        for username, password, group_name, full_name in DEMO_USERS:
            if group_name and not Group.objects.filter(name=group_name).exists():
                continue  # a team of the second region, made with it (create_second_region)
            first, _, last = full_name.partition(" ")
            user, _ = User.objects.get_or_create(username=username, defaults={
                "email": f"{username}@drogowskaz.invalid", "first_name": first, "last_name": last,
            })
            user.set_password(password)
            user.is_staff = group_name is None
            user.is_superuser = group_name is None
            user.save()
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            users[username] = user
        return users

    def create_second_region(self, users):
        """A second region on a path of the same site (/opolskie/), with its own team and plan."""
        region = create_region(SECOND_REGION, by=users["admin"])
        for page in region.home.get_children().specific():
            page.save_revision().publish()  # the statutory pages, copied as drafts
        users.update(self.ensure_users())
        editor, expert = users["komunikacja-opolskie"], users["ekspert-opolskie"]
        coordinator = users["koordynator-opolskie"]
        now = timezone.now()
        plan = make_plan(region.home.specific, title=SECOND_PLAN["title"], slug=SECOND_PLAN["slug"],
                         region=SECOND_REGION, period=(2026, 2030), opens=at(now - timedelta(days=3), 0),
                         closes=at(now + timedelta(days=40), 23, 59))
        chapters = {number: make_chapter(plan, number=number, title=title, blocks=blocks,
                                         slug=f"{number}-{polish_slug(title)}")
                    for number, title, blocks in SECOND_PLAN["chapters"]}
        publish_version(plan, label=VERSION_1_LABEL, user=editor, now=now - timedelta(days=3))
        for chapter_no, paragraph_no, state, title, text, name, response in SECOND_PLAN["comments"]:
            organisation = name if name.startswith("Fundacja") else ""
            comment = make_comment(chapters[chapter_no], paragraph_no, title=title, text=text, name=name,
                                   organisation=organisation, commenter_kind="organisation" if organisation else "person",
                                   email=f"{polish_slug(name)}@example.org")
            if state == "published":
                publish_comments([comment], moderator=expert)
                comment.refresh_from_db()
            if response:
                answer(comment, expert=expert, coordinator=coordinator, disposition=response[0],
                       justification=response[1])

    def create_plan(self, home, *, expert, coordinator, editor):
        """The open consultation: version 1, comments in every state, version 2 answering one of them."""
        now = timezone.now()
        plan = make_plan(
            home, title=PLAN["title"], slug=PLAN["slug"], region=PLAN["region"], period=PLAN["period"],
            opens=at(now - timedelta(days=10), 0), closes=at(now + timedelta(days=35), 23, 59), intro=PLAN["intro"],
        )
        chapters = {}
        for number, title, blocks in CHAPTERS:
            chapters[number] = make_chapter(plan, number=number, title=title, blocks=blocks,
                                            slug=f"{number}-{polish_slug(title)}")
        publish_version(plan, label=VERSION_1_LABEL, user=editor, now=now - timedelta(days=10))
        past_meeting, _upcoming = add_meetings(plan, meetings_of_the_open_plan(now))
        record_every_channel(plan, chapters, OPEN_PLAN_RECORD, editor=editor, expert=expert, coordinator=coordinator,
                             during=now - timedelta(days=3), answered_at=now, meeting=past_meeting)
        general = web_comment(plan, None, None, now=now - timedelta(days=2), title="Język dokumentu",
                              text="Dokument jest napisany trudnym językiem; prosimy o streszczenie w tekście łatwym "
                                   "do czytania.", name="Maria Lis", email="maria.lis@example.org", publish_name=True,
                              proposed_wording="Na początku planu: streszczenie w tekście łatwym do czytania (ETR).")
        publish_comments([general], moderator=expert)
        answered_by_version_2 = None
        for chapter_no, paragraph_no, state, title, text, name, organisation, response in COMMENTS:
            comment = make_comment(
                chapters[chapter_no], paragraph_no, title=title, text=text, name=name,
                organisation=organisation, commenter_kind="organisation" if organisation else "person",
                email=f"{polish_slug(name) or 'osoba'}@example.org", confirm=state != "unconfirmed",
            )
            if state == "published":
                publish_comments([comment], moderator=expert)
            elif state == "rejected":
                reject_comments([comment], moderator=expert, reason="Treść niezwiązana z konsultowanym dokumentem.",
                                category="off_topic")
            comment.refresh_from_db()
            if response:
                answer(comment, expert=expert, coordinator=coordinator, disposition=response[0],
                       justification=response[1])
                if (chapter_no, paragraph_no) == (1, 2):
                    answered_by_version_2 = comment
            if chapter_no == 1 and paragraph_no == 2:
                reply = make_comment(
                    chapters[1], parent=comment, title="Popieram",
                    text="Dane powiatowe przydadzą się też gminom przy pisaniu strategii.",
                    name="Piotr Mazur", email="piotr.mazur@example.org",
                )
                publish_comments([reply], moderator=expert)
        for chapter_no, operation, index, html in VERSION_2_EDITS:
            edit_chapter(chapters[chapter_no], lambda raw, op=operation, i=index, h=html: apply_edit(raw, op, i, h))
        version_2 = publish_version(plan, label=VERSION_2_LABEL, user=editor)
        response = answered_by_version_2.official_response
        # Once published, a response is changed by a coordinator only.
        save_response(answered_by_version_2, author=coordinator, disposition=response.disposition,
                      justification=response.justification, publish=True, version=version_2)

    def create_adopted_plan(self, home, *, board, editor, expert, coordinator):
        """A plan whose consultation has closed and which the board has adopted."""
        now = timezone.now()
        plan = make_plan(
            home, title=ADOPTED_PLAN["title"], slug=ADOPTED_PLAN["slug"], region=ADOPTED_PLAN["region"],
            period=ADOPTED_PLAN["period"], opens=at(now - timedelta(days=120), 0),
            closes=at(now - timedelta(days=80), 23, 59),
            intro=ADOPTED_PLAN["intro"],
        )
        chapters = {}
        for number, title, blocks in ADOPTED_CHAPTERS:
            chapters[number] = make_chapter(plan, number=number, title=title, blocks=blocks,
                                            slug=f"{number}-{polish_slug(title)}")
        publish_version(plan, label=VERSION_1_LABEL, user=editor, now=now - timedelta(days=121))
        plan.report_prepared_by = "Anna Wiśniewska, Zespół ds. ekonomii społecznej ROPS"
        plan.report_approved_by = "Dyrektor Regionalnego Ośrodka Polityki Społecznej w Lublinie"
        (meeting,) = add_meetings(plan, [adopted_plan_meeting(plan.consultation_closes)])
        during = now - timedelta(days=100)
        first = None
        for chapter_no, paragraph_no, title, text, name, organisation, disposition, why in ADOPTED_COMMENTS:
            comment = make_comment(
                chapters[chapter_no], paragraph_no, now=during, title=title, text=text, name=name[:50],
                organisation=organisation, commenter_kind="organisation" if organisation else "person",
                email=f"{polish_slug(name)}@example.org",
            )
            publish_comments([comment], moderator=expert, now=during)
            comment.refresh_from_db()
            answer(comment, expert=expert, coordinator=coordinator, disposition=disposition, justification=why,
                   now=now - timedelta(days=70))
            first = first or comment
        record_every_channel(plan, chapters, ADOPTED_PLAN_RECORD, editor=editor, expert=expert, coordinator=coordinator,
                             during=during, answered_at=now - timedelta(days=70), meeting=meeting)
        withdrawn_and_rejected(plan, chapters, expert=expert, during=during, duplicate_of=first)
        publish_report(plan, user=editor, now=now - timedelta(days=60))
        adopt_plan(plan=plan, user=board, resolution_number=ADOPTED_PLAN["resolution_number"],
                   resolution_date=timezone.localdate(now - timedelta(days=50)), adopting_body="board",
                   document_file=ContentFile(DEMO_RESOLUTION_PDF, name="uchwala-demo.pdf"))


def ensure_privacy_notice(home):
    """The privacy notice (RODO art. 13): the Polish default text, with the demo region's controller
    and data protection officer; editable in the admin."""
    from home.models import PrivacyNoticePage

    if PrivacyNoticePage.objects.exists():
        return
    notice = home.add_child(instance=PrivacyNoticePage(
        title="Informacja o przetwarzaniu danych osobowych", slug="ochrona-danych",
        controller="<p>Administratorem Pani/Pana danych osobowych jest Regionalny Ośrodek Polityki Społecznej "
                   "w Lublinie, ul. Diamentowa 2, 20-447 Lublin, który w imieniu Zarządu Województwa Lubelskiego "
                   "prowadzi konsultacje społeczne projektu planu; e-mail: rops@rops.example.org.</p>",
        dpo_email="iod@rops.example.org",
    ))
    notice.save_revision().publish()


def apply_edit(raw, operation, index, html):
    if operation == "replace":
        raw[index]["value"] = html
    elif operation == "insert":
        raw.insert(index, {"type": "paragraph", "value": html})
    elif operation == "delete":
        raw.pop(index)


# A one-page PDF saying that this is a demo resolution.
DEMO_RESOLUTION_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 60>>stream\nBT /F1 18 Tf 72 760 Td (Demo resolution - Drogowskaz) Tj ET\nendstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
