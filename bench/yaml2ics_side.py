"""The same events in yaml2ics 0.3's own format, for the side-by-side comparison.

yaml2ics (https://github.com/scientific-python/yaml2ics) reads::

    name: Calendar name
    timezone: Europe/Berlin          # default zone
    events:
      - summary: Title
        begin: 2030-02-04 19:00:00   # a YAML timestamp (PyYAML, YAML 1.1)
        end: 2030-02-04 21:00:00     # or  duration: {minutes: 90}
        timezone: Europe/Prague      # per event
        location: ...
        description: ...
        url: ...
        status: confirmed
        categories: [discussion]
      - summary: All day
        begin: 2030-02-05            # no end/duration: an all-day event

Every field is passed to ``ics.Event(**fields)``, so the keys are ics.py's.
Everything tourctl puts in a ``team`` export that yaml2ics can express is
written (title, times, zone, venue and city, description, registration URL,
status, format); people, contacts and visibility have no equivalent there.
"""

from __future__ import annotations

from collections.abc import Iterator

from bench.generate import Event, GeneratedPlan, q

# ics-vtimezones 2020.2 (yaml2ics's pinned zone data) predates the Kiev → Kyiv rename.
ZONE_ALIASES = {"Europe/Kyiv": "Europe/Kiev"}


def _zone(name: str) -> str:
    return ZONE_ALIASES.get(name, name)


def to_yaml2ics(plan: GeneratedPlan) -> str:
    return "".join(_lines(plan))


def _lines(plan: GeneratedPlan) -> Iterator[str]:
    yield f"# The events of plan-{plan.n}.yaml in yaml2ics's format (bench/yaml2ics_side.py).\n"
    yield f"name: {q(plan.title)}\ntimezone: Europe/Berlin\n\nevents:\n"
    for event in plan.events:
        yield from _event(plan, event)


def _event(plan: GeneratedPlan, event: Event) -> Iterator[str]:
    venue = event.venue
    yield f"  - summary: {q(event.title)}\n"
    if event.all_day:
        yield f"    begin: {event.date.isoformat()}\n"
    else:
        yield f"    begin: {event.date.isoformat()} {event.start}:00\n"
        if event.end is not None:
            yield f"    end: {event.date.isoformat()} {event.end}:00\n"
        else:
            yield f"    duration: {{minutes: {event.minutes}}}\n"
        yield f"    timezone: {_zone(venue.city.zone)}\n"
    where = f"{venue.name}, {venue.city.name}, {venue.city.country}"
    yield f"    location: {q(where)}\n"
    if event.description:
        yield f"    description: {q(event.description)}\n"
    if event.registration:
        yield f"    url: {event.registration}\n"
    yield f"    status: {event.status}\n"
    yield f"    categories: [{event.format}]\n"
    yield f"    uid: {q(f'{plan.tour_id}-{event.key}@bench.example.org')}\n"
