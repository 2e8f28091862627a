"""``tourctl check-contacts`` against a local slow server, reported against the ideal.

N websites on N/2 loopback hosts (127.0.x.y, two sites each), every response
300 ms late. With a global limit of C requests at a time (and a per-host
limit of 2, never the bottleneck here), no client can do better than
``300 ms × ceil(N / C)``. The server is the test suite's loopback server
(``tests/servers/http.py``), run on a background thread of this process.
"""

from __future__ import annotations

import json
import math
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.generate import q
from bench.measure import Job, measure_interleaved, progress

DELAY = 0.3
CONCURRENCY = 16


def available(tourctl: Path, env: dict[str, str]) -> bool:
    proc = subprocess.run(
        [str(tourctl), "check-contacts", "--help"], capture_output=True, env=env, check=False
    )
    return proc.returncode == 0


def hosts(count: int) -> list[str]:
    """``count`` loopback addresses other than 127.0.0.1 (all of 127/8 is loopback on Linux)."""
    return [f"127.0.{1 + i // 250}.{1 + i % 250}" for i in range(count)]


def plan_yaml(urls: list[list[str]]) -> str:
    """A plan with one venue per host and one contact per website; no email, no phone."""
    return "".join(_plan_lines(urls))


def _plan_lines(urls: list[list[str]]) -> Iterator[str]:
    yield "version: 1\ntour:\n  id: bench-contacts\n  title: Contacts benchmark\n"
    yield "  organizer:\n    name: ComingOut\n  timezone: Europe/Berlin\n\nvenues:\n"
    for v, sites in enumerate(urls):
        yield f"  - id: venue-{v + 1}\n    name: {q(f'Venue {v + 1}')}\n"
        yield "    city: Praha\n    country: CZ\n    contacts:\n"
        for c, url in enumerate(sites):
            yield f"      - name: {q(f'Contact {v + 1}.{c + 1}')}\n        website: {url}\n"
    yield "\nevents: []\nignore: [unused-venue]  # venues here only carry contacts\n"


def run(
    tourctl: Path, sizes: list[int], repeats: int, work: Path, env: dict[str, str]
) -> dict[str, Any]:
    try:
        from tests.servers.http import HttpTestServer
        from tests.servers.loop import BackgroundLoop
    except ImportError as exc:
        return {"pending": f"the loopback test server could not be imported ({exc})"}
    if not available(tourctl, env):
        return {"pending": "`tourctl check-contacts` does not exist yet"}
    results: dict[int, dict[str, Any]] = {}
    loop = BackgroundLoop().start()
    try:
        for n in sizes:
            server = HttpTestServer(loop, hosts(math.ceil(n / 2)), slow_delay=DELAY)
            with server:
                results[n] = _run_size(tourctl, server, n, repeats, work, env)
    finally:
        loop.stop()
    return {"sizes": results, "delay": DELAY, "concurrency": CONCURRENCY}


def _run_size(
    tourctl: Path, server: Any, n: int, repeats: int, work: Path, env: dict[str, str]
) -> dict[str, Any]:
    urls: list[list[str]] = []
    for i in range(n):
        host = server.hosts[i // 2]
        if i % 2 == 0:
            urls.append([])
        urls[-1].append(server.url(f"/slow?delay={DELAY}&site={i}", host))
    plan = work / f"contacts-{n}.yaml"
    plan.write_text(plan_yaml(urls), encoding="utf-8")
    out = work / f"contacts-{n}.json"
    cmd = [
        str(tourctl), "check-contacts", str(plan), "--format", "json",
        "--concurrency", str(CONCURRENCY), "--timeout", "10",
    ]  # fmt: skip
    progress(f"check-contacts, {n} websites on {len(server.hosts)} hosts")
    runs = measure_interleaved(
        [
            Job(f"check-contacts --offline N={n}", [*cmd, "--offline"], expect=None),
            Job(f"check-contacts N={n}", cmd, stdout=out, expect=None),
        ],
        repeats,
        env=env,
    )
    offline, stats = runs[f"check-contacts --offline N={n}"], runs[f"check-contacts N={n}"]
    report = json.loads(out.read_text(encoding="utf-8"))
    statuses = [r.get("status") for r in report.get("results", [])]
    ideal = DELAY * math.ceil(n / CONCURRENCY)
    return {
        "stats": stats,
        "offline": offline,
        "hosts": len(server.hosts),
        "ideal": ideal,
        "results": len(statuses),
        "ok": statuses.count("ok"),
        "exit": stats.samples[-1].returncode,
        "max_in_flight": server.stats.max_in_flight_total,
    }
