"""End-to-end: the installed ``tourctl validate`` on plan files, as a user runs it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import PLANS, bundled_plans, invoke

INVALID = sorted((PLANS / "invalid").glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (\S+) (\d+) (\d+) (\S+)$")


MESSAGE = re.compile(r"^# message: (.+)$")


def _expectation(plan: Path) -> tuple[str, int, int, str]:
    match = EXPECT.match(plan.read_text(encoding="utf-8").splitlines()[0])
    assert match, f"{plan} must start with '# expect: CODE LINE COLUMN PATH'"
    return match[1], int(match[2]), int(match[3]), match[4]


def _message(plan: Path) -> str | None:
    """The finding's message, when the plan's second line says it (``# message: …``)."""
    match = MESSAGE.match(plan.read_text(encoding="utf-8").splitlines()[1])
    return match[1] if match else None


@pytest.mark.parametrize("plan", bundled_plans(), ids=lambda p: p.name)
def test_bundled_plans_pass(plan: Path) -> None:
    result = invoke("validate", plan, "--today", "2024-04-01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_starter_plan_passes() -> None:
    result = invoke("validate", PLANS / "valid" / "starter.yaml", "--today", "2026-01-01")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("plan", INVALID, ids=lambda p: p.stem)
def test_invalid_plan_reports_code_at_position(plan: Path) -> None:
    code, line, column, path = _expectation(plan)
    result = invoke("validate", plan, "--format", "json", "--today", "2026-01-01")
    assert result.returncode == 1, result.stdout + result.stderr
    payload = json.loads(result.stdout)
    matching = [f for f in payload["findings"] if f["code"] == code]
    assert matching, payload
    finding = matching[0]
    assert (finding["line"], finding["column"], finding["path"]) == (line, column, path)
    assert finding["severity"] == "error"
    assert finding["file"] == str(plan)
    message = _message(plan)
    if message is not None:
        assert finding["message"] == message


def test_text_output_names_file_line_column() -> None:
    plan = PLANS / "invalid" / "unknown-key.yaml"
    result = invoke("validate", plan)
    assert result.returncode == 1
    assert f"{plan}:16:5: error[unknown-key] unknown key 'strat'; did you mean 'start'?" in (
        result.stdout
    )


def test_json_output_shape() -> None:
    plan = PLANS / "invalid" / "bad-date.yaml"
    result = invoke("validate", plan, "--format", "json")
    payload = json.loads(result.stdout)
    assert set(payload) == {"findings", "errors", "warnings", "hints"}
    assert payload["errors"] == 1
    assert payload["warnings"] == 0
    finding = payload["findings"][0]
    assert set(finding) == {"code", "severity", "message", "file", "line", "column", "path"}
    assert isinstance(finding["line"], int)
    assert isinstance(finding["column"], int)
    assert finding["message"].startswith("'2030-02-30' is not a real calendar date")


def test_github_format_annotations() -> None:
    plan = PLANS / "invalid" / "unknown-key.yaml"
    result = invoke("validate", plan, "--format", "github")
    assert result.returncode == 1
    first, *_, last = result.stdout.splitlines()
    assert first.startswith(
        f"::error file={plan},line=16,endLine=16,col=5,endColumn=9,title=tourctl unknown-key::"
    )
    assert "did you mean 'start'?" in first
    assert last == "::notice title=tourctl validate::1 plan checked: 1 error, 0 warnings"


def test_several_files_all_reported() -> None:
    plans = [PLANS / "invalid" / "bad-date.yaml", PLANS / "invalid" / "bad-time.yaml"]
    result = invoke("validate", *plans, "--format", "json")
    payload = json.loads(result.stdout)
    assert {f["file"] for f in payload["findings"]} == {str(p) for p in plans}
    assert payload["errors"] == 2


def test_missing_file_is_usage_error_but_others_still_checked(tmp_path: Path) -> None:
    result = invoke("validate", tmp_path / "nope.yaml", PLANS / "invalid" / "bad-date.yaml")
    assert result.returncode == 2
    assert "nope.yaml:1:1: error[file-unreadable] no such file" in result.stdout
    assert "bad-date.yaml:15:11" in result.stdout
    assert "1 plan checked, 1 could not be read: 2 errors, 0 warnings" in result.stdout
    assert "Traceback" not in result.stderr


def test_folder_is_usage_error(tmp_path: Path) -> None:
    result = invoke("validate", tmp_path)
    assert result.returncode == 2
    assert "error[file-unreadable] is a folder, not a plan file" in result.stdout


def test_unknown_option_is_usage_error() -> None:
    result = invoke("validate", "--bogus", "x.yaml")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_bad_today_is_usage_error() -> None:
    result = invoke("validate", PLANS / "valid" / "starter.yaml", "--today", "May 2")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr


def test_stdin_plan() -> None:
    text = (PLANS / "invalid" / "bad-date.yaml").read_text(encoding="utf-8")
    result = invoke("validate", "-", input=text)
    assert result.returncode == 1
    assert "<stdin>:15:11" in result.stdout


def test_version() -> None:
    result = invoke("--version")
    assert result.returncode == 0
    assert re.fullmatch(r"tourctl \d+\.\d+\.\d+\n", result.stdout)


def test_python_dash_m() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "tourctl", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("tourctl ")


MANY_PROBLEMS = """\
version: 1
tour:
  id: t
  title: T
  organizer: {name: O}
venues:
  - id: v
    name: V
    city: Praha
    country: CZ
    capacity: lots
events:
  - title: A
    venue: v
    date: 2030-05-02
    start: "19:00"
    end: "21:00"
    strat: "19:00"
  - title: B
    venue: vv
    date: 2030-05-03
    start: "19:00"
    end: "21:00"
  - title: C
    venue: v
    date: 2030-05-04
    start: "19:00"
    end: "7pm"
"""


def test_one_run_reports_model_errors_and_check_findings_together(tmp_path: Path) -> None:
    """A typo'd key must not hide a broken reference three events later."""
    plan = tmp_path / "many.yaml"
    plan.write_text(MANY_PROBLEMS, encoding="utf-8")
    result = invoke("validate", plan, "--format", "json", "--today", "2026-01-01")
    assert result.returncode == 1
    found = {(f["code"], f["line"], f["path"]) for f in json.loads(result.stdout)["findings"]}
    assert ("invalid-value", 11, "venues[0].capacity") in found
    assert ("unknown-key", 18, "events[0].strat") in found
    assert ("unknown-venue", 20, "events[1].venue") in found
    assert ("invalid-value", 28, "events[2].end") in found
    # No echo of the bad `end` as a missing one: the event already has its finding.
    assert not any(code == "missing-end" for code, _, _ in found)
