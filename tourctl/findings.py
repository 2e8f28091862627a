"""Findings: what a check reports, as data.

Checks never raise for a problem in the plan; they yield findings, so one run
reports everything at once. A finding knows its stable ``code`` (registered in
``tourctl.codes``, documented in docs/findings.md), its severity, a message a
person can act on and where in which file it sits.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tourctl.codes import CODES
from tourctl.enums import Severity as Severity

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    message: str
    file: str = ""
    line: int = 1
    column: int = 1
    path: str = ""

    def __post_init__(self) -> None:
        expected = CODES.get(self.code)
        if expected is not self.severity:
            raise ValueError(
                f"finding code {self.code!r} is not registered as {self.severity.value}"
                " in tourctl/codes.py"
            )

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
        }


def format_path(path: Path) -> str:
    """Render ``("events", 3, "start")`` as ``events[3].start``, the form users see."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            out.append(f".{part}" if out else part)
    return "".join(out)


def value_at(data: object, path: Path) -> object:
    """The plain (loaded) value at ``path``, or None where the path leads nowhere: a finding's
    path into a plan that may be malformed anywhere along it."""
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


@dataclass(slots=True)
class FindingSummary:
    """Counts that decide the exit code."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    def failed(self, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.file, f.line, f.column, f.code))


_ITEM = re.compile(r"^[a-z_]+\[\d+\]")


def drop_ignored(
    findings: Iterable[Finding],
    ignored: Sequence[str],
    within: Mapping[str, Collection[str]] | None = None,
) -> list[Finding]:
    """Silence warning codes the user chose to ignore (``--ignore`` or the plan's ``ignore:``);
    ``within``: an item's path (``events[3]``) → the codes silenced inside it only.

    Errors cannot be silenced: an error means the plan cannot be exported correctly.
    """
    skip = set(ignored)
    within = within or {}

    def kept(f: Finding) -> bool:
        if f.severity is Severity.ERROR:
            return True
        if f.code in skip:
            return False
        item = _ITEM.match(f.path) if within else None
        return item is None or f.code not in within.get(item[0], ())

    return [f for f in findings if kept(f)]
