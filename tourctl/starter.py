"""``tourctl init``: a commented starter plan that validates as written, wired to its schema.

The plan's first line is a ``yaml-language-server`` modeline pointing at the
plan's JSON Schema, written beside it (``tour.schema.json``), so an editor with
the YAML language server (VS Code's YAML extension, Neovim, Helix, …)
completes keys and flags mistakes as the plan is typed. The schema file is
derived data: written again by each ``init`` into the same folder, and by
``tourctl schema -o``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from tourctl.errors import OutputError, UsageError
from tourctl.fsutil import Kind, atomic_write, kind_of
from tourctl.schema_file import SCHEMA_FILE, check_target, write_schema

MODELINE_PREFIX = "# yaml-language-server: $schema="
DEFAULT_NAME = "tour.yaml"


def starter_text(schema_ref: str | None = None) -> str:
    """The starter plan; with ``schema_ref``, under a modeline naming that schema."""
    text = files("tourctl").joinpath("data", "starter.yaml").read_text(encoding="utf-8")
    return f"{MODELINE_PREFIX}{schema_ref}\n{text}" if schema_ref else text


@dataclass(frozen=True)
class Started:
    plan: Path
    schema: Path


def target_of(path: str) -> Path:
    """Where ``init PATH`` writes: PATH itself, or ``PATH/tour.yaml`` for a folder (one that
    exists, or one written with a trailing ``/``, as ``cp`` and ``mv`` read it)."""
    if path.endswith(("/", os.sep)) or kind_of(Path(path), error=OutputError) is Kind.FOLDER:
        return Path(path) / DEFAULT_NAME
    return Path(path)


def write_starter(path: Path, schema: dict[str, Any], *, make_folder: bool = False) -> Started:
    """Write the schema beside ``path``, then the plan pointing at it; never over a plan.

    Both targets are checked before anything is written: an existing plan is
    never overwritten, and a file of the schema's name that is not a schema
    stops ``init`` too. The schema goes first, so a plan never points at a
    schema that is not there. ``make_folder``: create the plan's folder
    (``init plans/``), not its parents: a typo there should not make a tree.
    """
    if kind_of(path, error=OutputError) is not Kind.MISSING:
        raise UsageError(f"{path} already exists; not overwriting it (choose another name)")
    schema_path = path.parent / SCHEMA_FILE
    check_target(schema_path)
    _make_or_check_folder(path, make_folder)
    write_schema(schema_path, schema)
    atomic_write(path, starter_text(f"./{SCHEMA_FILE}").encode("utf-8"), overwrite=False)
    return Started(path, schema_path)


def _make_or_check_folder(path: Path, make_folder: bool) -> None:
    """The plan's folder exists (made, for ``make_folder``, when only it is missing), or a
    message about the plan, not about the schema that would be written first."""
    folder = path.parent
    kind = kind_of(folder, error=OutputError)
    if kind is Kind.FOLDER:
        return
    if kind is not Kind.MISSING:
        raise UsageError(f"cannot write {path}: {folder} is {kind.value}, not a folder")
    if make_folder and kind_of(folder.parent, error=OutputError) is Kind.FOLDER:
        try:
            folder.mkdir()
        except OSError as exc:
            raise OutputError(f"cannot create the folder {folder}: {exc.strerror or exc}") from None
        return
    more = f" (init makes only the last folder: create {folder.parent} first)"
    more = more if make_folder else ""
    raise OutputError(f"cannot write {path}: the folder {folder} does not exist{more}")
