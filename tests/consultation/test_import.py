"""Importing drafts from Word and Markdown: structure, formatting, keys kept, bad files refused."""

import io
from io import StringIO

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Page

from consultation.demo.builders import make_comment
from consultation.demo.plan_text import CHAPTERS
from consultation.importing.actions import import_plan
from consultation.importing.parsers import Refused, parse_file, read_file
from consultation.importing.plan_import import preview_import
from consultation.models import ChapterPage
from consultation.moderation.actions import publish_comments
from tests.utils import admin_user, communications_user, form_values, text_of


def word_document(chapters):
    """A .docx built with python-docx from (title, blocks) like the demo text's chapters."""
    document = docx.Document()
    document.add_heading("Projekt planu", 0)
    for title, blocks in chapters:
        document.add_heading(title, 1)
        for block in blocks:
            kind = block[0]
            if kind == "paragraph":
                text = block[1].replace("<p>", "").replace("</p>", "")
                paragraph = document.add_paragraph()
                if "**" in text:
                    before, bold, after = text.split("**", 2)
                    paragraph.add_run(before)
                    paragraph.add_run(bold).bold = True
                    paragraph.add_run(after)
                else:
                    paragraph.add_run(text)
            elif kind == "heading":
                document.add_heading(block[1], 2)
            elif kind == "list":
                for item in block[1]:
                    document.add_paragraph(item, style="List Number" if block[2] else "List Bullet")
            elif kind == "table":
                rows = block[2]
                table = document.add_table(rows=len(rows), cols=len(rows[0]))
                for r, row in enumerate(rows):
                    for c, value in enumerate(row):
                        table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DEMO = [(title, blocks) for _number, title, blocks in CHAPTERS]


def test_word_structure_and_formatting():
    chapters = parse_file("plan.docx", word_document([
        ("Diagnoza", [("paragraph", "<p>Zwykły **pogrubiony** tekst.</p>"), ("heading", "Podmioty"),
                      ("list", ["jeden", "dwa"], False), ("list", ["pierwszy"], True),
                      ("table", "", [["Wskaźnik", "Wartość"], ["Spółdzielnie", "38"]])]),
        ("Cele", [("paragraph", "<p>Cel główny.</p>")]),
    ]))
    assert [c.title for c in chapters] == ["Diagnoza", "Cele"]
    blocks = chapters[0].blocks
    assert blocks[0] == {"type": "paragraph", "value": "<p>Zwykły <b>pogrubiony</b> tekst.</p>"}
    assert blocks[1]["value"] == {"text": "Podmioty", "level": "h2"}
    assert blocks[2]["value"] == {"ordered": False, "numbering": "", "start": 1, "items": ["<p>jeden</p>", "<p>dwa</p>"]}
    assert blocks[3]["value"]["ordered"] is True
    assert blocks[4]["value"]["data"] == [["Wskaźnik", "Wartość"], ["Spółdzielnie", "38"]]


def test_markdown_structure_links_and_no_raw_html():
    chapters = parse_file("plan.md", (
        "Wstęp poza rozdziałem.\n\n# Diagnoza\n\nTekst **gruby**, *pochyły* i [link](https://example.org).\n\n"
        "<script>alert(1)</script>\n\n## Sekcja\n\n- a\n- b\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n# Cele\n\nCel.\n"
    ).encode())
    assert [c.title for c in chapters] == ["Diagnoza", "Cele"]
    first = chapters[0].blocks
    assert first[0]["value"] == '<p>Tekst <b>gruby</b>, <i>pochyły</i> i <a href="https://example.org">link</a>.</p>'
    assert "<script>" not in str(first)
    assert first[-1]["type"] == "table"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("plan.docx", b"", "Plik jest pusty."),
     ("plan.docx", b"to nie jest docx", "To nie jest poprawny dokument Word (.docx)."),
     ("plan.pdf", b"%PDF-1.4", "Wgraj dokument Word (.docx), tekst OpenDocument (.odt) albo plik Markdown (.md)."),
     ("plan.md", "Sam tekst bez nagłówków.".encode(), "Dokument nie zawiera nagłówków rozdziałów"),
     ("plan.md", b"\xff\xfe\x00", "Plik Markdown musi być zapisany jako tekst UTF-8.")],
)
def test_bad_files_are_refused_in_polish(name, content, message):
    with pytest.raises(Refused) as refusal:
        parse_file(name, content)
    assert message in refusal.value.message


def test_too_large_files_are_refused(settings):
    settings.DROGOWSKAZ_IMPORT_MAX_BYTES = 100
    with pytest.raises(Refused) as refusal:
        parse_file("plan.md", b"# T\n\n" + b"x" * 200)
    assert "za duży" in refusal.value.message


@pytest.mark.django_db
def test_first_import_creates_draft_chapters(plan):
    result = import_plan(plan, read_file("plan.docx", word_document(DEMO)), user=communications_user())
    chapters = ChapterPage.objects.child_of(plan).order_by("number")
    assert [c.title for c in chapters] == [title for title, _blocks in DEMO]
    assert all(not c.live for c in chapters)
    assert {item.status for item in result.chapters} == {"new"}
    latest = chapters[3].get_latest_revision_as_object()
    assert [b.block_type for b in latest.body][:2] == ["paragraph", "table"]


@pytest.mark.django_db
def test_reimport_keeps_keys_and_comments(client, plan, expert):
    import_plan(plan, read_file("plan.docx", word_document(DEMO)), user=admin_user(), publish=True)
    chapter = ChapterPage.objects.child_of(plan).get(number=1)
    keys = [p.key for p in chapter.paragraphs()]
    comment = make_comment(chapter, 2, title="Uwaga, która ma przetrwać import")
    publish_comments([comment], moderator=expert)

    edited = [list(chapter_blocks) for _title, chapter_blocks in DEMO]
    edited[0][2] = ("paragraph", edited[0][2][1].replace("około 300", "około 320"))  # a small rewrite
    edited[0].insert(1, ("paragraph", "<p>Zupełnie nowy akapit o klauzulach społecznych.</p>"))
    del edited[0][-1]  # the list goes
    new_version = [(title, blocks) for (title, _), blocks in zip(DEMO, edited)]
    preview = preview_import(plan, read_file("plan.docx", word_document(new_version)))
    first = preview.chapters[0]
    assert first.status == "changed"
    assert first.counts == {"inserted": 1, "changed": 1, "deleted": 1, "moved": 0}
    assert {item.status for item in preview.chapters[1:]} == {"unchanged"}

    import_plan(plan, read_file("plan.docx", word_document(new_version)), user=admin_user(), publish=True)
    chapter.refresh_from_db()
    new_keys = [p.key for p in chapter.paragraphs()]
    assert keys[0] in new_keys and keys[1] in new_keys  # unchanged and rewritten paragraphs keep their keys
    assert keys[-1] not in new_keys
    html = text_of(client.get(chapter.url))
    paragraph = html[html.index(f'id="p-{comment.paragraph_key}"'):]
    assert "Uwaga, która ma przetrwać import" in paragraph
    assert "około 320" in html


@pytest.mark.django_db
def test_a_long_realistic_plan_imports(plan):
    long_plan = [(f"{title} — część {part}", blocks * 6) for part in (1, 2) for title, blocks in DEMO]
    content = word_document(long_plan)
    assert len(content) > 40_000
    result = import_plan(plan, read_file("plan.docx", content), user=communications_user())
    assert len(result.chapters) == 14
    assert sum(len(item.body) for item in result.chapters) > 300


@pytest.mark.django_db
def test_failed_import_changes_nothing(plan, monkeypatch):
    pages_before = Page.objects.count()
    parsed = read_file("plan.docx", word_document(DEMO))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("consultation.models.ChapterPage.save_revision", broken)
    with pytest.raises(RuntimeError):
        import_plan(plan, parsed, user=communications_user())
    assert Page.objects.count() == pages_before


@pytest.mark.django_db
def test_import_command(plan, tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(word_document(DEMO))
    out = StringIO()
    call_command("import_plan", str(path), "--plan", plan.slug, "--dry-run", stdout=out)
    assert "1. Diagnoza sytuacji ekonomii społecznej w regionie: new" in out.getvalue()
    assert not ChapterPage.objects.exists()
    with pytest.raises(CommandError):  # saved on someone's behalf, with their rights
        call_command("import_plan", str(path), "--plan", plan.slug, "--publish", stdout=StringIO())
    user = communications_user().username
    with pytest.raises(CommandError):  # publishing skips the review: not theirs
        call_command("import_plan", str(path), "--plan", plan.slug, "--publish", "--user", user, stdout=StringIO())
    assert not ChapterPage.objects.exists()
    call_command("import_plan", str(path), "--plan", plan.slug, "--publish", "--user", admin_user().username,
                 stdout=StringIO())
    assert ChapterPage.objects.live().count() == len(DEMO)
    bad = tmp_path / "zly.docx"
    bad.write_bytes(b"nie docx")
    with pytest.raises(CommandError):
        call_command("import_plan", str(bad), "--plan", plan.slug, "--user", user)


@pytest.mark.django_db
def test_admin_preview_then_save(client, users, plan):
    client.force_login(users["komunikacja"])
    url = reverse("plans:import", args=[plan.pk])
    upload = SimpleUploadedFile("plan.docx", word_document(DEMO))
    preview = client.post(url, {"document": upload})
    assert preview.status_code == 200
    assert "Diagnoza sytuacji ekonomii społecznej w regionie" in text_of(preview)
    assert not ChapterPage.objects.exists()  # nothing saved before confirming
    assert client.post(url, {**form_values(preview.content), "confirm": "1"}).status_code == 302
    assert ChapterPage.objects.child_of(plan).count() == len(DEMO)
    bad = client.post(url, {"document": SimpleUploadedFile("plan.docx", b"zepsuty")})
    assert bad.status_code == 400 and "To nie jest poprawny dokument Word" in text_of(bad)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["commenter", "eksperci", "zarzad"])
def test_only_the_communications_team_imports(client, users, plan, role):
    client.force_login(users[role])
    response = client.post(reverse("plans:import", args=[plan.pk]),
                           {"document": SimpleUploadedFile("plan.docx", word_document(DEMO))})
    assert response.status_code in (302, 403)
    assert not ChapterPage.objects.exists()
