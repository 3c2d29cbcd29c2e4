"""HTML of comment threads and of a chapter's paragraphs, written in Python.

A chapter page holds dozens of paragraphs and hundreds of comments. Through Django's template
engine each comment cost some fifty variable lookups, translations and date filters; here the
translated labels are looked up once per page and each comment is a few joins of escaped strings.
The markup is the same the templates made. Every value that comes from a person goes through
`html.escape` or `sanitize.render_plain_text`.
"""

from dataclasses import dataclass
from functools import lru_cache
from html import escape

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.dates import MONTHS_ALT
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django_comments_xtd.models import max_thread_level_for_content_type

from consultation.core.sanitize import render_plain_text
from consultation.models import Channel, ChapterPage, CommenterKind, Disposition


def local_date_and_time(moment, months):
    """`moment` as the templates' `date:"j E Y, H:i"` and `date:"Y-m-d\\TH:i:sO"` show it, in local time
    (whole seconds: a `<time datetime>` allows at most three digits of a fraction)."""
    local = timezone.localtime(moment)
    return local.isoformat(timespec="seconds"), f"{local.day} {months[local.month]} {local.year}, {local:%H:%M}"


@dataclass(frozen=True)
class Labels:
    """The translated words of a comment tree (see labels_in)."""

    no: str
    changed: str
    see_change: str
    quoted: str
    response: str
    reply: str
    to_comment: str
    report: str
    in_comment: str
    proposed_wording: str
    justification: str
    group: str
    kinds: dict
    dispositions: dict
    months: dict
    received: dict  # {channel: "received on %(date)s (post)"}, for comments registered by staff


@lru_cache(maxsize=16)
def labels_in(language):
    """The labels in `language` (the active one when called). Translations do not change while the
    process runs, so each language is looked up once."""
    return Labels(
        no=_("no."),
        changed=_("The paragraph has changed since this comment was written."),
        see_change=_("See what changed"),
        quoted=_("The text the comment was about"),
        response=_("Response of the expert team"),
        reply=_("Reply"),
        to_comment=_("to comment"),
        report=_("Report abuse"),
        in_comment=_("in comment"),
        proposed_wording=_("Proposed wording"),
        justification=_("Justification"),
        group=_("Identical comments, answered by one response"),
        kinds={value: str(label) for value, label in CommenterKind.choices},
        dispositions={value: str(label) for value, label in Disposition.choices},
        months={number: str(name) for number, name in MONTHS_ALT.items()},
        received={value: _("received on %(date)s (%(channel)s)").replace("%(channel)s", str(label))
                  for value, label in Channel.choices},
    )


class ThreadWriter:
    """Writes comment trees (see comment_tree.CommentNode) as nested lists of articles."""

    def __init__(self, *, commenting_open):
        self.labels = labels_in(get_language())
        self.commenting_open = commenting_open
        # Comment.allow_thread, without a query for each comment's content type.
        self.max_level = max_thread_level_for_content_type(ContentType.objects.get_for_model(ChapterPage))

    def threads(self, nodes, *, orphan=False, reply=True):
        """`orphan`: the paragraph is no longer in the text (no replies). Comments on a chapter as a
        whole or on the whole document take no replies (`reply=False`)."""
        parts = []
        self.reply = reply
        self._tree(nodes, orphan, parts)
        # Reviewed: every value from a person is escaped in _comment.
        return mark_safe("".join(parts))  # nosec

    def _tree(self, nodes, orphan, parts):
        parts.append('<ul class="comment-tree">')
        for node in nodes:
            parts.append("<li>")
            self._comment(node, orphan, parts)
            if node.children:
                self._tree(node.children, orphan, parts)
            parts.append("</li>")
        parts.append("</ul>")

    def _comment(self, node, orphan, parts):
        labels, comment, response = self.labels, node.comment, node.response
        pk, reference = comment.pk, escape(comment.reference)
        if comment.channel != Channel.WEB and comment.received_on is not None:
            # Registered by staff: the date that counts is the date of receipt, not of registration.
            day = comment.received_on
            shown = labels.received[comment.channel] % {"date": f"{day.day} {labels.months[day.month]} {day.year}"}
            iso = day.isoformat()
        else:
            iso, shown = local_date_and_time(comment.submit_date, labels.months)
        # An unnamed private person is already "private person (K-…)": the kind would say it twice.
        named = comment.publish_name or comment.commenter_kind != CommenterKind.PERSON
        kind = f' · <span>{escape(labels.kinds.get(comment.commenter_kind, ""))}</span>' if named else ""
        parts.append(
            f'<article class="comment" id="c-{pk}" aria-labelledby="ct-{pk}">'
            f'<p class="comment-title" id="ct-{pk}"><strong>{escape(comment.title)}</strong></p>'
            f'<p class="meta"><span class="author">{escape(comment.public_author)}</span>{kind}'
            f' · <time datetime="{iso}">{shown}</time>'
            f' · <span>{escape(labels.no)} {reference}</span></p>'
        )
        if node.changed_since:
            link = f' <a href="{escape(node.diff_url)}">{escape(labels.see_change)}</a>' if node.diff_url else ""
            parts.append(
                f'<div class="changed-since"><p><strong>{escape(labels.changed)}</strong>{link}</p>'
                f'<details><summary>{escape(labels.quoted)}</summary>'
                f'<blockquote>{render_plain_text(comment.paragraph_text)}</blockquote></details></div>'
            )
        parts.append(f'<div class="comment-text">{render_plain_text(comment.comment)}</div>')
        if comment.proposed_wording:
            parts.append(f'<div class="comment-part proposed-wording"><p class="comment-part-label">'
                         f'<strong>{escape(labels.proposed_wording)}:</strong></p>'
                         f'<blockquote>{render_plain_text(comment.proposed_wording)}</blockquote></div>')
        if comment.justification:
            parts.append(f'<div class="comment-part justification"><p class="comment-part-label">'
                         f'<strong>{escape(labels.justification)}:</strong></p>'
                         f'{render_plain_text(comment.justification)}</div>')
        if node.group:
            links = ", ".join(f'<a href="{escape(url)}">{escape(ref)}</a>' for ref, url in node.group)
            parts.append(f'<p class="comment-group"><strong>{escape(labels.group)}:</strong> {links}</p>')
        if response is not None:
            disposition = escape(response.disposition)
            parts.append(
                f'<div class="response response-{disposition}"><p class="response-head">'
                f'<strong>{escape(labels.response)}:</strong> '
                f'<span class="disposition">{escape(labels.dispositions.get(response.disposition, ""))}</span></p>'
                f'<div class="response-text">{render_plain_text(response.justification)}</div>'
            )
            if node.change_url:
                text = _("See the change made in version %(number)s") % {"number": response.version_number}
                parts.append(f'<p><a href="{escape(node.change_url)}">{escape(text)}</a></p>')
            parts.append("</div>")
        may_reply = self.reply and comment.level < self.max_level and not orphan
        if self.commenting_open:
            parts.append('<p class="comment-actions">')
            if may_reply:
                parts.append(f'<a href="{escape(node.reply_url)}">{escape(labels.reply)}<span class="visually-hidden">'
                             f' {escape(labels.to_comment)} {reference}</span></a>')
            parts.append(f'<a href="{escape(node.report_url)}">{escape(labels.report)}<span class="visually-hidden">'
                         f' {escape(labels.in_comment)} {reference}</span></a>')
            parts.append('</p>')
        parts.append("</article>")


class ParagraphWriter:
    """Writes a chapter's body: each paragraph with its number, count, links and first threads."""

    def __init__(self, threads):
        self.threads = threads
        self.link_title = _("Link to the paragraph")

    def body(self, items, fragments=None):
        """The body's HTML. `fragments` ({key: html}) are paragraphs rendered before (see
        paragraph_fragments); the others are rendered here and left in `self.rendered` ({key: html})."""
        fragments = fragments or {}
        self.rendered = {}
        parts = []
        for item in items:
            if not hasattr(item, "key"):
                parts.append(item.render())
            elif item.key in fragments:
                parts.append(fragments[item.key])
            else:
                own = []
                self._paragraph(item, own)
                self.rendered[item.key] = "".join(own)
                parts.append(self.rendered[item.key])
        # Reviewed: blocks render through their own templates; every other value is escaped.
        return mark_safe("".join(parts))  # nosec

    def _paragraph(self, paragraph, parts):
        key, number = escape(paragraph.key), paragraph.number
        values = {"number": number, "counter": paragraph.published_count}
        parts.append(
            f'<div class="paragraph" id="p-{key}" data-paragraph="{key}">'
            f'<p class="paragraph-number" id="pn-{key}"><a href="#p-{key}" title="{escape(self.link_title)}">'
            f'§&nbsp;{number}</a></p><div class="paragraph-body">{paragraph.block.render()}</div>'
            '<p class="paragraph-tools">'
        )
        if paragraph.published_count:
            text = ngettext("%(counter)s comment on paragraph %(number)s",
                            "%(counter)s comments on paragraph %(number)s", paragraph.published_count) % values
            parts.append(f'<a class="comment-count" href="#komentarze-{key}">{escape(text)}</a>')
        else:
            text = _("No comments on paragraph %(number)s") % values
            parts.append(f'<span class="comment-count">{escape(text)}</span>')
        if self.threads.commenting_open:
            text = _("Comment on paragraph %(number)s") % values
            parts.append(f'<a class="button comment-link" href="{escape(paragraph.comment_url)}">{escape(text)}</a>')
        parts.append("</p>")
        if paragraph.comments:
            heading = _("Comments on paragraph %(number)s") % values
            parts.append(f'<div class="comments" id="komentarze-{key}"><h2 class="comments-heading">{escape(heading)}</h2>')
            parts.append(self.threads.threads(paragraph.comments))
            if paragraph.more_threads:
                text = ngettext("See all %(counter)s comment on paragraph %(number)s",
                                "See all %(counter)s comments on paragraph %(number)s",
                                paragraph.published_count) % values
                parts.append(f'<p><a href="{escape(paragraph.page_url)}">{escape(text)}</a></p>')
            parts.append("</div>")
        parts.append("</div>")
