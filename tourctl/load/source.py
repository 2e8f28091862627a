"""Where each value of a loaded plan was written: the side table findings point with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from tourctl.findings import Finding, Path, Severity, format_path


class Mark(NamedTuple):
    """1-based line and column (a tuple: hundreds of thousands are made per large plan)."""

    line: int
    column: int


@dataclass(slots=True)
class SourceMap:
    """Where each value (and each mapping key) of a loaded plan was written."""

    file: str
    values: dict[Path, Mark] = field(default_factory=dict)
    keys: dict[Path, Mark] = field(default_factory=dict)

    def locate(self, path: Path, *, key: bool = False) -> Mark:
        """The mark of ``path``; for a path that does not exist, its nearest written ancestor.

        With ``key=True`` the mapping key is preferred (used for "unknown key" findings).
        """
        table = self.keys if key else self.values
        probe = path
        while probe:
            mark = table.get(probe) or self.values.get(probe)
            if mark is not None:
                return mark
            probe = probe[:-1]
        return self.values.get((), Mark(1, 1))

    def finding(
        self, code: str, severity: Severity, message: str, path: Path, *, key: bool = False
    ) -> Finding:
        mark = self.locate(path, key=key)
        return Finding(
            code=code,
            severity=severity,
            message=message,
            file=self.file,
            line=mark.line,
            column=mark.column,
            path=format_path(path),
        )


@dataclass(slots=True)
class Loaded:
    data: Any
    source: SourceMap
    findings: list[Finding]
