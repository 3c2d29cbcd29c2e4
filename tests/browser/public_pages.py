"""Every public page type of the demo content, by name: what the reflow and HTML validity tests visit."""

from consultation.models import Adoption, ParagraphComment
from consultation.participation.confirmation import issue_token


def public_pages(plan, chapter, comment):
    """{name: path} of one page of each public type, on the demo content (see the `demo` fixture)."""
    adopted = Adoption.objects.get().plan
    # The chapter with the most blocks: the demo's tables are in the longer chapters.
    chapters = [page.specific for page in plan.get_children().live()]
    with_table = next(c for c in chapters if any(block.block_type == "table" for block in c.body))
    unconfirmed = ParagraphComment.objects.filter(confirmed_at__isnull=True).first()
    token = issue_token(unconfirmed)
    return {
        "home": "/",
        "plan": plan.url,
        "chapter": chapter.url,
        "chapter-with-table": with_table.url,
        "paragraph": chapter.url + chapter.reverse_subpage("paragraph", args=[comment.paragraph_key]),
        "comment-form": chapter.url + chapter.reverse_subpage("comment", args=[comment.paragraph_key]),
        "reply-form": chapter.url + chapter.reverse_subpage("reply", args=[comment.pk]),
        "flag-form": chapter.url + chapter.reverse_subpage("report", args=[comment.pk]),
        "versions": plan.url + plan.reverse_subpage("versions"),
        "version": plan.url + plan.reverse_subpage("version", args=[2]),
        "comparison": plan.url + plan.reverse_subpage("compare") + "?od=1&do=2",
        "adopted-plan": adopted.url,
        "report": adopted.url + adopted.reverse_subpage("report"),
        "accessibility-statement": "/deklaracja-dostepnosci/",
        "search": "/szukaj/?q=ekonomii",
        "search-empty": "/szukaj/",
        "confirm": f"/komentarz/potwierdz/{token}/",
        "not-found": "/nie-ma-takiej-strony/",
    }
