"""The peak of a consultation, measured: 16 anonymous readers on every chapter page while comments
are submitted (2 a second), published (one every 5 s) and answered (one every 10 s), against the
same readers without writers and the static-file ceiling of the same server layout. The hit ratio
and the latencies are recomputed from the servers' own access logs (see bench_tools.ACCESS_LOG_FORMAT
and NGINX_CONF), which are kept and named in the output."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from bench_tools import ROOT, rotation_script, warm_up, wrk

# Long enough for several publications (one every 5 s) and responses (one every 10 s).
PEAK_DURATION = os.environ.get("BENCH_PEAK_DURATION", "30s")
TARGETS = {"own": 0.9, "static": 0.4, "p95_ms": 20.0, "hit_ratio": 0.95}
_GUNICORN_LINE = re.compile(r'"GET (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) \S+ (?P<micros>\d+) (?P<cache>\S+)')
_NGINX_LINE = re.compile(r'"GET (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) \S+ (?P<seconds>[\d.]+) (?P<cache>\S+)')


def _seconds(duration):
    return float(duration.rstrip("s"))


class LogWindow:
    """The lines a server wrote to its access logs between `start()` and `read()`."""

    def __init__(self, paths):
        self.paths = [Path(p) for p in paths]
        self.offsets = {}

    def start(self):
        self.offsets = {p: p.stat().st_size if p.exists() else 0 for p in self.paths}

    def read(self):
        lines = []
        for path in self.paths:
            with path.open(encoding="utf-8", errors="replace") as log:
                log.seek(self.offsets.get(path, 0))
                lines += log.read().splitlines()
        return lines


def from_log(lines, paths, seconds):
    """Requests per second, p95 and the page cache's hit ratio of the GETs of `paths`, from log lines."""
    wanted = set(paths)
    times, hits, misses = [], 0, 0
    for line in lines:
        match = _GUNICORN_LINE.search(line) or _NGINX_LINE.search(line)
        if not match or match["path"] not in wanted:
            continue
        times.append(int(match["micros"]) / 1000 if match.groupdict().get("micros") else float(match["seconds"]) * 1000)
        hits += match["cache"] == "hit"
        misses += match["cache"] == "miss"
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1] if times else 0.0
    looked_up = hits + misses
    return {"requests": len(times), "rps": len(times) / seconds, "p95": p95, "hits": hits, "misses": misses,
            "hit_ratio": hits / looked_up if looked_up else 0.0}


def _writers(base, seconds):
    """The writers' process, started and ready: its start-up is not measured."""
    process = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "bench_writers.py"), base, str(seconds)],
                               cwd=ROOT, env=os.environ.copy(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True)
    if process.stdout.readline().strip() != "ready":
        raise RuntimeError("the writers did not start")
    return process


def peak(base, chapter_paths, static_path, logs, cache_env):
    """Readers alone, then readers with writers, then the static file, against one server layout whose
    access logs are `logs`. `cache_env` (CACHE_URL and the page cache's setting) is given to the writers
    so their changes invalidate the servers' cache."""
    script = rotation_script(chapter_paths)
    warm_up(*(base + p for p in chapter_paths))
    window = LogWindow(logs)
    window.start()
    alone = wrk(base + chapter_paths[0], script=script, duration=PEAK_DURATION)
    alone_log = from_log(window.read(), chapter_paths, _seconds(PEAK_DURATION))
    seconds = _seconds(PEAK_DURATION)
    os.environ.update(cache_env)
    try:
        writers = _writers(base, seconds)
        window.start()
        writers.stdin.write("go\n")
        writers.stdin.flush()
        mixed = wrk(base + chapter_paths[0], script=script, duration=PEAK_DURATION)
        lines = window.read()
        written = json.loads(writers.communicate(timeout=120)[0].strip().splitlines()[-1])
    finally:
        for name in cache_env:
            os.environ.pop(name, None)
    mixed_log = from_log(lines, chapter_paths, seconds)
    static = wrk(base + static_path)
    return {"alone": alone, "alone_log": alone_log, "mixed": mixed, "mixed_log": mixed_log, "static": static,
            "written": written, "logs": [str(p) for p in logs]}


def verdicts(figures):
    mixed, log = figures["mixed"], figures["mixed_log"]
    own = mixed["rps"] / figures["alone"]["rps"]
    ceiling = mixed["rps"] / figures["static"]["rps"]
    return [
        (f"throughput with writers / without: {own:.2f}x", own >= TARGETS["own"], f"≥ {TARGETS['own']}x"),
        (f"throughput with writers / static file: {ceiling:.2f}x", ceiling >= TARGETS["static"],
         f"≥ {TARGETS['static']}x"),
        (f"p95 with writers: {mixed['p95']:.1f} ms (wrk), {log['p95']:.1f} ms (server log)",
         max(mixed["p95"], log["p95"]) <= TARGETS["p95_ms"], f"≤ {TARGETS['p95_ms']:.0f} ms"),
        (f"page cache hit ratio with writers: {log['hit_ratio']:.1%} ({log['hits']} hits, {log['misses']} misses)",
         log["hit_ratio"] >= TARGETS["hit_ratio"], f"≥ {TARGETS['hit_ratio']:.0%}"),
    ]


def render_peak(title, figures):
    rows = [
        f"### {title}",
        "",
        "| load | requests/s | p50 ms | p95 ms | errors | from the server's log: requests/s, p95 ms, hit ratio |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, key, log in (("cached chapters, readers alone", "alone", "alone_log"),
                           ("cached chapters, readers with writers", "mixed", "mixed_log"),
                           ("static file, same size", "static", None)):
        f = figures[key]
        logged = ""
        if log:
            lf = figures[log]
            logged = f"{lf['rps']:.0f}, {lf['p95']:.1f}, {lf['hit_ratio']:.1%}"
        rows.append(f"| {name} | {f['rps']:.0f} | {f['p50']:.1f} | {f['p95']:.1f} | {f['errors']} | {logged} |")
    w = figures["written"]
    rows += ["", f"Writers during the mixed run: {w['submitted']} comments submitted ({w['accepted']} accepted, "
                 f"{w['refused']} refused), {w['published']} published, {w['responses']} responses published.", ""]
    rows += [f"- {'met' if ok else 'NOT MET'}: {text} (target {target})" for text, ok, target in verdicts(figures)]
    rows += ["", "Access logs: " + ", ".join(f"`{p}`" for p in figures["logs"]), ""]
    return rows
