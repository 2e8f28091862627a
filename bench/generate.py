"""Synthetic, valid tour plans of N events over M venues, for the benchmark.

The plan is built so that every check does real work and none of them fails:

* venues in real European cities across several countries and time zones
  (some countries with several zones, so the city lookup matters); half the
  venues give ``coordinates``, the others rely on the city's;
* ``T`` independent tracks (two speakers each) tour a ping-pong route through
  those cities, a few days in each, one evening event a day, sometimes a
  late-morning partners' meeting, sometimes a rest day (an all-day item);
* no venue hosts two events at overlapping times, no speaker is in two places
  at once, and consecutive events of a person are a day apart at most one
  city along the route (hundreds of kilometres), so travel is feasible;
* public holidays in the venue's country are skipped (tourctl's own table,
  ``tourctl.places.public_holidays``), dates start in 2030, events are written
  in time order;
* mixed statuses, visibilities, formats, ``end``/``duration``/``doors``,
  default and explicit ids, contacts with valid phone numbers per country.

Deterministic: the same N and seed give the same bytes. The same events are
also written in yaml2ics's format (``bench.yaml2ics_side``).

    python -m bench.generate 1000 -o plan.yaml --yaml2ics plan-yaml2ics.yaml
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

BASE_DATE = date(2030, 2, 4)
"""A Monday; with ``--today 2029-01-01`` nothing is in the past."""
DEFAULT_SEED = 2030


@dataclass(frozen=True)
class City:
    name: str
    country: str
    lat: float
    lon: float
    zone: str
    language: str
    phone: str
    """A valid fixed-line number in that country, ending in two digits the generator varies."""

    @property
    def slug(self) -> str:
        table = str.maketrans("áäåæçéëíóöøúüčęłńřśšžşș", "aaaaceeioooouuceinrssss")
        return self.name.lower().translate(table).replace(" ", "-")


# A route through Europe in geographic order: neighbours are a few hundred km apart.
CITIES: tuple[City, ...] = (
    City("Lisboa", "PT", 38.7223, -9.1393, "Europe/Lisbon", "pt", "+351 21 234 56"),
    City("Madrid", "ES", 40.4168, -3.7038, "Europe/Madrid", "es", "+34 810 12 34 "),
    City("Barcelona", "ES", 41.3874, 2.1686, "Europe/Madrid", "ca", "+34 810 12 35 "),
    City("Paris", "FR", 48.8566, 2.3522, "Europe/Paris", "fr", "+33 1 23 45 67 "),
    City("Bruxelles", "BE", 50.8503, 4.3517, "Europe/Brussels", "nl", "+32 12 34 56 "),
    City("Amsterdam", "NL", 52.3676, 4.9041, "Europe/Amsterdam", "nl", "+31 10 123 45"),
    City("Berlin", "DE", 52.5200, 13.4050, "Europe/Berlin", "de", "+49 30 1234 "),
    City("København", "DK", 55.6761, 12.5683, "Europe/Copenhagen", "da", "+45 32 12 34 "),
    City("Oslo", "NO", 59.9139, 10.7522, "Europe/Oslo", "no", "+47 21 23 45 "),
    City("Stockholm", "SE", 59.3293, 18.0686, "Europe/Stockholm", "sv", "+46 8 12 34 "),
    City("Helsinki", "FI", 60.1699, 24.9384, "Europe/Helsinki", "fi", "+358 13 12345"),
    City("Tallinn", "EE", 59.4370, 24.7536, "Europe/Tallinn", "et", "+372 321 23"),
    City("Riga", "LV", 56.9496, 24.1052, "Europe/Riga", "lv", "+371 63 123 4"),
    City("Vilnius", "LT", 54.6872, 25.2797, "Europe/Vilnius", "lt", "+370 312 345"),
    City("Warszawa", "PL", 52.2297, 21.0122, "Europe/Warsaw", "pl", "+48 12 345 67 "),
    City("Kraków", "PL", 50.0647, 19.9450, "Europe/Warsaw", "pl", "+48 12 345 68 "),
    City("Praha", "CZ", 50.0755, 14.4378, "Europe/Prague", "cs", "+420 212 345 6"),
    City("Wien", "AT", 48.2082, 16.3738, "Europe/Vienna", "de", "+43 1 2345678"),
    City("Budapest", "HU", 47.4979, 19.0402, "Europe/Budapest", "hu", "+36 1 234 56"),
    City("Bucharest", "RO", 44.4268, 26.1025, "Europe/Bucharest", "ro", "+40 21 123 45"),
    City("Kyiv", "UA", 50.4501, 30.5234, "Europe/Kyiv", "uk", "+380 3112 345"),
    City("Tbilisi", "GE", 41.7151, 44.8271, "Asia/Tbilisi", "ka", "+995 32 212 34 "),
)

FORMATS = ("discussion", "lecture", "workshop", "screening", "discussion", "other")
TITLES = {
    "discussion": "Russian queer community: a conversation",
    "lecture": "Queer life in Russia today",
    "workshop": "Workshop: staying safe online",
    "screening": "Building solidarity: screening and talk",
    "meeting": "Meeting with partner organisations",
    "other": "Open evening with the tour",
}
VENUE_KINDS = ("Bookstore", "Community Space", "Library", "Café", "Cinema", "Centre")
FIRST_NAMES = (
    "Georgii", "Alexandra", "Dmitri", "Jana", "Piotr", "Marta", "Lena", "Anna", "Rūta", "Nino",
    "Sanne", "Ivan", "Olga", "Mikael", "Aino", "Inês", "Pablo", "Chloé", "Tomas", "Zsofia",
)  # fmt: skip
# (start, end, duration): exactly one of end/duration is set.
TIME_SLOTS: tuple[tuple[str, str | None, str | None], ...] = (
    ("19:00", "21:00", None),
    ("18:30", None, "2h"),
    ("19:30", None, "90m"),
    ("18:00", None, "1h30m"),
    ("20:00", "22:00", None),
)
STATUSES = (("confirmed", 6), ("tentative", 3), ("cancelled", 1))
VISIBILITIES = (("public", 7), ("partners", 2), ("team", 1))


@dataclass(frozen=True)
class Venue:
    id: str
    name: str
    city: City
    index: int
    coordinates: tuple[float, float] | None
    address_visibility: str
    contact_visibility: str


@dataclass(frozen=True)
class Person:
    id: str
    name: str


@dataclass
class Event:
    key: str
    explicit_id: bool
    title: str
    venue: Venue
    date: date
    format: str
    start: str | None = None
    end: str | None = None
    duration: str | None = None
    doors: str | None = None
    languages: list[str] = field(default_factory=list)
    speakers: list[Person] = field(default_factory=list)
    status: str = "tentative"
    visibility: str = "public"
    registration: str | None = None
    description: str | None = None
    notes: str | None = None

    @property
    def all_day(self) -> bool:
        return self.start is None

    @property
    def minutes(self) -> int | None:
        """Length of a timed event in minutes (None for an all-day item)."""
        if self.start is None:
            return None
        if self.duration is not None:
            match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?", self.duration)
            assert match is not None
            return int(match[1] or 0) * 60 + int(match[2] or 0)
        assert self.end is not None
        return _clock(self.end) - _clock(self.start)


def _clock(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


@dataclass
class GeneratedPlan:
    n: int
    tour_id: str
    title: str
    people: list[Person]
    venues: list[Venue]
    events: list[Event]

    def to_yaml(self) -> str:
        return "".join(_plan_lines(self))


def sizes(n: int) -> tuple[int, int, int]:
    """(venues M, tracks T, cities used) for N events."""
    venues = max(5, n // 20)
    tracks = max(1, n // 100)
    return venues, tracks, min(len(CITIES), venues)


def _pick_cities(count: int) -> list[City]:
    """``count`` cities spread along the route, in route order."""
    return [CITIES[(k * len(CITIES)) // count] for k in range(count)]


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    names = [name for name, _ in table]
    weights = [weight for _, weight in table]
    return rng.choices(names, weights)[0]


def _holiday_test(cities: list[City]) -> Callable[[City, date], bool]:
    """The dates tourctl's public-holiday check warns about, from its own bundled table."""
    from tourctl.places.public_holidays import holidays_in

    return lambda city, day: day in (holidays_in(city.country, day.year) or {})


def _make_venues(count: int, cities: list[City]) -> list[Venue]:
    visibilities = ("public", "partners", "team", "partners")
    venues = []
    for j in range(count):
        city = cities[j % len(cities)]
        k = j // len(cities)
        coords = None
        if j % 2 == 0:
            # a few hundred metres around the centre, deterministic
            coords = (round(city.lat + (k % 7) * 0.003, 4), round(city.lon + (k % 5) * 0.004, 4))
        venues.append(
            Venue(
                id=f"{city.slug}-{k + 1}",
                name=f"{VENUE_KINDS[j % len(VENUE_KINDS)]} {city.name} {k + 1}",
                city=city,
                index=j,
                coordinates=coords,
                address_visibility=visibilities[j % 4],
                contact_visibility=visibilities[(j + 1) % 4],
            )
        )
    return venues


def _route(count: int) -> list[int]:
    """City indexes of a ping-pong walk: 0, 1, …, count-1, count-2, …, 1 (then again)."""
    if count == 1:
        return [0]
    return list(range(count)) + list(range(count - 2, 0, -1))


class _Scheduler:
    """Day by day, track by track: one venue per event, never two events at once in one venue."""

    def __init__(self, plan: GeneratedPlan, cities: list[City], tracks: int, seed: int) -> None:
        self.plan = plan
        self.rng = random.Random(seed)
        self.route = _route(len(cities))
        self.cities = cities
        self.tracks = tracks
        self.by_city: dict[str, list[Venue]] = {}
        for venue in plan.venues:
            self.by_city.setdefault(venue.city.name, []).append(venue)
        self.last_used: dict[str, int] = {v.id: -1 for v in plan.venues}
        self.holiday = _holiday_test(cities)

    def city_of(self, track: int, day: int) -> City:
        stay = 2 + track % 2
        start = (track * len(self.route)) // self.tracks
        return self.cities[self.route[(start + day // stay) % len(self.route)]]

    def free_venue(self, city: City, day: int, used: set[str]) -> Venue | None:
        free = [v for v in self.by_city[city.name] if v.id not in used]
        if not free:
            return None
        venue = min(free, key=lambda v: (self.last_used[v.id], v.index))
        used.add(venue.id)
        self.last_used[venue.id] = day
        return venue

    def events(self) -> Iterator[Event]:
        day = 0
        while True:
            used: set[str] = set()
            for track in range(self.tracks):
                yield from self._track_day(track, day, used)
            day += 1

    def _track_day(self, track: int, day: int, used: set[str]) -> Iterator[Event]:
        when = BASE_DATE + timedelta(days=day)
        city = self.city_of(track, day)
        if self.holiday(city, when):
            return
        if track % 3 == 0 and day % 9 == 8:
            venue = self.free_venue(city, day, used)
            if venue is not None:
                yield self._rest_day(track, venue, when)
            return
        venue = self.free_venue(city, day, used)
        if venue is None:
            return
        speakers = self.plan.people[2 * track : 2 * track + 2]
        if day % 7 == 3:
            yield self._meeting(track, venue, when, speakers[:1])
        yield self._evening(track, venue, when, speakers, day)

    def _rest_day(self, track: int, venue: Venue, when: date) -> Event:
        return Event(
            key=f"t{track}-rest-{when.isoformat()}",
            explicit_id=True,
            title="Rest day and preparation",
            venue=venue,
            date=when,
            format="other",
            status="confirmed",
            visibility="team",
            notes="No public programme; set up the next venue.",
        )

    def _meeting(self, track: int, venue: Venue, when: date, speakers: list[Person]) -> Event:
        return Event(
            key=f"t{track}-meeting-{when.isoformat()}",
            explicit_id=True,
            title=f"{TITLES['meeting']}, {venue.city.name}",
            venue=venue,
            date=when,
            format="meeting",
            start="11:00",
            duration="1h30m",
            languages=["en"],
            speakers=speakers,
            status="confirmed",
            visibility="partners",
            description="Coordination of support for people leaving Russia.",
        )

    def _evening(
        self, track: int, venue: Venue, when: date, speakers: list[Person], day: int
    ) -> Event:
        rng = self.rng
        fmt = FORMATS[(track + day) % len(FORMATS)]
        start, end, duration = TIME_SLOTS[(track * 3 + day) % len(TIME_SLOTS)]
        explicit = (track + day) % 4 != 0
        key = f"t{track}-{when.isoformat()}" if explicit else f"{venue.id}-{when.isoformat()}"
        visibility = _weighted(rng, VISIBILITIES)
        languages = ["en", venue.city.language] + (["ru"] if day % 2 else [])
        event = Event(
            key=key,
            explicit_id=explicit,
            title=f"{TITLES[fmt]} ({venue.city.name})",
            venue=venue,
            date=when,
            format=fmt,
            start=start,
            end=end,
            duration=duration,
            doors=f"{int(start[:2]) - 1}:{start[3:]}" if end is not None else None,
            languages=list(dict.fromkeys(languages)),
            speakers=speakers,
            status=_weighted(rng, STATUSES),
            visibility=visibility,
        )
        if visibility == "public" and day % 3 == 0:
            event.registration = f"https://example.org/register/{key}"
        if day % 4 == 0:
            event.description = (
                f"An open conversation in {venue.city.name}, with room for questions "
                "throughout.\nFree entry; donations support the emergency programme.\n"
            )
        elif day % 5 == 1:
            event.description = "A dialogue, not a lecture."
        if day % 4 == 1:
            event.notes = "Bring the banner and the donation box."
        return event


def generate(n: int, seed: int = DEFAULT_SEED, tracks: int | None = None) -> GeneratedPlan:
    """A valid plan of exactly ``n`` events (n >= 1), in ``tracks`` tracks of two speakers
    (default: one per hundred events)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    venue_count, default_tracks, city_count = sizes(n)
    tracks = tracks or default_tracks
    cities = _pick_cities(city_count)
    people = [
        Person(
            f"{_ascii(FIRST_NAMES[i % len(FIRST_NAMES)])}-{i + 1}",
            f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {i + 1}",
        )
        for i in range(2 * tracks)
    ]
    plan = GeneratedPlan(
        n=n,
        tour_id=f"bench-{n}",
        title=f"Benchmark tour: {n} events",
        people=people,
        venues=_make_venues(venue_count, cities),
        events=[],
    )
    scheduler = _Scheduler(plan, cities, tracks, seed)
    events = []
    for event in scheduler.events():
        events.append(event)
        if len(events) == n:
            break
    order = {id(e): i for i, e in enumerate(events)}
    events.sort(key=lambda e: (e.date, e.start or "", order[id(e)]))
    plan.events = events
    return plan


def _ascii(name: str) -> str:
    return name.lower().translate(str.maketrans("ūéêíóçô", "ueeioco"))


# --- YAML ---------------------------------------------------------------------


def q(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _block(indent: str, text: str) -> str:
    lines = text.rstrip("\n").split("\n")
    return "|\n" + "".join(f"{indent}  {line}\n" for line in lines)


def _plan_lines(plan: GeneratedPlan) -> Iterator[str]:
    yield f"# Synthetic benchmark plan: {plan.n} events, {len(plan.venues)} venues.\n"
    yield "# Generated by bench/generate.py; all contact data is fictional.\n"
    yield "version: 1\n\ntour:\n"
    yield f"  id: {plan.tour_id}\n  title: {q(plan.title)}\n"
    yield "  organizer:\n    name: ComingOut\n    email: tour@example.org\n"
    yield "    website: https://example.org\n"
    yield "  description: Discussions about the Russian queer community, across Europe.\n"
    yield "  timezone: Europe/Berlin\n\npeople:\n"
    for person in plan.people:
        yield f"  - id: {person.id}\n    name: {q(person.name)}\n    role: speaker\n"
    yield "\nvenues:\n"
    for venue in plan.venues:
        yield from _venue_lines(venue)
    yield "\nevents:\n"
    for event in plan.events:
        yield from _event_lines(event)


def _venue_lines(venue: Venue) -> Iterator[str]:
    city = venue.city
    j = venue.index
    yield f"  - id: {venue.id}\n    name: {q(venue.name)}\n"
    yield f"    city: {city.name}\n    country: {city.country}\n"
    if j % 3 != 2:
        yield f"    address: {q(f'Example street {j + 1}, {city.name}')}\n"
        yield f"    address_visibility: {venue.address_visibility}\n"
    if venue.coordinates is not None:
        yield f"    coordinates: [{venue.coordinates[0]}, {venue.coordinates[1]}]\n"
    yield f"    capacity: {30 + (j * 7) % 120}\n"
    if j % 4 == 0:
        yield "    accessibility: Step-free entrance\n"
    yield "    contacts:\n"
    yield f"      - name: {q(f'Host {j + 1}')}\n        role: host\n"
    yield f"        email: host{j + 1}@example.org\n"
    yield f'        phone: "{city.phone}{j % 100:02d}"\n'
    yield f"        website: https://example.org/venues/{venue.id}\n"
    yield f"        visibility: {venue.contact_visibility}\n"


def _event_lines(event: Event) -> Iterator[str]:
    if event.explicit_id:
        yield f"  - id: {event.key}\n    title: {q(event.title)}\n"
    else:
        yield f"  - title: {q(event.title)}\n"
    yield f"    venue: {event.venue.id}\n    date: {event.date.isoformat()}\n"
    if event.all_day:
        yield "    all_day: true\n"
    else:
        yield f'    start: "{event.start}"\n'
        if event.end is not None:
            yield f'    end: "{event.end}"\n'
        else:
            yield f"    duration: {event.duration}\n"
        if event.doors is not None:
            yield f'    doors: "{event.doors}"\n'
    yield f"    format: {event.format}\n"
    if event.languages:
        yield f"    languages: [{', '.join(event.languages)}]\n"
    if event.speakers:
        yield f"    speakers: [{', '.join(p.id for p in event.speakers)}]\n"
    yield f"    status: {event.status}\n    visibility: {event.visibility}\n"
    if event.registration:
        yield f"    registration: {event.registration}\n"
    if event.description:
        if "\n" in event.description:
            yield f"    description: {_block('    ', event.description)}"
        else:
            yield f"    description: {q(event.description)}\n"
    if event.notes:
        yield f"    notes: {q(event.notes)}\n"


def write(n: int, directory: Path, seed: int = DEFAULT_SEED) -> tuple[Path, Path]:
    """Write ``plan-N.yaml`` and ``yaml2ics-N.yaml`` (the same events) into ``directory``."""
    from bench.yaml2ics_side import to_yaml2ics

    directory.mkdir(parents=True, exist_ok=True)
    plan = generate(n, seed)
    plan_path = directory / f"plan-{n}.yaml"
    peer_path = directory / f"yaml2ics-{n}.yaml"
    plan_path.write_text(plan.to_yaml(), encoding="utf-8")
    peer_path.write_text(to_yaml2ics(plan), encoding="utf-8")
    return plan_path, peer_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("n", type=int, help="number of events")
    parser.add_argument("-o", "--output", type=Path, help="plan file (default: stdout)")
    parser.add_argument("--yaml2ics", type=Path, help="also write the events in yaml2ics's format")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    plan = generate(args.n, args.seed)
    if args.output is None:
        sys.stdout.write(plan.to_yaml())
    else:
        args.output.write_text(plan.to_yaml(), encoding="utf-8")
    if args.yaml2ics is not None:
        from bench.yaml2ics_side import to_yaml2ics

        args.yaml2ics.write_text(to_yaml2ics(plan), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
