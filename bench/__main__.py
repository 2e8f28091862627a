"""``python -m bench``: measure tourctl and write the tables in docs/performance.md.

Use ``bench/run`` (it prepares the isolated environment this expects: tourctl
and yaml2ics installed next to the running interpreter).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import contacts, generate, machine, report, startup, wave2
from bench.measure import BenchError, Job, Stats, measure_interleaved, progress, run_once

ROOT = Path(__file__).resolve().parent.parent
LARGE = 50_000
"""The size issue 11 asks peak memory for: under 400 MB for validate, export, show --format json."""
TODAY = "2029-01-01"
NOW = "2029-01-01T12:00:00Z"


@dataclass
class Config:
    quick: bool
    repeats: int
    output: Path
    work: Path
    command: str
    sizes: list[int] = field(default_factory=list)
    """validate/export, whole process."""
    compare: list[int] = field(default_factory=list)
    """side by side with yaml2ics."""
    breakdown: list[int] = field(default_factory=list)
    loaders: list[int] = field(default_factory=list)
    profile: int = 0
    contacts: list[int] = field(default_factory=list)
    road: list[int] = field(default_factory=list)
    """on the road (issue 13): plans with 20 people's legs and stays."""
    large: int = 0
    """validate, export and show --format json of this many events, for peak memory (0: not)."""

    @property
    def bin(self) -> Path:
        return Path(sys.executable).parent

    @property
    def tourctl(self) -> Path:
        return self.bin / "tourctl"

    @property
    def yaml2ics(self) -> Path:
        return self.bin / "yaml2ics"


def parse_args(argv: list[str] | None) -> Config:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark tourctl (start-up, validate, export, check-contacts) and "
        "compare it with yaml2ics; write the tables into docs/performance.md.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="skip the largest sizes, 3 repeats (about 2 minutes)"
    )
    parser.add_argument("--repeats", type=int, help="runs per figure (default 5, quick 3)")
    parser.add_argument(
        "--output", type=Path, default=ROOT / "docs" / "performance.md", help="Markdown file"
    )
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / ".work", help="scratch")
    args = parser.parse_args(argv)
    shown = ["bench/run", *(argv if argv is not None else sys.argv[1:])]
    config = Config(
        quick=args.quick,
        repeats=args.repeats or (3 if args.quick else 5),
        output=args.output,
        work=args.work,
        command=" ".join(shown),
    )
    if args.quick:
        config.sizes = [10, 100, 1000]
        config.compare = [10, 1000, 2000]
        config.breakdown = [10, 1000]
        config.loaders = [1000]
        config.profile = 1000
        config.contacts = [50, 200]
        config.road = [1000]
    else:
        config.sizes = [10, 100, 1000, 10000]
        config.compare = [10, 1000, 2000, 10000]
        config.breakdown = [10, 1000, 10000]
        config.loaders = [1000, 10000]
        config.profile = 10000
        config.contacts = [50, 200, 1000]
        config.road = [1000, 10000]
        config.large = LARGE
    return config


def child_env() -> dict[str, str]:
    """The environment of measured commands: no colour, fixed clock, .pyc files allowed."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("FORCE_COLOR", None)
    env["NO_COLOR"] = "1"
    env["TOURCTL_NOW"] = NOW
    env["COLUMNS"] = "100"
    return env


def check_environment(config: Config, env: dict[str, str]) -> None:
    missing = [p.name for p in (config.tourctl, config.yaml2ics) if not p.exists()]
    if missing:
        sys.exit(
            f"bench: {', '.join(missing)} not found next to {sys.executable}; "
            "run bench/run, which prepares bench/.work/venv"
        )
    run_once([str(config.tourctl), "--version"], env=env)


def export_available(config: Config, env: dict[str, str]) -> bool:
    proc = subprocess.run(
        [str(config.tourctl), "export", "--help"], capture_output=True, env=env, check=False
    )
    return proc.returncode == 0


def make_plans(config: Config, env: dict[str, str]) -> dict[int, dict[str, Any]]:
    """Write every size's plan and yaml2ics file; check that the plan validates."""
    sizes = sorted({*config.sizes, *config.compare, *config.breakdown, *config.loaders})
    plans: dict[int, dict[str, Any]] = {}
    for n in sizes:
        plan, peer = generate.write(n, config.work / "plans")
        proc = subprocess.run(
            [str(config.tourctl), "validate", str(plan), "--today", TODAY, "--format", "json"],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        if proc.returncode != 0:
            raise BenchError(f"the generated plan {plan} does not validate:\n{proc.stdout[-3000:]}")
        summary = json.loads(proc.stdout)
        venues, tracks, cities = generate.sizes(n)
        plans[n] = {
            "plan": plan,
            "peer": peer,
            "kb": plan.stat().st_size / 1000,
            "peer_kb": peer.stat().st_size / 1000,
            "venues": venues,
            "people": 2 * tracks,
            "cities": cities,
            "errors": summary["errors"],
            "warnings": summary["warnings"],
            "codes": sorted({f["code"] for f in summary["findings"]}),
        }
        progress(f"plan {n}: {plans[n]['kb']:.0f} KB, {summary['warnings']} warnings")
    return plans


def heavy_on_a_small_plan(
    config: Config, env: dict[str, str], plans: dict[int, dict[str, Any]]
) -> dict[str, list[str]]:
    """Which heavy modules ``validate`` and ``export`` of the smallest plan load (issue 16)."""
    n = min(plans)
    plan = str(plans[n]["plan"])
    out = str(config.work / "out" / "heavy-probe.ics")
    (config.work / "out").mkdir(parents=True, exist_ok=True)
    python = Path(sys.executable)
    return {
        f"validate N={n}": startup.heavy_modules(python, ["validate", plan, "--today", TODAY], env),
        f"export N={n}": startup.heavy_modules(
            python, ["export", plan, "--audience", "team", "-o", out], env
        ),
    }


def count_events(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.startswith(b"BEGIN:VEVENT"))


def whole_process(
    config: Config, env: dict[str, str], plans: dict[int, dict[str, Any]], export: bool
) -> dict[tuple[str, int], Stats]:
    """validate, export and yaml2ics at each size, interleaved run by run."""
    out = config.work / "out"
    out.mkdir(parents=True, exist_ok=True)
    runs: dict[tuple[str, int], Stats] = {}
    for n in sorted({*config.sizes, *config.compare}):
        plan, peer = str(plans[n]["plan"]), str(plans[n]["peer"])
        ours, theirs = out / f"tourctl-{n}.ics", out / f"yaml2ics-{n}.ics"
        jobs = {
            "validate": Job(
                f"tourctl validate N={n}",
                [str(config.tourctl), "validate", plan, "--today", TODAY],
                stdout=out / f"validate-{n}.txt",
            )
        }
        if export:
            jobs["export"] = Job(
                f"tourctl export N={n}",
                [str(config.tourctl), "export", plan, "--audience", "team", "-o", str(ours)],
                before=functools.partial(ours.unlink, missing_ok=True),  # a first export
            )
        if n in config.compare:
            jobs["yaml2ics"] = Job(f"yaml2ics N={n}", [str(config.yaml2ics), peer], stdout=theirs)
        progress(f"whole process, N={n}")
        stats = measure_interleaved(list(jobs.values()), config.repeats, env=env)
        for kind, job in jobs.items():
            runs[(kind, n)] = stats[job.label]
        for kind, path in (("export", ours), ("yaml2ics", theirs)):
            if kind in jobs and count_events(path) != n:
                raise BenchError(f"{kind} wrote {count_events(path)} events to {path}, not {n}")
    return runs


def large_plan(config: Config, env: dict[str, str]) -> dict[str, Any]:
    """Peak memory (and time) of the commands that hold a whole plan, at ``config.large`` events.

    The export runs twice in a row: a first export, then a re-export that reads the first
    file back as its previous export (the case that used to read the file whole).
    """
    n = config.large
    if not n:
        return {}
    plan, _ = generate.write(n, config.work / "plans")
    out = config.work / "out"
    out.mkdir(parents=True, exist_ok=True)
    ics = out / f"tourctl-{n}.ics"
    tourctl, name = str(config.tourctl), str(plan)
    export = [tourctl, "export", name, "--audience", "team", "-o", str(ics)]
    jobs = {
        "validate": Job(
            f"validate N={n}",
            [tourctl, "validate", name, "--today", TODAY],
            stdout=out / f"validate-{n}.txt",
        ),
        "export": Job(
            f"export N={n}", export, before=functools.partial(ics.unlink, missing_ok=True)
        ),
        "re-export": Job(f"re-export N={n}", export),
        "show --format json": Job(
            f"show json N={n}",
            [tourctl, "show", name, "--format", "json", "--today", TODAY],
            stdout=out / f"show-{n}.json",
        ),
    }
    progress(f"large plan, N={n}")
    stats = measure_interleaved(list(jobs.values()), min(config.repeats, 3), env=env)
    if count_events(ics) != n:
        raise BenchError(f"export wrote {count_events(ics)} events to {ics}, not {n}")
    return {
        "n": n,
        "kb": plan.stat().st_size / 1000,
        "ics_kb": ics.stat().st_size / 1000,
        "stats": {kind: stats[job.label] for kind, job in jobs.items()},
    }


def script(name: str) -> str:
    return str(ROOT / "bench" / name)


def breakdown(config: Config, env: dict[str, str], plans: dict[int, Any], export: bool) -> Any:
    results: dict[int, Any] = {}
    for n in config.breakdown:
        runs = []
        for _ in range(config.repeats):
            cmd = [sys.executable, script("inprocess.py"), str(plans[n]["plan"]), "--today", TODAY]
            if not export:
                cmd.append("--no-export")
            proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
            runs.append(json.loads(proc.stdout))
            progress(f"  in-process N={n}: {runs[-1]['total']:.3f} s")
        stages = list(runs[0]["stages"])
        results[n] = {
            "stages": {s: [r["stages"][s] for r in runs] for s in stages},
            "total": [r["total"] for r in runs],
            "rss_kb": [r["rss_kb"] for r in runs],
            "checks": {c: [r["checks"].get(c, 0.0) for r in runs] for c in runs[0]["checks"]},
            "facts": runs[0]["facts"],
        }
    return results


def loaders(config: Config, env: dict[str, str], plans: dict[int, Any]) -> Any:
    results: dict[int, Any] = {}
    largest = max(config.loaders)
    for n in config.loaders:
        cmd = [sys.executable, script("loaders.py"), str(plans[n]["plan"])]
        cmd += ["--repeats", str(config.repeats if n < 10000 else min(config.repeats, 3))]
        if n == largest and len(config.loaders) > 1:
            cmd += ["--skip", "ruamel"]  # ~45 s a run at 10,000 events; see the 1,000 column
        progress(f"loaders at N={n}")
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
        results[n] = json.loads(proc.stdout)
    return results


def profiles(config: Config, env: dict[str, str], plans: dict[int, Any], export: bool) -> Any:
    n = config.profile
    out: dict[str, Any] = {"n": n}
    for what in ("validate", "export") if export else ("validate",):
        progress(f"profile {what} N={n}")
        cmd = [sys.executable, script("inprocess.py"), str(plans[n]["plan"]), "--profile", what]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
        out[what] = json.loads(proc.stdout)
    return out


def main(argv: list[str] | None = None) -> int:
    if (sys.argv[1:] if argv is None else argv)[:1] == ["caldav"]:  # bench/run caldav
        from bench import caldav

        return caldav.main((sys.argv[1:] if argv is None else argv)[1:])
    config = parse_args(argv)
    env = child_env()
    started = time.perf_counter()
    config.work.mkdir(parents=True, exist_ok=True)
    check_environment(config, env)
    results: dict[str, Any] = {"machine": machine.describe(), "config": config}
    progress(f"bench: {config.command} ({config.repeats} repeats)")
    progress("start-up")
    results["startup"] = startup.run(Path(sys.executable), config.tourctl, config.repeats, env)
    plans = make_plans(config, env)
    results["plans"] = plans
    results["startup"]["heavy"].update(heavy_on_a_small_plan(config, env, plans))
    has_export = export_available(config, env)
    results["export_available"] = has_export
    results["runs"] = whole_process(config, env, plans, has_export)
    results["large"] = large_plan(config, env) if has_export else {}
    results["breakdown"] = breakdown(config, env, plans, has_export)
    results["loaders"] = loaders(config, env, plans)
    results["profiles"] = profiles(config, env, plans, has_export)
    results["contacts"] = contacts.run(
        config.tourctl, config.contacts, min(config.repeats, 3), config.work, env
    )
    few = min(config.repeats, 3)
    results["road"] = wave2.on_the_road(config.tourctl, config.work, config.road, few, env)
    results["site"] = wave2.site(config.tourctl, config.work, config.repeats, env)
    results["machine"]["load_after"] = machine.load_average()
    results["elapsed"] = time.perf_counter() - started
    text = report.render(results)
    report.write(config.output, text)
    summary = report.summary(results)
    print(summary)
    progress(f"bench: wrote {config.output} in {results['elapsed']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
