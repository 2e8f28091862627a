"""Public holidays in the venue's country on the event's date (the `holidays` library).

A holiday is not wrong, but venues close, audiences travel, and an organizer
planning May in Prague wants to be told about Labour Day on the 1st. Only
nationwide holidays: a venue names no region. ``holidays`` is imported only
when this check runs (it is the slowest import of the tool), and each
(country, year) calendar is built once per run.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from functools import lru_cache

from tourctl.checks.context import CheckContext
from tourctl.enums import Status
from tourctl.findings import Finding

HOLIDAY_LANGUAGE = "en_US"
"""Holiday names in English where the library has them (most countries); else the local names."""


@lru_cache(maxsize=512)
def holidays_in(country: str, year: int) -> Mapping[date, str] | None:
    """The nationwide public holidays of ``country`` in ``year``; None if the library lacks it."""
    import holidays

    try:
        calendar = holidays.country_holidays(country, years=year, language=HOLIDAY_LANGUAGE)
    except NotImplementedError:
        return None
    return {day: str(name) for day, name in calendar.items()}


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
