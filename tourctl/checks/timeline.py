"""The plan's events on one absolute time line, shared by the clash and travel checks.

Not a check module itself: it turns each event that takes up time somewhere
into a ``Slot`` with UTC start and end, once per run (cached as
``CheckContext.timeline``), sorted by start. Sorting once is what keeps the clash
and travel checks at O(n log n) on a 10,000-event plan.

Left out, on purpose:

* cancelled events: they take up no time and cannot clash;
* all-day items (travel days, rest days): they mark a day, not a time, and a
  travel day *is* the travel;
* events whose times are already an error (no zone, no end, end before start).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from tourctl.enums import Status
from tourctl.findings import Path
from tourctl.model import Event
from tourctl.places import tzdata
from tourctl.timing import clock_range, event_span

if TYPE_CHECKING:
    from tourctl.model import Plan
    from tourctl.places.resolve import Place


@dataclass(frozen=True, slots=True)
class Slot:
    """A timed, not cancelled event, placed on the absolute time line."""

    index: int
    event: Event
    zone: str
    start: datetime  # aware, UTC: comparisons and subtraction are absolute
    end: datetime  # aware, UTC, after start

    def local(self, instant: datetime) -> datetime:
        return instant.astimezone(tzdata.zone(self.zone))

    def describe(self) -> str:
        """``'prague' (2024-05-02 19:00–21:00 CEST)``: how findings name an event."""
        start, end = self.local(self.start), self.local(self.end)
        later = f" on {end.date().isoformat()}" if end.date() != start.date() else ""
        return f"'{self.event.key}' ({start.date().isoformat()} {clock_range(start, end, later)})"


def _slot(index: int, event: Event, zone: str | None) -> Slot | None:
    if event.status is Status.CANCELLED:
        return None
    start, end = event_span(event, zone)
    if zone is None or start is None or end is None:
        return None
    start_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
    if end_utc <= start_utc:
        return None
    return Slot(index, event, zone, start_utc, end_utc)


def build_timeline(
    plan: Plan, places: Mapping[str, Place], broken: frozenset[Path] = frozenset()
) -> list[Slot]:
    """Every slot of the plan, sorted by absolute start (then by position in the file)."""
    slots: list[Slot] = []
    for index, event in enumerate(plan.events):
        if ("events", index) in broken:
            continue
        place = places.get(event.venue)
        slot = _slot(index, event, place.zone if place is not None else None)
        if slot is not None:
            slots.append(slot)
    slots.sort(key=lambda s: (s.start, s.index))
    return slots


def overlaps(slots: Iterable[Slot]) -> Iterator[tuple[Slot, Slot]]:
    """Pairs ``(earlier, later)`` of slots that overlap, from slots sorted by start.

    One sweep: each slot is compared with the one that reaches furthest so far,
    so every slot that overlaps anything earlier is reported once, against the
    event it collides with, without comparing all pairs. Back to back (one ends
    when the next starts) is not an overlap.
    """
    reach: Slot | None = None
    for slot in slots:
        if reach is not None and slot.start < reach.end:
            yield reach, slot
        if reach is None or slot.end > reach.end:
            reach = slot


def by_person(slots: Iterable[Slot]) -> dict[str, list[Slot]]:
    """Each person's slots (as speaker or crew), in time order; named twice counts once."""
    people: dict[str, list[Slot]] = {}
    for slot in slots:
        for person in dict.fromkeys([*slot.event.speakers, *slot.event.crew]):
            people.setdefault(person, []).append(slot)
    return people


def speaker_path(slot: Slot, person: str) -> tuple[str | int, ...]:
    """Where ``person`` is named in ``slot``'s event (speakers, else crew), for the finding."""
    event = slot.event
    if person in event.speakers:
        return ("events", slot.index, "speakers", event.speakers.index(person))
    return ("events", slot.index, "crew", event.crew.index(person))
