"""Demo content for a first look: the Lubelskie plan, open for comments, with comments in every state.

Idempotent: a second run changes nothing but the demo accounts' passwords, which it resets.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from consultation.demo.builders import ensure_home_page, make_chapter, make_comment, make_plan
from consultation.demo.plan_text import CHAPTERS, COMMENTS, PLAN
from consultation.models import PlanPage
from consultation.moderation import publish_comments, reject_comments, save_response

DEMO_USERS = [
    # username, password, group (None: administrator), full name
    ("admin", "drogowskaz-admin", None, "Administrator"),
    ("komunikacja", "drogowskaz-komunikacja", "Komunikacja", "Zespół komunikacji"),
    ("ekspert", "drogowskaz-ekspert", "Eksperci", "Ekspertka ROPS"),
    ("zarzad", "drogowskaz-zarzad", "Zarząd", "Sekretariat Zarządu"),
]


class Command(BaseCommand):
    help = "Loads the demo plan, chapters, comments and demo accounts (idempotent)."

    def handle(self, *args, **options):
        users = self.ensure_users()
        with transaction.atomic():
            home = ensure_home_page()
            if PlanPage.objects.filter(slug=PLAN["slug"]).exists():
                self.stdout.write("Demo plan already present; content left as it is.")
            else:
                self.create_plan(home, expert=users["ekspert"])
                self.stdout.write(self.style.SUCCESS("Demo plan, chapters and comments created."))
        self.stdout.write("\nDemo accounts (admin at /admin/):")
        for username, password, group, _name in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {password:<24} {group or 'administrator'}")

    def ensure_users(self):
        User = get_user_model()
        users = {}
        for username, password, group_name, full_name in DEMO_USERS:
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

    def create_plan(self, home, *, expert):
        now = timezone.now()
        plan = make_plan(
            home, title=PLAN["title"], slug=PLAN["slug"], region=PLAN["region"], period=PLAN["period"],
            opens=now - timedelta(days=10), closes=now + timedelta(days=35), intro=PLAN["intro"],
        )
        chapters = {}
        for number, title, blocks in CHAPTERS:
            chapters[number] = make_chapter(plan, number=number, title=title, blocks=blocks,
                                            slug=f"{number}-{slugify_pl(title)}")
        for chapter_no, paragraph_no, state, title, text, name, organisation, response in COMMENTS:
            comment = make_comment(
                chapters[chapter_no], paragraph_no, title=title, text=text, name=name,
                organisation=organisation, commenter_kind="organisation" if organisation else "person",
                email=f"{slugify_pl(name) or 'osoba'}@example.org",
            )
            if state == "published":
                publish_comments([comment], moderator=expert)
            elif state == "rejected":
                reject_comments([comment], moderator=expert, reason="Treść niezwiązana z konsultowanym dokumentem.")
            comment.refresh_from_db()
            if response:
                save_response(comment, author=expert, disposition=response[0], justification=response[1],
                              publish=True)
            if chapter_no == 1 and paragraph_no == 2:
                reply = make_comment(
                    chapters[1], parent=comment, title="Popieram",
                    text="Dane powiatowe przydadzą się też gminom przy pisaniu strategii.",
                    name="Piotr Mazur", email="piotr.mazur@example.org",
                )
                publish_comments([reply], moderator=expert)


def slugify_pl(text):
    from django.utils.text import slugify

    table = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
    return slugify(text.translate(table))[:50]
