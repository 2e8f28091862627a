"""The plan's JSON Schema as a file, for editors: written whole, and never over anything else.

``tourctl schema --output FILE`` and ``tourctl init`` (which points the
starter plan's ``yaml-language-server`` modeline at it) both write through
``write_schema``. The file is replaced atomically, and only when what is there
already is a JSON Schema (an older one, say): a slip such as
``tourctl schema -o tour.yaml`` must never turn a plan into a schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tourctl.errors import UsageError
from tourctl.fsutil import atomic_write

SCHEMA_FILE = "tour.schema.json"
"""The name ``tourctl init`` gives the schema, beside the plan."""

_SNIFF_BYTES = 4 * 1024 * 1024
"""More than any schema tourctl writes; a larger file is no schema of ours."""


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def is_json_schema(path: Path) -> bool:
    """Whether the file at ``path`` is a JSON object that declares ``$schema``."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(_SNIFF_BYTES + 1)
    except OSError:
        return False
    if len(raw) > _SNIFF_BYTES:
        return False
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(data, dict) and "$schema" in data


def check_target(path: Path) -> None:
    """UsageError unless ``path`` is free, or holds a JSON Schema that may be replaced."""
    from tourctl.fsutil import Kind, kind_of

    kind = kind_of(path)
    if kind is Kind.FOLDER:
        raise UsageError(f"{path} is a folder; give the schema a file name, like {SCHEMA_FILE}")
    if kind not in (Kind.MISSING, Kind.FILE):  # never read or renamed over: a FIFO would hang
        raise UsageError(f"{path} is {kind.value}; give the schema a file name, like {SCHEMA_FILE}")
    if kind is Kind.FILE and not is_json_schema(path):
        raise UsageError(
            f"{path} exists and is not a JSON Schema; not overwriting it"
            " (a plan, perhaps? the schema goes in a file of its own, like"
            f" {SCHEMA_FILE})"
        )


def write_schema(path: Path, schema: dict[str, Any]) -> None:
    """Write ``schema`` to ``path`` atomically (see the module docstring for when it refuses)."""
    check_target(path)
    atomic_write(path, schema_text(schema).encode("utf-8"))
