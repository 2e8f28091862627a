"""Where the time goes inside one process: imports, load, model, checks, export.

Run as a script by ``python -m bench`` (a fresh interpreter per repeat, so
lazily loaded data such as the gazetteer is paid for every time, as in the
CLI), with the installed tourctl::

    python bench/inprocess.py PLAN [--today 2029-01-01] [--profile validate|export]

Prints one JSON object on stdout: seconds per stage, or with ``--profile`` the
functions with the most own time. It calls the same functions the CLI calls,
stage by stage; imports of each stage's modules are timed apart from its work.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

NOW = datetime(2029, 1, 1, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self.details: dict[str, float] = {}

    def detail(self, name: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = fn()
        self.details[name] = self.details.get(name, 0.0) + time.perf_counter() - start
        return result

    def stage(self, name: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = fn()
        self.times[name] = self.times.get(name, 0.0) + time.perf_counter() - start
        return result


def _import_validate() -> None:
    import tourctl.checks
    import tourctl.loader
    import tourctl.model
    import tourctl.validate

    for name in tourctl.checks.CHECK_MODULES:
        __import__(name)


def _timed_checks(ctx: Any, clock: Clock, run_checks: Callable[[Any], Any]) -> Any:
    """``run_checks`` as the CLI calls it, with each check (and the venues' places) timed."""
    import tourctl.checks

    clock.detail("places (zones, gazetteer)", lambda: ctx.places)
    original = tourctl.checks.all_checks

    def timed(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
        name = f"{check.__module__.rsplit('.', 1)[-1]}.{check.__name__}"
        return lambda c: clock.detail(name, lambda: list(check(c)))

    tourctl.checks.all_checks = lambda: [timed(check) for check in original()]
    try:
        return run_checks(ctx)
    finally:
        tourctl.checks.all_checks = original


def _import_export() -> bool:
    try:
        import tourctl.export.audience
        import tourctl.export.calendar  # noqa: F401
    except ImportError:
        return False
    return True


def pipeline(path: Path, today: date, clock: Clock, export: bool) -> dict[str, Any]:
    """load → model → checks (→ export), each stage timed; returns facts for sanity checks."""
    clock.stage("import", _import_validate)
    from tourctl.checks import CheckContext, run_checks
    from tourctl.findings import Severity
    from tourctl.loader import load_file
    from tourctl.model import Plan

    loaded = clock.stage("load", lambda: load_file(path))
    plan = clock.stage("model", lambda: Plan.model_validate(loaded.data))
    ctx = CheckContext(plan, loaded.source, today=today)
    findings = clock.stage("checks", lambda: _timed_checks(ctx, clock, run_checks))
    facts: dict[str, Any] = {
        "events": len(plan.events),
        "errors": sum(1 for f in findings if f.severity is Severity.ERROR),
        "warnings": sum(1 for f in findings if f.severity is not Severity.ERROR),
    }
    if export and clock.stage("import_export", _import_export):
        facts["bytes"] = len(_export(plan, ctx, clock))
    return facts


def _export(plan: Any, ctx: Any, clock: Clock) -> bytes:
    from tourctl.export.audience import redact
    from tourctl.export.calendar import render
    from tourctl.model import Visibility

    # The checks resolved every venue's place already; export reuses nothing of theirs.
    places = clock.stage("export", lambda: _places(plan))
    view = clock.stage("export", lambda: redact(plan, Visibility.TEAM, places))
    data: bytes = clock.stage("export", lambda: render(view, previous={}, now=NOW, venue=None))
    return data


def _places(plan: Any) -> dict[str, Any]:
    from tourctl.places import resolve_place

    return {v.id: resolve_place(v, plan.tour.timezone) for v in plan.venues}


def profile(path: Path, today: date, export: bool, top: int) -> dict[str, Any]:
    profiler = cProfile.Profile()
    clock = Clock()
    start = time.perf_counter()
    profiler.enable()
    pipeline(path, today, clock, export)
    profiler.disable()
    total = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    rows = []
    entries: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    for (file, line, func), (_cc, ncalls, tottime, cumtime, _callers) in entries.items():
        rows.append(
            {
                "function": f"{_short(file)}:{line}({func})",
                "calls": ncalls,
                "tottime": tottime,
                "cumtime": cumtime,
            }
        )
    rows.sort(key=lambda r: r["tottime"], reverse=True)
    by_cum = sorted(rows, key=lambda r: r["cumtime"], reverse=True)
    return {"total": total, "tottime": rows[:top], "cumtime": by_cum[:top]}


def _short(file: str) -> str:
    """A path from its package: ``tourctl/loader.py``, ``re/_compiler.py``."""
    import re

    return re.sub(r"^.*/(site-packages|lib/python3\.\d+)/", "", file)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("plan", type=Path)
    parser.add_argument("--today", default="2029-01-01")
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--profile", choices=("validate", "export"))
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    today = date.fromisoformat(args.today)
    if args.profile:
        out = profile(args.plan, today, args.profile == "export", args.top)
    else:
        clock = Clock()
        start = time.perf_counter()
        facts = pipeline(args.plan, today, clock, not args.no_export)
        out = {
            "total": time.perf_counter() - start,
            "stages": clock.times,
            "checks": clock.details,
            "facts": facts,
            "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        }
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
