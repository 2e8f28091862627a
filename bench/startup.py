"""Start-up: ``tourctl --version``/``--help`` against the interpreter and Typer alone.

Also what ``python -X importtime`` says, and which heavy modules each of those
commands pulls in (none should: they are imported when a command needs them).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench.measure import Job, Stats, measure_interleaved, run_once

HEAVY = (
    "pydantic", "icalendar", "httpx", "holidays", "yaml", "phonenumbers", "email_validator",
    "dns", "zoneinfo", "tourctl.model", "tourctl.places.gazetteer", "tourctl.places.resolve",
    "rich.console",
)  # fmt: skip

_PROBE = """
import json, sys
out, args = sys.argv[1], sys.argv[2:]
sys.argv = ["tourctl", *args]
from tourctl.cli import main
try:
    main()
except SystemExit:
    pass
heavy = {heavy!r}
with open(out, "w") as f:
    json.dump(sorted(m for m in heavy if m in sys.modules), f)
"""


FLOOR_CODE = "import typer, yaml; from pydantic import TypeAdapter; TypeAdapter(str)"
FLOOR = f'python -c "{FLOOR_CODE}"'


def commands(python: Path, tourctl: Path) -> dict[str, list[str]]:
    return {
        "python -c pass": [str(python), "-c", "pass"],
        'python -c "import typer"': [str(python), "-c", "import typer"],
        # What any tourctl command with options costs before tourctl's own work: Typer
        # 0.29 builds a pydantic validator per option, and the plan's model is pydantic.
        FLOOR: [str(python), "-c", FLOOR_CODE],
        # What yaml2ics imports before it converts anything.
        'python -c "import yaml, ics"': [str(python), "-c", "import yaml, ics"],
        "tourctl --version": [str(tourctl), "--version"],
        "tourctl --help": [str(tourctl), "--help"],
        "tourctl validate --help": [str(tourctl), "validate", "--help"],
    }


STARTUP_RUNS = 4
"""Start-up runs are short and noisy: this many times the usual number of runs."""


def run(python: Path, tourctl: Path, repeats: int, env: dict[str, str]) -> dict[str, Any]:
    jobs = [Job(label, cmd) for label, cmd in commands(python, tourctl).items()]
    for job in jobs:
        run_once(job.cmd, env=env)  # warm the page cache and any missing .pyc
    results: dict[str, Stats] = measure_interleaved(jobs, repeats * STARTUP_RUNS, env=env)
    return {
        "stats": results,
        "importtime": importtime(python, repeats, env),
        "importtime_runs": repeats,
        "heavy": {
            args: heavy_modules(python, args.split(), env)
            for args in ("--version", "--help", "validate --help")
        },
    }


def importtime(python: Path, repeats: int, env: dict[str, str]) -> list[dict[str, Any]]:
    """Modules by cumulative import time (median over repeats) for ``import tourctl.cli``."""
    runs: list[dict[str, tuple[int, int, int]]] = []
    for _ in range(repeats):
        proc = subprocess.run(
            [str(python), "-X", "importtime", "-c", "import tourctl.cli"],
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        runs.append(_parse_importtime(proc.stderr))
    names = runs[0].keys()
    rows: list[dict[str, Any]] = []
    for name in names:
        present = [r[name] for r in runs if name in r]
        rows.append(
            {
                "module": name,
                "self_ms": statistics.median(p[0] for p in present) / 1000,
                "cumulative_ms": statistics.median(p[1] for p in present) / 1000,
                "depth": present[0][2],
            }
        )
    rows.sort(key=lambda r: r["cumulative_ms"], reverse=True)
    return rows


def _parse_importtime(text: str, root: str = "tourctl.cli") -> dict[str, tuple[int, int, int]]:
    """``import time: self | cumulative | name`` lines of ``root``'s import, and nothing else.

    Returns name → (self µs, cumulative µs, depth below ``root``). The output is
    in post-order: a module's imports are the deeper lines just before it.
    """
    rows: list[tuple[str, int, int, int]] = []
    for line in text.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        parts = line[len("import time:") :].split("|")
        raw = parts[2]
        depth = (len(raw) - len(raw.lstrip(" ")) - 1) // 2
        rows.append((raw.strip(), int(parts[0]), int(parts[1]), depth))
    end = next((i for i, row in enumerate(rows) if row[0] == root), None)
    if end is None:
        return {}
    top = rows[end][3]
    start = end
    while start > 0 and rows[start - 1][3] > top:
        start -= 1
    out: dict[str, tuple[int, int, int]] = {}
    for name, self_us, cumulative, depth in rows[start : end + 1]:
        out.setdefault(name, (self_us, cumulative, depth - top))
    return out


def heavy_modules(python: Path, args: list[str], env: dict[str, str]) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "modules.json"
        subprocess.run(
            [str(python), "-c", _PROBE.format(heavy=HEAVY), str(out), *args],
            capture_output=True, env=env, check=True,
        )  # fmt: skip
        result: list[str] = json.loads(out.read_text())
    return result
