"""Putting an imported document into a plan: new revisions of its chapters that keep the keys of
paragraphs whose text is the same or similar, so comments stay attached.

`preview_import` says what would change; `importing.actions.import_plan` does it, in one transaction.
"""

import uuid
from dataclasses import dataclass, field

from consultation.models import ChapterPage
from consultation.versions.diff import CHANGED, DELETED, INSERTED, compare_blocks, match_blocks, similarity
from consultation.versions.reading import read_blocks

CHAPTER_TITLE_SIMILARITY = 0.6


@dataclass
class ChapterPlan:
    """What the import does to one chapter."""

    title: str
    number: int
    chapter: object = None  # the existing ChapterPage, or None for a new chapter
    body: list = field(default_factory=list)  # raw stream data with ids
    changes: list = field(default_factory=list)  # BlockChanges of paragraphs and other blocks

    @property
    def status(self):
        if self.chapter is None:
            return "new"
        return "changed" if self.counts["inserted"] or self.counts["changed"] or self.counts["deleted"] else "unchanged"

    @property
    def counts(self):
        return {status: sum(1 for c in self.changes if c.status == status) for status in (INSERTED, CHANGED, DELETED)}


@dataclass
class ImportPlan:
    chapters: list
    untouched: list  # existing chapters that the file does not contain; left as they are


def current_body(chapter):
    """The chapter's text as its editors last saved it (a draft, if there is one)."""
    latest = chapter.get_latest_revision_as_object()
    return list(latest.body.raw_data)


def _with_ids(new_items, old_items):
    """Give each new block the id of the old block it matches (by likeness of text), or a new one."""
    old_blocks = read_blocks(old_items)
    new_blocks = read_blocks([dict(item, id=f"new-{n}") for n, item in enumerate(new_items)])
    pairs = match_blocks(old_blocks, new_blocks)
    result = []
    for index, item in enumerate(new_items):
        block_id = old_blocks[pairs[index]].key if index in pairs else str(uuid.uuid4())
        result.append({"type": item["type"], "value": item["value"], "id": block_id})
    return result


def _match_chapters(parsed, existing):
    """Pair parsed chapters with existing ones by title (exact, then alike)."""
    pairs, free = {}, list(existing)
    for index, chapter in enumerate(parsed):
        exact = next((c for c in free if c.title.strip().lower() == chapter.title.strip().lower()), None)
        if exact is not None:
            pairs[index] = exact
            free.remove(exact)
    for index, chapter in enumerate(parsed):
        if index in pairs or not free:
            continue
        best = max(free, key=lambda c: similarity(c.title.lower(), chapter.title.lower()))
        if similarity(best.title.lower(), chapter.title.lower()) >= CHAPTER_TITLE_SIMILARITY:
            pairs[index] = best
            free.remove(best)
    return pairs, free


def preview_import(plan, parsed):
    existing = list(ChapterPage.objects.child_of(plan).order_by("number", "path"))
    pairs, untouched = _match_chapters(parsed, existing)
    chapters = []
    for index, parsed_chapter in enumerate(parsed):
        chapter = pairs.get(index)
        old_items = current_body(chapter) if chapter is not None else []
        body = _with_ids(parsed_chapter.blocks, old_items)
        changes = [c for c in compare_blocks(read_blocks(old_items), read_blocks(body)) if c.is_change]
        chapters.append(ChapterPlan(title=parsed_chapter.title, number=index + 1, chapter=chapter, body=body,
                                    changes=changes))
    return ImportPlan(chapters=chapters, untouched=untouched)
