"""The diff on hand-made cases: insert, delete, move, rewrite, new chapter, removed chapter."""

from consultation.versions.diff import (
    CHANGED,
    DELETED,
    INSERTED,
    UNCHANGED,
    compare_blocks,
    compare_versions,
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
