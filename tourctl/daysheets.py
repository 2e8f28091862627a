"""Day sheets: what each day holds, the way a tour manager prints it, from one audience's view.

``build`` turns a ``PlanView`` (the team's by default; the partners' for a
sheet safe to send to a host) into ``DaySheet``\\ s: per day, its zone (and a
change of zone), where people wake up, the day's legs and events in the order
they happen, where they sleep that night, the notes, and the organizer. It
reads nothing but the view, so a sheet can hold no more than its audience's
calendar. The renderers (text, markdown, html, json) are in
``tourctl.report.daysheet``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from tourctl.errors import UsageError
from tourctl.view import EventView, LegView, PersonRef, PersonView, PlanView, StayView, TourView


@dataclass(frozen=True, slots=True)
class ZoneChange:
    before: str
    after: str
    at: datetime
    """When the change happens (the arrival of the leg that crosses it), aware."""
    what: str
    """The leg that crosses it, as its calendar entry names it."""


@dataclass(frozen=True, slots=True)
class DaySheet:
    day: date
    zones: tuple[str, ...]
    """The local zones of the day, in the order people meet them (wake up first)."""
    zone_changes: tuple[ZoneChange, ...]
    """Each leg of the day that lands where the clocks show another time."""
    wake_up: tuple[StayView, ...]
    """Stays whose night before this day ends here: where people wake up."""
    items: tuple[LegView | EventView, ...]
    """The day's legs and events, in the order they happen."""
    tonight: tuple[StayView, ...]
    people: tuple[PersonView, ...]
    """Team only: who is on the road today, with phones."""
    overnight: LegView | None = None
    """A leg that leaves today and arrives tomorrow: the night is spent on board."""

    @property
    def notes(self) -> list[tuple[str, str]]:
        """(what, note) for every item of the day that has a team note."""
        found: list[tuple[str, str]] = []
        for item in self.items:
            if item.notes and item.notes.strip():
                label = item.title if isinstance(item, EventView) else _leg_label(item)
                found.append((label, item.notes.strip()))
        for stay in self.tonight:
            if stay.notes and stay.notes.strip():
                found.append((stay.name, stay.notes.strip()))
        return found


@dataclass(frozen=True)
class DaySheets:
    """The sheets of one run, and what the renderers need around them."""

    view: PlanView
    sheets: tuple[DaySheet, ...]
    person: PersonRef | None = None
    output: str | None = None
    """Where to write the document; None: standard output."""
    title: str = field(default="")

    @property
    def tour(self) -> TourView:
        return self.view.tour


def _leg_label(leg: LegView) -> str:
    from tourctl.export.travel import leg_summary

    return leg_summary(leg)


def _day_of(item: LegView | EventView) -> date:
    return item.day


def _items(view: PlanView) -> list[LegView | EventView]:
    items: list[LegView | EventView] = [*view.events, *view.legs]
    items.sort(key=_sort_key)
    return items


def _sort_key(item: LegView | EventView) -> tuple[date, datetime, int]:
    return item.order


def _days_of(view: PlanView) -> list[date]:
    days = {item.day for item in _items(view)}
    for stay in view.stays:
        days.update(stay.first_night + timedelta(days=n) for n in range(_nights(stay)))
        if _nights(stay):
            days.add(stay.last_morning)
    return sorted(days)


def _nights(stay: StayView) -> int:
    return max(0, (stay.last_morning - stay.first_night).days)


def build(
    view: PlanView,
    *,
    person: str | None = None,
    dates: Sequence[date] = (),
    output: str | None = None,
) -> DaySheets:
    """The sheets of ``dates`` (all days with something on them if none), for ``person`` or
    everyone the view holds."""
    who: PersonRef | None = None
    if person is not None:
        who = _person(view, person)
        view = view.only_person(person)
    days = list(dict.fromkeys(sorted(dates))) if dates else _days_of(view)
    items = _items(view)
    people = {p.key: p for p in view.people}
    sheets = tuple(_sheet(view, day, items, people) for day in days)
    return DaySheets(view, sheets, who, output, view.tour.title)


def _person(view: PlanView, key: str) -> PersonRef:
    for group in (*(e.people for e in view.events), *(leg.people for leg in view.legs)):
        for ref in group:
            if ref.key == key:
                return ref
    for stay in view.stays:
        for ref in stay.people:
            if ref.key == key:
                return ref
    for known in view.people:
        if known.key == key:
            return PersonRef(known.key, known.name)
    keys = view.person_keys()
    from difflib import get_close_matches

    close = get_close_matches(key, keys, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise UsageError(f"no person '{key}' in the {view.audience.value} view{hint}")


def _sheet(
    view: PlanView,
    day: date,
    items: Iterable[LegView | EventView],
    people: dict[str, PersonView],
) -> DaySheet:
    todays = tuple(item for item in items if _day_of(item) == day)
    wake_up = tuple(s for s in view.stays if s.covers(day - timedelta(days=1)))
    tonight = tuple(s for s in view.stays if s.covers(day))
    zones = _zones(wake_up, todays)
    changes = _zone_changes(todays)
    keys: dict[str, None] = {}
    for item in todays:
        keys.update({p.key: None for p in item.people if p.key is not None})
    for stay in (*wake_up, *tonight):
        keys.update({p.key: None for p in stay.people if p.key is not None})
    on_road = tuple(people[key] for key in keys if key in people)
    overnight = next(
        (
            item
            for item in todays
            if isinstance(item, LegView) and item.arrive is not None and item.arrive.date() > day
        ),
        None,
    )
    return DaySheet(day, zones, changes, wake_up, todays, tonight, on_road, overnight)


def _zones(wake_up: Sequence[StayView], items: Sequence[LegView | EventView]) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for stay in wake_up:
        if stay.zone:
            found[stay.zone] = None
    for item in items:
        if isinstance(item, EventView):
            if item.zone:
                found[item.zone] = None
            continue
        for zone in (item.origin.zone, item.destination.zone):
            if zone:
                found[zone] = None
    return tuple(found)


def _zone_changes(items: Sequence[LegView | EventView]) -> tuple[ZoneChange, ...]:
    """The legs of the day whose arrival shows another UTC offset than their departure."""
    from tourctl.export.travel import leg_summary

    changes = []
    for item in items:
        if not isinstance(item, LegView) or item.arrive is None or item.depart is None:
            continue
        before, after = item.origin.zone, item.destination.zone
        if before and after and item.arrive.utcoffset() != item.depart.utcoffset():
            changes.append(ZoneChange(before, after, item.arrive, leg_summary(item)))
    return tuple(changes)


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
