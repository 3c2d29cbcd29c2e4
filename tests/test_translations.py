"""The Polish catalogue is complete: every translatable string of the project has a Polish text."""

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone, translation

from tests.utils import coordinator_user

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "pl" / "LC_MESSAGES" / "django.po"


def read_po(path):
    """{msgid: [msgstr, ...]} of a .po file, for simple catalogues as makemessages writes them."""
    entries, current, field = {}, None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current and current.get("msgid"):
                entries[current["msgid"]] = current["msgstr"]
            current, field = None, None
            continue
        if line.startswith("#"):
            continue
        current = current or {"msgid": "", "msgstr": []}
        match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$', line)
        if match:
            field = match.group(1)
            value = ast.literal_eval(match.group(2))
            if field == "msgid":
                current["msgid"] = value
            elif field.startswith("msgstr"):
                current["msgstr"].append(value)
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if field == "msgid":
                current["msgid"] += value
            elif field and field.startswith("msgstr"):
                current["msgstr"][-1] += value
    return entries


def test_every_entry_of_the_polish_catalogue_is_translated():
    entries = read_po(CATALOGUE)
    assert len(entries) > 150
    untranslated = [msgid for msgid, msgstrs in entries.items() if not all(msgstrs)]
    assert untranslated == []


def test_no_string_of_the_code_is_missing_from_the_catalogue(tmp_path):
    for name in ("consultation", "home", "search", "site", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    (tmp_path / "tests").mkdir()  # the test settings name the outbox's test backend
    for name in ("__init__.py", "outbox_backend.py"):
        shutil.copy(ROOT / "tests" / name, tmp_path / "tests" / name)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "pl", "--no-obsolete"],
        cwd=tmp_path, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin:/usr/local/bin", "DJANGO_SETTINGS_MODULE": "plansite.settings.test",
             "PYTHONPATH": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    extracted = set(read_po(tmp_path / "locale" / "pl" / "LC_MESSAGES" / "django.po"))
    committed = set(read_po(CATALOGUE))
    assert sorted(extracted - committed) == []


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected"), [("pl", "Przejdź do treści"), ("en", "Skip to content")])
def test_pages_speak_the_language_chosen_with_the_switch(client, home, language, expected):
    response = client.get(f"/jezyk/{language}/", {"next": home.url}, follow=True)
    html = response.content.decode()
    assert expected in html
    assert f'<html lang="{language}">' in html


@pytest.mark.django_db
def test_polish_whatever_the_browser_asks_for(client, home):
    html = client.get(home.url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Przejdź do treści" in html


def test_polish_plural_forms():
    with translation.override("pl"):
        forms = [
            translation.ngettext("%(counter)s comment on paragraph %(number)s",
                                 "%(counter)s comments on paragraph %(number)s", n) % {"counter": n, "number": 1}
            for n in (1, 3, 5, 22)
        ]
    assert forms == ["1 komentarz do akapitu 1", "3 komentarze do akapitu 1", "5 komentarzy do akapitu 1",
                     "22 komentarze do akapitu 1"]


@pytest.mark.django_db
def test_comments_on_a_chapter_speak_the_chosen_language_in_turn(client, chapter, expert):
    """The comment labels are looked up once per language, never shared between languages."""
    from consultation.demo.builders import make_comment
    from consultation.moderation.actions import publish_comments, save_response

    comment = make_comment(chapter, 1, title="Uwaga o danych")
    publish_comments([comment], moderator=expert)
    save_response(comment, author=coordinator_user(), disposition="accepted", justification="Dodamy dane.",
                  publish=True)
    month_pl = ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
                "października", "listopada", "grudnia"]
    month_en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"]
    month = timezone.localtime(comment.submit_date).month
    for language, words in (("pl", ["Odpowiedź zespołu ekspertów", "Zgłoś naruszenie", "uwzględniona",
                                    month_pl[month - 1], "1 komentarz do akapitu 1"]),
                            ("en", ["Response of the expert team", "Report abuse", "accepted", month_en[month - 1],
                                    "1 comment on paragraph 1"]),
                            ("pl", ["Odpowiedź zespołu ekspertów", "Zgłoś naruszenie"])):
        html = client.get(f"/jezyk/{language}/", {"next": chapter.url}, follow=True).content.decode()
        assert all(word in html for word in words), (language, [w for w in words if w not in html])
