"""What ``--ignore`` and the plan's ``ignore:`` lists name: codes that exist, and warnings.

A typo in an ignore list silences nothing and says nothing, so the warning it
was meant for comes back and the organizer cannot tell why: an unknown code is
a warning with "did you mean". An error cannot be silenced at all (it means
the plan cannot be exported correctly), so naming one is a warning that says
so. The lists are the plan's ``ignore:``, an event's or venue's own
``ignore:`` (that item only), and ``--ignore`` on the command line
(``CheckContext.ignore``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from difflib import get_close_matches
from typing import TYPE_CHECKING

from tourctl import DOCS_URL
from tourctl.checks.context import CheckContext
from tourctl.codes import CODES
from tourctl.enums import Severity
from tourctl.findings import Finding, Path

if TYPE_CHECKING:
    from tourctl.model import Plan


def problem(code: str) -> tuple[str, str] | None:
    """(finding code, why) if ``code`` cannot be ignored; None if it can."""
    severity = CODES.get(code)
    if severity is Severity.ERROR:
        return (
            "ignore-error-code",
            f"'{code}' is an error, and errors cannot be ignored: fix what it reports",
        )
    if severity is None:
        close = get_close_matches(code, sorted(CODES), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else f" (the codes: {DOCS_URL}/findings.md)"
        return "ignore-unknown-code", f"'{code}' is not a finding code{hint}"
    return None


def _listed(ctx: CheckContext, codes: Sequence[str], path: Path) -> Iterator[Finding]:
    for n, code in enumerate(codes):
        found = problem(code)
        if found is not None:
            yield ctx.warning(found[0], found[1], (*path, n))


def ignore_lists(ctx: CheckContext) -> Iterator[Finding]:
    """Every ignore list's codes: known, and warnings."""
    for code in ctx.ignore:
        found = problem(code)
        if found is not None:
            yield ctx.warning(found[0], f"--ignore: {found[1]}", ())
    yield from _listed(ctx, ctx.plan.ignore, ("ignore",))
    for index, venue in enumerate(ctx.plan.venues):
        yield from _listed(ctx, venue.ignore, ("venues", index, "ignore"))
    for index, event in enumerate(ctx.plan.events):
        yield from _listed(ctx, event.ignore, ("events", index, "ignore"))


def item_ignores(plan: Plan) -> dict[str, frozenset[str]]:
    """Item path → the codes silenced there: an event's own, and its venue's (a venue's list
    covers the venue and every event held there)."""
    within: dict[str, frozenset[str]] = {}
    venues: dict[str, frozenset[str]] = {}
    for index, venue in enumerate(plan.venues):
        venues.setdefault(venue.id, frozenset(venue.ignore))
        if venue.ignore:
            within[f"venues[{index}]"] = frozenset(venue.ignore)
    for index, event in enumerate(plan.events):
        codes = frozenset(event.ignore) | venues.get(event.venue, frozenset())
        if codes:
            within[f"events[{index}]"] = codes
    return within


CHECKS = (ignore_lists,)
