"""Atomic writes: whole files or none, with the modes people expect of a published file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tourctl.errors import OutputError, UsageError
from tourctl.fsutil import atomic_write


def test_new_file_gets_umask_mode_not_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "cal.ics"
        atomic_write(target, b"data")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_bytes() == b"data"


def test_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "cal.ics"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_bytes() == b"new"


def test_no_overwrite_refuses_and_keeps_the_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_bytes(b"mine")
    with pytest.raises(UsageError, match="already exists"):
        atomic_write(target, b"theirs", overwrite=False)
    assert target.read_bytes() == b"mine"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        atomic_write(tmp_path / "nope" / "x.ics", b"x")
