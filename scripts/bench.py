"""Benchmark: builds a large consultation on PostgreSQL, serves it with gunicorn (2 workers, production
settings) and measures, in one run: queries per page, throughput and latency against a plain Wagtail
page and a static file of the same size, concurrent comment submissions, report exports, and the import
of a large Word draft (scripts/bench_import.py; `BENCH_ONLY=import make bench` runs only that).

Run with `make bench` (which starts a throwaway PostgreSQL and installs wrk when missing).
Figures are printed and written to docs/benchmarks.md.
"""

import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench_peak import peak, render_peak
from bench_tools import (
    CONNECTIONS,
    DURATION,
    PERCENTILES,
    serve,
    serve_behind_nginx,
    start_redis,
    stop,
    warm_up,
    wrk,
)

STATIC_PATH = "/static/bench/chapter.html"

CHAPTERS, PARAGRAPHS = 8, 60
PUBLISHED, PENDING, RESPONSES = 10_000, 2_000, 3_000




def configure():
    database_url = os.environ["DATABASE_URL"]
    import psycopg

    base, name = database_url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "plansite.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "STATIC_ROOT": str(Path(tempfile.mkdtemp(prefix="bench-static-"))),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DROGOWSKAZ_RATE_PER_IP": "1000000/h",
        "DROGOWSKAZ_RATE_PER_EMAIL": "1000000/h",
        "DROGOWSKAZ_MIN_SUBMIT_SECONDS": "0",
        "LOG_LEVEL": "ERROR",
    })
    import django

    django.setup()


def build_dataset():
    """One plan of 8 chapters x 60 paragraphs, 10,000 published and 2,000 pending comments, 3,000 responses."""
    from django.contrib.sites.models import Site
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from consultation.demo.builders import ensure_home_page, make_chapter, make_plan
    from consultation.models import ChapterPage, OfficialResponse, ParagraphComment
    from consultation.moderation.paragraph_stats import (
        rebuild as rebuild_paragraph_stats,
    )
    from consultation.versions.actions import publish_version
    from home.models import StandardPage
    from tests.conftest import make_user

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    home = ensure_home_page()
    now = timezone.now()
    plan = make_plan(home, title="Plan testowy wydajności", slug="plan", opens=now - timedelta(days=5),
                     closes=now + timedelta(days=40))
    text = ("Województwo wspiera podmioty ekonomii społecznej, rozwija sieć ośrodków wsparcia i współpracę "
            "z samorządami powiatów i gmin w zakresie usług społecznych. ")
    chapters = [make_chapter(plan, number=n, slug=f"r{n}", title=f"Rozdział {n}",
                             blocks=[("paragraph", f"<p>§{p}. {text * 2}</p>") for p in range(PARAGRAPHS)])
                for n in range(1, CHAPTERS + 1)]
    plain = home.add_child(instance=StandardPage(title="Rozdział 1", slug="bez-komentarzy",
                                                 body=list(chapters[0].body.raw_data)))
    plain.save_revision().publish()
    # The same text as a chapter that nobody commented on: what the page type costs by itself.
    uncommented = make_chapter(plan, number=CHAPTERS + 1, slug="bez-uwag", title="Rozdział bez uwag",
                               blocks=[(b["type"], b["value"]) for b in chapters[0].body.raw_data])
    expert = make_user("ekspert-bench", "Eksperci")
    make_user("koordynator-bench", "Koordynatorzy")  # publishes responses in the peak (bench_writers.py)
    editor = make_user("komunikacja-bench", "Komunikacja")
    publish_version(plan, label="v1", user=editor)
    site_id = Site.objects.get_current().pk
    started = time.perf_counter()
    with transaction.atomic():
        keys = {c.pk: [p.key for p in c.paragraphs()] for c in chapters}
        for index in range(PUBLISHED + PENDING):
            chapter = chapters[index % CHAPTERS]
            comment = ParagraphComment(
                content_object=chapter, plan=plan, site_id=site_id,
                paragraph_key=keys[chapter.pk][index % PARAGRAPHS],
                paragraph_text=text, title=f"Uwaga {index}", comment=text, user_name=f"Osoba {index}",
                user_email=f"o{index}@example.org", commenter_kind="person", submit_date=now,
                confirmed_at=now, is_public=index < PUBLISHED, idempotency_key=uuid.uuid4(),
            )
            comment.save()
            if index < RESPONSES:
                OfficialResponse.objects.create(comment=comment, disposition="accepted", justification=text,
                                                author=expert, published_at=now)
    rebuild_paragraph_stats()  # the comments above were written straight to the tables, not moderated
    for chapter in chapters[:1]:
        edited = list(chapter.body.raw_data)
        edited[0] = dict(edited[0], value="<p>Zmieniony pierwszy akapit.</p>")
        chapter.body = edited
        chapter.save_revision().publish()
    publish_version(plan, label="v2", user=editor)
    print(f"dataset built in {time.perf_counter() - started:.0f} s: {ParagraphComment.objects.count()} comments")
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics, so autovacuum does not run during a measurement
        cursor.execute("VACUUM ANALYZE")
    return plan, ChapterPage.objects.get(pk=chapters[0].pk), plain, uncommented, expert


def count_queries(plan, chapter, expert):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    anonymous, staff = Client(), Client()
    staff.force_login(expert)
    pages = {
        "chapter page (60 paragraphs, ~1,250 comments)": (anonymous, chapter.url),
        "moderation queue": (staff, reverse("moderation:index")),
        "consultation report (10,000 comments)": (staff, plan.url + plan.reverse_subpage("report")),
        "versions": (anonymous, plan.url + plan.reverse_subpage("versions")),
        "comparison of versions": (anonymous, plan.url + plan.reverse_subpage("compare") + "?od=1&do=2"),
    }
    counts = {}
    for name, (client, url) in pages.items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        counts[name] = (len(queries), status)
    return counts












def submission_script(base, chapter):
    """A wrk script that posts comments with a fresh idempotency key each time."""
    from django.test import Client

    client = Client()
    key = chapter.paragraphs()[0].key
    path = chapter.url + chapter.reverse_subpage("comment", args=[key])
    page = client.get(path, HTTP_HOST="127.0.0.1").content.decode()
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    csrf = client.cookies["csrftoken"].value
    fields.update({"title": "Uwaga z testu obciążenia", "comment": "Treść uwagi.", "commenter_kind": "person",
                   "name": "Obciążenie", "email": "obciazenie@example.org", "consent": "on", "honeypot": "",
                   "csrfmiddlewaretoken": csrf})
    fields.pop("idempotency_key", None)
    from urllib.parse import urlencode

    body = urlencode(fields)
    script = Path(tempfile.mkdtemp()) / "submit.lua"
    script.write_text(f"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "csrftoken={csrf}"
wrk.headers["Referer"] = "{base}{path}"
local body = "{body}"
local counter = 0
math.randomseed(os.time() + tonumber(tostring({{}}):sub(8), 16))
request = function()
  counter = counter + 1
  local key = string.format("%08x-%04x-4%03x-a%03x-%012x", math.random(0, 0xffffffff), math.random(0, 0xffff),
    math.random(0, 0xfff), math.random(0, 0xfff), math.random(0, 0xffffffffffff))
  return wrk.format(nil, "{path}", nil, body .. "&idempotency_key=" .. key)
end
""" + PERCENTILES.read_text())
    return script


EXPORT_CHILD = """
import resource, sys, time, django
django.setup()
from django.core.management import call_command
started = time.perf_counter()
call_command("export_report", sys.argv[1], "--format", sys.argv[2], "--output", sys.argv[3])
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def exports(plan):
    """Each export in a fresh process that reports its own time and peak memory."""
    results = {}
    for file_format in ("csv", "xlsx"):
        output = Path(tempfile.mkdtemp()) / f"report.{file_format}"
        completed = subprocess.run([sys.executable, "-c", EXPORT_CHILD, plan.slug, file_format, str(output)],
                                   cwd=ROOT, check=True, env=os.environ.copy(), capture_output=True, text=True)
        seconds, peak_kb = completed.stdout.split()[-2:]
        results[file_format] = {"seconds": float(seconds), "peak_mb": int(peak_kb) / 1024,
                                "size_kb": output.stat().st_size / 1024}
    return results


def uncached_rows(base, chapter, uncommented, plain):
    warm_up(base + chapter.url, base + uncommented.url, base + plain.url)
    return {
        "chapter page with comments": wrk(base + chapter.url),
        "chapter page, same text, no comments": wrk(base + uncommented.url),
        "plain Wagtail page, same text": wrk(base + plain.url),
        "static file, same size": wrk(base + STATIC_PATH),
    }


def cached_rows(base, chapter):
    """The cached chapter as a first visit, as a browser's revalidation (304) and compressed."""
    from urllib.request import urlopen

    warm_up(base + chapter.url)
    with urlopen(base + chapter.url) as response:  # nosec: the benchmark's own server on loopback
        etag = response.headers["ETag"]
    return {
        "chapter page, cached (Redis)": wrk(base + chapter.url),
        "chapter page, cached, revalidated (304)": wrk(base + chapter.url, headers=[f"If-None-Match: {etag}"]),
        "chapter page, cached, gzip": wrk(base + chapter.url, headers=["Accept-Encoding: gzip"]),
    }


def main():
    configure()
    from bench_import import import_rows, render_import_rows

    if os.environ.get("BENCH_ONLY") == "import":
        from django.core.management import call_command

        from consultation.demo.builders import ensure_home_page

        call_command("migrate", verbosity=0)
        ensure_home_page()
        print("\n".join(render_import_rows(import_rows())))
        return
    from django.test import Client

    from consultation.models import ChapterPage, ParagraphComment

    plan, chapter, plain, uncommented, expert = build_dataset()
    queries = count_queries(plan, chapter, expert)
    html = Client().get(chapter.url, HTTP_HOST="127.0.0.1").content
    static_dir = Path(os.environ["STATIC_ROOT"]) / "bench"
    static_dir.mkdir(parents=True, exist_ok=True)
    (static_dir / "chapter.html").write_bytes(html)
    chapter_paths = [c.url for c in ChapterPage.objects.live().child_of(plan).order_by("path")]
    redis, cache_url = start_redis()
    cached = {"CACHE_URL": cache_url, "DROGOWSKAZ_PAGE_CACHE_SECONDS": "600"}
    national = None
    try:
        process, base, _log = serve(DROGOWSKAZ_PAGE_CACHE_SECONDS="0")
        try:
            load = uncached_rows(base, chapter, uncommented, plain)
            submissions = wrk(base + chapter.url, script=submission_script(base, chapter))
        finally:
            stop(process)
        process, base, log = serve(**cached)
        try:
            load.update(cached_rows(base, chapter))
            one_server = peak(base, chapter_paths, STATIC_PATH, [log], cached)
        finally:
            stop(process)
        processes, base, _logs, nginx_log = serve_behind_nginx(**cached)
        try:
            behind_nginx = {"cached": cached_rows(base, chapter),
                            "peak": peak(base, chapter_paths, STATIC_PATH, [nginx_log], cached)}
        finally:
            stop(*processes)
        from django.db.models import Count

        counts = (ParagraphComment.objects.filter(title="Uwaga z testu obciążenia").order_by()
                  .aggregate(stored=Count("pk"), keys=Count("idempotency_key", distinct=True)))
        stored, duplicates = counts["stored"], counts["stored"] - counts["keys"]
        export_results = exports(plan)
        if os.environ.get("BENCH_NATIONAL", "1") != "0":
            from bench_scale import national_rows

            national = national_rows(plan, chapter, expert, count_queries, exports)
    finally:
        redis.terminate()
        redis.wait(10)
    report = render(queries, load, submissions, stored, duplicates, export_results, len(html))
    report += "\n".join(render_layouts(one_server, behind_nginx, load)) + "\n"
    if national:
        from bench_scale import render_national

        report += "\n".join(render_national(national, queries, load)) + "\n"
    report += "\n".join(render_import_rows(import_rows())) + "\n"
    print(report)
    (ROOT / "docs" / "benchmarks.md").write_text(report)
    print(json.dumps({"submissions_accepted": submissions["total"] - submissions["errors"], "stored": stored}))


def render_layouts(one_server, behind_nginx, load):
    static = behind_nginx["peak"]["static"]
    lines = [
        "## The peak: readers and writers at once",
        "",
        f"{CONNECTIONS} anonymous readers ask for each of the plan's chapter pages in turn (the page cache on, "
        "Redis), first alone, then while another process submits 2 comments a second through the app server, "
        "publishes a pending comment every 5 s and an official response every 10 s (bench_writers.py); then "
        "the static file of the same size on the same layout. The hit ratio and the server-side figures are "
        "recomputed from the servers' access logs.",
        "",
    ]
    lines += render_peak("One app server (gunicorn, 2 workers)", one_server)
    lines += render_peak("Two app servers (gunicorn, 2 workers each) behind nginx (least_conn), sharing PostgreSQL "
                         "and Redis",
                         behind_nginx["peak"])
    lines += ["| behind nginx | requests/s | p50 ms | p95 ms | errors | ratio |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    for name, figures in behind_nginx["cached"].items():
        lines.append(f"| {name} | {figures['rps']:.0f} | {figures['p50']:.1f} | {figures['p95']:.1f} | "
                     f"{figures['errors']} | {figures['rps'] / static['rps']:.2f}x static ceiling |")
    return lines + [""]


def render(queries, load, submissions, stored, duplicates, export_results, html_size):
    plain, static = load["plain Wagtail page, same text"], load["static file, same size"]
    lines = [
        "# Benchmarks",
        "",
        "Reproduce with `make bench` (PostgreSQL, gunicorn with 2 workers and production settings, "
        f"wrk with {CONNECTIONS} connections for {DURATION} per row after a 2 s warm-up of each page, on a "
        "freshly analysed database; the cached row uses a local Redis). "
        f"Dataset: {CHAPTERS} chapters x {PARAGRAPHS} paragraphs (and one more chapter with the first one's "
        f"text and no comments), {PUBLISHED:,} published and {PENDING:,} pending comments, {RESPONSES:,} "
        f"responses. Machine: {os.cpu_count()} cores. The chapter page is {html_size / 1024:.0f} KiB.",
        "",
        "## SQL queries per request",
        "",
        "| page | queries | status |",
        "| --- | ---: | ---: |",
    ] + [f"| {name} | {count} | {status} |" for name, (count, status) in queries.items()] + [
        "",
        "## Throughput and latency",
        "",
        "| page | requests/s | p50 ms | p95 ms | errors | ratio |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, figures in load.items():
        ratio = ""
        if name.startswith("chapter page"):
            ratio = (f"{figures['rps'] / plain['rps']:.2f}x plain page; "
                     f"{figures['rps'] / static['rps']:.2f}x static ceiling")
        lines.append(f"| {name} | {figures['rps']:.0f} | {figures['p50']:.1f} | {figures['p95']:.1f} | "
                     f"{figures['errors']} | {ratio} |")
    accepted = submissions["total"] - submissions["errors"]
    lines += [
        "",
        "## Comment submissions",
        "",
        f"{CONNECTIONS} concurrent clients: {submissions['rps']:.0f} submissions/s (p50 {submissions['p50']:.1f} ms, "
        f"p95 {submissions['p95']:.1f} ms); {accepted} accepted (redirect to the receipt), {submissions['errors']} "
        f"refused; {stored} stored ({stored - accepted} more were in flight when the load stopped), "
        f"{duplicates} duplicates: "
        + ("every accepted comment stored exactly once." if 0 <= stored - accepted <= CONNECTIONS and not duplicates
           else "MISMATCH between accepted and stored comments."),
        "",
        "## Report exports (10,000 comments)",
        "",
        "| format | seconds | peak memory MiB | size KiB |",
        "| --- | ---: | ---: | ---: |",
    ] + [f"| {fmt} | {r['seconds']:.1f} | {r['peak_mb']:.0f} | {r['size_kb']:.0f} |" for fmt, r in export_results.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
