"""No leak, as a property: over generated plans, no calendar holds what its audience may not see.

Every text field of a generated plan holds a unique marker (``SECRET0042X``),
and the test works out, from SPEC.md's audience table, the least audience
allowed to see each one. Then, for each audience, the export (unfolded, so a
fold cannot hide a marker) must contain exactly the markers that audience may
see, and exactly the events it may see, as read by ical.js, vobject and
icalendar. Coordinates are checked as GEO writes them and as Python prints them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.exportsupport import export, seen_many, unfold
from tourctl.export.calendar import _decimal
from tourctl.export.identity import event_uid
from tourctl.model import Plan, Visibility

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
    }
    if draw(st.booleans()):
        event["all_day"] = True
    else:
        event["start"] = f"{draw(st.integers(8, 20)):02d}:{draw(st.sampled_from([0, 15, 30])):02d}"
        event["duration"] = f"{draw(st.integers(30, 240))}m"
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
            "title": "Leak test",
            "organizer": {"name": "Org", "email": "org@example.org"},
        },
        "people": [{"id": f"p{i}", "name": f"Speaker {secrets.marker()}"} for i in range(6)],
        "venues": venue_list,
        "events": event_list,
    }
    return Generated(plan, _levels(plan), {e["id"]: _rank(e["visibility"]) for e in event_list})


def _rank(value: str) -> int:
    return Visibility(value).rank


def _levels(plan: dict[str, Any]) -> dict[str, int]:
    """Each marker → the least audience that may see it, straight from SPEC's table."""
    levels: dict[str, int] = {}

    def mark(text: str, level: int) -> None:
        for word in text.replace("@", " ").replace("/", " ").replace(",", " ").split():
            if word.startswith("SECRET"):
                levels[word.rstrip(";:,")] = level

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


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plans())
def test_no_calendar_holds_what_its_audience_may_not_see(generated: Generated) -> None:
    plan = Plan.model_validate(generated.plan)
    calendars = [export(plan, audience) for audience in LEVELS]
    parsed = seen_many(calendars)
    for audience, ics, calendar in zip(LEVELS, calendars, parsed, strict=True):
        text = unfold(ics)
        leaked = sorted(
            m for m, level in generated.secrets.items() if level > audience.rank and m in text
        )
        assert leaked == [], f"{audience.value} export leaks {leaked}"
        hidden = sorted(
            m for m, level in generated.secrets.items() if level <= audience.rank and m not in text
        )
        assert hidden == [], f"{audience.value} export lacks {hidden}"
        expected = {
            event_uid("leak-test", key)
            for key, level in generated.events.items()
            if level <= audience.rank
        }
        assert {e["uid"] for e in calendar["events"]} == expected
        assert len(calendar["events"]) == len(expected)
