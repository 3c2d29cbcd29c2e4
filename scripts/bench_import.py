"""Import rows of `make bench`: a 10-chapter x 500-paragraph Word draft imported into an empty plan,
then re-imported with 10 % of its paragraphs edited, moved, inserted or deleted (read, preview,
then save reusing the preview's work, as the admin screen does), and a zip bomb refused.

Each case runs in a fresh process that reports its time and its peak memory above the idle process
(Django loaded, before the file is read). Run alone with `BENCH_ONLY=import make bench`.
"""

import io
import json
import os
import random
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS, PARAGRAPHS = 10, 500
CHANGED_SHARE = 0.10

CHILD = r"""
import json, os, sys, time
import django
django.setup()
from django.contrib.auth import get_user_model
from wagtail.models import Page
from consultation.importing.actions import import_plan
from consultation.importing.parsers import read_file
from consultation.importing.plan_import import preview_import
from consultation.demo.builders import make_plan
from consultation.models import ChapterPage, PlanPage

case, first_path, second_path, slug = sys.argv[1:5]
user = get_user_model().objects.filter(is_superuser=True).first() or get_user_model().objects.create_superuser(
    "bench-import", "bench-import@example.org", "x")
def status_kb(field):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


idle = status_kb("VmRSS")
with open("/proc/self/clear_refs", "w") as clear:  # the peak (VmHWM) starts again from the idle size
    clear.write("5")
plan = PlanPage.objects.filter(slug=slug).first()
result = {}
started = time.perf_counter()
if case == "first":
    document = read_file("plan.docx", open(first_path, "rb").read())
    outcome = import_plan(plan, document, user=user)
    result["chapters"] = len(outcome.chapters)
elif case == "again":
    document = read_file("plan.docx", open(second_path, "rb").read())
    preview = preview_import(plan, document)
    outcome = import_plan(plan, document, user=user, choices=preview.choices, known_bodies=preview.bodies)
    counts = [item.counts for item in outcome.chapters]
    result.update({name: sum(c[name] for c in counts) for name in ("inserted", "changed", "deleted", "moved")})
else:
    from consultation.core.refusals import Refused
    try:
        read_file("bomb.docx", open(first_path, "rb").read())
        result["refused"] = False
    except Refused:
        result["refused"] = True
result["seconds"] = time.perf_counter() - started
result["peak_mb"] = (status_kb("VmHWM") - idle) / 1024
result["idle_mb"] = idle / 1024
print(json.dumps(result))
"""


def _vocabulary(rng):
    syllables = ["po", "dmi", "ot", "eko", "no", "mia", "spo", "łecz", "na", "wspar", "cie", "roz", "wój",
                 "re", "gion", "cel", "za", "trud", "nie", "nia", "ośro", "dek", "gmi", "na", "pro", "gram"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(3000)]


def _paragraph(rng, words):
    count = rng.randint(40, 80)
    return " ".join(words[min(int(rng.paretovariate(1.1)) - 1, len(words) - 1)] for _ in range(count)).capitalize() + "."


def documents():
    """(first, edited): chapters of paragraphs, the second with 10 % of paragraphs changed."""
    rng = random.Random(13)
    words = _vocabulary(rng)
    first = [(f"{n}. Rozdział planu numer {n}", [_paragraph(rng, words) for _ in range(PARAGRAPHS)])
             for n in range(1, CHAPTERS + 1)]
    edited = []
    for title, paragraphs in first:
        paragraphs = list(paragraphs)
        changes = int(len(paragraphs) * CHANGED_SHARE)
        for step in range(changes):
            kind = step % 4
            index = rng.randrange(len(paragraphs))
            if kind == 0:  # a few words rewritten
                text = paragraphs[index].split()
                for _ in range(3):
                    text[rng.randrange(len(text))] = rng.choice(words)
                paragraphs[index] = " ".join(text)
            elif kind == 1:  # moved elsewhere
                paragraphs.insert(rng.randrange(len(paragraphs)), paragraphs.pop(index))
            elif kind == 2:  # a new paragraph
                paragraphs.insert(index, _paragraph(rng, words))
            else:  # removed
                paragraphs.pop(index)
        edited.append((title, paragraphs))
    return first, edited


def word_bytes(chapters):
    import docx

    document = docx.Document()
    for title, paragraphs in chapters:
        document.add_heading(title, 1)
        for text in paragraphs:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def bomb_bytes():
    """A small .docx whose document part unpacks to 400 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1024 * 1024)
            for _ in range(400):
                part.write(chunk)
    return buffer.getvalue()


def import_rows():
    """{row name: figures}; the plan is made by the parent, each case runs in its own process."""
    from consultation.demo.builders import make_plan
    from wagtail.models import Page

    home = Page.objects.get(depth=2)
    plan = make_plan(home, slug="bench-import", title="Plan do testu importu")
    first, edited = documents()
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    (folder / "first.docx").write_bytes(word_bytes(first))
    (folder / "edited.docx").write_bytes(word_bytes(edited))
    (folder / "bomb.docx").write_bytes(bomb_bytes())
    rows = {}
    for case, name, path in (("first", f"first import, {CHAPTERS} x {PARAGRAPHS} paragraphs", "first.docx"),
                             ("again", f"re-import, {CHANGED_SHARE:.0%} of paragraphs changed", "first.docx"),
                             ("bomb", "a 400 MB zip bomb refused", "bomb.docx")):
        completed = subprocess.run(
            [sys.executable, "-c", CHILD, case, str(folder / path), str(folder / "edited.docx"), plan.slug],
            cwd=ROOT, check=True, env=os.environ.copy(), capture_output=True, text=True)
        rows[name] = json.loads(completed.stdout.strip().splitlines()[-1])
        rows[name]["size_kb"] = (folder / (path if case != "again" else "edited.docx")).stat().st_size / 1024
    return rows


def render_import_rows(rows):
    lines = ["", "## Importing a Word draft", "",
             "Targets: a first import under 5 s, the re-import under 10 s, peak memory under 300 MB above the "
             "idle process.", "",
             "| case | file KiB | seconds | peak MiB above idle | outcome |", "| --- | ---: | ---: | ---: | --- |"]
    for name, row in rows.items():
        if "chapters" in row:
            outcome = f"{row['chapters']} chapters"
        elif "refused" in row:
            outcome = "refused with a message" if row["refused"] else "NOT REFUSED"
        else:
            outcome = (f"{row['inserted']} inserted, {row['changed']} changed, {row['deleted']} deleted, "
                       f"{row['moved']} moved")
        lines.append(f"| {name} | {row['size_kb']:.0f} | {row['seconds']:.1f} | {row['peak_mb']:.0f} | {outcome} |")
    return lines
