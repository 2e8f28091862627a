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

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby
from typing import TYPE_CHECKING

from tourctl.enums import Status, TravelMode, Visibility
from tourctl.gcpause import paused_gc
from tourctl.timing import event_span

if TYPE_CHECKING:
    from tourctl.model import Contact, Event, Person, PlaceRef, Plan, Venue
    from tourctl.places.resolve import Place

FIELD_RULES: dict[str, dict[str, str]] = {
    "Plan": {
        "version": "not shown",
        "tour": "everyone",
        "people": "as the items that name them; all of them to the team",
        "venues": "as the events held there",
        "events": "by the event's visibility",
        "travel": "by the leg's visibility (team or partners; never public)",
        "stays": "by the stay's visibility (team or partners; never public)",
        "publish": "not shown (names the secret feeds)",
        "ignore": "not shown",
    },
    "PublishSettings": {"rotate": "not shown (names the secret feeds)"},
    "Tour": {
        "id": "everyone (in UIDs only)",
        "title": "everyone",
        "organizer": "everyone",
        "description": "everyone",
        "timezone": "not shown (resolves venues' zones)",
    },
    "Organizer": {"name": "everyone", "email": "everyone", "website": "everyone"},
    "Person": {
        "id": "as the name (never below the person's visibility)",
        "name": "as the items that name them, if the person's visibility allows",
        "role": "team",
        "visibility": "not shown",
        "public_name": "instead of the name, below the person's visibility",
        "phone": "team",
        "email": "team",
    },
    "Venue": {
        "id": "as its events (in file names of --split venue)",
        "name": "as its events",
        "city": "as its events",
        "country": "as its events",
        "address": "address_visibility (default: partners)",
        "address_visibility": "not shown",
        "timezone": "as its events (TZID)",
        "coordinates": "address_visibility (default: partners)",
        "capacity": "not shown",
        "accessibility": "as its events",
        "contacts": "each contact's visibility",
        "ignore": "not shown",
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
        "speakers": "as the event, each as the person's visibility allows",
        "crew": "team",
        "status": "as the event",
        "visibility": "as the event (CLASS)",
        "announce": "not shown; before it, the public view has no trace of the event",
        "registration": "as the event",
        "description": "as the event",
        "notes": "team",
        "ignore": "not shown",
    },
    "Leg": {
        "id": "as the leg (in its UID only)",
        "people": "as the leg, each as the person's visibility allows",
        "mode": "as the leg",
        "from_": "as the leg (a venue: its city; its name for the team)",
        "to": "as the leg (a venue: its city; its name for the team)",
        "depart": "as the leg",
        "arrive": "as the leg",
        "reference": "as the leg",
        "booking": "team",
        "notes": "team",
        "visibility": "the leg: team (default) or partners, never public",
    },
    "Stay": {
        "id": "as the stay (in its UID only)",
        "people": "as the stay, each as the person's visibility allows",
        "name": "as the stay",
        "city": "as the stay",
        "country": "as the stay",
        "address": "as the stay",
        "timezone": "not shown (resolves the stay's zone)",
        "coordinates": "not shown",
        "check_in": "as the stay",
        "check_out": "as the stay",
        "phone": "as the stay",
        "booking": "team",
        "notes": "team",
        "visibility": "the stay: team (default) or partners, never public",
    },
    "PlaceRef": {
        "city": "as the leg",
        "country": "as the leg",
        "station": "as the leg",
        "address": "not shown",
        "timezone": "not shown (resolves the zone)",
        "coordinates": "not shown",
    },
}
"""Who sees each field of the model, for people reading this module and for the test that
checks every model field is listed: a field without a rule here fails the suite."""


@dataclass(frozen=True, slots=True)
class PersonRef:
    """A person as one audience may name them.

    ``key`` is the person's id only where the audience may see the name; below the
    person's ``visibility`` it is None (an id like ``georgii`` would give the name
    away) and ``name`` is the ``public_name``. A person with neither is left out.
    """

    key: str | None
    name: str


@dataclass(frozen=True, slots=True)
class PersonView:
    """A person's details, for the team only (day sheets: who to call)."""

    key: str
    name: str
    role: str | None
    phone: str | None
    email: str | None


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
    address_hidden: bool = False
    """The venue has an address this audience may not see: ``show`` says
    so, without the value, so an organizer previewing a calendar knows it is left out."""


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
    speakers: tuple[PersonRef, ...]
    status: Status
    visibility: Visibility
    registration: str | None
    description: str | None
    notes: str | None
    crew: tuple[PersonRef, ...] = ()
    """Team only: people who are there but not billed."""

    @property
    def order(self) -> tuple[date, datetime, int]:
        return time_order(self.day, self.start, self.index)

    @property
    def people(self) -> tuple[PersonRef, ...]:
        return (*self.speakers, *self.crew)


@dataclass(frozen=True, slots=True)
class EndpointView:
    """Where a leg starts or ends: a station, or a venue by name; always a city."""

    name: str | None
    city: str
    country: str
    zone: str | None
    venue: str | None = None
    """The venue's id when the leg starts or ends at a venue."""


@dataclass(frozen=True, slots=True)
class LegView:
    """One journey; ``depart`` is aware in the departure zone, ``arrive`` in the arrival zone."""

    index: int
    key: str
    mode: TravelMode
    origin: EndpointView
    destination: EndpointView
    depart: datetime | None
    arrive: datetime | None
    people: tuple[PersonRef, ...]
    reference: str | None
    booking: str | None
    notes: str | None
    visibility: Visibility

    @property
    def day(self) -> date:
        return self.depart.date() if self.depart is not None else date.min

    @property
    def order(self) -> tuple[date, datetime, int]:
        return time_order(self.day, self.depart, self.index)


@dataclass(frozen=True, slots=True)
class StayView:
    """Where people sleep, from ``check_in`` to ``check_out`` (dates, or local date-times)."""

    index: int
    key: str
    name: str
    city: str
    country: str
    address: str | None
    phone: str | None
    zone: str | None
    check_in: date | datetime
    check_out: date | datetime
    people: tuple[PersonRef, ...]
    booking: str | None
    notes: str | None
    visibility: Visibility

    @property
    def first_night(self) -> date:
        return _day(self.check_in)

    @property
    def last_morning(self) -> date:
        return _day(self.check_out)

    def covers(self, night: date) -> bool:
        """Whether the night that starts on ``night`` is spent here."""
        return self.first_night <= night < self.last_morning


def _fold(name: str) -> str:
    from tourctl.places.gazetteer import fold

    return fold(name)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


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
    legs: tuple[LegView, ...] = ()
    stays: tuple[StayView, ...] = ()
    people: tuple[PersonView, ...] = ()
    """Team only: everyone in the plan, with how to reach them."""

    def venues(self) -> list[VenueView]:
        """Venues that have at least one event here, in order of their first event."""
        seen: dict[str, VenueView] = {}
        for event in self.events:
            seen.setdefault(event.venue.id, event.venue)
        return list(seen.values())

    def only_venue(self, venue_id: str) -> PlanView:
        """The same view with only one venue's events (for ``--split venue``), and the legs
        and stays in its town on the days of its events or the day before (a host meeting
        people at the station, or putting them up)."""
        events = tuple(e for e in self.events if e.venue.id == venue_id)
        if not events:
            return replace(self, events=(), legs=(), stays=())
        venue = events[0].venue
        days = {e.day for e in events} | {e.day - timedelta(days=1) for e in events}

        def here(city: str, country: str) -> bool:
            return country == venue.country and _fold(city) == _fold(venue.city)

        legs = tuple(
            leg
            for leg in self.legs
            if (
                leg.destination.venue == venue_id
                or here(leg.destination.city, leg.destination.country)
            )
            and leg.arrive is not None
            and leg.arrive.date() in days
        )
        stays = tuple(
            stay
            for stay in self.stays
            if here(stay.city, stay.country) and any(stay.covers(day) for day in days)
        )
        return replace(self, events=events, legs=legs, stays=stays)

    def only_person(self, key: str) -> PlanView:
        """One person's own view: the events they are in, their legs and stays."""

        def theirs(people: tuple[PersonRef, ...]) -> bool:
            return any(p.key == key for p in people)

        return replace(
            self,
            events=tuple(e for e in self.events if theirs(e.people)),
            legs=tuple(leg for leg in self.legs if theirs(leg.people)),
            stays=tuple(stay for stay in self.stays if theirs(stay.people)),
            people=tuple(p for p in self.people if p.key == key),
        )

    def person_keys(self) -> list[str]:
        """Everyone this view can name by id, in plan order of first appearance."""
        keys: dict[str, None] = {p.key: None for p in self.people}
        groups = [
            *(e.people for e in self.events),
            *(leg.people for leg in self.legs),
            *(stay.people for stay in self.stays),
        ]
        for people in groups:
            keys.update({p.key: None for p in people if p.key is not None})
        return list(keys)

    def days(self) -> list[tuple[date, list[EventView]]]:
        """The events grouped by local date, in time order."""
        return [(day, list(group)) for day, group in groupby(self.events, key=lambda e: e.day)]


@paused_gc()
def audience_view(
    plan: Plan,
    audience: Visibility,
    *,
    places: Mapping[str, Place] | None = None,
    today: date | None = None,
    now: datetime | None = None,
    leave_out: Collection[int] = (),
) -> PlanView:
    """The part of ``plan`` that ``audience`` may see, with zones and coordinates resolved.

    ``places`` (venue id → Place) saves resolving them again when the caller has them.
    ``today`` decides which public events are announced (``announce <= today``); without
    it, each event's own local date at the venue, by the clock (``now``, else the real one).
    ``leave_out``: positions of events not to show (``show`` of a plan with errors leaves
    out the events it could not read); an event at an unknown venue is left out too.
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
    people = {p.id: _person_ref(p, audience) for p in plan.people}
    clock = now or datetime.now(UTC)
    views = [
        _event(index, event, audience, venues[event.venue], zones[event.venue], people)
        for index, event in enumerate(plan.events)
        if event.visibility.visible_to(audience)
        and index not in leave_out
        and event.venue in venues
        and announced(event, audience, zones[event.venue], today, clock)
    ]
    views.sort(key=lambda view: view.order)
    legs = _legs(plan, audience, places, people)
    stays = _stays(plan, audience, people)
    team = Visibility.TEAM.visible_to(audience)
    everyone = tuple(_person_view(p) for p in plan.people) if team else ()
    return PlanView(audience, tour_view, tuple(views), today, legs, stays, everyone)


def announced(
    event: Event, audience: Visibility, zone: str | None, today: date | None, now: datetime
) -> bool:
    """Whether the public may know of the event yet: before its ``announce`` date it is, for
    the public, as if it did not exist. Partners and the team see it from the start."""
    if event.announce is None or audience is not Visibility.PUBLIC:
        return True
    if today is None:
        from tourctl.places import tzdata

        today = now.astimezone(tzdata.zone(zone)).date() if zone else now.astimezone(UTC).date()
    return event.announce <= today


def _person_ref(person: Person, audience: Visibility) -> PersonRef | None:
    if person.visibility.visible_to(audience):
        return PersonRef(person.id, person.name)
    if person.public_name is not None:
        return PersonRef(None, person.public_name)
    return None


def _person_view(person: Person) -> PersonView:
    return PersonView(person.id, person.name, person.role, person.phone, person.email)


def _refs(ids: Sequence[str], people: Mapping[str, PersonRef | None]) -> tuple[PersonRef, ...]:
    """The people an audience may name, once each; unknown ids (plan errors) are left out."""
    found: dict[str, PersonRef] = {}
    for person_id in ids:
        ref = people.get(person_id)
        if ref is not None:
            found.setdefault(person_id, ref)
    return tuple(found.values())


def _legs(
    plan: Plan,
    audience: Visibility,
    places: Mapping[str, Place],
    people: Mapping[str, PersonRef | None],
) -> tuple[LegView, ...]:
    from tourctl.places.resolve import leg_places

    team = Visibility.TEAM.visible_to(audience)
    venues = plan.venue_by_id()
    views = []
    for index, (leg, (origin, destination)) in enumerate(
        zip(plan.travel, leg_places(plan, places), strict=True)
    ):
        if not leg.visibility.visible_to(audience):
            continue
        start_zone = origin.zone if origin is not None else None
        end_zone = destination.zone if destination is not None else None
        views.append(
            LegView(
                index=index,
                key=plan.leg_keys[index],
                mode=leg.mode,
                origin=_endpoint(leg.from_, venues, origin, team),
                destination=_endpoint(leg.to, venues, destination, team),
                depart=_aware(leg.depart, start_zone),
                arrive=_aware(leg.arrive, end_zone),
                people=_refs(leg.people, people),
                reference=leg.reference,
                booking=leg.booking if team else None,
                notes=leg.notes if team else None,
                visibility=leg.visibility,
            )
        )
    views.sort(key=lambda view: view.order)
    return tuple(views)


def _endpoint(
    endpoint: str | PlaceRef, venues: Mapping[str, Venue], place: Place | None, team: bool
) -> EndpointView:
    """A venue end shows its city; its name only to the team, since a partners' leg must not
    name a venue whose events those partners do not see."""
    zone = place.zone if place is not None else None
    if isinstance(endpoint, str):
        venue = venues.get(endpoint)
        if venue is None:  # an unknown venue: an error, so only ever seen in a broken plan
            return EndpointView(None, endpoint, "", zone)
        name = venue.name if team else None
        city = _city_name(venue.city, place)
        return EndpointView(name, city, venue.country, zone, venue.id)
    city = _city_name(endpoint.city, place)
    return EndpointView(endpoint.station, city, endpoint.country, zone)


def _city_name(written: str, place: Place | None) -> str:
    """The city as outputs name it (``gazetteer.shown_name``: ``Krakov`` → ``Kraków``)."""
    from tourctl.places.gazetteer import shown_name

    return shown_name(written, place.city if place is not None else None)


def _aware(moment: datetime, zone: str | None) -> datetime | None:
    from tourctl.places import tzdata

    return moment.replace(tzinfo=tzdata.zone(zone)) if zone is not None else None


def _stays(
    plan: Plan, audience: Visibility, people: Mapping[str, PersonRef | None]
) -> tuple[StayView, ...]:
    from tourctl.places.resolve import stay_places

    team = Visibility.TEAM.visible_to(audience)
    views = [
        StayView(
            index=index,
            key=plan.stay_keys[index],
            name=stay.name,
            city=_city_name(stay.city, place),
            country=stay.country,
            address=stay.address,
            phone=stay.phone,
            zone=place.zone,
            check_in=stay.check_in,
            check_out=stay.check_out,
            people=_refs(stay.people, people),
            booking=stay.booking if team else None,
            notes=stay.notes if team else None,
            visibility=stay.visibility,
        )
        for index, (stay, place) in enumerate(zip(plan.stays, stay_places(plan), strict=True))
        if stay.visibility.visible_to(audience)
    ]
    views.sort(key=lambda view: (view.first_night, view.index))
    return tuple(views)


def _venue(venue: Venue, audience: Visibility, place: Place) -> VenueView:
    where_visible = venue.address_visibility.visible_to(audience)
    coordinates = venue.coordinates or place.coordinates
    return VenueView(
        id=venue.id,
        name=venue.name,
        city=_city_name(venue.city, place),
        country=venue.country,
        address=venue.address if where_visible else None,
        coordinates=coordinates if where_visible else None,
        accessibility=venue.accessibility,
        contacts=_contacts(venue.contacts, audience),
        address_hidden=not where_visible and venue.address is not None,
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
    people: Mapping[str, PersonRef | None],
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
        speakers=_refs(event.speakers, people),
        status=event.status,
        visibility=event.visibility,
        registration=event.registration,
        description=event.description,
        notes=event.notes if Visibility.TEAM.visible_to(audience) else None,
        crew=_refs(event.crew, people) if Visibility.TEAM.visible_to(audience) else (),
    )
