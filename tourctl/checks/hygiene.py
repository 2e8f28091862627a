"""Plan hygiene: leftovers and disorder a reader of the file trips over. All warnings.

A venue no event uses and a person no event names are usually remains of a
change of plan (or a typo in the id that does use them); events out of date
order make the file hard to read against the tour. None of this changes what
is exported, so each can be silenced with ``--ignore`` or the plan's ``ignore:``.
"""

from __future__ import annotations

from collections.abc import Iterator

from tourctl.checks.context import CheckContext
from tourctl.findings import Finding


def unused_venues(ctx: CheckContext) -> Iterator[Finding]:
    """Venues no event (not even a cancelled one) takes place at."""
    used = {event.venue for event in ctx.plan.events}
    for index, venue in enumerate(ctx.plan.venues):
        if venue.id not in used:
            yield ctx.warning(
                "unused-venue",
                f"no event takes place at venue '{venue.id}'; remove it or add its event",
                ("venues", index, "id"),
            )


def unused_people(ctx: CheckContext) -> Iterator[Finding]:
    """People no event (as speaker or crew), leg or stay names."""
    plan = ctx.plan
    named = {p for e in plan.events for p in (*e.speakers, *e.crew)}
    named |= {p for leg in plan.travel for p in leg.people}
    named |= {p for stay in plan.stays for p in stay.people}
    for index, person in enumerate(plan.people):
        if person.id not in named:
            yield ctx.warning(
                "unused-person",
                f"no event, leg or stay names '{person.id}'; remove them or add them to one "
                "(`speakers`, `crew`, or a leg's or stay's `people`)",
                ("people", index, "id"),
            )


def event_order(ctx: CheckContext) -> Iterator[Finding]:
    """Each event dated before the one above it in the file (one finding per step back)."""
    events = ctx.plan.events
    for index in range(1, len(events)):
        previous, event = events[index - 1], events[index]
        if event.date < previous.date:
            yield ctx.warning(
                "events-out-of-order",
                f"'{event.key}' ({event.date.isoformat()}) comes after '{previous.key}' "
                f"({previous.date.isoformat()}) in the file; keep events in date order",
                ("events", index, "date"),
            )


CHECKS = (unused_venues, unused_people, event_order)
