"""``tourctl export --format json``: findings on refusal, a summary on success."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import PLANS, TOURS, invoke

PLAN = TOURS / "solidarity-europe-2024.yaml"


def test_refusal_prints_validate_json(tmp_path: Path) -> None:
    out = tmp_path / "x.ics"
    result = invoke("export", PLANS / "invalid" / "unknown-venue.yaml", "-o", out, "-f", "json")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["errors"] == 1
    assert "unknown-venue" in [f["code"] for f in payload["findings"]]
    assert not out.exists()


def test_summary_of_written_files(tmp_path: Path) -> None:
    out = tmp_path / "team.ics"
    args = ("export", PLAN, "-a", "team", "-o", out, "-f", "json")
    first = invoke(*args)
    assert first.returncode == 0, first.stderr
    payload = json.loads(first.stdout)
    assert payload["audience"] == "team"
    assert payload["files"] == [
        {
            "path": str(out),
            "venue": None,
            "person": None,
            "events": 9,
            "items": 31,
            "changed": True,
            "changes": [],
        }
    ]
    second = json.loads(invoke(*args).stdout)
    assert second["files"][0]["changed"] is False


def test_summary_goes_to_stderr_when_the_calendar_is_on_stdout() -> None:
    result = invoke("export", PLAN, "-o", "-", "-f", "json")
    assert result.returncode == 0
    assert result.stdout.startswith("BEGIN:VCALENDAR")
    assert json.loads(result.stderr[result.stderr.index("{") :])["files"][0]["path"] == "-"
