"""A chapter page runs a fixed number of queries, whatever the number of paragraphs and comments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultation.demo.builders import make_chapter, make_comment
from consultation.models import ParagraphComment
from consultation.moderation.actions import publish_comments, save_response
from tests.utils import communications_user, coordinator_user

# 16 since issue 15: the chapter's own threads and its paragraphs' first threads are two queries, each served
# by an index, instead of one that read all of the chapter's comments.
MAX_QUERIES = 16


def build_chapter(plan, expert, *, paragraphs, comments_per_paragraph, slug):
    blocks = [("paragraph", f"<p>Akapit {n}.</p>") for n in range(paragraphs)]
    chapter = make_chapter(plan, number=1, slug=slug, blocks=blocks)
    for number in range(1, paragraphs + 1):
        for n in range(comments_per_paragraph):
            comment = make_comment(chapter, number, title=f"K{number}-{n}")
            if n % 2 == 0:
                publish_comments([comment], moderator=expert)
                comment.refresh_from_db()
                save_response(comment, author=coordinator_user(), disposition="accepted", justification="ok",
                              publish=True)
                reply = make_comment(chapter, parent=comment, title=f"R{number}-{n}")
                publish_comments([reply], moderator=expert)
    return chapter


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.django_db
def test_chapter_queries_do_not_grow_with_paragraphs_or_comments(client, plan, expert, django_assert_max_num_queries):
    small = build_chapter(plan, expert, paragraphs=2, comments_per_paragraph=1, slug="maly")
    large = build_chapter(plan, expert, paragraphs=40, comments_per_paragraph=4, slug="duzy")
    assert ParagraphComment.objects.published().count() > 150
    client.get(small.url)  # warm per-process caches (content types, site root paths)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(small.url)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(large.url)
    assert "K40-2" in response.content.decode()
    assert count_queries(client, small.url) == count_queries(client, large.url)


@pytest.mark.django_db
def test_api_queries_do_not_grow(client, plan, expert, django_assert_max_num_queries):
    from django.urls import reverse

    small = build_chapter(plan, expert, paragraphs=2, comments_per_paragraph=1, slug="maly")
    large = build_chapter(plan, expert, paragraphs=30, comments_per_paragraph=3, slug="duzy")
    client.get(reverse("api-chapter-comments", args=[small.pk]))
    with django_assert_max_num_queries(8):
        client.get(reverse("api-chapter-comments", args=[large.pk]))
    assert count_queries(client, reverse("api-chapter-comments", args=[small.pk])) == count_queries(
        client, reverse("api-chapter-comments", args=[large.pk])
    )


@pytest.mark.django_db
def test_moderation_queue_queries_do_not_grow(client, plan, expert, django_assert_max_num_queries):
    from django.urls import reverse

    chapter = make_chapter(plan, number=1, slug="k", blocks=[("paragraph", f"<p>{n}</p>") for n in range(30)])
    client.force_login(expert)
    make_comment(chapter, 1)
    small = count_queries(client, reverse("moderation:index"))
    for number in range(1, 31):
        make_comment(chapter, number)
    with django_assert_max_num_queries(small):
        client.get(reverse("moderation:index"))


def build_plan_with_history(plan, expert, *, chapters, paragraphs, comments_per_paragraph):
    """Chapters commented on, answered with responses naming a version, and edited between two
    published versions: everything the report, versions and comparison pages show."""
    from consultation.demo.builders import edit_chapter
    from consultation.versions.actions import publish_version

    built = [build_chapter(plan, expert, paragraphs=paragraphs, comments_per_paragraph=comments_per_paragraph,
                           slug=f"r{n}") for n in range(1, chapters + 1)]
    first = publish_version(plan, label="projekt", user=communications_user())
    for chapter in built:
        edit_chapter(chapter, lambda raw: [item.update(value=item["value"].replace("Akapit", "Ustęp"))
                                           for item in raw[: max(1, len(raw) // 2)]])
    second = publish_version(plan, label="po konsultacjach", user=communications_user())
    answered = ParagraphComment.objects.published().filter(level=0, object_pk__in=[str(c.pk) for c in built])
    for comment in answered:
        save_response(comment, author=coordinator_user(), disposition="accepted", justification="Zmienione.",
                      publish=True,
                      version=second)
    return built, first, second


@pytest.mark.django_db
def test_report_versions_comparison_and_paragraph_pages_do_not_grow(client, home, expert, users):
    """The same pages of a small plan and of one with many more chapters, paragraphs and comments
    run the same number of queries."""
    from django.urls import reverse

    from consultation.demo.builders import make_plan

    counts = {}
    for size, shape in (("small", (1, 2, 2)), ("large", (3, 12, 4))):
        plan = make_plan(home, title=f"Plan {size}", slug=f"plan-{size}")
        chapters, first, second = build_plan_with_history(
            plan, expert, chapters=shape[0], paragraphs=shape[1], comments_per_paragraph=shape[2])
        chapter = chapters[-1]
        key = chapter.paragraphs()[0].key
        client.force_login(expert)
        staff_pages = {
            "report": plan.url + plan.reverse_subpage("report"),
            "moderation queue": reverse("moderation:index"),
        }
        public_pages = {
            "plan": plan.url,
            "versions": plan.url + plan.reverse_subpage("versions"),
            "comparison": plan.url + plan.reverse_subpage("compare") + f"?od={first.number}&do={second.number}",
            "version": plan.url + plan.reverse_subpage("version", args=[second.number]),
            "chapter": chapter.url,
            "paragraph": chapter.url + chapter.reverse_subpage("paragraph", args=[key]),
        }
        counts[size] = {}
        for pages, logged_in in ((staff_pages, True), (public_pages, False)):
            if not logged_in:
                client.logout()
            for name, url in pages.items():
                client.get(url)  # warm per-process caches (content types, site root paths)
                counts[size][name] = count_queries(client, url)
    assert ParagraphComment.objects.published().count() > 100
    assert counts["small"] == counts["large"], counts
