"""Can a speaker get from one event to the next in time?

For each person, their events in absolute time order (the shared time line);
for each consecutive pair at different venues, the great-circle distance
between the venues gives a least travel time (``places.distance.least_travel_time``,
the model is in docs/checks.md). If the time between the end of one and the
start of the next is shorter, that is a warning: an estimate can be wrong, a
clash cannot. Overlapping pairs are the clash check's business, not this one's.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from itertools import pairwise

from tourctl.checks.context import CheckContext
from tourctl.checks.timeline import Slot, by_person, speaker_path
from tourctl.findings import Finding
from tourctl.places.distance import haversine_km, least_travel_time
from tourctl.timing import format_duration


def _pairs(slots: list[Slot]) -> Iterator[tuple[Slot, Slot]]:
    """Consecutive events at different venues that do not overlap."""
    for before, after in pairwise(slots):
        if before.event.venue != after.event.venue and after.start >= before.end:
            yield before, after


def _available(gap: timedelta) -> str:
    return "no time" if gap <= timedelta(0) else f"only {format_duration(gap)}"


def _has_leg_between(ctx: CheckContext, person: str, before: Slot, after: Slot) -> bool:
    """Whether the person's own legs cover the way between two events (then the legs are
    checked instead: ``checks.road``)."""
    timeline = ctx.whereabouts.get(person)
    return timeline is not None and bool(timeline.legs_between(before.start, after.start))


def travel_times(ctx: CheckContext) -> Iterator[Finding]:
    """Warn where the gap between two of a person's events is shorter than the trip.

    Where the person has a leg of their own between the two, the leg says how they
    travel and the road checks judge it; no estimate is made.
    """
    places = ctx.places
    unchecked: set[str] = set()
    for person, slots in by_person(ctx.timeline).items():
        for before, after in _pairs(slots):
            if _has_leg_between(ctx, person, before, after):
                continue
            here = places[before.event.venue].coordinates
            there = places[after.event.venue].coordinates
            if here is None or there is None:
                unchecked.update(
                    venue
                    for venue, point in ((before.event.venue, here), (after.event.venue, there))
                    if point is None
                )
                continue
            km = haversine_km(here, there)
            need = least_travel_time(km)
            gap = after.start - before.end
            if gap < need:
                yield ctx.warning(
                    "travel-too-short",
                    f"'{person}' has {_available(gap)} between {before.describe()} and "
                    f"{after.describe()}, {km:,.0f} km apart; the trip takes at least "
                    f"{format_duration(need)}",
                    speaker_path(after, person),
                )
    yield from _unchecked(ctx, unchecked)


def _unchecked(ctx: CheckContext, venues: set[str]) -> Iterator[Finding]:
    """One warning per venue without coordinates that someone travels to or from."""
    seen: set[str] = set()
    for index, venue in enumerate(ctx.plan.venues):
        if venue.id in venues and venue.id not in seen:
            seen.add(venue.id)
            yield ctx.warning(
                "travel-unchecked",
                f"travel to and from '{venue.id}' could not be checked: '{venue.city}' is not "
                f"in the gazetteer for {venue.country}; add `coordinates: [lat, lon]`",
                ("venues", index, "coordinates"),
            )


CHECKS = (travel_times,)
