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
from functools import cached_property
from typing import TYPE_CHECKING

from tourctl.findings import Finding, Path, Severity
from tourctl.loader import SourceMap
from tourctl.model import Plan

if TYPE_CHECKING:
    from tourctl.checks.timeline import Slot
    from tourctl.places import Place

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
        from tourctl.places import resolve_places

        return resolve_places(self.plan)

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


def run_checks(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for check in all_checks():
        findings.extend(check(ctx))
    return findings
