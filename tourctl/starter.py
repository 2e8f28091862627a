"""``tourctl init``: a commented starter plan that validates as written."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from tourctl.errors import OutputError, UsageError
from tourctl.fsutil import atomic_write

DEFAULT_NAME = "tour.yaml"


def starter_text() -> str:
    return files("tourctl").joinpath("data", "starter.yaml").read_text(encoding="utf-8")


def target_of(path: str) -> Path:
    """Where ``init PATH`` writes: PATH itself, or ``PATH/tour.yaml`` for a folder (one that
    exists, or one written with a trailing ``/``, as ``cp`` and ``mv`` read it)."""
    if path.endswith(("/", os.sep)) or Path(path).is_dir():
        return Path(path) / DEFAULT_NAME
    return Path(path)


def write_starter(path: Path, *, make_folder: bool = False) -> None:
    """Write the starter plan; an existing file is never overwritten. ``make_folder``: create
    the file's folder (``init plans/``), not its parents: a typo there should not make a tree."""
    if path.exists():
        raise UsageError(f"{path} already exists; not overwriting it (choose another name)")
    folder = path.parent
    if make_folder and not folder.exists() and folder.parent.is_dir():
        try:
            folder.mkdir()
        except OSError as exc:
            raise OutputError(f"cannot create the folder {folder}: {exc.strerror or exc}") from None
    atomic_write(path, starter_text().encode("utf-8"), overwrite=False)
