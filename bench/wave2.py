"""The second wave's targets: plans on the road (issue 13) and publishing a site (issue 14).

* On the road: ``bench.road``'s plan (a leg and a stay per event day for each
  of 20 people) at 1,000 and 10,000 events; ``validate`` and the team
  ``export``, whole process, with peak memory. Targets: under 3 s, under 4 s,
  under 300 MB, and linear growth.
* Publishing: ``tourctl publish --site`` of the 2,000-event plan into an
  empty folder (a first publish: every feed, every per-event file, the page)
  and again over its own output (nothing changes, nothing is written).
  Target: the first publish under 2 s.

Both are interleaved run by run like the rest of the benchmark, with the
benchmark's fixed clock.
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path
from typing import Any

from bench import generate, road
from bench.measure import BenchError, Job, measure_interleaved, progress, run_once

TODAY = "2029-01-01"
PEOPLE = 20
SITE_EVENTS = 2000
FEED_KEY = "bench-feed-key-0123456789abcdef0123456789"
"""A fixed key, so the site's secret paths are the same in every run."""


def on_the_road(
    tourctl: Path, work: Path, sizes: list[int], repeats: int, env: dict[str, str]
) -> dict[int, dict[str, Any]]:
    results: dict[int, dict[str, Any]] = {}
    out = work / "out"
    out.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        path = road.write(n, PEOPLE, work / "plans")
        counts = road.counts(path.read_text(encoding="utf-8"))
        run_once([str(tourctl), "validate", str(path), "--today", TODAY], env=env)  # it is valid
        calendar = out / f"road-{n}.ics"
        jobs = [
            Job(f"road validate N={n}", [str(tourctl), "validate", str(path), "--today", TODAY]),
            Job(
                f"road export N={n}",
                [str(tourctl), "export", str(path), "--audience", "team", "-o", str(calendar)],
                before=functools.partial(calendar.unlink, missing_ok=True),  # a first export
            ),
        ]
        progress(f"on the road, N={n} ({counts['legs']} legs, {counts['stays']} stays)")
        stats = measure_interleaved(jobs, repeats, env=env)
        results[n] = {
            "kb": path.stat().st_size / 1000,
            **counts,
            "validate": stats[jobs[0].label],
            "export": stats[jobs[1].label],
        }
    return results


def site(tourctl: Path, work: Path, repeats: int, env: dict[str, str]) -> dict[str, Any]:
    plan, _ = generate.write(SITE_EVENTS, work / "plans")
    folder = work / "out" / "site"
    env = {**env, "TOURCTL_FEED_KEY": FEED_KEY}
    command = [str(tourctl), "publish", str(plan), "--site", str(folder), "--today", TODAY]
    first = Job(
        f"publish --site N={SITE_EVENTS} (first)",
        command,
        before=functools.partial(shutil.rmtree, folder, ignore_errors=True),
    )
    again = Job(f"publish --site N={SITE_EVENTS} (unchanged)", command)
    progress(f"publish --site, N={SITE_EVENTS}")
    # Round-robin: each first publish is followed by a re-publish over its output.
    stats = measure_interleaved([first, again], repeats, env=env)
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    if not (folder / "index.html").is_file():
        raise BenchError(f"publish wrote no index.html into {folder}")
    return {
        "n": SITE_EVENTS,
        "files": files,
        "first": stats[first.label],
        "again": stats[again.label],
    }
