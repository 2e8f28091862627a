"""The figures as Markdown, written between markers in docs/performance.md.

Only the part between ``<!-- bench:begin -->`` and ``<!-- bench:end -->`` is
replaced, so the written analysis around it survives a new run.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.measure import Stats
from bench.startup import HEAVY, STARTUP_RUNS

BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"

SKELETON = f"""# Performance

What tourctl costs in time and memory, measured by `bench/run` (see "Method").
The part between the markers below is generated; the rest is written by hand.

{BEGIN}
{END}

## Analysis

(Written by hand after a full run.)
"""


def write(path: Path, generated: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else SKELETON
    if BEGIN not in text or END not in text:
        text = SKELETON
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{head}{BEGIN}\n{generated.strip()}\n{END}{tail}", encoding="utf-8")


# --- formatting ----------------------------------------------------------------------------


def secs(value: float) -> str:
    if value < 1:
        return f"{value:.3f} s"
    if value < 10:
        return f"{value:.2f} s"
    return f"{value:.1f} s"


def ms(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 0.01 else f"{value * 1000:.0f} ms"


def span(stats: Stats) -> str:
    """``median (min–max)``."""
    return f"{secs(stats.median)} ({secs(stats.min)}–{secs(stats.max)})"


def mb(value: float) -> str:
    return f"{value:.0f} MB"


def ratio(value: float) -> str:
    return f"{value:.2f}×" if value < 10 else f"{value:.1f}×"


def table(header: list[str], rows: list[list[str]], align: str = "") -> str:
    align = align or "l" + "r" * (len(header) - 1)
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(marks[a] for a in align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def n_(n: int) -> str:
    return f"{n:,}"


# --- targets ---------------------------------------------------------------------------------


@dataclass
class Target:
    goal: str
    measured: str
    met: bool | None  # None: not measured in this run

    @property
    def verdict(self) -> str:
        return {True: "met", False: "**missed**", None: "not measured"}[self.met]


def _run(results: dict[str, Any], kind: str, n: int) -> Stats | None:
    found: Stats | None = results["runs"].get((kind, n))
    return found


def targets(results: dict[str, Any]) -> list[Target]:
    out: list[Target] = []
    start = results["startup"]["stats"]
    version, typer = start["tourctl --version"], start['python -c "import typer"']
    r = version.median / typer.median
    fastest = version.min / typer.min
    out.append(
        Target(
            '`tourctl --version` within 1.2× of `python -c "import typer"`',
            f"{secs(version.median)} vs {secs(typer.median)}: {ratio(r)} "
            f"(fastest runs: {ratio(fastest)})",
            r <= 1.2,
        )
    )
    for kind in ("validate", "export"):
        out.extend(_small_peer_target(results, kind))
    for kind in ("validate", "export"):
        out.extend(_peer_targets(results, kind))
    for kind in ("validate", "export"):
        stats = _run(results, kind, 10000)
        out.append(
            Target(
                f"`{kind}` of 10,000 events under 3 s",
                secs(stats.median) if stats else "—",
                stats.median < 3 if stats else None,
            )
        )
        out.append(
            Target(
                f"`{kind}` of 10,000 events: peak memory under 250 MB",
                mb(stats.rss_max_mb) if stats else "—",
                stats.rss_max_mb < 250 if stats else None,
            )
        )
    for kind in ("validate", "export"):
        small, large = _run(results, kind, 1000), _run(results, kind, 10000)
        if small and large:
            r = large.median / small.median
            out.append(
                Target(
                    f"`{kind}` linear: time(10,000) ÷ time(1,000) at most ~11",
                    f"{ratio(r)} (whole process)",
                    r <= 11,
                )
            )
        else:
            out.append(Target(f"`{kind}` linear: time(10,000) ÷ time(1,000)", "—", None))
    out.extend(_contact_targets(results))
    out.extend(wave2_targets(results))
    out.extend(_large_targets(results))
    return out


SMALL_PLAN_LIMITS = {"validate": (1.0, 0.6), "export": (1.1, 0.7)}
"""Issue 16: at 10 events, tourctl's time ÷ yaml2ics's at most this (and the stretch goal)."""


def _small_peer_target(results: dict[str, Any], kind: str) -> Iterator[Target]:
    limit, stretch = SMALL_PLAN_LIMITS[kind]
    goal = f"`{kind}` of 10 events at most {limit:g}× yaml2ics's time (stretch: {stretch:g}×)"
    ours, peer = _run(results, kind, 10), _run(results, "yaml2ics", 10)
    if ours is None or peer is None:
        yield Target(goal, "—", None)
        return
    r = ours.median / peer.median
    fastest = ours.min / peer.min
    reached = "stretch met" if r <= stretch else "stretch missed"
    yield Target(
        goal,
        f"{secs(ours.median)} vs {secs(peer.median)}: {ratio(r)}"
        f" (fastest runs: {ratio(fastest)}; {reached})",
        r <= limit,
    )


LARGE_LIMIT_MB = 400


def _large_targets(results: dict[str, Any]) -> Iterator[Target]:
    large = results.get("large") or {}
    for kind in ("validate", "export", "show --format json"):
        stats = large.get("stats", {}).get(kind)
        goal = f"`{kind}` of 50,000 events: peak memory under {LARGE_LIMIT_MB} MB (issue 11)"
        if stats is None:
            yield Target(goal, "—", None)
            continue
        yield Target(goal, mb(stats.rss_max_mb), stats.rss_max_mb < LARGE_LIMIT_MB)


def _peer_targets(results: dict[str, Any], kind: str) -> Iterator[Target]:
    for n, factor, words in ((2000, 4.0, "at least 4× faster than"),):
        ours, peer = _run(results, kind, n), _run(results, "yaml2ics", n)
        goal = f"`{kind}` of {n_(n)} events {words} yaml2ics"
        if ours is None or peer is None:
            yield Target(goal, "—", None)
            continue
        r = peer.median / ours.median
        measured = f"{secs(ours.median)} vs {secs(peer.median)}: {ratio(r)} faster"
        if r < 1:
            measured = f"{secs(ours.median)} vs {secs(peer.median)}: {ratio(1 / r)} slower"
        yield Target(goal, measured, r >= factor)


def _contact_targets(results: dict[str, Any]) -> Iterator[Target]:
    contacts = results["contacts"]
    goal = "`check-contacts`: N sites on N/2 hosts (300 ms each) within 1.5× of the ideal"
    if "pending" in contacts:
        yield Target(goal, f"pending: {contacts['pending']}", None)
        return
    for n, row in contacts["sizes"].items():
        r = row["stats"].median / row["ideal"]
        yield Target(
            f"{goal}, N = {n_(n)}",
            f"{secs(row['stats'].median)} vs {secs(row['ideal'])}: {ratio(r)}",
            r <= 1.5,
        )


# --- sections --------------------------------------------------------------------------------


def render(results: dict[str, Any]) -> str:
    parts = [
        _header(results),
        "### Targets (issues 6, 11, 13, 14 and 16)\n\n" + _targets_table(results),
        _startup(results),
        _whole(results),
        _large(results),
        _peer(results),
        _breakdown(results),
        _loaders(results),
        _contacts(results),
        wave2(results),
        _profiles(results),
    ]
    return "\n\n".join(p.strip() for p in parts if p) + "\n"


def _header(results: dict[str, Any]) -> str:
    m = results["machine"]
    cfg = results["config"]
    v = m["versions"]
    memory = f", {m['memory_gb']:.0f} GB RAM" if m["memory_gb"] else ""
    pkgs = ", ".join(f"{k} {val}" for k, val in v.items() if val and k not in ("tourctl",))
    load = ""
    if m.get("load_before") is not None:
        load = (
            f" Load average (1 min) {m['load_before']:.2f} at the start, "
            f"{m.get('load_after') or 0:.2f} at the end."
        )
    minutes = f"{results['elapsed'] / 60:.1f} min"
    return f"""## Latest figures

- **Command:** `{cfg.command}`; the run took {minutes}. Each figure is the median
  (min–max) of {cfg.repeats} runs ({cfg.repeats * STARTUP_RUNS} for start-up; 3 where one run
  takes over 15 s, and for `check-contacts`); the commands compared in a table
  run in turn, round-robin, so load from other jobs hits them alike.
- **Date:** {m["date"]}; tourctl {v.get("tourctl")} at commit {m["commit"]}.
- **Machine:** {m["cpu"]}, {m["cores"]} cores{memory}, {m["os"]},
  {m["implementation"]} {m["python"]}.{load}
- **Packages:** {pkgs}.
- Peak memory is the process's peak resident set size (`ru_maxrss` from `wait4`),
  in MB (10⁶ bytes). Plans are generated by `bench/generate.py` (seeded) and
  validate with no errors (`--today {"2029-01-01"}`)."""


def _targets_table(results: dict[str, Any]) -> str:
    rows = [[t.goal, t.measured, t.verdict] for t in targets(results)]
    return table(["target", "measured (median)", ""], rows, "llc")


def _startup(results: dict[str, Any]) -> str:
    start = results["startup"]
    stats: dict[str, Stats] = start["stats"]
    base = stats['python -c "import typer"'].median
    rows = [
        [f"`{label}`", span(s), mb(s.rss_mb), ratio(s.median / base)] for label, s in stats.items()
    ]
    help_cost = stats["tourctl --help"].median - stats["tourctl --version"].median
    imports = start["importtime"]
    top = [
        [
            f"`{'  ' * row['depth']}{row['module']}`",
            f"{row['cumulative_ms']:.1f}",
            f"{row['self_ms']:.1f}",
        ]
        for row in imports[:15]
    ]
    heavy = start["heavy"]

    def listed(mods: list[str]) -> str:
        return ", ".join(f"`{m}`" for m in mods) if mods else "none"

    return f"""### Start-up

{table(["command", "wall time", "peak memory", "× import typer"], rows)}

`--help` costs {ms(help_cost)} more than `--version` (Typer renders help with rich).

Heavy modules loaded (of {", ".join(f"`{m}`" for m in _heavy_names())}):
`tourctl --version`: {listed(heavy["--version"])}; `tourctl --help`: {listed(heavy["--help"])};
`tourctl validate --help`: {listed(heavy["validate --help"])}.{_heavy_on_plans(heavy, listed)}

`python -X importtime -c "import tourctl.cli"`, the 15 largest by cumulative time
(median of {start["importtime_runs"]} runs; indentation = nesting):

{table(["module", "cumulative ms", "self ms"], top)}"""


def _heavy_on_plans(heavy: dict[str, list[str]], listed: Any) -> str:
    runs = [key for key in heavy if " N=" in key]
    if not runs:
        return ""
    shown = "; ".join(f"`tourctl {key}`: {listed(heavy[key])}" for key in runs)
    return f"\nOn a plan: {shown}."


def _heavy_names() -> list[str]:
    return list(HEAVY)


def _whole(results: dict[str, Any]) -> str:
    cfg = results["config"]
    plans = results["plans"]
    has_export = results["export_available"]
    rows = []
    for n in sorted({*cfg.sizes, *cfg.compare}):
        val = _run(results, "validate", n)
        exp = _run(results, "export", n)
        p = plans[n]
        rows.append(
            [
                n_(n),
                f"{p['venues']} / {p['people']}",
                f"{p['kb']:,.0f} KB",
                span(val) if val else "—",
                mb(val.rss_mb) if val else "—",
                span(exp) if exp else "pending",
                mb(exp.rss_mb) if exp else "—",
            ]
        )
    header = ["events", "venues / people", "plan", "validate", "memory", "export", "memory"]
    lin_rows = []
    sizes = sorted(cfg.sizes)
    for a, b in itertools.pairwise(sizes):
        cells = [f"{n_(a)} → {n_(b)}"]
        for kind in ("validate", "export"):
            sa, sb = _run(results, kind, a), _run(results, kind, b)
            cells.append(ratio(sb.median / sa.median) if sa and sb else "—")
        lin_rows.append(cells)
    note = "" if has_export else "\n\n`tourctl export` did not exist yet when this ran."
    warnings = sorted({c for n in plans for c in plans[n]["codes"]})
    wnote = f" Findings in the generated plans: {', '.join(warnings)}." if warnings else ""
    return f"""### validate and export, whole process

`tourctl validate PLAN --today 2029-01-01` (text report to a file) and
`tourctl export PLAN --audience team -o FILE` (all events; the file is removed
before each run, so every run is a first export).{wnote}

{table(header, rows)}

Growth (time at the larger size ÷ time at the smaller; 10× the events, and
start-up is a fixed cost, so small sizes grow far less than 10×):

{table(["events", "validate", "export"], lin_rows)}{note}"""


def _large(results: dict[str, Any]) -> str:
    large = results.get("large") or {}
    if not large:
        return ""
    rows = [
        [f"`{kind}`", span(stats), mb(stats.rss_mb), mb(stats.rss_max_mb)]
        for kind, stats in large["stats"].items()
    ]
    return f"""### {n_(large["n"])} events: peak memory

The commands that hold a whole plan, on a {large["kb"]:,.0f} KB plan of
{n_(large["n"])} events (its team calendar is {large["ics_kb"]:,.0f} KB). `export` is a
first export; `re-export` runs right after it and reads that file back as the
previous export. Each is the median of {len(next(iter(large["stats"].values())).samples)} runs.

{table(["command", "wall time", "peak memory", "largest peak"], rows)}"""


def _peer(results: dict[str, Any]) -> str:
    cfg = results["config"]
    plans = results["plans"]
    rows = []
    for n in cfg.compare:
        peer = _run(results, "yaml2ics", n)
        val = _run(results, "validate", n)
        exp = _run(results, "export", n)
        if peer is None:
            continue
        rows.append(
            [
                n_(n),
                f"{plans[n]['peer_kb']:,.0f} KB",
                span(peer),
                mb(peer.rss_mb),
                secs(val.median) if val else "—",
                ratio(peer.median / val.median) if val else "—",
                secs(exp.median) if exp else "—",
                ratio(peer.median / exp.median) if exp else "—",
            ]
        )
    header = [
        "events", "yaml2ics file", "yaml2ics", "memory", "tourctl validate", "speed-up",
        "tourctl export", "speed-up",
    ]  # fmt: skip
    return f"""### Side by side with yaml2ics 0.3

The same events, written in yaml2ics's own format by `bench/yaml2ics_side.py`,
converted by `yaml2ics FILE > out.ics`; tourctl exports them all
(`--audience team`). Speed-up = yaml2ics time ÷ tourctl time (above 1: tourctl
is faster). yaml2ics only converts; tourctl also checks the plan (zones,
clashes, travel, holidays, contacts' syntax) before it writes.

{table(header, rows)}"""


def _med(values: list[float]) -> float:
    return statistics.median(values)


def _breakdown(results: dict[str, Any]) -> str:
    data = results["breakdown"]
    if not data:
        return ""
    names = ["import", "load", "model", "checks", "import_export", "export"]
    labels = {
        "import": "imports",
        "load": "load (YAML)",
        "model": "model (pydantic)",
        "checks": "checks",
        "import_export": "export imports",
        "export": "export (redact + render)",
    }
    sizes = sorted(data)
    header = ["stage", *[f"{n_(n)} events" for n in sizes]]
    rows = []
    for name in names:
        if not any(name in data[n]["stages"] for n in sizes):
            continue
        rows.append(
            [labels[name], *[secs(_med(data[n]["stages"].get(name, [0.0]))) for n in sizes]]
        )
    rows.append(["**total**", *[f"**{secs(_med(data[n]['total']))}**" for n in sizes]])
    rows.append(["peak memory", *[mb(_med(data[n]["rss_kb"]) * 1024 / 1e6) for n in sizes]])
    growth = ""
    if len(sizes) > 1:
        a, b = sizes[-2], sizes[-1]
        cells = []
        for name in ("load", "model", "checks", "export"):
            if name in data[a]["stages"] and name in data[b]["stages"]:
                r = _med(data[b]["stages"][name]) / _med(data[a]["stages"][name])
                cells.append(f"{labels[name]} {ratio(r)}")
        r = _med(data[b]["total"]) / _med(data[a]["total"])
        cells.append(f"total {ratio(r)}")
        growth = (
            f"\n\nGrowth from {n_(a)} to {n_(b)} events ({ratio(b / a)} the events): "
            + ", ".join(cells)
            + "."
        )
    checks = _checks_table(data, sizes)
    return f"""### Where the time goes (in one process)

`bench/inprocess.py`: the functions the CLI calls, stage by stage, in a fresh
interpreter per run (so lazily loaded data, like the gazetteer, is paid every
time; module imports of each stage are timed apart from its work).

{table(header, rows)}{growth}

The checks, one by one ("places" resolves every venue's zone and coordinates,
loading the gazetteer; the first check to use the shared time line pays for
building it):

{checks}"""


def _checks_table(data: dict[int, Any], sizes: list[int]) -> str:
    names = list(data[sizes[-1]].get("checks", {}))
    names.sort(key=lambda c: _med(data[sizes[-1]]["checks"][c]), reverse=True)
    rows = [
        [f"`{name}`", *[ms(_med(data[n]["checks"].get(name, [0.0]))) for n in sizes]]
        for name in names
    ]
    return table(["check", *[f"{n_(n)} events" for n in sizes]], rows)


def _loaders(results: dict[str, Any]) -> str:
    data = results["loaders"]
    if not data:
        return ""
    what = {
        "tourctl": "tourctl.loader: plain values, YAML 1.2, a position for every key and value",
        "compose": "`yaml.compose(CSafeLoader)`: node graph with marks, no values yet",
        "load": "`yaml.load(CSafeLoader)`: values, YAML 1.1, no positions",
        "ruamel": "ruamel.yaml round-trip: values with positions",
        "rapidyaml": "`ryml.parse_in_arena`: a C++ tree, no Python values",
    }
    sizes = sorted(data)
    header = ["loader", *[f"{n_(n)} events ({data[n]['bytes'] / 1000:,.0f} KB)" for n in sizes]]
    header.append("what it gives")
    rows = []
    for name, text in what.items():
        cells = [f"`{name}`"]
        for n in sizes:
            entry = data[n]["loaders"].get(name, {"skipped": "—"})
            if "times" in entry:
                t = entry["times"]
                runs = f" ({len(t)} run)" if len(t) == 1 else ""
                cells.append(f"{secs(_med(t))}{runs}")
            else:
                cells.append(f"skipped: {entry['skipped']}")
        rows.append([*cells, text])
    return f"""### YAML loaders on the same plan

`bench/loaders.py`, in one process, every loader from the same decoded text
(median of the runs).

{table(header, rows, "l" + "r" * len(sizes) + "l")}"""


def _contacts(results: dict[str, Any]) -> str:
    data = results["contacts"]
    intro = """### check-contacts against a slow local server

N websites on N/2 loopback hosts, each answering after 300 ms
(`tests/servers/http.py`), `--concurrency 16`; ideal = 300 ms × ceil(N / 16).
The measured time is the whole process, start-up and plan loading included;
"network part" subtracts the same command with `--offline`."""
    if "pending" in data:
        return f"{intro}\n\nPending: {data['pending']}."
    rows = []
    for n, row in data["sizes"].items():
        stats = row["stats"]
        net = stats.median - row["offline"].median
        rows.append(
            [
                n_(n),
                str(row["hosts"]),
                secs(row["ideal"]),
                span(stats),
                ratio(stats.median / row["ideal"]),
                f"{secs(net)} ({ratio(net / row['ideal'])})",
                mb(stats.rss_mb),
                f"{row['ok']}/{row['results']} ok, peak {row['max_in_flight']} in flight",
            ]
        )
    header = [
        "websites", "hosts", "ideal", "measured", "÷ ideal", "network part", "memory", "results",
    ]  # fmt: skip
    return f"{intro}\n\n{table(header, rows)}"


def _profiles(results: dict[str, Any]) -> str:
    data = results["profiles"]
    parts = []
    for what in ("validate", "export"):
        if what not in data:
            continue
        prof = data[what]
        rows = [
            [f"`{r['function']}`", str(r["calls"]), f"{r['tottime']:.3f}", f"{r['cumtime']:.3f}"]
            for r in prof["tottime"]
        ]
        parts.append(
            f"<details><summary>cProfile, {what} of {n_(data['n'])} events "
            f"(in-process pipeline, {secs(prof['total'])} under the profiler): "
            "top functions by own time</summary>\n\n"
            + table(["function", "calls", "own s", "cumulative s"], rows)
            + "\n\n</details>"
        )
    return "### Profiles\n\n" + "\n\n".join(parts) if parts else ""


def summary(results: dict[str, Any]) -> str:
    lines = ["Targets:"]
    for t in targets(results):
        lines.append(f"  [{t.verdict.strip('*')}] {t.goal}: {t.measured}")
    return "\n".join(lines)


# --- the second wave (issues 13 and 14) ---------------------------------------------------


def wave2_targets(results: dict[str, Any]) -> list[Target]:
    out: list[Target] = []
    road = results.get("road") or {}
    large = road.get(10000)
    for kind, limit in (("validate", 3.0), ("export", 4.0)):
        stats: Stats | None = large[kind] if large else None
        what = "`validate`" if kind == "validate" else "team `export`"
        out.append(
            Target(
                f"on the road: {what} of 10,000 events, 20 people's legs and stays, "
                f"under {limit:g} s",
                secs(stats.median) if stats else "—",
                stats.median < limit if stats else None,
            )
        )
    peaks = [large[kind].rss_max_mb for kind in ("validate", "export")] if large else []
    out.append(
        Target(
            "on the road: peak memory under 300 MB (validate, export)",
            " / ".join(mb(p) for p in peaks) if peaks else "—",
            max(peaks) < 300 if peaks else None,
        )
    )
    small = road.get(1000)
    if small and large:
        grow = [large[k].median / small[k].median for k in ("validate", "export")]
        out.append(
            Target(
                "on the road: linear, time(10,000) ÷ time(1,000) at most ~11",
                " / ".join(ratio(g) for g in grow) + " (validate / export)",
                max(grow) <= 11,
            )
        )
    site = results.get("site")
    first: Stats | None = site["first"] if site and site["n"] == 2000 else None
    out.append(
        Target(
            "`publish --site` of 2,000 events under 2 s (a first publish)",
            secs(first.median) if first else "—",
            first.median < 2 if first else None,
        )
    )
    return out


def wave2(results: dict[str, Any]) -> str:
    road = results.get("road") or {}
    site = results.get("site")
    if not road and not site:
        return ""
    parts = ["### On the road and publishing (issues 13 and 14)"]
    if road:
        rows = [
            [
                n_(n),
                f"{row['legs']:,} / {row['stays']:,}",
                f"{row['kb']:,.0f} KB",
                span(row["validate"]),
                mb(row["validate"].rss_max_mb),
                span(row["export"]),
                mb(row["export"].rss_max_mb),
            ]
            for n, row in sorted(road.items())
        ]
        header = ["events", "legs / stays", "plan", "validate", "peak", "team export", "peak"]
        parts.append(
            "`python -m bench.road N --people 20`: every speaker has a leg on each event day "
            "and a stay for each night of their tour; the plan validates with no errors. "
            "`tourctl validate PLAN --today 2029-01-01`; `tourctl export PLAN --audience team "
            "-o FILE` (a first export each run).\n\n" + table(header, rows)
        )
    if site:
        rows = [
            ["first (empty folder)", span(site["first"]), mb(site["first"].rss_max_mb)],
            ["again (unchanged plan)", span(site["again"]), mb(site["again"].rss_max_mb)],
        ]
        parts.append(
            f"`tourctl publish PLAN --site DIR` of the {n_(site['n'])}-event plan: "
            f"{n_(site['files'])} files (every feed, a file per public event, the page).\n\n"
            + table(["publish", "time", "peak"], rows)
        )
    return "\n\n".join(parts)
