"""Public holidays in the venue's country on the event's date.

A holiday is not wrong, but venues close, audiences travel, and an organizer
planning May in Prague wants to be told about Labour Day on the 1st. Only
nationwide holidays: a venue names no region. The dates are the ``holidays``
package's, precomputed into a bundled table (``tourctl.places.public_holidays``):
importing the package would be the slowest step of ``validate``, and the
table is read only for the countries the plan has events in.
"""

from __future__ import annotations

from collections.abc import Iterator

from tourctl.checks.context import CheckContext
from tourctl.enums import Status
from tourctl.findings import Finding
from tourctl.places.public_holidays import holidays_in as holidays_in


def public_holidays(ctx: CheckContext) -> Iterator[Finding]:
    """A warning per event (not cancelled) on a public holiday of its venue's country."""
    venues = ctx.plan.venue_by_id()
    for index, event in enumerate(ctx.plan.events):
        venue = venues.get(event.venue)
        if venue is None or event.status is Status.CANCELLED:
            continue
        calendar = holidays_in(venue.country, event.date.year)
        name = calendar.get(event.date) if calendar is not None else None
        if name is not None:
            yield ctx.warning(
                "public-holiday",
                f"{event.date.isoformat()} is a public holiday in {venue.country}: {name}",
                ("events", index, "date"),
            )


CHECKS = (public_holidays,)
