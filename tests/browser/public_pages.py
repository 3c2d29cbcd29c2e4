"""Every public page type of the demo content, by name: what the reflow and HTML validity tests visit."""

from django.utils import timezone
from wagtail.models import Page

from consultation.models import Adoption, ParagraphComment, PlanFollower
from consultation.notifications.addresses import unsubscribe_token
from consultation.participation.confirmation import issue_token, issue_token_hash


def follow_token(plan):
    """A pending follow of `plan` and the token of its emailed link."""
    token, hashed = issue_token_hash()
    PlanFollower.objects.update_or_create(plan=plan, email="czytelniczka@example.org",
                                          defaults={"token_hash": hashed, "created_at": timezone.now()})
    return token


def public_pages(plan, chapter, comment):
    """{name: path} of one page of each public type, on the demo content (see the `demo` fixture)."""
    adopted = Adoption.objects.get().plan
    # The first chapter with a table: tables are what made pages scroll sideways.
    chapters = [page.specific for page in plan.get_children().live()]
    with_table = next(c for c in chapters if any(block.block_type == "table" for block in c.body))
    unconfirmed = ParagraphComment.objects.filter(confirmed_at__isnull=True).first()
    token = issue_token(unconfirmed)
    pages = {
        "home": "/",
        "plan": plan.url,
        "chapter": chapter.url,
        "chapter-with-table": with_table.url,
        "paragraph": chapter.url + chapter.reverse_subpage("paragraph", args=[comment.paragraph_key]),
        "comment-form": chapter.url + chapter.reverse_subpage("comment", args=[comment.paragraph_key]),
        "chapter-comment-form": chapter.url + chapter.reverse_subpage("chapter_comment"),
        "general-comment-form": plan.url + plan.reverse_subpage("general_comment"),
        "reply-form": chapter.url + chapter.reverse_subpage("reply", args=[comment.pk]),
        "flag-form": chapter.url + chapter.reverse_subpage("report", args=[comment.pk]),
        "versions": plan.url + plan.reverse_subpage("versions"),
        "version": plan.url + plan.reverse_subpage("version", args=[2]),
        "comparison": plan.url + plan.reverse_subpage("compare") + "?od=1&do=2",
        "adopted-plan": adopted.url,
        "report": adopted.url + adopted.reverse_subpage("report"),
        "adopted-version": adopted.url + adopted.reverse_subpage("version", args=[Adoption.objects.get().version.number]),
        "accessibility-statement": "/deklaracja-dostepnosci/",
        "search": "/szukaj/?q=ekonomii",
        "search-comments": "/szukaj/?q=ekonomia&kind=comments",
        "search-responses": "/szukaj/?q=ekonomia&kind=responses",
        "search-empty": "/szukaj/",
        "overview": "/wszystkie-plany/",
        "confirm": f"/komentarz/potwierdz/{token}/",
        "withdraw": f"/komentarz/wycofaj/{token}/",
        "correct": f"/komentarz/popraw/{token}/",
        "not-found": "/nie-ma-takiej-strony/",
        "follow": plan.url + plan.reverse_subpage("follow"),
        "follow-confirm": f"/powiadomienia/potwierdz/{follow_token(plan)}/",
        "unsubscribe": f"/powiadomienia/wypisz/{unsubscribe_token('czytelniczka@example.org', plan.pk)}/",
    }
    # Every other live, public page of the demo too: a page type added later is checked without
    # being named here.
    shown = set(pages.values())
    for page in Page.objects.live().public().filter(depth__gt=1).specific().order_by("path"):
        if page.url and page.url not in shown:
            pages[f"page-{page.slug}"] = page.url
    return pages
