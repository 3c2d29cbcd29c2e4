"""The diff on hand-made cases: insert, delete, move, rewrite, new chapter, removed chapter; and on
long chapters of generated text, as a re-imported document gives them (every key fresh)."""

import itertools
import random

from consultation.versions.diff import (
    CANDIDATE_LIMIT,
    CHANGED,
    DELETED,
    INSERTED,
    UNCHANGED,
    candidates_for,
    compare_blocks,
    compare_versions,
    match_blocks,
    word_diff,
)
from consultation.versions.reading import VersionBlock, VersionChapter


def blocks(*items):
    """items: (key, text) pairs, numbered in order."""
    return [VersionBlock(key=key, kind="paragraph", number=n, text=text) for n, (key, text) in enumerate(items, 1)]


def summary(changes):
    return [(c.status, c.key, c.moved) for c in changes]


A, B, C = ("a", "Pierwszy akapit o diagnozie."), ("b", "Drugi akapit o spółdzielniach."), ("c", "Trzeci akapit.")


def test_identical_texts_have_no_changes():
    assert summary(compare_blocks(blocks(A, B, C), blocks(A, B, C))) == [
        (UNCHANGED, "a", False), (UNCHANGED, "b", False), (UNCHANGED, "c", False)]


def test_insert_in_the_middle():
    result = compare_blocks(blocks(A, C), blocks(A, ("n", "Nowy akapit o klauzulach."), C))
    assert summary(result) == [(UNCHANGED, "a", False), (INSERTED, "n", False), (UNCHANGED, "c", False)]


def test_delete_is_shown_where_it_was():
    result = compare_blocks(blocks(A, B, C), blocks(A, C))
    assert summary(result) == [(UNCHANGED, "a", False), (DELETED, "b", False), (UNCHANGED, "c", False)]


def test_delete_of_the_first_block():
    assert summary(compare_blocks(blocks(A, B), blocks(B)))[0] == (DELETED, "a", False)


def test_move_is_marked_and_not_shown_as_delete_and_insert():
    result = compare_blocks(blocks(A, B, C), blocks(C, A, B))
    assert sorted(summary(result)) == sorted([(UNCHANGED, "c", True), (UNCHANGED, "a", False),
                                              (UNCHANGED, "b", False)])


def test_rewrite_keeps_the_pair_and_marks_words():
    result = compare_blocks(blocks(B), blocks(("b", "Drugi akapit o spółdzielniach socjalnych.")))
    assert summary(result) == [(CHANGED, "b", False)]
    html = str(result[0].diff_html)
    assert "<ins>" in html and "socjalnych" in html and "<del>" not in html


def test_blocks_with_new_keys_are_matched_by_similar_text():
    result = compare_blocks(blocks(A, B), blocks(("x", "Pierwszy akapit o diagnozie regionu."), ("y", "Zupełnie inny.")))
    assert summary(result)[0] == (CHANGED, "x", False)
    assert result[0].old.key == "a"
    assert {(c.status, c.key) for c in result[1:]} == {(DELETED, "b"), (INSERTED, "y")}


def test_word_diff_is_escaped_and_announced_in_words():
    html = str(word_diff("Ala ma kota", "Ala ma <script>psa</script>"))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<del><span class="visually-hidden">[usunięto: </span>kota' in html


def chapter(page_id, title, *items):
    return VersionChapter(chapter_page_id=page_id, number=page_id, title=title, slug=str(page_id), blocks=blocks(*items))


def test_new_and_removed_chapters():
    old = [chapter(1, "Diagnoza", A), chapter(2, "Prognoza", B)]
    new = [chapter(1, "Diagnoza", A), chapter(3, "Ewaluacja", C)]
    result = compare_versions(old, new)
    assert [(c.status, c.chapter.title) for c in result] == [
        (UNCHANGED, "Diagnoza"), (DELETED, "Prognoza"), (INSERTED, "Ewaluacja")]
    assert [b.status for b in result[1].blocks] == [DELETED]
    assert [b.status for b in result[2].blocks] == [INSERTED]


def test_retitled_chapter_counts_as_changed():
    result = compare_versions([chapter(1, "Diagnoza", A)], [chapter(1, "Diagnoza sytuacji", A)])
    assert result[0].status == CHANGED and result[0].change_count == 1


def vocabulary(size=3000, seed=1):
    """Polish-like words, the commonest first."""
    rng = random.Random(seed)
    onsets = ["", "b", "ch", "cz", "d", "g", "k", "l", "ł", "m", "n", "p", "prz", "r", "rz", "s", "sz", "st", "t",
              "w", "z", "ż"]
    endings = ["", "ego", "ej", "ych", "ami", "ów", "ie", "ość", "ania", "nych", "owy", "ym"]
    words = {"w", "i", "na", "z", "do", "się", "oraz", "dla"}
    while len(words) < size:
        words.add("".join(rng.choice(onsets) + rng.choice("aeiouyąęó") for _ in range(rng.randint(1, 3)))
                  + rng.choice(endings))
    rest = sorted(words - {"w", "i", "na", "z", "do", "się", "oraz", "dla"})
    rng.shuffle(rest)
    return ["w", "i", "na", "z", "do", "się", "oraz", "dla", *rest]


WORDS = vocabulary()
ZIPF = list(itertools.accumulate(1 / rank for rank in range(1, len(WORDS) + 1)))


def paragraphs(count, rng):
    """Paragraphs of 30 to 80 words, common words far more often than rare ones, as in real text."""
    return [" ".join(rng.choices(WORDS, cum_weights=ZIPF, k=rng.randint(30, 80))).capitalize() + "."
            for _ in range(count)]


def edited(text, rng, count=3):
    words = text.split()
    for position in rng.sample(range(1, len(words) - 1), count):
        words[position] = next(w for w in rng.sample(WORDS, 5) if w != words[position])
    return " ".join(words)


def test_unchanged_chapter_with_fresh_keys_pairs_every_block_with_its_twin():
    texts = paragraphs(500, random.Random(2))
    old = blocks(*[(f"old-{n}", text) for n, text in enumerate(texts)])
    new = blocks(*[(f"new-{n}", text) for n, text in enumerate(texts)])
    assert match_blocks(old, new) == {n: n for n in range(500)}
    assert {(c.status, c.moved) for c in compare_blocks(old, new)} == {(UNCHANGED, False)}


def test_a_tenth_of_a_chapter_edited_moved_inserted_and_deleted():
    rng = random.Random(3)
    texts = paragraphs(500, rng)
    chosen = rng.sample(range(500), 50)
    edits, moves, deletions = set(chosen[:15]), chosen[15:25], set(chosen[25:])
    kept = [n for n in range(500) if n not in deletions and n not in moves]
    new_items = [(f"edited-{n}", edited(texts[n], rng)) if n in edits else (f"same-{n}", texts[n]) for n in kept]
    for n in moves:  # far from where they were, so that only they are out of order
        new_items.insert((n + 250) % len(new_items), (f"moved-{n}", texts[n]))
    for n, text in enumerate(paragraphs(25, rng)):
        new_items.insert(rng.randrange(len(new_items) + 1), (f"inserted-{n}", text))

    result = compare_blocks(blocks(*[(f"old-{n}", text) for n, text in enumerate(texts)]), blocks(*new_items))
    for change in result:
        if change.status == DELETED:
            assert int(change.old.key.removeprefix("old-")) in deletions
            continue
        origin, _dash, number = change.new.key.partition("-")
        expected = {"same": (UNCHANGED, False), "edited": (CHANGED, False), "moved": (UNCHANGED, True),
                    "inserted": (INSERTED, False)}[origin]
        assert (change.status, change.moved) == expected, change.new.key
        if origin != "inserted":
            assert change.old.key == f"old-{number}"
    assert sum(1 for c in result if c.status == DELETED) == len(deletions)


def test_duplicated_paragraphs_pair_in_order():
    x, a, b = "Zadanie jest realizowane corocznie.", "Pierwszy akapit o diagnozie.", "Drugi akapit o spółdzielniach."
    old = blocks(("x1", x), ("a", a), ("x2", x), ("b", b), ("x3", x))
    assert match_blocks(old, blocks(("n1", x), ("n2", a), ("n3", x), ("n4", b), ("n5", x))) == {
        0: 0, 1: 1, 2: 2, 3: 3, 4: 4}
    assert summary(compare_blocks(old, blocks(("n1", x), ("n2", a), ("n3", x), ("n4", b)))) == [
        (UNCHANGED, "n1", False), (UNCHANGED, "n2", False), (UNCHANGED, "n3", False), (UNCHANGED, "n4", False),
        (DELETED, "x3", False)]


def test_equally_alike_blocks_pair_in_order():
    old = blocks(("a1", "Pierwszy akapit o diagnozie regionu."), ("a2", "Pierwszy akapit o diagnozie regionu."))
    assert match_blocks(old, blocks(("n", "Pierwszy akapit o diagnozie powiatu."))) == {0: 0}


def test_each_new_block_is_scored_against_a_bounded_number_of_old_blocks():
    rng = random.Random(4)
    base = paragraphs(1, rng)[0]
    old = blocks(*[(f"old-{n}", f"{base} Wariant {n}.") for n in range(100)])
    new = blocks(("new", f"{base} Wariant 42 poprawiony."), ("other", "Zupełnie inny akapit."))
    candidates = candidates_for(old, new)
    assert len(candidates[0]) == CANDIDATE_LIMIT
    assert candidates[0][0] == 42  # shares the most words, "42" the rarest of them
    assert candidates[1] == []
    assert match_blocks(old, new) == {0: 42}
