"""``tourctl init``: a commented starter plan that validates as written."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from tourctl.errors import OutputError, UsageError
from tourctl.fsutil import Kind, atomic_write, kind_of


def starter_text() -> str:
    return files("tourctl").joinpath("data", "starter.yaml").read_text(encoding="utf-8")


def write_starter(path: Path) -> None:
    """Write the starter plan; an existing file is never overwritten."""
    if kind_of(path, error=OutputError) is not Kind.MISSING:
        raise UsageError(f"{path} already exists; not overwriting it (choose another name)")
    atomic_write(path, starter_text().encode("utf-8"), overwrite=False)
