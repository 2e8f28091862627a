"""Hints: what a plan relies on without saying so, worth one line, not a finding.

A hint is not a warning: it never fails ``--strict`` and cannot be ignored,
because nothing is wrong. ``validate`` prints each once per plan. Like the
privacy check, it reads which keys the plan wrote from the ``SourceMap``.
"""

from __future__ import annotations

from tourctl.checks.context import CheckContext
from tourctl.text import plural


def plan_hints(ctx: CheckContext) -> list[str]:
    """The hints for one plan, in a fixed order."""
    hints = [_status_unsaid(ctx)]
    return [hint for hint in hints if hint]


def _status_unsaid(ctx: CheckContext) -> str:
    unsaid = [
        index
        for index in range(len(ctx.plan.events))
        if ("events", index) not in ctx.broken
        and ("events", index, "status") not in ctx.source.keys
    ]
    if not unsaid:
        return ""
    many = len(unsaid) > 1
    return (
        f"{plural(len(unsaid), 'event')} {'have' if many else 'has'} no `status`, so "
        f"calendars show {'them' if many else 'it'} as tentative; write `status: confirmed` "
        f"once {'they are' if many else 'it is'} (first: events[{unsaid[0]}])"
    )
