"""End to end on the installed ``tourctl``: what only a real process shows.

Exit codes the shell sees, signals, closed and full streams, and the defects
found by running the installed tool (each a regression test). Most other CLI
tests run in-process through ``tests.conftest.invoke``, which is faster.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import PLANS, TOURS, invoke, run_tourctl, tourctl_executable

EXAMPLE = TOURS / "solidarity-europe-2024.yaml"

ONE_EVENT = """\
version: 1
tour: {id: t, title: "[/]", organizer: {name: O}}
venues:
  - {id: hall, name: Hall, city: Praha, country: CZ}
events:
  - {title: Talk, venue: hall, date: 2024-05-02, start: "19:00", end: "21:00"}
"""


def test_stdin_that_is_not_utf8_is_a_finding_not_a_traceback() -> None:
    result = run_tourctl("validate", "-", input=b"version: 1\ncity: Krak\xf3w\n")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "<stdin>:2:11: error[not-utf8]" in result.stdout


def test_utf16_on_stdin_is_a_finding() -> None:
    result = run_tourctl("validate", "-", "-f", "json", input="version: 1\n".encode("utf-16"))
    assert result.returncode == 1, result.stderr
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["not-utf8"]


def test_standard_input_can_be_named_once() -> None:
    result = run_tourctl("validate", "-", "-", input=ONE_EVENT)
    assert result.returncode == 2
    assert "only once" in result.stderr


def test_file_names_are_printed_as_written_not_as_markup(tmp_path: Path) -> None:
    name = "[bold]x[/bold].yaml"
    result = run_tourctl("validate", name, cwd=tmp_path)
    assert result.returncode == 2
    assert f"{name}:1:1: error[file-unreadable] no such file" in result.stdout


def test_rich_markup_in_a_title_is_shown_literally(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(ONE_EVENT, encoding="utf-8")
    result = run_tourctl("show", plan, "--today", "2024-01-01")
    assert result.returncode == 0, result.stderr
    assert "[/] — team view" in result.stdout
    assert "1 event on 1 day" in result.stdout


def test_every_json_command_answers_in_json_when_it_refuses() -> None:
    broken = PLANS / "invalid" / "unknown-venue.yaml"
    for command in ("show", "export", "check-contacts"):
        args = [command, broken, "--format", "json"]
        if command in ("check-contacts", "show"):  # these two use what they can of a plan
            args = [command, PLANS / "invalid" / "bad-version.yaml", "--format", "json"]
        result = run_tourctl(*args)
        assert result.returncode == 1, (command, result.stderr)
        payload = json.loads(result.stdout)
        assert payload["errors"] >= 1 and payload["findings"], command
        assert result.stderr.count("error:") == 1


def test_an_unreadable_file_counts_as_a_problem_in_every_format(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yml"
    text = run_tourctl("validate", missing)
    assert text.returncode == 2
    assert "no problems found" not in text.stdout
    assert "could not be read: 1 error" in text.stdout
    as_json = json.loads(run_tourctl("validate", missing, "-f", "json").stdout)
    assert as_json["errors"] == 1
    assert as_json["findings"][0]["code"] == "file-unreadable"
    github = run_tourctl("validate", missing, "-f", "github").stdout
    assert github.startswith("::error file=")


def test_value_errors_do_not_hide_references_elsewhere(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        ONE_EVENT
        + '  - {title: Bad date, venue: hall, date: 2024-13-01, start: "19:00", end: "20:00"}\n'
        + '  - {title: 42, venue: hall, date: 2024-05-05, start: "19:00", end: "20:00"}\n'
        + '  - {title: Lost, venue: hal, date: 2024-05-06, start: "19:00", end: "20:00",'
        + " speakers: [nobody]}\n"
        + '  - {id: dup, title: A, venue: hall, date: 2024-05-07, start: "10:00", end: "11:00"}\n'
        + '  - {id: dup, title: B, venue: hall, date: 2024-05-08, start: "10:00", end: "11:00"}\n',
        encoding="utf-8",
    )
    result = run_tourctl("validate", plan, "--today", "2024-01-01", "-f", "json")
    found = {(f["code"], f["path"]) for f in json.loads(result.stdout)["findings"]}
    assert ("invalid-value", "events[1].date") in found
    assert ("invalid-value", "events[2].title") in found
    assert ("unknown-venue", "events[3].venue") in found
    assert ("unknown-person", "events[3].speakers[0]") in found
    assert ("duplicate-id", "events[5].id") in found


def test_anchors_on_keys_and_tags_on_collections(tmp_path: Path) -> None:
    keyed = tmp_path / "keyed.yaml"
    keyed.write_text(
        "version: 1\ntour: {&k id: t, title: *k, organizer: {name: O}}\n", encoding="utf-8"
    )
    result = run_tourctl("validate", keyed, "-f", "json")
    assert result.returncode == 0, result.stdout
    tagged = tmp_path / "tagged.yaml"
    tagged.write_text(
        "version: 1\ntour: !!set {id: t, title: T, organizer: {name: O}}\n", encoding="utf-8"
    )
    result = run_tourctl("validate", tagged, "-f", "json")
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["line"]) for f in findings] == [("yaml-syntax", 2)]
    assert "unknown tag" in findings[0]["message"]


def test_unsupported_format_is_a_usage_error_not_silent_text() -> None:
    result = run_tourctl("show", EXAMPLE, "--format", "github")
    assert result.returncode == 2
    assert result.stdout == ""


def test_ctrl_c_exits_130_with_one_line() -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    process = subprocess.Popen(
        [tourctl_executable(), "validate", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    time.sleep(1.0)  # started, and blocked reading the plan from stdin
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 130
    assert err.decode().strip() == "error: interrupted"


def test_a_full_disk_on_stdout_is_an_output_error_not_a_usage_error() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [tourctl_executable(), "schema"], stdout=full, stderr=subprocess.PIPE, check=False
        )
    assert result.returncode == 3
    assert b"No space left on device" in result.stderr
    assert b"Traceback" not in result.stderr


def test_a_closed_pipe_ends_quietly() -> None:
    process = subprocess.Popen(
        [tourctl_executable(), "show", EXAMPLE, "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate(timeout=30)
    assert process.returncode == 141
    assert err == b""


def test_an_unexpected_failure_is_one_line_unless_traceback_is_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tourctl.core

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(tourctl.core, "show", broken)
    result = invoke("show", EXAMPLE)
    assert result.returncode == 70
    assert "unexpected RuntimeError: simulated bug" in result.stderr
    assert "--traceback" in result.stderr
    with pytest.raises(RuntimeError, match="simulated bug"):
        invoke("--traceback", "show", EXAMPLE)
    with pytest.raises(RuntimeError, match="simulated bug"):
        invoke("show", EXAMPLE, env={"TOURCTL_DEBUG": "1"})
