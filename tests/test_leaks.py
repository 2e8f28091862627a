"""No leak, as a property: over generated plans, no output holds what its audience may not see.

Every text field of a generated plan holds a unique marker (``SECRET0042X``),
and the test works out, from SPEC.md's audience table, the least audience
allowed to see each one. Then, for each audience, the audience view itself
(every field of it, as ``repr`` prints it), ``show --format json`` and the
calendar (unfolded, so a fold cannot hide a marker) must not contain a marker
that audience may not see; the calendar must contain every marker it may see
that a calendar shows, and exactly the events it may see, as read by ical.js,
vobject, icalendar and (where installed) libical.

The generator knows every field of the model: ``GENERATED`` lists, per model,
the fields it writes, and a test fails when the model has a field that is not
listed, so a field added later is generated (and so checked) from the start.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from tests.exportsupport import NOW, seen_many, unfold
from tourctl import model
from tourctl.core import ShowResult
from tourctl.export.build import calendars_of
from tourctl.export.calendar import _decimal
from tourctl.export.identity import event_uid
from tourctl.model import Plan, Visibility
from tourctl.report.itinerary import ItineraryJson
from tourctl.report.streams import Streams
from tourctl.view import PlanView, audience_view
from tourctl.view.audience import FIELD_RULES

GENERATED: dict[str, set[str]] = {
    "Plan": {"version", "tour", "people", "venues", "events", "ignore"},
    "Tour": {"id", "title", "organizer", "description", "timezone"},
    "Organizer": {"name", "email", "website"},
    "Person": {"id", "name", "role"},
    "Venue": {
        "id",
        "name",
        "city",
        "country",
        "timezone",
        "address_visibility",
        "accessibility",
        "address",
        "coordinates",
        "capacity",
        "contacts",
    },
    "Contact": {"name", "role", "email", "phone", "website", "visibility"},
    "Event": {
        "id",
        "title",
        "venue",
        "date",
        "visibility",
        "status",
        "speakers",
        "description",
        "notes",
        "registration",
        "format",
        "languages",
        "all_day",
        "start",
        "duration",
        "end",
        "doors",
    },
}
"""The fields the generator below writes, per model."""

MODELS: dict[str, type[BaseModel]] = {
    "Plan": model.Plan,
    "Tour": model.Tour,
    "Organizer": model.Organizer,
    "Person": model.Person,
    "Venue": model.Venue,
    "Contact": model.Contact,
    "Event": model.Event,
}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_the_generator_and_the_view_know_every_field_of_the_model(name: str) -> None:
    fields = set(MODELS[name].model_fields)
    assert GENERATED[name] == fields, "teach the leak test's generator the new field"
    assert set(FIELD_RULES[name]) == fields, "say in view.audience.FIELD_RULES who sees it"


LEVELS = list(Visibility)
NEVER = len(LEVELS)
"""The level of something no audience sees (a venue without events)."""

ZONES = [
    ("CZ", "Europe/Prague"),
    ("GE", "Asia/Tbilisi"),
    ("US", "America/New_York"),
    ("AU", "Australia/Sydney"),
]


@dataclass
class Secrets:
    """Markers → the rank of the least audience that may see them."""

    level: dict[str, int] = field(default_factory=dict)
    counter: int = 0

    def marker(self) -> str:
        self.counter += 1
        return f"SECRET{self.counter:04d}X"


@dataclass
class Generated:
    plan: dict[str, Any]
    secrets: dict[str, int]
    events: dict[str, int]
    """Event key → the rank of the least audience that sees it."""


visibility = st.sampled_from(LEVELS)


@st.composite
def venues(draw: st.DrawFn, index: int, secrets: Secrets) -> dict[str, Any]:
    country, zone = draw(st.sampled_from(ZONES))
    venue: dict[str, Any] = {
        "id": f"v{index}",
        "name": f"Hall {secrets.marker()}",
        "city": f"Town {secrets.marker()}",
        "country": country,
        "timezone": zone,
        "address_visibility": draw(visibility).value,
        "accessibility": f"Ramp; {secrets.marker()}\nlift",
        "capacity": draw(st.integers(1, 500)),
    }
    if draw(st.booleans()):
        venue["address"] = f"Street {secrets.marker()}, 1; floor: 2"
    if draw(st.booleans()):
        micro = draw(st.integers(1, 999_999))
        # Negative latitudes and three-digit longitudes: no marker can be part of another.
        venue["coordinates"] = [
            round(-(10 + index + micro / 1e6), 6),
            round(120 + index + micro / 1e6, 6),
        ]
    venue["contacts"] = [
        {
            "name": f"Ms {secrets.marker()}",
            "role": f"host {secrets.marker()}",
            "email": f"{secrets.marker()}@example.org",
            "phone": f"+1 {secrets.marker()}",
            "website": f"https://example.org/{secrets.marker()}",
            "visibility": draw(visibility).value,
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    return venue


@st.composite
def events(draw: st.DrawFn, index: int, venue_count: int, secrets: Secrets) -> dict[str, Any]:
    day = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 1500)))
    event: dict[str, Any] = {
        "id": f"e{index}",
        "title": f"Talk, part {index}; {secrets.marker()}: more",
        "venue": f"v{draw(st.integers(0, venue_count - 1))}",
        "date": day.isoformat(),
        "visibility": draw(visibility).value,
        "status": draw(st.sampled_from(["confirmed", "tentative", "cancelled"])),
        "speakers": [f"p{index}"],
        "description": f"About {secrets.marker()},\nthen questions.",
        "notes": f"Keys: {secrets.marker()}",
        "registration": f"https://example.org/r/{secrets.marker()}",
        "format": draw(st.sampled_from(["discussion", "lecture", "workshop", "other"])),
        "languages": draw(st.lists(st.sampled_from(["en", "ru", "cs", "de"]), max_size=2)),
    }
    if draw(st.booleans()):
        event["all_day"] = True
    else:
        hour, minute = draw(st.integers(8, 20)), draw(st.sampled_from([0, 15, 30]))
        event["start"] = f"{hour:02d}:{minute:02d}"
        if draw(st.booleans()):
            event["duration"] = f"{draw(st.integers(30, 180))}m"
        else:
            event["end"] = f"{hour + 2:02d}:{minute:02d}"
        if draw(st.booleans()):
            event["doors"] = f"{hour - 1:02d}:{minute:02d}"
    return event


@st.composite
def plans(draw: st.DrawFn) -> Generated:
    secrets = Secrets()
    venue_list = [draw(venues(i, secrets)) for i in range(draw(st.integers(1, 3)))]
    event_list = [draw(events(i, len(venue_list), secrets)) for i in range(draw(st.integers(1, 6)))]
    plan = {
        "version": 1,
        "tour": {
            "id": "leak-test",
            "title": f"Leak test {secrets.marker()}",
            "organizer": {
                "name": f"Org {secrets.marker()}",
                "email": f"{secrets.marker()}@example.org",
                "website": f"https://example.org/{secrets.marker()}",
            },
            "description": f"A tour; {secrets.marker()}",
            "timezone": "Europe/Prague",
        },
        "people": [
            {"id": f"p{i}", "name": f"Speaker {secrets.marker()}", "role": f"r {secrets.marker()}"}
            for i in range(6)
        ],
        "venues": venue_list,
        "events": event_list,
        "ignore": [secrets.marker()],
    }
    _check_generated(plan)
    return Generated(plan, _levels(plan), {e["id"]: _rank(e["visibility"]) for e in event_list})


def _check_generated(plan: dict[str, Any]) -> None:
    """What the generator writes stays within ``GENERATED`` (so that table is honest)."""
    items = [
        ("Plan", plan),
        ("Tour", plan["tour"]),
        ("Organizer", plan["tour"]["organizer"]),
        *(("Person", p) for p in plan["people"]),
        *(("Venue", v) for v in plan["venues"]),
        *(("Contact", c) for v in plan["venues"] for c in v["contacts"]),
        *(("Event", e) for e in plan["events"]),
    ]
    for name, item in items:
        assert set(item) <= GENERATED[name], (name, set(item) - GENERATED[name])


def _rank(value: str) -> int:
    return Visibility(value).rank


def _levels(plan: dict[str, Any]) -> dict[str, int]:
    """Each marker → the least audience that may see it, straight from SPEC's table."""
    levels: dict[str, int] = {}

    def mark(text: str, level: int) -> None:
        for word in text.replace("@", " ").replace("/", " ").replace(",", " ").split():
            if word.startswith("SECRET"):
                levels[word.rstrip(";:,")] = level

    tour = plan["tour"]
    for text in (tour["title"], tour["description"], *tour["organizer"].values()):
        mark(text, 0)
    for code in plan["ignore"]:
        mark(code, NEVER)
    seen_at: dict[str, int] = {}  # venue / person → least audience that sees an event there
    for event in plan["events"]:
        level = _rank(event["visibility"])
        for text in (event["title"], event["description"], event["registration"]):
            mark(text, level)
        mark(event["notes"], max(level, Visibility.TEAM.rank))
        for key in (event["venue"], *event["speakers"]):
            seen_at[key] = min(seen_at.get(key, NEVER), level)
    for person in plan["people"]:
        mark(person["name"], seen_at.get(person["id"], NEVER))
        mark(person["role"], NEVER)
    for venue in plan["venues"]:
        shown = seen_at.get(venue["id"], NEVER)
        for text in (venue["name"], venue["city"], venue["accessibility"]):
            mark(text, shown)
        where = max(shown, _rank(venue["address_visibility"]))
        mark(venue.get("address", ""), where)
        for value in venue.get("coordinates", []):
            levels[_decimal(value)] = levels[repr(value)] = where
        for contact in venue["contacts"]:
            level = max(shown, _rank(contact["visibility"]))
            for key in ("name", "role", "email", "phone", "website"):
                mark(contact[key], level)
    return levels


def _not_in_calendars(plan: dict[str, Any], *, with_events: bool) -> set[str]:
    """Markers a calendar never shows, even to an audience that may see them.

    The organizer is named in each event (ORGANIZER), so not in a calendar without any.
    """
    organizer = plan["tour"]["organizer"]
    words = [organizer["website"], *(p["role"] for p in plan["people"])]
    if not with_events:
        words += [organizer["name"], organizer["email"].replace("@", "/")]
    return {w for text in words for w in text.replace("/", " ").split() if w.startswith("SECRET")}


def _show_json(view: PlanView) -> str:
    out = io.StringIO()
    ItineraryJson().report(ShowResult(view), Streams(out, io.StringIO()))
    return out.getvalue()


def _leaked(text: str, generated: Generated, audience: Visibility) -> list[str]:
    return sorted(
        m for m, level in generated.secrets.items() if level > audience.rank and m in text
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plans())
def test_no_output_holds_what_its_audience_may_not_see(generated: Generated) -> None:
    plan = Plan.model_validate(generated.plan)
    views = [audience_view(plan, audience) for audience in LEVELS]
    ics = [calendars_of(view, now=NOW, previous={})[0].data for view in views]
    parsed = seen_many(ics)
    for audience, view, data, calendar in zip(LEVELS, views, ics, parsed, strict=True):
        absent = _not_in_calendars(generated.plan, with_events=bool(view.events))
        assert _leaked(repr(view), generated, audience) == [], f"{audience} view leaks"
        assert _leaked(_show_json(view), generated, audience) == [], f"{audience} show leaks"
        text = unfold(data)
        assert _leaked(text, generated, audience) == [], f"{audience.value} calendar leaks"
        hidden = sorted(
            m
            for m, level in generated.secrets.items()
            if level <= audience.rank and m not in text and m not in absent
        )
        assert hidden == [], f"{audience.value} export lacks {hidden}"
        expected = {
            event_uid("leak-test", key)
            for key, level in generated.events.items()
            if level <= audience.rank
        }
        assert {e["uid"] for e in calendar["events"]} == expected
        assert len(calendar["events"]) == len(expected)
