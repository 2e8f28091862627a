"""The export job in-process: an interrupted write leaves the old calendar whole."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import TOURS
from tests.exportsupport import LATER, NOW, seen
from tourctl.enums import Visibility
from tourctl.errors import ExitStatus, OutputError
from tourctl.export.files import ExportRequest, ExportResult, export_plan

EXAMPLE = str(TOURS / "solidarity-europe-2024.yaml")


def run_export(request: ExportRequest) -> ExportResult:
    def no_stdout(data: bytes) -> None:
        raise AssertionError("nothing goes to stdout here")

    return export_plan(request, no_stdout)


def test_a_failed_write_keeps_the_previous_calendar_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "cal.ics"
    options = ExportRequest(EXAMPLE, Visibility.PARTNERS, str(target), now=NOW)
    assert [written.changed for written in run_export(options).files] == [True]
    before = target.read_bytes()
    changed = tmp_path / "tour.yaml"
    changed.write_text(
        Path(EXAMPLE).read_text(encoding="utf-8").replace("Queer life in Russia today", "Renamed"),
        encoding="utf-8",
    )

    def interrupted(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(OutputError, match="No space left on device") as failure:
        run_export(ExportRequest(str(changed), Visibility.PARTNERS, str(target), now=LATER))
    assert failure.value.status is ExitStatus.OUTPUT
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cal.ics", "tour.yaml"]
    assert "Renamed" not in {e["summary"] for e in seen(before)["events"]}


def test_now_can_be_given_as_an_option_or_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOURCTL_NOW", "2030-01-02T03:04:05+01:00")
    run_export(ExportRequest(EXAMPLE, output=str(tmp_path / "env.ics")))
    run_export(ExportRequest(EXAMPLE, output=str(tmp_path / "opt.ics"), now=NOW))
    env = {e["dtstamp"] for e in seen((tmp_path / "env.ics").read_bytes())["events"]}
    opt = {e["dtstamp"] for e in seen((tmp_path / "opt.ics").read_bytes())["events"]}
    assert (env, opt) == ({"2030-01-02T02:04:05Z"}, {"2024-04-01T12:00:00Z"})
