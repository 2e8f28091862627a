"""Where each person is: one time line per person, built from their events, legs and stays.

The travel and stay checks ask it where someone is when an event starts and
where they are on an evening; the day sheets ask it where someone wakes up
and sleeps. Both build it the same way, from ``Stint``\\ s: the checks from
the whole plan (``from_plan``), the day sheets from one audience's view
(``from_view``), so a sheet never learns of a leg its audience may not see.

A stint has a UTC start and end and where the person is at each end: an
event is at its venue throughout; a leg moves them from its origin to its
destination; a stay holds them at the stay from check-in to check-out.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from tourctl.places import tzdata
from tourctl.places.gazetteer import fold

if TYPE_CHECKING:
    from tourctl.model import PlaceRef, Plan
    from tourctl.places.resolve import Place
    from tourctl.view import PlanView

Kind = Literal["event", "leg", "stay"]
_RANK = {"stay": 0, "leg": 1, "event": 2}

CHECK_IN = time(15, 0)
CHECK_OUT = time(11, 0)
"""When a stay given by date alone starts and ends, for ordering it among the day's items."""


@dataclass(frozen=True, slots=True)
class Spot:
    """A town someone is in: its name as written, its country, and what the places know."""

    city: str
    country: str
    zone: str | None = None
    coordinates: tuple[float, float] | None = None
    geonameid: int | None = None

    def same(self, other: Spot) -> bool:
        """One town: the same gazetteer city, or close together, or the same name."""
        if self.geonameid is not None and self.geonameid == other.geonameid:
            return True
        if self.coordinates is not None and other.coordinates is not None:
            from tourctl.places.distance import haversine_km
            from tourctl.places.resolve import SAME_PLACE_KM

            return haversine_km(self.coordinates, other.coordinates) <= SAME_PLACE_KM
        return self.country == other.country and fold(self.city) == fold(other.city)


def spot(city: str, country: str, place: Place | None) -> Spot:
    if place is None:
        return Spot(city, country)
    geonameid = place.city.geonameid if place.city is not None else None
    return Spot(city, country, place.zone, place.coordinates, geonameid)


@dataclass(frozen=True, slots=True)
class Stint:
    kind: Kind
    index: int
    """The item's position in its section of the plan (events, travel, stays)."""
    start: datetime
    end: datetime
    origin: Spot
    destination: Spot

    @property
    def order(self) -> tuple[datetime, int, int]:
        return (self.start, _RANK[self.kind], self.index)


class Timeline(list[Stint]):
    """One person's stints in time order, with the indexes the questions below need.

    Each question is a binary search, so the checks stay O(n log n) on a plan
    with tens of thousands of legs and stays.
    """

    @cached_property
    def _moves(self) -> tuple[list[datetime], list[Stint]]:
        moves = sorted((s for s in self if s.kind != "stay"), key=lambda s: (s.end, s.order))
        return [s.end for s in moves], moves

    @cached_property
    def _by_day(self) -> tuple[list[date], list[Stint]]:
        moves = [s for s in self if s.kind != "stay"]
        keyed = sorted(
            ((local_day(s.start, s.origin.zone), n, s) for n, s in enumerate(moves)),
            key=lambda item: (item[0], item[1]),
        )
        return [day for day, _, _ in keyed], [s for _, _, s in keyed]

    @cached_property
    def legs(self) -> list[Stint]:
        return [s for s in self if s.kind == "leg"]

    @cached_property
    def events(self) -> list[Stint]:
        return [s for s in self if s.kind == "event"]

    @cached_property
    def _leg_starts(self) -> list[datetime]:
        return [s.start for s in self.legs]

    @cached_property
    def _event_starts(self) -> list[datetime]:
        return [s.start for s in self.events]

    def last_move(self, instant: datetime) -> Stint | None:
        """The latest event or leg that ended at or before ``instant`` (what placed them)."""
        ends, moves = self._moves
        index = bisect.bisect_right(ends, instant)
        return moves[index - 1] if index else None

    def evening_spot(self, night: date) -> Spot | None:
        """Where they are at the end of the day ``night``: after the last event or leg that
        started by then (local dates), or None if nothing places them yet."""
        days, moves = self._by_day
        index = bisect.bisect_right(days, night)
        return moves[index - 1].destination if index else None

    def legs_between(self, start: datetime, end: datetime) -> list[Stint]:
        """Legs that start at or after ``start`` and end at or before ``end``."""
        first = bisect.bisect_left(self._leg_starts, start)
        found = []
        legs = self.legs
        for index in range(first, len(legs)):  # not legs[first:]: no copy of the tail
            leg = legs[index]
            if leg.start > end:
                break
            if leg.end <= end:
                found.append(leg)
        return found

    def events_during(self, start: datetime, end: datetime) -> list[Stint]:
        """Events that overlap the span from ``start`` to ``end``."""
        first = max(0, bisect.bisect_left(self._event_starts, start) - 1)
        found = []
        events = self.events
        for index in range(first, len(events)):
            event = events[index]
            if event.start >= end:
                break
            if event.end > start:
                found.append(event)
        return found


Timelines = dict[str, Timeline]


def timelines(stints: Iterable[tuple[str, Stint]]) -> Timelines:
    """Each person's stints in time order (stays before legs before events at one instant)."""
    found: dict[str, list[Stint]] = {}
    for person, stint in stints:
        found.setdefault(person, []).append(stint)
    return {
        person: Timeline(sorted(items, key=lambda s: s.order)) for person, items in found.items()
    }


def local_day(moment: datetime, zone: str | None) -> date:
    return moment.astimezone(tzdata.zone(zone)).date() if zone else moment.date()


def _stay_bound(value: date | datetime, default: time, zone: str | None) -> datetime | None:
    if zone is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.combine(value, default)
    return moment.replace(tzinfo=tzdata.zone(zone)).astimezone(UTC)


def from_plan(plan: Plan, places: Mapping[str, Place], broken: frozenset[object]) -> Timelines:
    """Everyone's time line from the whole plan (what the checks see): timed events they
    speak at or crew (not cancelled), their legs and stays, with resolved places."""
    from tourctl.enums import Status
    from tourctl.places.resolve import leg_places, stay_places
    from tourctl.timing import event_span

    stints: list[tuple[str, Stint]] = []
    venues = plan.venue_by_id()
    spots: dict[tuple[str, str, int], Spot] = {}

    def spot_of(city: str, country: str, place: Place) -> Spot:
        # One Spot per town and place: a plan's legs and stays name few towns many times.
        key = (city, country, id(place))
        found = spots.get(key)
        if found is None:
            found = spots[key] = spot(city, country, place)
        return found

    for index, event in enumerate(plan.events):
        venue = venues.get(event.venue)
        place = places.get(event.venue)
        if ("events", index) in broken or venue is None or place is None:
            continue
        if event.status is Status.CANCELLED:
            continue
        start, end = event_span(event, place.zone)
        if start is None or end is None or end <= start:
            continue
        here = spot_of(venue.city, venue.country, place)
        stint = Stint("event", index, start.astimezone(UTC), end.astimezone(UTC), here, here)
        stints += [(person, stint) for person in dict.fromkeys([*event.speakers, *event.crew])]
    for index, (leg, (origin, destination)) in enumerate(
        zip(plan.travel, leg_places(plan, places), strict=True)
    ):
        if ("travel", index) in broken or origin is None or destination is None:
            continue
        if origin.zone is None or destination.zone is None:
            continue
        depart = leg.depart.replace(tzinfo=tzdata.zone(origin.zone)).astimezone(UTC)
        arrive = leg.arrive.replace(tzinfo=tzdata.zone(destination.zone)).astimezone(UTC)
        start_spot = spot_of(plan.endpoint_city(leg.from_), _country(plan, leg.from_), origin)
        end_spot = spot_of(plan.endpoint_city(leg.to), _country(plan, leg.to), destination)
        stint = Stint("leg", index, depart, max(arrive, depart), start_spot, end_spot)
        stints += [(person, stint) for person in dict.fromkeys(leg.people)]
    for index, (stay, place) in enumerate(zip(plan.stays, stay_places(plan), strict=True)):
        start = _stay_bound(stay.check_in, CHECK_IN, place.zone)
        end = _stay_bound(stay.check_out, CHECK_OUT, place.zone)
        if ("stays", index) in broken or start is None or end is None:
            continue
        here = spot_of(stay.city, stay.country, place)
        stint = Stint("stay", index, start, max(start, end), here, here)
        stints += [(person, stint) for person in dict.fromkeys(stay.people)]
    return timelines(stints)


def _country(plan: Plan, endpoint: str | PlaceRef) -> str:
    if not isinstance(endpoint, str):
        return endpoint.country
    venue = plan.venue_by_id().get(endpoint)
    return venue.country if venue is not None else ""


def from_view(view: PlanView) -> Timelines:
    """The time lines of the people a view can name, from only what the view holds."""
    stints: list[tuple[str, Stint]] = []
    for event in view.events:
        if event.start is None or event.end is None:
            continue
        here = Spot(event.venue.city, event.venue.country, event.zone)
        stint = Stint(
            "event", event.index, event.start.astimezone(UTC), event.end.astimezone(UTC), here, here
        )
        stints += [(p.key, stint) for p in event.people if p.key is not None]
    for leg in view.legs:
        if leg.depart is None or leg.arrive is None:
            continue
        origin = Spot(leg.origin.city, leg.origin.country, leg.origin.zone)
        destination = Spot(leg.destination.city, leg.destination.country, leg.destination.zone)
        depart, arrive = leg.depart.astimezone(UTC), leg.arrive.astimezone(UTC)
        stint = Stint("leg", leg.index, depart, max(depart, arrive), origin, destination)
        stints += [(p.key, stint) for p in leg.people if p.key is not None]
    for stay in view.stays:
        start = _stay_bound(stay.check_in, CHECK_IN, stay.zone)
        end = _stay_bound(stay.check_out, CHECK_OUT, stay.zone)
        if start is None or end is None:
            continue
        here = Spot(stay.city, stay.country, stay.zone)
        stint = Stint("stay", stay.index, start, max(start, end), here, here)
        stints += [(p.key, stint) for p in stay.people if p.key is not None]
    return timelines(stints)


def nights(first: date, last: date) -> list[date]:
    """The nights from ``first`` up to, not including, ``last`` (a check-out morning)."""
    return [first + timedelta(days=n) for n in range((last - first).days)]
