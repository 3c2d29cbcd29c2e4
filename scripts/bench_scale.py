"""National scale in `make bench`: the national dataset (bench_national.py) is added to the bench's
database after the other measurements, and the same pages are measured again on it, side by side
with the figures of the bench's own dataset from the same run."""

from bench_national import (
    add_national_dataset,
    expert_cookie,
    national_pages,
    queue_timings,
    search_pages,
)
from bench_tools import serve, stop, warm_up, wrk

TARGETS = {"uncached_p95": 1.5, "queue_p95_ms": 100.0, "search_p95_ms": 100.0}


def national_rows(plan, chapter, expert, count_queries, exports):
    """Adds the dataset, then: queries per page, the uncached chapter pages, the moderation queue with
    filters as an expert, and the export of a national plan's report (streamed)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page

    from consultation.models import PlanPage

    summary = add_national_dataset(Page.objects.get(depth=2))
    pages = national_pages(summary)
    national_chapter = pages.pop("national chapter page")
    queries = count_queries(plan, chapter, expert)
    client = Client()
    client.get(national_chapter, HTTP_HOST="127.0.0.1")
    with CaptureQueriesContext(connection) as captured:
        status = client.get(national_chapter, HTTP_HOST="127.0.0.1").status_code
    queries["national chapter page (a plan in the middle of the dataset)"] = (len(captured), status)
    process, base, _log = serve(DROGOWSKAZ_PAGE_CACHE_SECONDS="0")
    try:
        warm_up(base + chapter.url, base + national_chapter)
        load = {"chapter page with comments": wrk(base + chapter.url),
                "national chapter page": wrk(base + national_chapter)}
        queue = queue_timings(base, pages, expert_cookie(expert))
        search = queue_timings(base, search_pages(summary), None)
    finally:
        stop(process)
    middle = PlanPage.objects.get(pk=summary["middle_plan_id"])
    return {"summary": summary, "queries": queries, "load": load, "queue": queue, "search": search,
            "exports": exports(middle), "export_plan": middle.title}


def render_national(national, queries_before, load_before):
    summary, load = national["summary"], national["load"]
    before = load_before["chapter page with comments"]
    seconds = summary["seconds"]
    lines = [
        "## National scale",
        "",
        f"Added to the same database: {summary['plans']} plans ({summary['chapters']} chapters, "
        f"{summary['paragraphs']:,} paragraphs) and {summary['comments_in_database']:,} comments in all, "
        f"{summary['responses_in_database']:,} responses, written in {seconds['total']:.0f} s "
        f"(target: under 600 s): "
        + ", ".join(f"{step} {value:.0f} s" for step, value in seconds.items() if step != "total") + ".",
        "",
        "| page | queries before | queries at national scale |",
        "| --- | ---: | ---: |",
    ]
    for name, (count, status) in national["queries"].items():
        earlier = queries_before.get(name, ("", ""))[0]
        lines.append(f"| {name} | {earlier} | {count}{'' if status == 200 else f' (status {status})'} |")
    ratio = load["chapter page with comments"]["p95"] / before["p95"]
    lines += [
        "",
        "| uncached page | requests/s | p50 ms | p95 ms | p95 against the bench's own dataset |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for name, figures in load.items():
        lines.append(f"| {name} | {figures['rps']:.0f} | {figures['p50']:.1f} | {figures['p95']:.1f} | "
                     f"{figures['p95'] / before['p95']:.2f}x |")
    lines += ["", f"- {'met' if ratio <= TARGETS['uncached_p95'] else 'NOT MET'}: the same chapter's p95 "
                  f"is {ratio:.2f}x what it was before the national data (target ≤ {TARGETS['uncached_p95']}x)", ""]
    lines += timing_table("Moderation queue as an expert, one request at a time per worker (2 connections):",
                          "queue", national["queue"], TARGETS["queue_p95_ms"])
    lines += [""] + timing_table(
        "The site's search by Polish words, anonymous, one request at a time per worker (2 connections):",
        "search", national["search"], TARGETS["search_p95_ms"])
    lines += ["", f"Report export of one national plan ({national['export_plan']}), streamed:", "",
              "| format | seconds | peak memory MiB | size KiB |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {fmt} | {r['seconds']:.1f} | {r['peak_mb']:.0f} | {r['size_kb']:.0f} |"
              for fmt, r in national["exports"].items()]
    return lines + [""]


def timing_table(title, kind, timings, target_ms):
    """The lines of a table of pages timed with wrk, each row's p95 against `target_ms`."""
    lines = [title, "", f"| {kind} | requests/s | p50 ms | p95 ms | errors | target p95 ≤ {target_ms:.0f} ms |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    for name, figures in timings.items():
        verdict = "met" if figures["p95"] <= target_ms else "NOT MET"
        lines.append(f"| {name} | {figures['rps']:.0f} | {figures['p50']:.1f} | {figures['p95']:.1f} | "
                     f"{figures['errors']} | {verdict} |")
    return lines
