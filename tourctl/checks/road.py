"""On the road: travel legs and stays, and where each person is because of them.

Each check reads the people's time lines (``tourctl.whereabouts``, built once
per run as ``CheckContext.whereabouts``): events a person speaks at or crews,
their legs and their stays, in absolute time order.

* A leg that arrives before (or when) it departs, compared in UTC: error.
* A leg faster than its mode can go over the straight-line distance between
  its ends: warning (``MAX_SPEED_KMH``, sources in docs/checks.md).
* A person on a leg while an event they take part in is on: error.
* A person whose last leg before an event took them to another town: error.
* An arrival in the event's town less than ``TIGHT_ARRIVAL`` before doors (or
  the start): warning.
* A stay that ends on or before it starts: error; two stays of one person on
  one night, a night inside a person's tour without a stay (once the plan uses
  stays at all), a stay in another town than where the person is that
  evening: warnings.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import groupby

from tourctl.checks.context import CheckContext
from tourctl.enums import TravelMode
from tourctl.findings import Finding, Path
from tourctl.model import Stay
from tourctl.places import tzdata
from tourctl.places.distance import haversine_km
from tourctl.places.resolve import leg_places
from tourctl.timing import format_duration
from tourctl.whereabouts import Stint, local_day, nights

MAX_SPEED_KMH = {
    TravelMode.TRAIN: 320.0,
    TravelMode.BUS: 110.0,
    TravelMode.CAR: 150.0,
    TravelMode.FERRY: 75.0,
    TravelMode.FLIGHT: 1000.0,
}
"""The fastest a mode plausibly covers the straight-line distance between a leg's ends.

Straight-line distance is shorter than any road, rail or air route, so these
are upper bounds: no scheduled train in Europe averages 300 km/h between its
stations in a straight line (Paris–Marseille, 660 km in 3 h 05: 215 km/h); coaches are
limited to 100 km/h on EU motorways; fast ferries run at about 35 knots
(65 km/h); airliners cruise at 850–950 km/h. ``other`` is never checked.
"""

TIGHT_ARRIVAL = timedelta(minutes=45)
"""An arrival in the event's town closer than this to its doors (or start) is tight."""


def _leg_path(index: int, *rest: str | int) -> Path:
    return ("travel", index, *rest)


def _hhmm(moment: datetime, zone: str | None) -> str:
    local = moment.astimezone(tzdata.zone(zone)) if zone else moment
    return local.strftime("%H:%M")


def _leg_name(ctx: CheckContext, index: int) -> str:
    leg = ctx.plan.travel[index]
    origin = ctx.plan.endpoint_city(leg.from_)
    destination = ctx.plan.endpoint_city(leg.to)
    reference = f" {leg.reference}" if leg.reference else ""
    return f"{leg.mode.value}{reference} {origin} → {destination}"


def leg_times(ctx: CheckContext) -> Iterator[Finding]:
    """A leg arrives after it departs, on the UTC time line (local times in two zones)."""
    places = leg_places(ctx.plan, ctx.places)
    for index, (leg, (origin, destination)) in enumerate(zip(ctx.plan.travel, places, strict=True)):
        if origin is None or destination is None or origin.zone is None:
            continue
        if destination.zone is None:
            continue
        depart = leg.depart.replace(tzinfo=tzdata.zone(origin.zone))
        arrive = leg.arrive.replace(tzinfo=tzdata.zone(destination.zone))
        if arrive <= depart:
            when = "when" if arrive == depart else "before"
            yield ctx.error(
                "leg-arrives-before-departure",
                f"'{ctx.plan.leg_keys[index]}' arrives ({leg.arrive:%Y-%m-%d %H:%M} "
                f"{destination.zone}) {when} it departs ({leg.depart:%Y-%m-%d %H:%M} "
                f"{origin.zone}); check the dates and times, each local where it happens",
                _leg_path(index, "arrive"),
            )
            continue
        if origin.coordinates is None or destination.coordinates is None:
            continue
        limit = MAX_SPEED_KMH.get(leg.mode)
        km = haversine_km(origin.coordinates, destination.coordinates)
        hours = (arrive - depart).total_seconds() / 3600
        if limit is not None and km > 20 and km / hours > limit:
            took = format_duration(arrive - depart)
            yield ctx.warning(
                "leg-too-fast",
                f"'{ctx.plan.leg_keys[index]}' covers {km:,.0f} km in {took}"
                f" ({km / hours:,.0f} km/h in a straight line), faster than any {leg.mode.value}"
                f" (up to {limit:,.0f} km/h); check the times or the mode",
                _leg_path(index, "arrive"),
            )


def _event_person_path(ctx: CheckContext, index: int, person: str) -> Path:
    event = ctx.plan.events[index]
    if person in event.speakers:
        return ("events", index, "speakers", event.speakers.index(person))
    return ("events", index, "crew", event.crew.index(person))


def _role(ctx: CheckContext, index: int, person: str) -> str:
    return "speaks" if person in ctx.plan.events[index].speakers else "works"


def _event_name(ctx: CheckContext, stint: Stint) -> str:
    event = ctx.plan.events[stint.index]
    zone = stint.origin.zone
    return (
        f"'{event.key}' in {stint.origin.city} "
        f"({local_day(stint.start, zone).isoformat()} {_hhmm(stint.start, zone)})"
    )


def travelling_during_events(ctx: CheckContext) -> Iterator[Finding]:
    """No one is on a leg while an event they take part in is on."""
    for person, items in ctx.whereabouts.items():
        for leg in items.legs:
            for event in items.events_during(leg.start, leg.end):
                yield ctx.error(
                    "travel-during-event",
                    f"'{person}' is travelling ({_leg_name(ctx, leg.index)}, {_leg_times(leg)})"
                    f" during {_event_name(ctx, event)}, which they are in",
                    _leg_people_path(ctx, leg.index, person),
                )


def _leg_times(leg: Stint) -> str:
    return f"{_hhmm(leg.start, leg.origin.zone)}–{_hhmm(leg.end, leg.destination.zone)}"


def _leg_people_path(ctx: CheckContext, index: int, person: str) -> Path:
    people = ctx.plan.travel[index].people
    return _leg_path(index, "people", people.index(person)) if person in people else ("travel",)


def people_where_their_events_are(ctx: CheckContext) -> Iterator[Finding]:
    """Before each event, a person's own last leg took them to its town (or the arrival is
    tight): the legs say where they are, so no estimate is needed."""
    for person, items in ctx.whereabouts.items():
        for event in items.events:
            before = items.last_move(event.start)
            if before is None or before.kind != "leg":
                continue
            there = before.destination
            if not there.same(event.origin):
                arrives = f"{ctx.plan.travel[before.index].mode.value} arrives"
                yield ctx.error(
                    "person-elsewhere",
                    f"'{person}' is in {there.city} ({arrives} "
                    f"{_hhmm(before.end, there.zone)}) but {_role(ctx, event.index, person)} in "
                    f"{event.origin.city} at {_hhmm(event.start, event.origin.zone)} "
                    f"('{ctx.plan.events[event.index].key}'); add the leg that takes them there",
                    _event_person_path(ctx, event.index, person),
                )
                continue
            doors = _doors(ctx, event)
            if doors - before.end < TIGHT_ARRIVAL:
                gap = doors - before.end
                yield ctx.warning(
                    "arrival-tight",
                    f"'{person}' arrives in {there.city} at {_hhmm(before.end, there.zone)}, "
                    f"only {format_duration(gap)} before "
                    f"{_event_name(ctx, event)} opens; leave time to get to the venue",
                    _leg_people_path(ctx, before.index, person),
                )


def _doors(ctx: CheckContext, event: Stint) -> datetime:
    plan_event = ctx.plan.events[event.index]
    if plan_event.doors is None or event.origin.zone is None:
        return event.start
    local = event.start.astimezone(tzdata.zone(event.origin.zone))
    doors = datetime.combine(local.date(), plan_event.doors, tzinfo=local.tzinfo)
    return min(doors, event.start)


def stay_dates(ctx: CheckContext) -> Iterator[Finding]:
    """A stay ends (check-out) after it starts (check-in)."""
    for index, stay in enumerate(ctx.plan.stays):
        if _ends_too_soon(stay):
            yield ctx.error(
                "stay-ends-before-start",
                f"'{ctx.plan.stay_keys[index]}' checks out ({stay.check_out}) on or before it "
                f"checks in ({stay.check_in}); check-out is the morning after the last night",
                ("stays", index, "check_out"),
            )


def _ends_too_soon(stay: Stay) -> bool:
    start, end = stay.check_in, stay.check_out
    if isinstance(start, datetime) and isinstance(end, datetime):
        return end <= start
    as_day = [value.date() if isinstance(value, datetime) else value for value in (start, end)]
    return as_day[1] <= as_day[0]


def _stays_of(ctx: CheckContext, items: list[Stint]) -> list[Stay]:
    return [ctx.plan.stays[s.index] for s in items if s.kind == "stay"]


def _night_days(stay: Stay) -> list[object]:
    start = stay.check_in.date() if isinstance(stay.check_in, datetime) else stay.check_in
    end = stay.check_out.date() if isinstance(stay.check_out, datetime) else stay.check_out
    return list(nights(start, end))


def stays_per_night(ctx: CheckContext) -> Iterator[Finding]:
    """One bed a night per person; and a bed for every night of their tour, once the plan
    uses stays at all (a night on a train counts as one)."""
    if not ctx.plan.stays:
        return
    index_of = {id(stay): n for n, stay in enumerate(ctx.plan.stays)}
    for person, items in ctx.whereabouts.items():
        covered: dict[object, Stay] = {}
        for stay in _stays_of(ctx, items):
            clashes = [night for night in _night_days(stay) if night in covered]
            if clashes:
                other = covered[clashes[0]]
                yield ctx.warning(
                    "stay-overlap",
                    f"'{person}' has two stays on the night of {clashes[0]}: "
                    f"'{ctx.plan.stay_keys[index_of[id(other)]]}' and "
                    f"'{ctx.plan.stay_keys[index_of[id(stay)]]}'",
                    ("stays", index_of[id(stay)], "check_in"),
                )
            covered.update(dict.fromkeys(_night_days(stay), stay))
        on_board = {
            night
            for s in items
            if s.kind == "leg"
            for night in nights(
                local_day(s.start, s.origin.zone), local_day(s.end, s.destination.zone)
            )
        }
        yield from _uncovered(ctx, person, items, set(covered) | on_board)


def _uncovered(
    ctx: CheckContext, person: str, items: list[Stint], covered: set[object]
) -> Iterator[Finding]:
    dated = [local_day(s.start, s.origin.zone) for s in items if s.kind != "stay"]
    dated += [local_day(s.end, s.destination.zone) for s in items if s.kind != "stay"]
    if not dated:
        return
    missing = [night for night in nights(min(dated), max(dated)) if night not in covered]
    if not missing:
        return
    runs = [
        [night for _, night in group]
        for _, group in groupby(enumerate(missing), key=lambda pair: pair[1] - timedelta(pair[0]))
    ]
    where = _person_index(ctx, person)
    for run in runs:
        span = run[0].isoformat() if len(run) == 1 else f"{run[0]} to {run[-1]}"
        yield ctx.warning(
            "night-without-stay",
            f"'{person}' has no stay for the night{'s' if len(run) > 1 else ''} of {span}, "
            "inside their tour; add the stay (or the night train)",
            ("people", where, "id") if where is not None else ("stays",),
        )


def _person_index(ctx: CheckContext, person: str) -> int | None:
    return next((n for n, p in enumerate(ctx.plan.people) if p.id == person), None)


def stays_where_people_are(ctx: CheckContext) -> Iterator[Finding]:
    """A stay is in the town the person is in that evening (by their events and legs)."""
    for person, items in ctx.whereabouts.items():
        for stint in (s for s in items if s.kind == "stay"):
            stay = ctx.plan.stays[stint.index]
            first = stay.check_in.date() if isinstance(stay.check_in, datetime) else stay.check_in
            there = items.evening_spot(first)
            if there is not None and not there.same(stint.origin):
                yield ctx.warning(
                    "stay-elsewhere",
                    f"'{ctx.plan.stay_keys[stint.index]}' is in {stay.city}, but '{person}' is in "
                    f"{there.city} on the evening of {first}; check the stay or their travel",
                    ("stays", stint.index, "city"),
                )


CHECKS = (
    leg_times,
    travelling_during_events,
    people_where_their_events_are,
    stay_dates,
    stays_per_night,
    stays_where_people_are,
)
