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
    """The pipeline's timer: top-level stages in ``times``, ``checks/…`` in ``details``."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self.details: dict[str, float] = {}

    def __call__(self, name: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = fn()
        table = self.details if "/" in name else self.times
        key = name.split("/", 1)[-1]
        if key == "places":
            key = "places (zones, gazetteer)"
        table[key] = table.get(key, 0.0) + time.perf_counter() - start
        return result

    stage = __call__


def _import_validate() -> None:
    import tourctl.checks
    import tourctl.load
    import tourctl.model
    import tourctl.pipeline

    for name in tourctl.checks.CHECK_MODULES:
        __import__(name)


def _import_export() -> bool:
    try:
        import tourctl.export.build  # noqa: F401
    except ImportError:
        return False
    return True


def pipeline(path: Path, today: date, clock: Clock, export: bool) -> dict[str, Any]:
    """The CLI's pipeline (load → model → checks, then the team calendar), each stage timed."""
    clock.stage("import", _import_validate)
    from tourctl.gcpause import command_scope
    from tourctl.pipeline import PlanOptions, check_plan

    with command_scope():  # as the CLI runs a command: what was loaded is frozen for the GC
        return _pipeline(path, today, clock, export, check_plan, PlanOptions)


def _pipeline(
    path: Path, today: date, clock: Clock, export: bool, check_plan: Any, options: Any
) -> dict[str, Any]:
    from tourctl.findings import FindingSummary

    result = check_plan(str(path), options(today=today), timer=clock)
    plan = result.plan
    assert plan is not None, result.findings[:3]
    summary = FindingSummary(result.findings)
    facts: dict[str, Any] = {
        "events": len(plan.events),
        "errors": summary.errors,
        "warnings": summary.warnings,
    }
    if export and clock.stage("import_export", _import_export):
        from tourctl.enums import Visibility
        from tourctl.export.build import calendars

        made = clock.stage("export", lambda: calendars(plan, Visibility.TEAM, now=NOW, today=today))
        facts["bytes"] = len(made[0].data)
    return facts


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
    """A path from its package: ``tourctl/load/yaml12.py``, ``re/_compiler.py``."""
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
