"""Putting an imported document into a plan: new revisions of its chapters that keep the keys of
paragraphs whose text is the same or similar, so comments stay attached.

`preview_import` says what would happen under the editor's choices — which existing chapter each
chapter of the file replaces (proposed: the same title, else the chapter sharing most of its
paragraphs; never a mere look-alike title), which bold lines are headings, where the text before
the first chapter goes — and what it costs: paragraphs with published comments or responses that
would be removed or rewritten, chapter numbers used twice. `importing.actions.import_plan` does it,
in one transaction, under the same rules.
"""

import hashlib
import json
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from html import escape

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultation.core.sanitize import html_to_plain_text
from consultation.importing.document import (
    TABLE,
    ParsedChapter,
    assemble,
    duplicate_numbers,
    split_number,
)
from consultation.models import (
    ChapterPage,
    OfficialResponse,
    ParagraphComment,
    PlanPage,
)
from consultation.models.pages import reading_order
from consultation.versions.diff import (
    CHANGED,
    DELETED,
    INSERTED,
    compare_blocks,
    match_blocks,
)
from consultation.versions.reading import read_blocks

NEW, SKIP = "new", "skip"
SAME_TITLE, SHARED_PARAGRAPHS = "same-title", "shared-paragraphs"  # why a pairing is proposed
INTRO, CHAPTER, LEAVE_OUT = "intro", "chapter", "leave-out"
FRONT_MATTER_SOURCE = -1  # the "source index" of the chapter made of the text before the first chapter
CONTENT_OVERLAP_TO_PAIR = 0.5  # share of a chapter's paragraphs found word for word in an existing one
# ... and at least this much text shared (each paragraph counted once): a placeholder such as
# "Do uzupełnienia." in two unrelated chapters is no reason to pair them.
MIN_SHARED_CHARACTERS = 200


@dataclass
class ImportChoices:
    """What the editor decided in the preview; empty means "as proposed"."""

    promoted: dict = field(default_factory=dict)  # element index → heading level (1 chapter, 2 section)
    pairing: dict = field(default_factory=dict)  # source index → existing chapter pk, NEW or SKIP
    front_matter: str = ""  # INTRO, CHAPTER or LEAVE_OUT
    front_matter_title: str = ""
    changed: set = field(default_factory=set)  # sources whose pairing the editor has just changed: they win

    def as_data(self):
        return {"promoted": {str(k): v for k, v in self.promoted.items()},
                "pairing": {str(k): str(v) for k, v in self.pairing.items()},
                "front_matter": self.front_matter, "front_matter_title": self.front_matter_title}

    @classmethod
    def from_data(cls, data):
        return cls(promoted={int(k): int(v) for k, v in data.get("promoted", {}).items()},
                   pairing={int(k): v for k, v in data.get("pairing", {}).items()},
                   front_matter=data.get("front_matter", ""), front_matter_title=data.get("front_matter_title", ""))


@dataclass
class ChapterPlan:
    """What the import does with one chapter of the file."""

    source: int  # index of its heading among the file's elements (FRONT_MATTER_SOURCE for the front matter)
    title: str
    number: int
    action: str = NEW  # NEW, SKIP, or "pair" with `chapter`
    chapter: object = None  # the existing chapter it replaces, as its editors last saved it
    was_title: str = ""  # that chapter's title and number before the import
    was_number: int = 0
    proposed: bool = False  # the pairing is the one proposed (`reason` says why)
    reason: str = ""  # SAME_TITLE or SHARED_PARAGRAPHS
    body: list = field(default_factory=list)  # raw stream data with ids
    changes: list = field(default_factory=list)  # BlockChanges of paragraphs and other blocks
    at_risk: list = field(default_factory=list)  # (BlockChange, published, awaiting moderation)

    @property
    def status(self):
        if self.action == SKIP:
            return "skipped"
        if self.chapter is None:
            return "new"
        counts = self.counts
        changed = counts["inserted"] or counts["changed"] or counts["deleted"] or counts["moved"]
        return "changed" if changed or self.retitled or self.renumbered else "unchanged"

    @property
    def retitled(self):
        return self.chapter is not None and self.was_title != self.title

    @property
    def renumbered(self):
        return self.chapter is not None and self.was_number != self.number

    @property
    def counts(self):
        counts = {status: sum(1 for c in self.changes if c.status == status) for status in (INSERTED, CHANGED, DELETED)}
        counts["moved"] = sum(1 for c in self.changes if c.moved)
        return counts


@dataclass
class FrontMatter:
    blocks: list
    choice: str
    title: str
    may_be_intro: bool  # the plan's introduction takes text and lists, not tables
    current_intro: str = ""

    @property
    def intro_html(self):
        return blocks_as_intro(self.blocks)

    @property
    def replaces_intro(self):
        return bool(html_to_plain_text(self.current_intro)) and not self.intro_unchanged

    @property
    def intro_unchanged(self):
        return _without_block_keys(self.current_intro) == self.intro_html


@dataclass
class ImportPlan:
    chapters: list
    untouched: list  # existing chapters that nothing in the file replaces; left as they are
    front_matter: FrontMatter
    warnings: list  # what the reader could not keep
    problems: list  # why it cannot be saved as it stands
    heading_candidates: list  # (element index, text, promoted level)
    existing: list  # the plan's chapters as last saved, for the pairing choices
    notices: list = field(default_factory=list)  # what changed because of another choice
    promoted: dict = field(default_factory=dict)
    bodies: dict = field(default_factory=dict)  # reusable work: cache key → body with ids
    revisions: dict = field(default_factory=dict)  # what the preview saw: {chapter pk: latest revision id}
    saved: int = 0  # chapters given a new revision by the import (the action counts them)

    @property
    def choices(self):
        """The choices this preview shows, proposals included: what saving it will do."""
        return ImportChoices(
            promoted=dict(self.promoted),
            pairing={item.source: str(item.chapter.pk) if item.chapter is not None else item.action
                     for item in self.chapters},
            front_matter=self.front_matter.choice, front_matter_title=self.front_matter.title)

    @property
    def intro_html(self):
        """The plan's new introduction, or "" when the import leaves it as it is."""
        if self.front_matter.choice != INTRO or self.front_matter.intro_unchanged:
            return ""
        return self.front_matter.intro_html


def _with_ids(new_items, old_items):
    """Give each new block the id of the old block it matches (same or similar text), or a new one."""
    old_blocks = read_blocks(old_items)
    new_blocks = read_blocks([dict(item, id=f"new-{n}") for n, item in enumerate(new_items)])
    pairs = match_blocks(old_blocks, new_blocks)
    result = []
    for index, item in enumerate(new_items):
        block_id = old_blocks[pairs[index]].key if index in pairs else str(uuid.uuid4())
        result.append({"type": item["type"], "value": item["value"], "id": block_id})
    return result


def _normalised(title):
    return " ".join(split_number(title)[1].lower().split())


def _texts(blocks):
    return Counter(" ".join(block.text.split()) for block in blocks if block.text.strip())


def _without_block_keys(html):
    """Rich text as the import writes it: the page editor adds a data-block-key to every block."""
    return _BLOCK_KEY.sub("", html or "")


_BLOCK_KEY = re.compile(r'\s+data-block-key="[^"]*"')


def propose_pairing(parsed, existing, old_blocks):
    """{source index: (existing chapter, reason)}: the same title first, then the chapter that shares
    most of the paragraphs word for word (at least CONTENT_OVERLAP_TO_PAIR of them, and at least
    MIN_SHARED_CHARACTERS of text, not a shared placeholder). A title that is
    merely alike pairs nothing: "Diagnoza obszaru" is not "Diagnoza sytuacji ekonomii społecznej".
    The text before the first chapter is never paired by its title alone."""
    pairs, free = {}, list(existing)
    for chapter in parsed:
        same = next((c for c in free if _normalised(c.title) == _normalised(chapter.title)), None)
        if same is not None and chapter.source != FRONT_MATTER_SOURCE:
            pairs[chapter.source] = (same, SAME_TITLE)
            free.remove(same)
    old_texts = {chapter.pk: _texts(old_blocks[chapter.pk]) for chapter in free}
    candidates = []
    for chapter in parsed:
        if chapter.source in pairs:
            continue
        new_texts = _texts(read_blocks([dict(item, id=str(n)) for n, item in enumerate(chapter.blocks)]))
        total = sum(new_texts.values())
        for existing_chapter in free:
            common = new_texts & old_texts[existing_chapter.pk]
            shared = sum(common.values())
            if (total and shared / total >= CONTENT_OVERLAP_TO_PAIR
                    and sum(len(text) for text in common) >= MIN_SHARED_CHARACTERS):
                candidates.append((shared / total, -chapter.source, existing_chapter.pk, chapter, existing_chapter))
    for _share, _order, _pk, chapter, existing_chapter in sorted(candidates, key=lambda c: c[:3], reverse=True):
        if chapter.source not in pairs and existing_chapter in free:
            pairs[chapter.source] = (existing_chapter, SHARED_PARAGRAPHS)
            free.remove(existing_chapter)
    return pairs


def blocks_as_intro(blocks):
    """Rich text for the plan's introduction (bold, italic, links and lists; headings become bold lines)."""
    parts = []
    for block in blocks:
        if block["type"] == "paragraph":
            parts.append(block["value"])
        elif block["type"] == "heading":
            parts.append(f"<p><b>{escape(block['value']['text'])}</b></p>")
        elif block["type"] == "list":
            tag = "ol" if block["value"]["ordered"] else "ul"
            items = "".join(f"<li>{item.removeprefix('<p>').replace('</p>', '', 1)}</li>"
                            for item in block["value"]["items"])
            parts.append(f"<{tag}>{items}</{tag}>")
    return "".join(parts)


def _cache_key(chapter, revision_id, blocks):
    digest = hashlib.sha256(json.dumps(blocks, sort_keys=True).encode()).hexdigest()[:32]
    return f"{chapter.pk}:{revision_id}:{digest}"


def _comments_at_risk(changes, chapter):
    """(change, published, awaiting moderation) for removed or rewritten blocks that carry comments."""
    keys = {change.old.key for change in changes if change.status in (DELETED, CHANGED)}
    if not keys or chapter is None:
        return []
    comments = ParagraphComment.objects.for_chapter(chapter).filter(paragraph_key__in=keys)
    published = Counter(comments.published().values_list("paragraph_key", flat=True))
    pending = Counter(comments.pending().values_list("paragraph_key", flat=True))
    return [(change, published[change.old.key], pending[change.old.key]) for change in changes
            if change.status in (DELETED, CHANGED) and (published[change.old.key] or pending[change.old.key])]


def _responses_at_risk(at_risk, chapter):
    """How many published official responses answer published comments on the paragraphs at risk."""
    comments = ParagraphComment.objects.for_chapter(chapter).filter(
        paragraph_key__in={change.old.key for change, published, _pending in at_risk if published})
    return OfficialResponse.objects.filter(comment__in=comments.published(), published_at__isnull=False).count()


def latest_revisions(plan):
    """{chapter pk (text): id of its latest revision}, and the plan's own under "plan": what a preview
    saw, so that saving it can tell whether anyone saved the plan or a chapter since."""
    revisions = {str(pk): revision or 0 for pk, revision in
                 ChapterPage.objects.child_of(plan).values_list("pk", "latest_revision_id")}
    revisions["plan"] = PlanPage.objects.filter(pk=plan.pk).values_list("latest_revision_id", flat=True).first() or 0
    return revisions


def preview_import(plan, document, choices=None, known_bodies=None):
    """What importing `document` (a ReadDocument) into `plan` would do under `choices`."""
    choices = choices or ImportChoices()
    known_bodies = known_bodies or {}
    assembled = assemble(document, choices.promoted)
    warnings = list(assembled.warnings)
    pages = list(ChapterPage.objects.child_of(plan))
    existing = reading_order([page.get_latest_revision_as_object() for page in pages])
    old_items = {chapter.pk: list(chapter.body.raw_data) for chapter in existing}
    old_blocks = {pk: read_blocks(items) for pk, items in old_items.items()}
    revisions = latest_revisions(plan)

    front_matter = _front_matter(plan, assembled, choices)
    parsed = list(assembled.chapters)
    if front_matter.choice == CHAPTER and front_matter.blocks:
        parsed.insert(0, ParsedChapter(title=front_matter.title, blocks=front_matter.blocks, number=0,
                                       source=FRONT_MATTER_SOURCE))
    plans, notices = _pair(parsed, existing, old_blocks, choices)
    taken = {item.chapter.pk for item, _parsed in plans if item.chapter is not None}
    untouched = [chapter for chapter in existing if chapter.pk not in taken]
    if not any(parsed_chapter.numbered_in_file for parsed_chapter in parsed):
        _number_by_plan(plans, untouched)
    bodies = {}
    for plan_item, parsed_chapter in plans:
        if plan_item.action == SKIP:
            continue
        chapter = plan_item.chapter
        if chapter is None:
            plan_item.body = _with_ids(parsed_chapter.blocks, [])
        else:
            key = _cache_key(chapter, revisions.get(str(chapter.pk), 0), parsed_chapter.blocks)
            plan_item.body = known_bodies.get(key) or _with_ids(parsed_chapter.blocks, old_items[chapter.pk])
            bodies[key] = plan_item.body
        plan_item.changes = [c for c in compare_blocks(old_blocks.get(chapter.pk, []) if chapter else [],
                                                       read_blocks(plan_item.body)) if c.is_change]
        plan_item.at_risk = _comments_at_risk(plan_item.changes, chapter)
        if plan_item.at_risk:
            responses = _responses_at_risk(plan_item.at_risk, chapter)
            if responses:
                warnings.append(_("“%(chapter)s”: this import removes or rewrites paragraphs whose comments have "
                                  "published official responses (%(n)d). Check them before saving.")
                                % {"chapter": chapter.numbered_title, "n": responses})
    chapter_plans = [plan_item for plan_item, _parsed in plans]
    return ImportPlan(
        chapters=chapter_plans, untouched=untouched, front_matter=front_matter, warnings=warnings,
        problems=_problems(chapter_plans, untouched, front_matter, assembled), notices=notices,
        heading_candidates=[(index, html_to_plain_text(text), choices.promoted.get(index, 0))
                            for index, text in document.heading_candidates],
        existing=existing, promoted=dict(choices.promoted), bodies=bodies, revisions=revisions,
    )


def _pair(parsed, existing, old_blocks, choices):
    """[(ChapterPlan, parsed chapter)] and notices. The editor's choices come first — the ones just
    changed before the older ones — then proposals for the rest, among the chapters nobody chose."""
    by_pk = {str(chapter.pk): chapter for chapter in existing}
    explicit = {c.source: str(choices.pairing[c.source]) for c in parsed if str(choices.pairing.get(c.source, ""))}
    hints = propose_pairing(parsed, existing, old_blocks)  # what would be proposed with no choices at all
    proposed = hints if not explicit else propose_pairing(
        [c for c in parsed if c.source not in explicit], [c for c in existing if str(c.pk) not in explicit.values()],
        old_blocks)
    items = {c.source: ChapterPlan(source=c.source, title=c.title, number=c.number) for c in parsed}
    taken, notices = {}, []
    order = sorted(parsed, key=lambda c: (c.source not in choices.changed, parsed.index(c)))
    for parsed_chapter in order:
        item = items[parsed_chapter.source]
        choice = explicit.get(parsed_chapter.source, "")
        if choice == SKIP:
            item.action = SKIP
            continue
        target = by_pk.get(choice) if choice else proposed.get(parsed_chapter.source, (None, ""))[0]
        if target is not None and target.pk in taken:
            notices.append(_("“%(chapter)s” no longer replaces “%(existing)s”, which you chose for “%(other)s”: it "
                             "is imported as a new chapter unless you choose otherwise.")
                           % {"chapter": item.title, "existing": target.numbered_title, "other": taken[target.pk]})
        elif target is not None:
            item.action, item.chapter = "pair", target
            item.was_title, item.was_number = target.title, target.number
            taken[target.pk] = item.title
            hint = hints.get(parsed_chapter.source)
            item.proposed = hint is not None and hint[0] == target
            item.reason = hint[1] if item.proposed else ""
    return [(items[c.source], c) for c in parsed], notices


def _number_by_plan(plans, untouched):
    """When the file numbers none of its chapters: a chapter that replaces an existing one keeps its
    number, and new chapters follow the highest number in use, in the file's order (so importing one
    chapter of a plan does not make it "1"). Unnumbered parts (an introduction) stay unnumbered."""
    in_use = [chapter.number for chapter in untouched]
    in_use += [item.was_number for item, _parsed in plans if item.chapter is not None]
    following = max(in_use, default=0)
    for item, _parsed in plans:
        if item.chapter is not None:
            item.number = item.was_number if item.number else 0
        elif item.number and item.action != SKIP:
            following += 1
            item.number = following


def _front_matter(plan, assembled, choices):
    """The text before the first chapter: the plan's introduction by default (a re-import replaces
    it), else an unnumbered chapter, "Część wstępna" unless the editor names it."""
    blocks = assembled.front_matter
    may_be_intro = not any(block["type"] == TABLE for block in blocks)
    choice = choices.front_matter
    if choice not in (INTRO, CHAPTER, LEAVE_OUT) or (choice == INTRO and not may_be_intro):
        choice = INTRO if may_be_intro else CHAPTER
    title = (choices.front_matter_title or "").strip()[:255] or _("Front matter")
    latest = plan.revisions.order_by("-created_at", "-pk").first()  # not the instance's cached revision
    current_intro = latest.as_object().intro if latest is not None else plan.intro
    return FrontMatter(blocks=blocks, choice=choice if blocks else LEAVE_OUT, title=title,
                       may_be_intro=may_be_intro, current_intro=current_intro or "")


def _problems(chapter_plans, untouched, front_matter, assembled):
    problems = []
    imported = [item for item in chapter_plans if item.action != SKIP]
    if not assembled.chapters or (not imported and front_matter.choice != INTRO):
        problems.append(_("Nothing would be imported: the file has no chapter headings, or every chapter is set "
                          "to be left out. Promote the lines that start chapters, or choose what to import."))
    if front_matter.choice == CHAPTER and any(
            _normalised(chapter.title) == _normalised(front_matter.title) for chapter in assembled.chapters):
        problems.append(_("The text before the first chapter would be a chapter titled like a chapter of the file "
                          "(“%(title)s”): give it another title.") % {"title": front_matter.title})
    numbers = [item.number for item in imported] + [chapter.number for chapter in untouched]
    duplicates = duplicate_numbers(numbers)
    if duplicates:
        problems.append(ngettext(
            "The chapter number %(numbers)s would be used twice. Set the chapter of the file to replace the "
            "existing chapter of that number, leave one of them out, or correct the numbers in the file.",
            "The chapter numbers %(numbers)s would be used twice. Set the chapters of the file to replace the "
            "existing chapters of those numbers, leave some of them out, or correct the numbers in the file.",
            len(duplicates)) % {"numbers": ", ".join(str(n) for n in duplicates)})
    return problems
