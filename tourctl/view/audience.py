"""What one audience may see of a plan: the one place that decides it.

Every output (``show``, calendars, and whatever comes later) reads a
``PlanView`` built here, never a ``Plan``. A view simply does not hold what
its audience may not see: events it may not see are gone, a venue's address
and coordinates are ``None`` unless its ``address_visibility`` allows them,
contacts are filtered by their own visibility, and notes exist only for the
team. A formatter therefore cannot leak a secret by forgetting a check: there
is nothing to forget. The rules are the table in SPEC.md ("Audiences");
``Visibility.visible_to`` is the one comparison they all use.

A field added to the model later is invisible to every output until this
module copies it, and ``FIELD_RULES`` must say who sees it (a test fails for a
model field that has no rule), so the leak property covers it by construction.

Time zones and coordinates come from ``tourctl.places``; a city's
coordinates are subject to the same ``address_visibility`` as a venue's own:
they are where a calendar would put the pin.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from itertools import groupby
from typing import TYPE_CHECKING

from tourctl.enums import Status, Visibility
from tourctl.timing import event_span

if TYPE_CHECKING:
    from tourctl.model import Contact, Event, Plan, Venue
    from tourctl.places.resolve import Place

FIELD_RULES: dict[str, dict[str, str]] = {
    "Plan": {
        "version": "not shown",
        "tour": "everyone",
        "people": "as the events that name them",
        "venues": "as the events held there",
        "events": "by the event's visibility",
        "ignore": "not shown",
    },
    "Tour": {
        "id": "everyone (in UIDs only)",
        "title": "everyone",
        "organizer": "everyone",
        "description": "everyone",
        "timezone": "not shown (resolves venues' zones)",
    },
    "Organizer": {"name": "everyone", "email": "everyone", "website": "everyone"},
    "Person": {"id": "not shown", "name": "as the events that name them", "role": "not shown"},
    "Venue": {
        "id": "as its events (in file names of --split venue)",
        "name": "as its events",
        "city": "as its events",
        "country": "as its events",
        "address": "address_visibility",
        "address_visibility": "not shown",
        "timezone": "as its events (TZID)",
        "coordinates": "address_visibility",
        "capacity": "not shown",
        "accessibility": "as its events",
        "contacts": "each contact's visibility",
    },
    "Contact": {
        "name": "contact's visibility",
        "role": "contact's visibility",
        "email": "contact's visibility",
        "phone": "contact's visibility",
        "website": "contact's visibility",
        "visibility": "not shown",
    },
    "Event": {
        "id": "as the event (in its UID only)",
        "title": "as the event",
        "venue": "as the event",
        "date": "as the event",
        "start": "as the event",
        "end": "as the event",
        "duration": "as the event",
        "doors": "as the event",
        "all_day": "as the event",
        "format": "as the event",
        "languages": "as the event",
        "speakers": "as the event",
        "status": "as the event",
        "visibility": "as the event (CLASS)",
        "registration": "as the event",
        "description": "as the event",
        "notes": "team",
    },
}
"""Who sees each field of the model, for people reading this module and for the test that
checks every model field is listed: a field without a rule here fails the suite."""


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

    index: int
    """The event's position in the plan: the last tie-breaker of the time order."""
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

    @property
    def order(self) -> tuple[date, datetime, int]:
        return time_order(self.day, self.start, self.index)


@dataclass(frozen=True, slots=True)
class TourView:
    id: str
    title: str
    description: str | None
    organizer_name: str
    organizer_email: str | None
    organizer_website: str | None = None


_EARLIEST = datetime.min.replace(tzinfo=UTC)


def time_order(day: date, start: datetime | None, index: int) -> tuple[date, datetime, int]:
    """The one order of a plan's items: local date, then UTC instant, then position in the plan.

    All-day items come before the day's timed ones; ties keep the plan's order.
    """
    return (day, start.astimezone(UTC) if start is not None else _EARLIEST, index)


@dataclass(frozen=True, slots=True)
class PlanView:
    """Everything one audience may see of a plan, events in time order."""

    audience: Visibility
    tour: TourView
    events: tuple[EventView, ...]
    today: date | None = field(default=None)

    def venues(self) -> list[VenueView]:
        """Venues that have at least one event here, in order of their first event."""
        seen: dict[str, VenueView] = {}
        for event in self.events:
            seen.setdefault(event.venue.id, event.venue)
        return list(seen.values())

    def only_venue(self, venue_id: str) -> PlanView:
        """The same view with only one venue's events (for ``--split venue``)."""
        events = tuple(e for e in self.events if e.venue.id == venue_id)
        return PlanView(self.audience, self.tour, events, self.today)

    def days(self) -> list[tuple[date, list[EventView]]]:
        """The events grouped by local date, in time order."""
        return [(day, list(group)) for day, group in groupby(self.events, key=lambda e: e.day)]


def audience_view(
    plan: Plan,
    audience: Visibility,
    *,
    places: Mapping[str, Place] | None = None,
    today: date | None = None,
) -> PlanView:
    """The part of ``plan`` that ``audience`` may see, with zones and coordinates resolved.

    ``places`` (venue id → Place) saves resolving them again when the caller has them.
    """
    if places is None:
        from tourctl.places.resolve import resolve_places

        places = resolve_places(plan)
    tour = plan.tour
    tour_view = TourView(
        id=tour.id,
        title=tour.title,
        description=tour.description,
        organizer_name=tour.organizer.name,
        organizer_email=tour.organizer.email,
        organizer_website=tour.organizer.website,
    )
    venues = {v.id: _venue(v, audience, places[v.id]) for v in plan.venues}
    zones = {v.id: places[v.id].zone for v in plan.venues}
    people = {p.id: p.name for p in plan.people}
    views = [
        _event(index, event, audience, venues[event.venue], zones[event.venue], people)
        for index, event in enumerate(plan.events)
        if event.visibility.visible_to(audience)
    ]
    views.sort(key=lambda view: view.order)
    return PlanView(audience, tour_view, tuple(views), today)


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
    index: int,
    event: Event,
    audience: Visibility,
    venue: VenueView,
    zone: str | None,
    people: Mapping[str, str],
) -> EventView:
    # An end at or before the start is an error (end-before-start), so never seen here.
    start, end = event_span(event, zone)
    return EventView(
        index=index,
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
