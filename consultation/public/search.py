"""The site's search: the published text of plans, published comments and published responses, found by
Polish words in any of their forms (core.polish_words), filtered by region, plan and kind.

Only what anyone may read is searched: texts of visible chapters and plans, comments published by a
moderator on them, responses published on such comments. Each kind is counted up to a bound and listed a
page at a time, in a fixed number of queries whatever the data.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consultation.core import id_lists  # noqa: F401 - registers the `in_ids` lookup used below
from consultation.core.bounded_counts import count_up_to
from consultation.core.polish_words import WORD, matching_spans
from consultation.models import (
    ChapterPage,
    CommentScope,
    CommentStatus,
    OfficialResponse,
    ParagraphComment,
    PlanPage,
    PlanText,
)
from consultation.models.pages import visible_chapters

KINDS = [
    ("text", _("Text of the plans")),
    ("comments", pgettext_lazy("search results", "Comments")),
    ("responses", _("Responses")),
]
COUNT_LIMIT = 1000
EXCERPT_WORDS = 36


def visible_plans():
    """Plans anyone may read: live and not behind a view restriction."""
    return PlanPage.objects.live().public()


class Filters:
    """What a search looks in: the query's terms, and the plans and chapters anyone may read under the
    region and plan chosen, read once (two queries) as lists of ids. Given as constants, they let
    PostgreSQL start from the rows the words find: as subqueries, its estimates led it to read every
    response in order (110 ms against 10 at a million comments)."""

    def __init__(self, terms, *, plans, region="", plan=None):
        self.terms = terms
        if region:
            plans = plans.filter(region=region)
        if plan is not None:
            plans = plans.filter(pk=plan)
        self.plans = list(plans.values_list("pk", flat=True))
        self.chapters = list(visible_chapters().values_list("pk", flat=True))


def found(kind, filters):
    """The rows of one kind that the query finds under the filters, in the order they are listed."""
    if kind == "text":
        return (PlanText.objects.filter(search_terms__matches_terms=filters.terms, plan__in_ids=filters.plans)
                .filter(Q(chapter__isnull=True) | Q(chapter__in_ids=filters.chapters))
                .order_by("plan_id", "chapter_id", "number"))
    readable = Q(state=CommentStatus.PUBLISHED, plan__in_ids=filters.plans) & (
        Q(scope=CommentScope.GENERAL) | Q(chapter_pk__in_ids=filters.chapters))
    if kind == "comments":
        return (ParagraphComment.objects.filter(readable, search_terms__matches_terms=filters.terms)
                .select_related(None).order_by("-pk"))
    # The comment's conditions as a join, not a subquery of comments: PostgreSQL then starts from the
    # responses the words find instead of reading every response in order.
    return (OfficialResponse.objects.filter(search_terms__matches_terms=filters.terms, published_at__isnull=False)
            .filter(prefix_q(readable, "comment__")).select_related("comment").order_by("-comment_id"))


def prefix_q(condition, prefix):
    """The same Q on a related model: each lookup behind `prefix`."""
    prefixed = Q(*[prefix_q(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1])
                   for child in condition.children], _connector=condition.connector, _negated=condition.negated)
    return prefixed


def counts(filters):
    """How many of each kind the query finds, each up to COUNT_LIMIT: one query."""
    return count_up_to({kind: found(kind, filters) for kind, _label in KINDS}, COUNT_LIMIT)


def excerpt(text, terms, words=EXCERPT_WORDS):
    """About `words` words of `text` around its first word the query finds, escaped, each found word in
    <mark>; the start of the text when none is (a title's match)."""
    text = text or ""
    spans = matching_spans(text, terms.words)
    tokens = [match.span() for match in WORD.finditer(text)]
    first = next((index for index, span in enumerate(tokens) if spans and span[0] >= spans[0][0]), 0)
    start_token = max(0, first - words // 3)
    end_token = min(len(tokens), start_token + words)
    start = tokens[start_token][0] if tokens and start_token else 0
    end = tokens[end_token - 1][1] if tokens and end_token < len(tokens) else len(text)
    pieces, position = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces += [escape(text[position:span_start]), f"<mark>{escape(text[span_start:span_end])}</mark>"]
        position = span_end
    pieces.append(escape(text[position:end]))
    return mark_safe(("… " if start else "") + "".join(pieces) + (" …" if end < len(text) else ""))  # nosec B703 B308


@dataclass
class Result:
    """One row as the results page shows it."""

    url: str
    heading: str
    excerpt: str
    plan: object
    chapter: object = None
    comment: object = None
    response: object = None


def results(kind, rows, terms):
    """The rows of one page of results as Results: two queries for their plans and chapters."""
    if kind == "text":
        chapter_ids = {row.chapter_id for row in rows}
        plan_ids = {row.plan_id for row in rows}
    else:
        comments = [row if kind == "comments" else row.comment for row in rows]
        chapter_ids = {comment.chapter_pk for comment in comments}
        plan_ids = {comment.plan_id for comment in comments}
    plans = PlanPage.objects.in_bulk(plan_ids - {None})
    chapters = ChapterPage.objects.in_bulk(chapter_ids - {None})
    shown = []
    for row in rows:
        if kind == "text":
            plan, chapter = plans.get(row.plan_id), chapters.get(row.chapter_id)
            page = chapter or plan
            url = page.url + (f"#p-{row.paragraph_key}" if row.paragraph_key else "")
            heading = _chapter_heading(chapter) if chapter else plan.title
            shown.append(Result(url=url, heading=heading, excerpt=excerpt(row.text, terms), plan=plan, chapter=chapter))
            continue
        comment = row if kind == "comments" else row.comment
        plan, chapter = plans.get(comment.plan_id), chapters.get(comment.chapter_pk)
        url = comment_url(comment, plan, chapter)
        if kind == "comments":
            text = "\n".join(filter(None, [comment.comment, comment.proposed_wording, comment.justification]))
            shown.append(Result(url=url, heading=comment.title or comment.reference, excerpt=excerpt(text, terms),
                                plan=plan, chapter=chapter, comment=comment))
        else:
            shown.append(Result(url=url, heading=comment.title or comment.reference,
                                excerpt=excerpt(row.justification, terms), plan=plan, chapter=chapter,
                                comment=comment, response=row))
    return shown


def _chapter_heading(chapter):
    return f"{chapter.number}. {chapter.title}" if chapter.number else chapter.title


def comment_url(comment, plan, chapter):
    """Where the comment is shown in full: its paragraph's page, its chapter, or its plan's page."""
    if comment.scope == CommentScope.GENERAL or chapter is None:
        return f"{plan.url}#c-{comment.pk}"
    if comment.scope == CommentScope.CHAPTER or not comment.paragraph_key:
        return f"{chapter.url}#c-{comment.pk}"
    return f"{chapter.url}{chapter.reverse_subpage('paragraph', args=[comment.paragraph_key])}#c-{comment.pk}"
