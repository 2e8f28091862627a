"""Checks over a loaded plan: small functions ``CheckContext -> Iterable[Finding]``.

Adding a check is adding a function to one of the modules here, listing it in
``CHECK_MODULES``' module's ``CHECKS`` tuple, and a row in docs/findings.md.
Modules are imported only when checks run, so ``tourctl --help`` stays fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any

from tourctl.findings import Finding, Path, Severity
from tourctl.load import SourceMap
from tourctl.model import Plan

if TYPE_CHECKING:
    from tourctl.checks.timeline import Slot
    from tourctl.places.resolve import Place

CHECK_MODULES = (
    "tourctl.checks.structure",
    "tourctl.checks.venues",
    "tourctl.checks.schedule",
    "tourctl.checks.clashes",
    "tourctl.checks.travel",
    "tourctl.checks.public_holidays",
    "tourctl.checks.contact_syntax",
    "tourctl.checks.hygiene",
)


@dataclass
class CheckContext:
    """What every check sees: the plan, where its values were written, and run options."""

    plan: Plan
    source: SourceMap
    today: date | None = None
    broken: frozenset[Path] = frozenset()
    """Items (``("events", 3)``) whose required values were bad and stood in for: the
    checks leave them out of places and the time line (see ``pipeline._repaired``)."""

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
    def timeline(self) -> list[Slot]:
        """Timed events on one absolute time line, built once for the clash and travel checks."""
        from tourctl.checks.timeline import build_timeline

        return build_timeline(self)


Check = Callable[[CheckContext], Iterable[Finding]]


def all_checks() -> list[Check]:
    checks: list[Check] = []
    for name in CHECK_MODULES:
        module = importlib.import_module(name)
        checks.extend(module.CHECKS)
    return checks


def run_checks(
    ctx: CheckContext, timer: Callable[[str, Callable[[], Any]], Any] | None = None
) -> list[Finding]:
    """Every check's findings; ``timer`` (the benchmark's) measures places and each check."""
    findings: list[Finding] = []
    if timer is not None:
        timer("checks/places", lambda: ctx.places)
    for check in all_checks():
        if timer is None:
            findings.extend(check(ctx))
        else:
            name = f"checks/{check.__module__.rsplit('.', 1)[-1]}.{check.__name__}"
            findings.extend(timer(name, partial(_listed, check, ctx)))
    return findings


def _listed(check: Check, ctx: CheckContext) -> list[Finding]:
    return list(check(ctx))
