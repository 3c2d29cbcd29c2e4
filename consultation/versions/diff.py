"""Comparing two versions of a plan: chapters by page, paragraphs by key then by likeness, words.

Matching: a paragraph keeps its block UUID across edits, so most pairs are found by key. Blocks
left over (pasted anew, imported) are paired next when their texts are identical, duplicates in
document order, and then when their words are alike enough (`word_similarity` of at least
`SIMILARITY_THRESHOLD`), always among blocks of a kind. For likeness a new block is scored only
against its candidates: the `CANDIDATE_LIMIT` old blocks that share the most of its rarer words
(`candidates_for`), never against every old block, so that re-importing a long chapter stays quick.
Pairs whose order changed are marked as moved.
"""

import heapq
import html
import re
from collections import deque
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

SIMILARITY_THRESHOLD = 0.6
# Old blocks a leftover new block is scored against, at most.
CANDIDATE_LIMIT = 20
# Entries of the word index read for one new block (its rarest words first) to choose its candidates.
_INDEX_READS = 400

UNCHANGED, CHANGED, INSERTED, DELETED = "unchanged", "changed", "inserted", "deleted"

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)


def similarity(old_text, new_text):
    """Likeness of two texts character by character, 0 to 1: for short texts such as titles."""
    return SequenceMatcher(None, old_text, new_text, autojunk=False).ratio()


def words(text):
    """The words of a text, lower-cased, without punctuation."""
    return _WORD.findall(text.lower())


def word_similarity(old_text, new_text):
    """Likeness of two texts word by word, 0 to 1: what leftover blocks are paired by."""
    return SequenceMatcher(None, words(old_text), words(new_text), autojunk=False).ratio()


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


def candidates_for(old_blocks, new_blocks, old_indexes=None, new_indexes=None):
    """{new index: old indexes} to score for likeness (all blocks unless indexes are given).

    For each new block at most `CANDIDATE_LIMIT` old blocks of its kind, those sharing the most of
    its rarer words first, ties in document order. The new block's words are looked up in an index
    of the old blocks' words from the rarest on, reading at most `_INDEX_READS` entries, so common
    words ("w", "i", "oraz") cost nothing when rarer ones tell the blocks apart.
    """
    old_indexes = range(len(old_blocks)) if old_indexes is None else old_indexes
    new_indexes = range(len(new_blocks)) if new_indexes is None else new_indexes
    index = {}
    for i in old_indexes:
        kind = old_blocks[i].kind
        for word in dict.fromkeys(words(old_blocks[i].text)):
            index.setdefault((kind, word), []).append(i)
    result = {}
    for j in new_indexes:
        kind = new_blocks[j].kind
        entries = sorted((len(index[kind, word]), word) for word in set(words(new_blocks[j].text))
                         if (kind, word) in index)
        shared, reads = {}, _INDEX_READS
        for size, word in entries:
            if reads <= 0:
                break
            for i in index[kind, word][:reads]:
                shared[i] = shared.get(i, 0) + 1
            reads -= size
        result[j] = [i for _count, i in heapq.nsmallest(CANDIDATE_LIMIT, ((-count, i) for i, count in shared.items()))]
    return result


def _bag(tokens):
    """The tokens as a set that keeps repeats apart: "i" twice is ("i", 0) and ("i", 1)."""
    seen, bag = {}, set()
    for token in tokens:
        repeat = seen.get(token, 0)
        bag.add((token, repeat))
        seen[token] = repeat + 1
    return bag


def match_blocks(old_blocks, new_blocks):
    """Pairs {new index: old index}: by key, then by identical text, then by likeness of words among
    blocks of a kind, the most alike first (ties in document order)."""
    old_by_key = {block.key: i for i, block in enumerate(old_blocks)}
    pairs = {j: old_by_key[block.key] for j, block in enumerate(new_blocks) if block.key in old_by_key}
    taken = set(pairs.values())

    old_by_text = {}
    for i, block in enumerate(old_blocks):
        if i not in taken:
            old_by_text.setdefault((block.kind, block.text), deque()).append(i)
    for j, block in enumerate(new_blocks):
        same = old_by_text.get((block.kind, block.text)) if j not in pairs else None
        if same:
            pairs[j] = same.popleft()
            taken.add(pairs[j])

    free_old = [i for i in range(len(old_blocks)) if i not in taken]
    free_new = [j for j in range(len(new_blocks)) if j not in pairs]
    old_words, old_bags, scored = {}, {}, []
    for j, candidates in candidates_for(old_blocks, new_blocks, free_old, free_new).items():
        new_words = words(new_blocks[j].text)
        new_bag = _bag(new_words)
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(new_words)  # the matcher keeps what it learnt of seq2 for every seq1
        for i in candidates:
            if i not in old_words:
                old_words[i] = words(old_blocks[i].text)
                old_bags[i] = _bag(old_words[i])
            # The words in common, order aside, bound ratio() from above (the bound quick_ratio()
            # computes, here in one set operation): hopeless pairs skip the full comparison.
            if 2 * len(new_bag & old_bags[i]) < SIMILARITY_THRESHOLD * (len(new_words) + len(old_words[i])):
                continue
            matcher.set_seq1(old_words[i])
            if (score := matcher.ratio()) >= SIMILARITY_THRESHOLD:
                scored.append((-score, j, i))
    for _score, j, i in sorted(scored):
        if j not in pairs and i not in taken:
            pairs[j] = i
            taken.add(i)
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
    deleted_after, anchor = {}, -1
    for i, block in enumerate(old_blocks):
        if i in new_position_of_old:
            anchor = new_position_of_old[i]
            continue
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
