"""``tourctl publish --caldav`` to Radicale on loopback: a first publish, then re-publishes.

    bench/run caldav                # 500 events, 5 re-publishes (a few minutes)
    python -m bench.caldav --help   # the options

The server is the test suite's Radicale (``tests/servers/caldav.py``): its own
process on 127.0.0.1, htpasswd login, storage in a temporary folder (in
``/dev/shm`` where there is one). The plan is ``bench/generate.py``'s. After one
first publish (every calendar made, every object uploaded), three things are
measured in turn, round-robin, so load from other jobs hits them alike:

* **re-publish**: ``tourctl publish PLAN --caldav URL`` of the unchanged plan,
  the whole process, as a user runs it; its JSON must report no upload, no
  removal and no calendar made, and the calendars' sync tokens must be the
  same after all runs as before them (nothing was written);
* **the server's queries**: the requests a re-publish needs, and nothing else,
  sent by a bare httpx client in this process with the answers read and
  thrown away: one PROPFIND of the home, one calendar-query REPORT per
  calendar. This is the time the server takes to answer them;
* **publish step**: ``tourctl.publish.caldav.publish_caldav`` alone, in a
  fresh interpreter (imports and loading the plan not counted).

Target (issue 14): the re-publish within 2x the server's queries.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import generate, machine
from bench.measure import BenchError, Sample, progress, run_once

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2029-01-01"
NOW = "2029-01-01T12:00:00Z"
USER = "bench"
PASSWORD = "bench-password"
BEGIN = "<!-- bench-caldav:begin -->"
END = "<!-- bench-caldav:end -->"
TARGET = 2.0

_PROPFIND = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<D:propfind xmlns:D="DAV:" '
    b'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:resourcetype/><D:displayname/>'
    b"<C:calendar-description/></D:prop></D:propfind>"
)
_REPORT = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<C:calendar-query xmlns:D="DAV:" '
    b'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/><C:calendar-data/></D:prop>'
    b'<C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>'
)
_TOKENS = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<D:propfind xmlns:D="DAV:">'
    b"<D:prop><D:sync-token/></D:prop></D:propfind>"
)

_STEP = """
import json, sys, time
from datetime import date
from tourctl.export.files import now_from_env
from tourctl.pipeline import PlanOptions, valid_plan
from tourctl.publish.caldav import CalDavTarget, publish_caldav
plan = valid_plan(sys.argv[1], PlanOptions(today=date.fromisoformat(sys.argv[3]))).plan
target = CalDavTarget(sys.argv[2], sys.argv[4], sys.argv[5])
started = time.perf_counter()
result = publish_caldav(plan, target, now=now_from_env(), today=date.fromisoformat(sys.argv[3]))
print(json.dumps({"seconds": time.perf_counter() - started, "uploaded": result.uploaded,
                  "deleted": result.deleted, "requests": result.requests}))
"""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.caldav",
        description="Benchmark publish --caldav against Radicale on loopback and write the "
        "figures into docs/performance.md.",
    )
    parser.add_argument("--events", type=int, default=500, help="events in the plan (500)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure (5)")
    parser.add_argument(
        "--output", type=Path, default=ROOT / "docs" / "performance.md", help="Markdown file"
    )
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / ".work", help="scratch")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    shown = " ".join(["bench/run caldav", *(argv if argv is not None else sys.argv[1:])])
    started = time.perf_counter()
    tourctl = Path(sys.executable).parent / "tourctl"
    if not tourctl.exists():
        sys.exit(f"bench: tourctl not found next to {sys.executable}; run bench/run caldav")
    try:
        from tests.servers.caldav import RadicaleServer
    except ImportError as exc:
        sys.exit(f"bench: the test suite's Radicale server could not be imported ({exc})")
    args.work.mkdir(parents=True, exist_ok=True)
    facts: dict[str, Any] = {"machine": machine.describe(), "command": shown}
    plan, _ = generate.write(args.events, args.work / "plans")
    with tempfile.TemporaryDirectory(dir=args.work) as folder:
        server = RadicaleServer(Path(folder)).start()
        try:
            server.add_user(USER, PASSWORD)
            facts.update(_run(tourctl, plan, f"{server.url}/{USER}/", args))
        finally:
            server.stop()
    facts["machine"]["load_after"] = machine.load_average()
    facts["elapsed"] = time.perf_counter() - started
    text = render(facts, args.events, args.repeats)
    write(args.output, text)
    print(summary(facts))
    progress(f"bench: wrote {args.output} in {facts['elapsed']:.0f} s")
    return 0


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("FORCE_COLOR", None)
    env.update(NO_COLOR="1", TOURCTL_NOW=NOW, TOURCTL_CALDAV_PASSWORD=PASSWORD)
    return env


def _run(tourctl: Path, plan: Path, url: str, args: argparse.Namespace) -> dict[str, Any]:
    import httpx

    env = _env()
    out = args.work / "caldav-publish.json"
    cmd = [
        str(tourctl), "publish", str(plan), "--caldav", url, "--username", USER,
        "--today", TODAY, "--format", "json",
    ]  # fmt: skip
    progress(f"caldav: first publish of {args.events} events to {url}")
    first = run_once(cmd, env=env, stdout=out)
    made = json.loads(out.read_text(encoding="utf-8"))["caldav"]
    objects = made["events_uploaded"]
    progress(f"  first publish: {first.wall:.1f} s, {objects} objects")
    client = httpx.Client(auth=(USER, PASSWORD), timeout=120, trust_env=False)
    calendars = _calendars(client, url)
    tokens = _tokens(client, url)
    runs: dict[str, list[float]] = {"republish": [], "queries": [], "step": []}
    memory: list[int] = []
    requests = 0
    for _ in range(args.repeats):
        sample = run_once(cmd, env=env, stdout=out)
        again = json.loads(out.read_text(encoding="utf-8"))["caldav"]
        _no_writes(again)
        runs["republish"].append(sample.wall)
        memory.append(sample.rss_kb)
        runs["queries"].append(_queries(client, url, calendars))
        step = _step(plan, url, env)
        requests = step["requests"]
        if step["uploaded"] or step["deleted"]:
            raise BenchError(f"the publish step wrote to the server: {step}")
        runs["step"].append(step["seconds"])
        progress(
            f"  re-publish {sample.wall:.3f} s, queries {runs['queries'][-1]:.3f} s, "
            f"step {step['seconds']:.3f} s"
        )
    if _tokens(client, url) != tokens:
        raise BenchError("a calendar's sync token changed: a re-publish wrote something")
    client.close()
    return {
        "first": first,
        "objects": objects,
        "calendars": len(calendars),
        "requests": requests,
        "runs": runs,
        "rss_mb": statistics.median(memory) * 1024 / 1e6,
    }


def _no_writes(summary: dict[str, Any]) -> None:
    if summary["events_uploaded"] or summary["events_removed"] or summary["calendars_made"]:
        raise BenchError(f"a re-publish of the unchanged plan wrote to the server: {summary}")


def _calendars(client: Any, url: str) -> list[str]:
    """The calendars' URLs, from one PROPFIND (as tourctl lists them)."""
    import re

    answer = client.request("PROPFIND", url, content=_PROPFIND, headers={"Depth": "1"})
    hrefs = re.findall(r"<href>([^<]+)</href>", answer.text)
    base = url.split("/", 3)
    home = "/" + base[3]
    return [f"{base[0]}//{base[2]}{h}" for h in hrefs if h != home]


def _queries(client: Any, url: str, calendars: list[str]) -> float:
    """The requests a re-publish needs, answered and read, by the plainest client."""
    started = time.perf_counter()
    client.request("PROPFIND", url, content=_PROPFIND, headers={"Depth": "1"}).read()
    for calendar in calendars:
        client.request("REPORT", calendar, content=_REPORT, headers={"Depth": "1"}).read()
    return time.perf_counter() - started


def _tokens(client: Any, url: str) -> str:
    answer = client.request("PROPFIND", url, content=_TOKENS, headers={"Depth": "1"})
    text: str = answer.text
    return text


def _step(plan: Path, url: str, env: dict[str, str]) -> dict[str, Any]:
    cmd = [sys.executable, "-c", _STEP, str(plan), url, TODAY, USER, PASSWORD]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise BenchError(f"the publish step failed:\n{proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


# --- the report ------------------------------------------------------------------------------


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _span(values: list[float]) -> str:
    return f"{_median(values):.3f} s ({min(values):.3f} s–{max(values):.3f} s)"


def summary(facts: dict[str, Any]) -> str:
    runs = facts["runs"]
    ratio = _median(runs["republish"]) / _median(runs["queries"])
    verdict = "met" if ratio <= TARGET else "missed"
    return (
        f"caldav: re-publish {_median(runs['republish']):.3f} s vs the server's queries "
        f"{_median(runs['queries']):.3f} s: {ratio:.2f}x ({verdict}; target {TARGET:g}x)"
    )


def render(facts: dict[str, Any], events: int, repeats: int) -> str:
    m = facts["machine"]
    runs = facts["runs"]
    first: Sample = facts["first"]
    republish, queries, step = (_median(runs[k]) for k in ("republish", "queries", "step"))
    ratio, step_ratio = republish / queries, step / queries
    verdict = "met" if ratio <= TARGET else "**missed**"
    load = f"{m['load_before']:.2f} at the start, {m['load_after']:.2f} at the end"
    return "\n".join(
        [
            "## Publishing to CalDAV",
            "",
            f"- **Command:** `{facts['command']}`; the run took {facts['elapsed'] / 60:.1f} min. "
            f"Each figure is the median (min–max) of {repeats} runs, the three measured in "
            "turn, round-robin.",
            f"- **Date:** {m['date']}; tourctl at commit {m['commit']}.",
            f"- **Machine:** {m['cpu']}, {m['cores']} cores, {m['os']}, "
            f"{m['implementation']} {m['python']}. Load average (1 min) {load}.",
            f"- **Server:** Radicale {_version('radicale')} on 127.0.0.1 (its own process; "
            "htpasswd login; storage in a temporary folder on `/dev/shm`).",
            f"- **Plan:** `bench/generate.py` with {events:,} events: {facts['calendars']} "
            f"calendars (public, partners, one per venue, team, one per person), "
            f"{facts['objects']:,} objects (an event is in several feeds).",
            "",
            "| target | measured (median) |  |",
            "|---|---|:---:|",
            f"| re-publish of the unchanged plan within {TARGET:g}× the server's answers to the "
            f"queries it needs | {republish:.3f} s vs {queries:.3f} s: {ratio:.2f}× | {verdict} |",
            "",
            "| what | wall time |",
            "|---|---:|",
            f"| first publish ({facts['calendars']} MKCALENDAR, {facts['objects']:,} PUT) "
            f"| {first.wall:.1f} s (one run) |",
            f"| re-publish, whole process (no write sent) | {_span(runs['republish'])} |",
            f"| the server's queries: {facts['requests']} requests (1 PROPFIND, "
            f"{facts['calendars']} REPORT), answers read | {_span(runs['queries'])} |",
            "| publish step alone (`publish_caldav`: the requests, rendering, comparing; "
            f"no imports, no plan loading) | {_span(runs['step'])} |",
            "",
            f"The re-publish is {ratio:.2f}× the server's time and the publish step "
            f"{step_ratio:.2f}×; peak memory of the re-publish {facts['rss_mb']:.0f} MB. Every "
            "re-publish reported no upload, no removal and no calendar made, and the "
            "calendars' sync tokens were the same after the runs as before them.",
        ]
    )


def _version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def write(path: Path, generated: str) -> None:
    """Put ``generated`` between this benchmark's markers (appended the first time)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{BEGIN}\n{generated.strip()}\n{END}"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = f"{head}{block}{tail}"
    else:
        text = f"{text.rstrip()}\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
