"""Builders of plans, chapters and comments, shared by the demo command and the tests."""

import uuid
from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from consultation.core.conf import absolute_url
from consultation.models import ChapterPage, PlanPage
from consultation.models.regions import DEFAULT_TEAMS, Region
from consultation.participation.actions import (
    CommentInput,
    confirm_comment,
    submit_comment,
)


def stream_data(blocks):
    """Turn compact (kind, ...) tuples into StreamField data; Wagtail gives each block its UUID."""
    data = []
    for block in blocks:
        kind = block[0]
        if kind == "paragraph":
            data.append({"type": "paragraph", "value": block[1]})
        elif kind == "heading":
            data.append({"type": "heading", "value": {"text": block[1], "level": "h2"}})
        elif kind == "list":
            data.append({"type": "list", "value": {"ordered": block[2], "items": [f"<p>{i}</p>" for i in block[1]]}})
        elif kind == "table":
            data.append({"type": "table", "value": {
                "data": block[2], "first_row_is_table_header": True, "first_col_is_header": False,
                "table_caption": block[1],
            }})
        else:
            raise ValueError(f"unknown block kind {kind!r}")
    return data


def ensure_home_page():
    """The site's root is a HomePage; Wagtail's welcome page is replaced on first run."""
    from home.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(
            title="Konsultacje społeczne województwa lubelskiego", slug="konsultacje",
            intro="<p>Tu czytasz projekty dokumentów, komentujesz je akapit po akapicie i sprawdzasz, "
                  "jak odpowiedzieliśmy na uwagi.</p>",
        ))
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                            site_name="Drogowskaz")
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.save()
        if old_root.depth == 2 and not old_root.specific_class == HomePage:
            old_root.delete()
    ensure_first_region(home)
    return home


def ensure_first_region(home, name="lubelskie"):
    """The home's region, with the installation's first teams, as migration 0023 makes it for an
    existing installation."""
    region = Region.objects.filter(home=home).first()
    if region is None:
        region = Region.objects.create(name=name, slug=name, home=home)
        teams = list(Group.objects.filter(name__in=DEFAULT_TEAMS))
        region.teams.set(teams)
        confine_teams(teams, home)
    return region


def confine_teams(teams, home):
    """As migration 0023 does for an existing installation: the first teams' page rights move from the
    tree's root to their home, their document rights from the root collection to each one at the top."""
    GroupPagePermission.objects.filter(group__in=teams, page=Page.get_first_root_node()).update(page=home)
    top = list(Collection.objects.filter(depth=2))
    for given in GroupCollectionPermission.objects.filter(group__in=teams, collection__depth=1):
        for collection in top:
            GroupCollectionPermission.objects.get_or_create(group=given.group, collection=collection,
                                                            permission=given.permission)
        given.delete()


def make_plan(home, *, title="Plan", slug=None, region="lubelskie", period=(2013, 2020), opens=None,
              closes=None, intro="", publish=True, now=None):
    now = now or timezone.now()
    plan = home.add_child(instance=PlanPage(
        title=title, slug=slug or f"plan-{uuid.uuid4().hex[:8]}", region=region,
        period_start=period[0], period_end=period[1],
        consultation_opens=opens if opens is not None else now - timedelta(days=5),
        consultation_closes=closes if closes is not None else now + timedelta(days=35),
        intro=intro, live=publish,
    ))
    if publish:
        plan.save_revision().publish()
    return plan


def make_chapter(plan, *, number=1, title=None, blocks=(), publish=True, slug=None):
    chapter = plan.add_child(instance=ChapterPage(
        title=title or f"Rozdział {number}", slug=slug or f"rozdzial-{number}-{uuid.uuid4().hex[:6]}",
        number=number, body=stream_data(blocks), live=publish,
    ))
    if publish:
        chapter.save_revision().publish()
        chapter.refresh_from_db()
    return chapter


def edit_chapter(chapter, change, user=None):
    """Publish a new revision of `chapter` after `change(raw_body)` edits its raw stream data in place.

    Blocks keep their UUIDs unless `change` drops them, as the page editor does.
    """
    raw = [dict(item) for item in chapter.body.raw_data]
    change(raw)
    chapter.body = raw
    chapter.save_revision(user=user).publish(user=user)
    chapter.refresh_from_db()
    return chapter


def comment_input(**overrides):
    values = {
        "title": "Uwaga do akapitu", "text": "Treść uwagi.", "name": "Jan Kowalski", "organisation": "",
        "commenter_kind": "person", "email": "jan@example.org", "idempotency_key": uuid.uuid4(),
        "ip_address": "127.0.0.1",
    }
    values.update(overrides)
    return CommentInput(**values)


def make_comment(chapter, paragraph_number=1, *, parent=None, now=None, confirm=True, **fields):
    """Submit a comment as the public would and, unless `confirm` is False, confirm it as its
    author would from the emailed link; returns the stored comment."""
    plan = chapter.get_plan()
    paragraph = chapter.paragraphs()[paragraph_number - 1] if parent is None else None
    key = parent.paragraph_key if parent is not None else paragraph.key
    tokens = []
    comment, _created = submit_comment(
        chapter=chapter, plan=plan, paragraph_key=key, data=comment_input(**fields), parent=parent, now=now,
        link_for_token=lambda token: tokens.append(token) or absolute_url(f"/komentarz/potwierdz/{token}/"),
    )
    if confirm:
        comment = confirm_comment(tokens[0], now=now)
    return comment


def ensure_accessibility_statement(home):
    """The site's accessibility statement, with the statutory procedure text; editable in the admin."""
    from datetime import date

    from home.models import AccessibilityStatementPage

    statement = AccessibilityStatementPage.objects.first()
    if statement is not None:
        return statement
    statement = home.add_child(instance=AccessibilityStatementPage(
        title="Deklaracja dostępności", slug="deklaracja-dostepnosci",
        entity_name="Regionalny Ośrodek Polityki Społecznej w Lublinie",
        site_url="http://127.0.0.1:8000/", publication_date=date(2026, 11, 23), update_date=date(2026, 11, 23),
        status="partial",
        non_compliance="<ul><li>Dokumenty PDF z uchwałami są skanami przekazanymi przez Zarząd Województwa; "
                       "na żądanie udostępniamy ich treść w formie tekstowej.</li></ul>",
        statement_date=date(2026, 11, 23), review_date=date(2026, 11, 23),
        assessment="<p>Deklarację sporządzono na podstawie samooceny, wspartej automatycznymi testami "
                   "axe-core (WCAG 2.1 AA) każdego rodzaju strony i testami obsługi klawiaturą.</p>",
        contact_person="Koordynator ds. dostępności ROPS", contact_email="dostepnosc@rops.example.org",
        contact_phone="81 528 76 50",
        procedure="<p>Każdy ma prawo zgłosić uwagi dotyczące dostępności cyfrowej strony, zażądać jej "
                  "zapewnienia lub wnioskować o udostępnienie informacji w alternatywnej formie. Żądanie "
                  "powinno zawierać dane kontaktowe osoby zgłaszającej, wskazanie strony lub elementu oraz "
                  "sposób kontaktu. Odpowiemy niezwłocznie, nie później niż w ciągu 7 dni; jeżeli nie będzie "
                  "to możliwe, poinformujemy o terminie, nie dłuższym niż 2 miesiące.</p>"
                  "<p>Po bezskutecznym wyczerpaniu tej procedury można złożyć skargę do podmiotu publicznego, "
                  "a następnie zawiadomić Rzecznika Praw Obywatelskich.</p>",
        architecture="<p>Siedziba ROPS w Lublinie, ul. Diamentowa 2: wejście od ulicy bez progów, winda, "
                     "toaleta dostosowana do potrzeb osób z niepełnosprawnościami. Można wejść z psem asystującym. "
                     "Na miejscu można skorzystać z tłumacza polskiego języka migowego po wcześniejszym zgłoszeniu.</p>",
    ))
    statement.save_revision().publish()
    return statement
