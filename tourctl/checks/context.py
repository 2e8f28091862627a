"""What every check sees: the plan, where its values were written, and run options."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from tourctl.findings import Finding, Path, Severity
from tourctl.load import SourceMap
from tourctl.model import Plan

if TYPE_CHECKING:
    from tourctl.checks.timeline import Slot
    from tourctl.places.resolve import Place
    from tourctl.whereabouts import Timelines


@dataclass
class CheckContext:
    """What every check sees: the plan, where its values were written, and run options."""

    plan: Plan
    source: SourceMap
    today: date | None = None
    broken: frozenset[Path] = frozenset()
    """Items (``("events", 3)``) whose required values were bad and stood in for: the
    checks leave them out of places and the time line (see ``pipeline._repaired``)."""
    ignore: Sequence[str] = ()
    """``--ignore``'s codes (the plan's own lists are in the plan); ``checks.ignores``."""

    def finding(
        self, code: str, severity: Severity, message: str, path: Path, *, key: bool = False
    ) -> Finding:
        return self.source.finding(code, severity, message, path, key=key)

    def error(self, code: str, message: str, path: Path, *, key: bool = False) -> Finding:
        return self.finding(code, Severity.ERROR, message, path, key=key)

    def warning(self, code: str, message: str, path: Path, *, key: bool = False) -> Finding:
        return self.finding(code, Severity.WARNING, message, path, key=key)

    @cached_property
    def places(self) -> dict[str, Place]:
        """Each venue's resolved time zone and coordinates, computed once per run."""
        from tourctl.places.resolve import resolve_places

        places = resolve_places(self.plan)
        for section, index in (item for item in self.broken if len(item) == 2):
            if section == "venues" and isinstance(index, int):
                places.pop(self.plan.venues[index].id, None)
        return places

    @cached_property
    def whereabouts(self) -> Timelines:
        """Each person's events, legs and stays in time order (``tourctl.whereabouts``)."""
        from tourctl.whereabouts import from_plan

        return from_plan(self.plan, self.places, self.broken)

    @cached_property
    def timeline(self) -> list[Slot]:
        """Timed events on one absolute time line, built once for the clash and travel checks."""
        from tourctl.checks.timeline import build_timeline

        return build_timeline(self.plan, self.places, self.broken)
