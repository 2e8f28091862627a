"""Checks over a loaded plan: small functions ``CheckContext -> Iterable[Finding]``.

Adding a check is adding a function to one of the modules here, listing it in
its module's ``CHECKS`` tuple, registering its code in ``tourctl.codes`` and
adding a row to docs/findings.md. What every check sees is ``CheckContext``
(``checks.context``).
Modules are imported only when checks run, so ``tourctl --help`` stays fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from tourctl.checks.context import CheckContext as CheckContext
from tourctl.findings import Finding
from tourctl.gcpause import paused_gc

CHECK_MODULES = (
    "tourctl.checks.structure",
    "tourctl.checks.venues",
    "tourctl.checks.privacy",
    "tourctl.checks.schedule",
    "tourctl.checks.clashes",
    "tourctl.checks.travel",
    "tourctl.checks.road",
    "tourctl.checks.public_holidays",
    "tourctl.checks.contact_syntax",
    "tourctl.checks.hygiene",
    "tourctl.checks.ignores",
)


Check = Callable[[CheckContext], Iterable[Finding]]


def all_checks() -> list[Check]:
    checks: list[Check] = []
    for name in CHECK_MODULES:
        module = importlib.import_module(name)
        checks.extend(module.CHECKS)
    return checks


@paused_gc()
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
