"""A database filled as the previous release left it migrates without losing a row.

The database is migrated back to the last migration of that release (0008), filled through the
historical models with comments in every state, a report from the public, official responses and
the board's document rights, then migrated forward; every row is still there, reports are flags
now, and nobody is named who did not choose to be.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = [pytest.mark.committing, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PREVIOUS_RELEASE = [("consultation", "0008_paragraph_stats"), ("home", "0003_standard_page")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_a_filled_database_of_the_previous_release_migrates_without_loss():
    old = migrate(PREVIOUS_RELEASE)
    ContentType = old.get_model("contenttypes", "ContentType")
    Site = old.get_model("sites", "Site")
    Comment = old.get_model("consultation", "ParagraphComment")
    Report = old.get_model("consultation", "CommentReport")
    Response = old.get_model("consultation", "OfficialResponse")
    site = Site.objects.get_or_create(pk=1, defaults={"domain": "example.org", "name": "x"})[0]
    chapter_type = ContentType.objects.get_or_create(app_label="consultation", model="chapterpage")[0]
    now = timezone.now()
    states = {"published": (True, False), "pending": (False, False), "rejected": (False, True)}
    chapter_pk = str(old_plan_with_chapter(old))
    made = {}
    for state, (public, removed) in states.items():
        made[state] = Comment.objects.create(
            content_type=chapter_type, object_pk=chapter_pk, site=site, paragraph_key="k", title=f"Uwaga {state}",
            comment=f"Treść {state} <b>a</b> & b", user_name="Anna Nowak", user_email="anna@example.org",
            organisation="Fundacja <Nowa> & Co", commenter_kind="organisation", submit_date=now,
            is_public=public, is_removed=removed, confirmed_at=now, thread_id=0, parent_id=0, level=0, order=1,
        )
    Report.objects.create(comment=made["published"], reporter_key="a" * 64, reason="Obraźliwe")
    Response.objects.create(comment=made["published"], disposition="accepted", justification="Tak.", published_at=now)
    counts = {model: old.get_model("consultation", model).objects.count()
              for model in ("ParagraphComment", "OfficialResponse")}

    new = migrate([("consultation", "0011_short_consultation_reason"), ("home", "0004_privacy_notice")])
    for model, count in counts.items():
        assert new.get_model("consultation", model).objects.count() == count, model
    flag = new.get_model("consultation", "CommentFlag").objects.get()
    assert (flag.comment_id, flag.reason, flag.reviewed_at) == (made["published"].pk, "Obraźliwe", None)
    comments = new.get_model("consultation", "ParagraphComment").objects.order_by("pk")
    assert [c.comment for c in comments] == [f"Treść {state} <b>a</b> & b" for state in states]
    assert {c.publish_name for c in comments} == {False}  # nobody had chosen to be named
    assert {c.organisation for c in comments} == {"Fundacja <Nowa> & Co"}
    Collection = new.get_model("wagtailcore", "Collection")
    assert {"Dokumenty niepubliczne", "Uchwały"} <= set(Collection.objects.values_list("name", flat=True))
    unanswered = new.get_model("consultation", "ParagraphComment").objects.create(
        content_type_id=chapter_type.pk, object_pk=chapter_pk, site_id=site.pk, paragraph_key="k", title="Bez odpowiedzi",
        comment="Treść", user_name="Jan", user_email="jan@example.org", submit_date=now, is_public=True,
        is_removed=False, confirmed_at=now, thread_id=0, parent_id=0, level=0, order=1)
    latest = migrate(executor_leaf_nodes())
    stored = latest.get_model("consultation", "ParagraphComment").objects.order_by("pk")
    # Migration 0018 stores each state, and which comment awaits a response (the published one has its response).
    assert [(c.state, c.awaits_response, c.chapter_pk) for c in stored] == [
        ("published", False, int(chapter_pk)), ("pending", False, int(chapter_pk)), ("rejected", False, int(chapter_pk)),
        ("published", True, int(chapter_pk))]
    # 0020 stores its Polish search terms: lemmas, forms and stems, folded ("treść" → "tresc"), markup as words.
    assert stored.first().search_terms == " a b published tresc uwag uwaga "
    stored.filter(pk=unanswered.pk).delete()
    comments = latest.get_model("consultation", "ParagraphComment").objects.order_by("pk")
    plan = latest.get_model("consultation", "PlanPage").objects.get(slug="stary-plan")
    assert {c.plan_id for c in comments} == {plan.pk}  # each comment knows its plan (migration 0013)
    assert {(c.scope, c.channel, c.received_on) for c in comments} == {("paragraph", "web", timezone.localdate(now))}
    assert [c.rejection_category for c in comments] == ["", "", "other"]
    assert latest.get_model("auth", "Group").objects.get(name="Eksperci").permissions.filter(
        codename="register_paragraphcomment").exists()
    # 0023: the plans, with no home page above them, make one region of the whole tree with the first
    # teams, so nobody loses a right.
    region = latest.get_model("consultation", "Region").objects.get()
    assert region.name == "lubelskie" and region.home.depth == 1
    assert {"Komunikacja", "Eksperci", "Koordynatorzy", "Zarząd"} == set(region.teams.values_list("name", flat=True))


def old_plan_with_chapter(apps):
    """A plan and its chapter as the previous release stored them; returns the chapter's id."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    locale = Locale.objects.first() or Locale.objects.create(language_code="pl")
    common = {"locale": locale, "live": True, "numchild": 0}
    plan = apps.get_model("consultation", "PlanPage").objects.create(
        title="Stary plan", draft_title="Stary plan", slug="stary-plan", path="00010099", depth=2,
        url_path="/stary-plan/", region="lubelskie", period_start=2013, period_end=2020,
        content_type=ContentType.objects.get_or_create(app_label="consultation", model="planpage")[0], **common,
    )
    chapter = apps.get_model("consultation", "ChapterPage").objects.create(
        title="Rozdział", draft_title="Rozdział", slug="rozdzial", path="000100990001", depth=3,
        url_path="/stary-plan/rozdzial/", number=1, body="[]",
        content_type=ContentType.objects.get_or_create(app_label="consultation", model="chapterpage")[0], **common,
    )
    return chapter.pk


def executor_leaf_nodes():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
