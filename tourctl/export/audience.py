"""What one audience may see of a plan: a redacted copy, made once, before any formatting.

The calendar writer never sees a ``Plan``. It sees a ``CalendarView``, built
here, which simply does not hold what the audience may not see: events it may
not see are gone, a venue's address and coordinates are ``None`` unless its
``address_visibility`` allows them, contacts are filtered by their own
visibility, and notes exist only for the team. A property writer therefore
cannot leak a secret by forgetting a check: there is nothing to forget. The
rules are the table in SPEC.md ("Audiences"); ``Visibility.visible_to`` is
the one comparison they all use.

Time zones and coordinates are resolved by ``tourctl.places`` before this
module runs, and passed in, so a city's coordinates are subject to the same
``address_visibility`` as a venue's own: they are where the calendar would put
the pin.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from tourctl.itinerary import event_span
from tourctl.model import Contact, Event, Plan, Status, Venue, Visibility
from tourctl.places import Place


@dataclass(frozen=True, slots=True)
class ContactView:
    name: str
    role: str | None
    email: str | None
    phone: str | None
    website: str | None


@dataclass(frozen=True, slots=True)
class VenueView:
    id: str
    name: str
    city: str
    country: str
    address: str | None
    coordinates: tuple[float, float] | None
    accessibility: str | None
    contacts: tuple[ContactView, ...]


@dataclass(frozen=True, slots=True)
class EventView:
    """One event as the audience sees it; ``start``/``end`` are aware and local to the venue."""

    key: str
    title: str
    venue: VenueView
    day: date
    all_day: bool
    zone: str | None
    start: datetime | None
    end: datetime | None
    doors: time | None
    format: str | None
    languages: tuple[str, ...]
    speakers: tuple[str, ...]
    status: Status
    visibility: Visibility
    registration: str | None
    description: str | None
    notes: str | None


@dataclass(frozen=True, slots=True)
class TourView:
    id: str
    title: str
    description: str | None
    organizer_name: str
    organizer_email: str | None


@dataclass(frozen=True, slots=True)
class CalendarView:
    """Everything one calendar may contain, events in time order."""

    audience: Visibility
    tour: TourView
    events: tuple[EventView, ...]

    def venues(self) -> list[VenueView]:
        """Venues that have at least one event here, in order of their first event."""
        seen: dict[str, VenueView] = {}
        for event in self.events:
            seen.setdefault(event.venue.id, event.venue)
        return list(seen.values())

    def only_venue(self, venue_id: str) -> CalendarView:
        """The same calendar with only one venue's events (for ``--split venue``)."""
        events = tuple(e for e in self.events if e.venue.id == venue_id)
        return CalendarView(self.audience, self.tour, events)


def redact(plan: Plan, audience: Visibility, places: Mapping[str, Place]) -> CalendarView:
    """The part of ``plan`` that ``audience`` may see, with zones and coordinates resolved."""
    tour = plan.tour
    tour_view = TourView(
        id=tour.id,
        title=tour.title,
        description=tour.description,
        organizer_name=tour.organizer.name,
        organizer_email=tour.organizer.email,
    )
    venues = {v.id: _venue(v, audience, places[v.id]) for v in plan.venues}
    zones = {v.id: places[v.id].zone for v in plan.venues}
    people = {p.id: p.name for p in plan.people}
    ordered: list[tuple[tuple[date, datetime, int], EventView]] = []
    for index, event in enumerate(plan.events):
        if not event.visibility.visible_to(audience):
            continue
        view = _event(event, audience, venues[event.venue], zones[event.venue], people)
        ordered.append(((view.day, _instant(view), index), view))
    ordered.sort(key=lambda pair: pair[0])
    return CalendarView(audience, tour_view, tuple(view for _, view in ordered))


_EARLIEST = datetime.min.replace(tzinfo=UTC)


def _instant(view: EventView) -> datetime:
    # All-day items sort before the day's timed events; ties keep plan order.
    return view.start.astimezone(UTC) if view.start is not None else _EARLIEST


def _venue(venue: Venue, audience: Visibility, place: Place) -> VenueView:
    where_visible = venue.address_visibility.visible_to(audience)
    coordinates = venue.coordinates or place.coordinates
    return VenueView(
        id=venue.id,
        name=venue.name,
        city=venue.city,
        country=venue.country,
        address=venue.address if where_visible else None,
        coordinates=coordinates if where_visible else None,
        accessibility=venue.accessibility,
        contacts=_contacts(venue.contacts, audience),
    )


def _contacts(contacts: Sequence[Contact], audience: Visibility) -> tuple[ContactView, ...]:
    return tuple(
        ContactView(c.name, c.role, c.email, c.phone, c.website)
        for c in contacts
        if c.visibility.visible_to(audience)
    )


def _event(
    event: Event,
    audience: Visibility,
    venue: VenueView,
    zone: str | None,
    people: Mapping[str, str],
) -> EventView:
    # An end at or before the start is an error (end-before-start), so never seen here.
    start, end = event_span(event, zone)
    return EventView(
        key=event.key,
        title=event.title,
        venue=venue,
        day=event.date,
        all_day=event.all_day,
        zone=None if event.all_day else zone,
        start=start,
        end=end,
        doors=event.doors,
        format=event.format.value if event.format is not None else None,
        languages=tuple(event.languages),
        speakers=tuple(people.get(s, s) for s in event.speakers),
        status=event.status,
        visibility=event.visibility,
        registration=event.registration,
        description=event.description,
        notes=event.notes if Visibility.TEAM.visible_to(audience) else None,
    )
