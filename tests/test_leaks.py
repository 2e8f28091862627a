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
import json
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
from tourctl.daysheets import build
from tourctl.export.build import calendars_of
from tourctl.export.calendar import _decimal
from tourctl.export.identity import event_uid
from tourctl.model import Plan, Visibility
from tourctl.model.plan import PublishSettings
from tourctl.report.daysheet import document, render_html, render_markdown, render_text
from tourctl.report.itinerary import ItineraryJson
from tourctl.report.streams import Streams
from tourctl.view import PlanView, audience_view
from tourctl.view.audience import FIELD_RULES

GENERATED: dict[str, set[str]] = {
    "Plan": {
        "version",
        "tour",
        "people",
        "venues",
        "events",
        "travel",
        "stays",
        "publish",
        "ignore",
    },
    "PublishSettings": {"rotate"},
    "Tour": {"id", "title", "organizer", "description", "timezone"},
    "Organizer": {"name", "email", "website"},
    "Person": {"id", "name", "role", "visibility", "public_name", "phone", "email"},
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
        "ignore",
    },
    "Contact": {"name", "role", "email", "phone", "website", "visibility"},
    "Event": {
        "id",
        "title",
        "venue",
        "date",
        "visibility",
        "announce",
        "status",
        "speakers",
        "crew",
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
        "ignore",
    },
    "Leg": {
        "id",
        "people",
        "mode",
        "from_",
        "to",
        "depart",
        "arrive",
        "reference",
        "booking",
        "notes",
        "visibility",
    },
    "Stay": {
        "id",
        "people",
        "name",
        "city",
        "country",
        "address",
        "timezone",
        "coordinates",
        "check_in",
        "check_out",
        "phone",
        "booking",
        "notes",
        "visibility",
    },
    "PlaceRef": {"city", "country", "station", "address", "timezone", "coordinates"},
}
"""The fields the generator below writes, per model (``from_`` is written ``from``)."""

MODELS: dict[str, type[BaseModel]] = {
    "Plan": model.Plan,
    "Tour": model.Tour,
    "Organizer": model.Organizer,
    "Person": model.Person,
    "Venue": model.Venue,
    "Contact": model.Contact,
    "Event": model.Event,
    "Leg": model.Leg,
    "Stay": model.Stay,
    "PlaceRef": model.PlaceRef,
    "PublishSettings": PublishSettings,
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
    """Event, leg and stay key → the rank of the least audience that sees it."""
    today: date


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
        "accessibility": f"Ramp; {secrets.marker()}\nlift",
        "capacity": draw(st.integers(1, 500)),
        "ignore": [secrets.marker()],
    }
    if draw(st.booleans()):  # else SPEC's default, partners
        venue["address_visibility"] = draw(visibility).value
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
        "speakers": [f"p{index % 6}"],
        "crew": [f"p{(index + 3) % 6}"],
        "description": f"About {secrets.marker()},\nthen questions.",
        "notes": f"Keys: {secrets.marker()}",
        "registration": f"https://example.org/r/{secrets.marker()}",
        "format": draw(st.sampled_from(["discussion", "lecture", "workshop", "other"])),
        "announce": (day - timedelta(days=draw(st.integers(-3, 60)))).isoformat(),
        "languages": draw(st.lists(st.sampled_from(["en", "ru", "cs", "de"]), max_size=2)),
        "ignore": [secrets.marker()],
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


travel_visibility = st.sampled_from(["team", "partners"])


@st.composite
def place_refs(draw: st.DrawFn, secrets: Secrets) -> dict[str, Any]:
    country, zone = draw(st.sampled_from(ZONES))
    return {
        "city": f"Town {secrets.marker()}",
        "country": country,
        "station": f"Station {secrets.marker()}",
        "address": f"Platform {secrets.marker()}",
        "timezone": zone,
        "coordinates": [-(1 + draw(st.integers(0, 50))), 100 + draw(st.integers(0, 50))],
    }


@st.composite
def legs(draw: st.DrawFn, index: int, venue_count: int, secrets: Secrets) -> dict[str, Any]:
    def end() -> Any:
        if draw(st.booleans()):
            return f"v{draw(st.integers(0, venue_count - 1))}"
        return draw(place_refs(secrets))

    day = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 1500)))
    return {
        "id": f"l{index}",
        "people": draw(
            st.lists(
                st.sampled_from([f"p{i}" for i in range(6)]), min_size=1, max_size=3, unique=True
            )
        ),
        "mode": draw(st.sampled_from(["train", "bus", "flight", "car", "ferry", "other"])),
        "from": end(),
        "to": end(),
        "depart": f"{day.isoformat()} 08:00",
        "arrive": f"{day.isoformat()} 20:00",
        "reference": f"EC {secrets.marker()}",
        "booking": f"B{secrets.marker()}",
        "notes": f"Seat {secrets.marker()}",
        "visibility": draw(travel_visibility),
    }


@st.composite
def stays(draw: st.DrawFn, index: int, secrets: Secrets) -> dict[str, Any]:
    country, zone = draw(st.sampled_from(ZONES))
    day = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 1500)))
    return {
        "id": f"s{index}",
        "people": draw(
            st.lists(
                st.sampled_from([f"p{i}" for i in range(6)]), min_size=1, max_size=3, unique=True
            )
        ),
        "name": f"Hotel {secrets.marker()}",
        "city": f"Town {secrets.marker()}",
        "country": country,
        "address": f"Lane {secrets.marker()}",
        "timezone": zone,
        "coordinates": [-(1 + draw(st.integers(0, 50))), 100 + draw(st.integers(0, 50))],
        "check_in": day.isoformat(),
        "check_out": f"{(day + timedelta(days=2)).isoformat()} 10:00",
        "phone": f"+1 {secrets.marker()}",
        "booking": f"B{secrets.marker()}",
        "notes": f"Key {secrets.marker()}",
        "visibility": draw(travel_visibility),
    }


@st.composite
def people(draw: st.DrawFn, index: int, secrets: Secrets) -> dict[str, Any]:
    person: dict[str, Any] = {
        "id": f"p{index}",
        "name": f"Speaker {secrets.marker()}",
        "role": f"r {secrets.marker()}",
        "visibility": draw(visibility).value,
        "phone": f"+1 {secrets.marker()}",
        "email": f"{secrets.marker()}@example.org",
    }
    if draw(st.booleans()):
        person["public_name"] = f"a guest {secrets.marker()}"
    return person


@st.composite
def plans(draw: st.DrawFn) -> Generated:
    secrets = Secrets()
    venue_list = [draw(venues(i, secrets)) for i in range(draw(st.integers(1, 3)))]
    event_list = [draw(events(i, len(venue_list), secrets)) for i in range(draw(st.integers(1, 6)))]
    person_list = [draw(people(i, secrets)) for i in range(6)]
    leg_list = [draw(legs(i, len(venue_list), secrets)) for i in range(draw(st.integers(0, 3)))]
    stay_list = [draw(stays(i, secrets)) for i in range(draw(st.integers(0, 3)))]
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
        "people": person_list,
        "venues": venue_list,
        "events": event_list,
        "travel": leg_list,
        "stays": stay_list,
        "publish": {"rotate": {"partners": draw(st.integers(0, 2))}},
        "ignore": [secrets.marker()],
    }
    _check_generated(plan)
    today = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 1500)))
    items = {e["id"]: _event_rank(e, today) for e in event_list}
    items |= {item["id"]: _rank(item["visibility"]) for item in (*leg_list, *stay_list)}
    return Generated(plan, _levels(plan, today), items, today)


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
        *(("Leg", {**leg, "from_": leg["from"]}) for leg in plan["travel"]),
        *(("Stay", s) for s in plan["stays"]),
        ("PublishSettings", plan["publish"]),
        *(
            ("PlaceRef", e)
            for leg in plan["travel"]
            for e in (leg["from"], leg["to"])
            if isinstance(e, dict)
        ),
    ]
    for name, item in items:
        keys = set(item) - ({"from"} if name == "Leg" else set())
        assert keys <= GENERATED[name], (name, keys - GENERATED[name])


def _rank(value: str) -> int:
    return Visibility(value).rank


def _event_rank(event: dict[str, Any], today: date) -> int:
    """The least audience that sees an event: the public only once it is announced."""
    rank = _rank(event["visibility"])
    if rank == 0 and date.fromisoformat(event["announce"]) > today:
        return Visibility.PARTNERS.rank
    return rank


def _levels(plan: dict[str, Any], today: date) -> dict[str, int]:
    """Each marker → the least audience that may see it, straight from SPEC's tables."""
    levels: dict[str, int] = {}
    team = Visibility.TEAM.rank

    def mark(text: str, level: int) -> None:
        for word in text.replace("@", " ").replace("/", " ").replace(",", " ").split():
            if word.startswith("SECRET"):
                levels[word.rstrip(";:,")] = min(level, levels.get(word.rstrip(";:,"), NEVER))

    tour = plan["tour"]
    for text in (tour["title"], tour["description"], *tour["organizer"].values()):
        mark(text, 0)
    for item in [plan, *plan["venues"], *plan["events"]]:
        for code in item["ignore"]:
            mark(code, NEVER)
    seen_at: dict[str, int] = {}  # venue / person → least audience that sees an item naming it

    def seen(key: str, level: int) -> None:
        seen_at[key] = min(seen_at.get(key, NEVER), level)

    for event in plan["events"]:
        level = _event_rank(event, today)
        for text in (event["title"], event["description"], event["registration"]):
            mark(text, level)
        mark(event["notes"], max(level, team))
        for key in (event["venue"], *event["speakers"]):
            seen(key, level)
        for key in event["crew"]:
            seen(key, max(level, team))
    for leg in plan["travel"]:
        level = _rank(leg["visibility"])
        mark(leg["reference"], level)
        mark(leg["booking"], team)
        mark(leg["notes"], team)
        for person in leg["people"]:
            seen(person, level)
        for end in (leg["from"], leg["to"]):
            if isinstance(end, dict):
                mark(end["city"], level)
                mark(end["station"], level)
                mark(end["address"], NEVER)
            else:
                seen(f"{end} (city)", level)  # a venue end shows its city
                seen(f"{end} (name)", team)
    for stay in plan["stays"]:
        level = _rank(stay["visibility"])
        for key in ("name", "city", "address", "phone"):
            mark(stay[key], level)
        mark(stay["booking"], team)
        mark(stay["notes"], team)
        for person in stay["people"]:
            seen(person, level)
    for person in plan["people"]:
        own = _rank(person["visibility"])
        appears = seen_at.get(person["id"], NEVER)
        mark(person["name"], min(team, max(own, appears)))  # the team sees everyone
        if "public_name" in person:
            mark(person["public_name"], appears)
        for key in ("role", "phone", "email"):
            mark(person[key], team)
    for venue in plan["venues"]:
        shown = seen_at.get(venue["id"], NEVER)
        mark(venue["name"], min(shown, seen_at.get(f"{venue['id']} (name)", NEVER)))
        mark(venue["accessibility"], shown)
        mark(venue["city"], min(shown, seen_at.get(f"{venue['id']} (city)", NEVER)))
        # Without `address_visibility`, SPEC's default: partners (private unless said).
        where = max(shown, _rank(venue.get("address_visibility", "partners")))
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
    words = [organizer["website"]]
    for person in plan["people"]:  # names only where an item names them; the rest never
        words += [
            person[key]
            for key in ("name", "role", "phone", "email", "public_name")
            if key in person
        ]
    words += [
        end["address"]
        for leg in plan["travel"]
        for end in (leg["from"], leg["to"])
        if isinstance(end, dict)
    ]
    if not with_events:
        words += [organizer["name"], organizer["email"]]
    tokens = (w for text in words for w in text.replace("/", " ").replace("@", " ").split())
    return {w for w in tokens if w.startswith("SECRET")}


def _show_json(view: PlanView) -> str:
    out = io.StringIO()
    ItineraryJson().report(ShowResult(view), Streams(out, io.StringIO()))
    return out.getvalue()


def _day_sheets(view: PlanView) -> list[str]:
    """The view's day sheets in every format (and per person, for those it names)."""
    sheets = [build(view)] + [build(view, person=key) for key in view.person_keys()[:2]]
    renderers = (render_text, render_markdown, render_html, lambda s: json.dumps(document(s)))
    return [render(sheet) for sheet in sheets for render in renderers]


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
    views = [audience_view(plan, audience, today=generated.today) for audience in LEVELS]
    ics = [calendars_of(view, now=NOW, previous={})[0].data for view in views]
    parsed = seen_many(ics)
    for audience, view, data, calendar in zip(LEVELS, views, ics, parsed, strict=True):
        absent = _not_in_calendars(generated.plan, with_events=bool(view.events))
        assert _leaked(repr(view), generated, audience) == [], f"{audience} view leaks"
        assert _leaked(_show_json(view), generated, audience) == [], f"{audience} show leaks"
        for sheet in _day_sheets(view):
            assert _leaked(sheet, generated, audience) == [], f"{audience} day sheet leaks"
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
        }  # events, legs and stays alike
        assert {e["uid"] for e in calendar["events"]} == expected
        assert len(calendar["events"]) == len(expected)
    _site_leaks(plan, generated)


def _site_leaks(plan: Plan, generated: Generated) -> None:
    """Every file a published site serves openly holds only what the public may see."""
    import tempfile
    from pathlib import Path

    from tourctl.publish.keys import FeedKey
    from tourctl.publish.site import publish_site

    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        key = FeedKey(b"leak test key, long enough to be one", "test")
        publish_site(plan, key, site, now=NOW, today=generated.today, base_url=None)
        for path in site.rglob("*"):
            relative = path.relative_to(site).as_posix()
            if not path.is_file() or (relative.startswith("feeds/") and relative.endswith(".ics")):
                continue
            text = path.read_bytes().decode("utf-8").replace("\r\n ", "")
            assert _leaked(text, generated, Visibility.PUBLIC) == [], f"site's {relative} leaks"


@st.composite
def plan_pairs(draw: st.DrawFn) -> tuple[Generated, Generated]:
    """A generated plan and a later version of it: events re-scoped, moved, dropped;
    people's names hidden or shown; legs and stays raised or lowered."""
    import copy

    first = draw(plans())
    plan = copy.deepcopy(first.plan)
    for event in plan["events"]:
        if draw(st.booleans()):
            event["visibility"] = draw(visibility).value
        if draw(st.booleans()):
            day = date.fromisoformat(event["date"]) + timedelta(days=draw(st.integers(-3, 3)))
            event["date"] = day.isoformat()
        if draw(st.booleans()):
            event["status"] = draw(st.sampled_from(["confirmed", "tentative", "cancelled"]))
    plan["events"] = [e for e in plan["events"] if draw(st.integers(0, 4)) != 0]
    for person in plan["people"]:
        if draw(st.booleans()):
            person["visibility"] = draw(visibility).value
    for item in (*plan["travel"], *plan["stays"]):
        if draw(st.booleans()):
            item["visibility"] = draw(travel_visibility)
    items = {e["id"]: _event_rank(e, first.today) for e in plan["events"]}
    second = Generated(plan, _levels(plan, first.today), items, first.today)
    return first, second


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plan_pairs())
def test_no_diff_section_holds_what_its_audience_saw_in_neither_version(
    pair: tuple[Generated, Generated],
) -> None:
    from tourctl.changes.diff import diff_plans
    from tourctl.changes.words import describe
    from tourctl.report.diff import change_json

    old, new = pair
    result = diff_plans(
        Plan.model_validate(old.plan),
        Plan.model_validate(new.plan),
        old_name="old",
        new_name="new",
        today=old.today,
        now=NOW,
    )
    for section in result.sections:
        rank = section.audience.rank
        text = "\n".join(
            [describe(c) for c in section.changes]
            + [json.dumps(change_json(c)) for c in section.changes]
            + [section.label, section.feed]
        )
        leaked = sorted(
            marker
            for marker in {*old.secrets, *new.secrets}
            if old.secrets.get(marker, NEVER) > rank
            and new.secrets.get(marker, NEVER) > rank
            and marker in text
        )
        assert leaked == [], f"the {section.feed} section leaks {leaked}"
