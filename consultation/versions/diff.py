"""Comparing two versions of a plan: chapters by page, paragraphs by key then by likeness, words.

Matching: a paragraph keeps its block UUID across edits, so most pairs are found by key. Blocks
left over (pasted anew, imported) are paired when their texts are alike enough
(`SIMILARITY_THRESHOLD`). Pairs whose order changed are marked as moved.
"""

import html
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

SIMILARITY_THRESHOLD = 0.6

UNCHANGED, CHANGED, INSERTED, DELETED = "unchanged", "changed", "inserted", "deleted"

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def similarity(old_text, new_text):
    return SequenceMatcher(None, old_text, new_text, autojunk=False).ratio()


def word_diff(old_text, new_text):
    """HTML of `new_text` with words removed in <del> and added in <ins>, each also announced in
    words for screen readers and marked by strike-through/underline, never by colour alone."""
    old_tokens, new_tokens = _TOKEN.findall(old_text), _TOKEN.findall(new_text)
    removed, added = html.escape(_("removed:")), html.escape(_("added:"))
    parts = []
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(html.escape("".join(new_tokens[j1:j2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f'<del><span class="visually-hidden">[{removed} </span>'
                         f'{html.escape("".join(old_tokens[i1:i2]))}<span class="visually-hidden">]</span></del>')
        if op in ("insert", "replace"):
            parts.append(f'<ins><span class="visually-hidden">[{added} </span>'
                         f'{html.escape("".join(new_tokens[j1:j2]))}<span class="visually-hidden">]</span></ins>')
    # Reviewed: every piece of text is escaped above.
    return mark_safe("".join(parts))  # nosec


@dataclass
class BlockChange:
    status: str
    old: object = None  # VersionBlock
    new: object = None
    moved: bool = False
    comments: list = field(default_factory=list)

    @property
    def key(self):
        return (self.new or self.old).key

    @property
    def diff_html(self):
        if self.status == CHANGED:
            return word_diff(self.old.text, self.new.text)
        return None

    @property
    def is_change(self):
        return self.status != UNCHANGED or self.moved


@dataclass
class ChapterChange:
    status: str
    old: object = None  # VersionChapter
    new: object = None
    blocks: list = field(default_factory=list)

    @property
    def chapter(self):
        return self.new or self.old

    @property
    def change_count(self):
        retitled = bool(self.old and self.new and self.old.title != self.new.title)
        return sum(1 for b in self.blocks if b.is_change) + int(retitled)


def _increasing_subsequence(values):
    """Indexes of one longest increasing subsequence of `values` (patience sorting)."""
    tails, tails_at, previous = [], [], [None] * len(values)
    for index, value in enumerate(values):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if tails[middle] < value:
                low = middle + 1
            else:
                high = middle
        previous[index] = tails_at[low - 1] if low else None
        if low == len(tails):
            tails.append(value)
            tails_at.append(index)
        else:
            tails[low], tails_at[low] = value, index
    result, index = [], tails_at[-1] if tails_at else None
    while index is not None:
        result.append(index)
        index = previous[index]
    return set(result)


def match_blocks(old_blocks, new_blocks):
    """Pairs {new index: old index}: by key first, then by likeness of text among blocks of a kind."""
    old_by_key = {block.key: i for i, block in enumerate(old_blocks)}
    pairs = {j: old_by_key[block.key] for j, block in enumerate(new_blocks) if block.key in old_by_key}
    free_old = [i for i in range(len(old_blocks)) if i not in set(pairs.values())]
    free_new = [j for j in range(len(new_blocks)) if j not in pairs]
    candidates = sorted(
        ((similarity(old_blocks[i].text, new_blocks[j].text), j, i)
         for j in free_new for i in free_old if old_blocks[i].kind == new_blocks[j].kind),
        reverse=True,
    )
    taken_old = set()
    for score, j, i in candidates:
        if score < SIMILARITY_THRESHOLD:
            break
        if j in pairs or i in taken_old:
            continue
        pairs[j] = i
        taken_old.add(i)
    return pairs


def compare_blocks(old_blocks, new_blocks):
    pairs = match_blocks(old_blocks, new_blocks)
    matched_new = sorted(pairs)
    in_order = _increasing_subsequence([pairs[j] for j in matched_new])
    moved_new = {matched_new[n] for n in range(len(matched_new)) if n not in in_order}

    changes_by_new = []
    for j, block in enumerate(new_blocks):
        if j in pairs:
            old = old_blocks[pairs[j]]
            status = UNCHANGED if old.text == block.text else CHANGED
            changes_by_new.append(BlockChange(status=status, old=old, new=block, moved=j in moved_new))
        else:
            changes_by_new.append(BlockChange(status=INSERTED, new=block))

    # A deleted block is shown after the block that preceded it in the old text.
    new_position_of_old = {i: j for j, i in pairs.items()}
    deleted_after = {}
    for i, block in enumerate(old_blocks):
        if i in new_position_of_old:
            continue
        anchor = next((new_position_of_old[k] for k in range(i - 1, -1, -1) if k in new_position_of_old), -1)
        deleted_after.setdefault(anchor, []).append(BlockChange(status=DELETED, old=block))
    result = list(deleted_after.get(-1, []))
    for j, change in enumerate(changes_by_new):
        result.append(change)
        result.extend(deleted_after.get(j, []))
    return result


def compare_versions(old_chapters, new_chapters):
    """ChapterChanges in the new order; removed chapters after their old neighbour, as blocks are."""
    old_by_id = {c.chapter_page_id: c for c in old_chapters}
    new_ids = {c.chapter_page_id for c in new_chapters}
    result = []
    for chapter in new_chapters:
        old = old_by_id.get(chapter.chapter_page_id)
        if old is None:
            result.append(ChapterChange(status=INSERTED, new=chapter,
                                        blocks=[BlockChange(status=INSERTED, new=b) for b in chapter.blocks]))
        else:
            blocks = compare_blocks(old.blocks, chapter.blocks)
            status = CHANGED if any(b.is_change for b in blocks) or old.title != chapter.title else UNCHANGED
            result.append(ChapterChange(status=status, old=old, new=chapter, blocks=blocks))
    for position, chapter in enumerate(old_chapters):
        if chapter.chapter_page_id in new_ids:
            continue
        removed = ChapterChange(status=DELETED, old=chapter,
                                blocks=[BlockChange(status=DELETED, old=b) for b in chapter.blocks])
        previous_ids = [c.chapter_page_id for c in old_chapters[:position]]
        index = max((n + 1 for n, c in enumerate(result) if c.chapter.chapter_page_id in previous_ids), default=0)
        result.insert(index, removed)
    return result
