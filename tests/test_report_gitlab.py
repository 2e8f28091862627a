"""``validate --format gitlab``: a GitLab Code Quality report (artifacts:reports:codequality)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import PLANS, invoke
from tourctl.enums import Severity
from tourctl.findings import Finding
from tourctl.report.findings import gitlab_issues

REQUIRED = {"description", "check_name", "fingerprint", "severity", "location"}


def test_report_is_an_array_of_code_quality_issues() -> None:
    plans = [PLANS / "invalid" / "unknown-key.yaml", PLANS / "checks" / "hygiene.yaml"]
    result = invoke("validate", *plans, "--format", "gitlab")
    assert result.returncode == 1
    issues = json.loads(result.stdout)
    assert isinstance(issues, list) and len(issues) >= 2
    for issue in issues:
        assert set(issue) == REQUIRED
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["path"] in {str(p) for p in plans}
        begin = issue["location"]["positions"]["begin"]
        assert begin["line"] >= 1 and begin["column"] >= 1
    first = issues[0]
    assert first["check_name"] == "unknown-key"
    assert first["severity"] == "major"
    assert first["location"]["positions"]["begin"] == {"line": 16, "column": 5}
    assert {i["severity"] for i in issues if i["check_name"] == "unused-venue"} == {"minor"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert "plans checked" in result.stderr  # the summary, for the job's log


def test_a_clean_plan_gives_an_empty_report() -> None:
    result = invoke("validate", PLANS / "valid" / "starter.yaml", "--format", "gitlab")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


def _finding(line: int, message: str = "m") -> Finding:
    return Finding("unused-venue", Severity.WARNING, message, "t.yaml", line, 3, "venues[0].id")


def test_fingerprints_survive_moved_lines_and_stay_unique() -> None:
    # A problem that only moved (lines added above it) keeps its fingerprint, so a
    # merge request does not show it as fixed and new at once.
    assert (
        gitlab_issues([_finding(4)])[0]["fingerprint"]
        == (gitlab_issues([_finding(40)])[0]["fingerprint"])
    )
    assert (
        gitlab_issues([_finding(4)])[0]["fingerprint"]
        != (gitlab_issues([_finding(4, "other")])[0]["fingerprint"])
    )
    twice = gitlab_issues([_finding(4), _finding(9)])
    assert twice[0]["fingerprint"] != twice[1]["fingerprint"]


def test_unreadable_plan_is_an_issue_too(tmp_path: Path) -> None:
    result = invoke("validate", tmp_path / "missing.yaml", "--format", "gitlab")
    assert result.returncode == 2
    (issue,) = json.loads(result.stdout)
    assert issue["check_name"] == "file-unreadable"
