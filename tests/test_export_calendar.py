"""The calendar file itself: properties, times in every kind of zone, escaping and injection."""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.exportsupport import export, plan_dict, seen, seen_many, unfold
from tourctl.export.calendar import _Writer
from tourctl.export.vtimezone import vtimezone_ical
from tourctl.model import Plan, Visibility

FULL_EVENT = {
    "id": "evening",
    "doors": "18:30",
    "format": "discussion",
    "languages": ["en", "cs"],
    "speakers": ["ana"],
    "status": "confirmed",
    "registration": "https://example.org/register",
    "description": "An open conversation.\nWith questions.",
    "notes": "Keys from Jana.",
}


def lines_of(ics: bytes) -> list[str]:
    return unfold(ics).split("\r\n")


def event_lines(ics: bytes) -> list[list[str]]:
    """Each VEVENT's content lines from BEGIN:VEVENT on (END excluded), in file order."""
    events: list[list[str]] = []
    current: list[str] | None = None
    for line in lines_of(ics):
        if line == "BEGIN:VEVENT":
            current = [line]
        elif current is not None and line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return events


def test_a_timed_event_has_every_property_in_order() -> None:
    ics = export(plan_dict(FULL_EVENT, coordinates=[50.087, 14.421]), Visibility.TEAM)
    (lines,) = event_lines(ics)
    names = [re.split("[;:]", line, maxsplit=1)[0] for line in lines]
    assert names == [
        "BEGIN",
        "UID",
        "DTSTAMP",
        "SEQUENCE",
        "DTSTART",
        "DTEND",
        "SUMMARY",
        "LOCATION",
        "GEO",
        "DESCRIPTION",
        "URL",
        "ORGANIZER",
        "CATEGORIES",
        "STATUS",
        "TRANSP",
        "CLASS",
    ]
    assert "DTSTART;TZID=Europe/Prague:20240715T190000" in lines
    assert "DTEND;TZID=Europe/Prague:20240715T210000" in lines
    assert "DTSTAMP:20240401T120000Z" in lines
    assert "SEQUENCE:0" in lines
    assert "GEO:50.087;14.421" in lines
    assert "ORGANIZER;CN=Organizer:mailto:tour@example.org" in lines
    (event,) = seen(ics)["events"]
    assert (event["start"], event["end"]) == ("2024-07-15T17:00:00Z", "2024-07-15T19:00:00Z")
    assert event["summary"] == "An evening"
    assert event["location"] == "The Hall, Prague, Czech Republic"
    assert event["url"] == "https://example.org/register"
    assert event["categories"] == ["discussion"]
    assert (event["status"], event["transp"]) == ("CONFIRMED", "OPAQUE")
    assert event["geo"] == [50.087, 14.421]
    assert event["description"] == (
        "An open conversation.\nWith questions.\n\n"
        "Format: discussion\nLanguages: en, cs\nSpeakers: Ana Speaker\nDoors open: 18:30\n"
        "Registration: https://example.org/register\n\n"
        "Team notes:\nKeys from Jana."
    )


def test_calendar_header_and_one_vtimezone_per_zone_used() -> None:
    plan = plan_dict({"title": "A"}, {"title": "B", "date": "2024-12-01"})
    plan["venues"].append(
        {
            "id": "ny",
            "name": "NY Hall",
            "city": "New York",
            "country": "US",
            "timezone": "America/New_York",
        }
    )
    plan["venues"].append({"id": "unused", "name": "U", "city": "Oslo", "country": "NO"})
    plan["events"].append({"title": "C", "venue": "ny", "date": "2024-03-01", "all_day": True})
    plan["events"].append(
        {"title": "D", "venue": "ny", "date": "2024-08-01", "start": "10:00", "duration": "1h"}
    )
    ics = export(plan)
    text = unfold(ics)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tourctl//tourctl ")
    assert (
        "\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nNAME:Test tour\r\nX-WR-CALNAME:Test tour\r\n"
        in text
    )
    assert text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VTIMEZONE") == 2
    parsed = seen(ics)
    assert parsed["timezones"] == ["America/New_York", "Europe/Prague"]
    # Events in time order, all-day first on their day: the file is deterministic.
    assert [e["summary"] for e in parsed["events"]] == ["C", "A", "D", "B"]


def test_an_all_day_item_is_a_date_with_exclusive_end_and_is_transparent() -> None:
    ics = export(plan_dict({"all_day": True, "start": None, "end": None, "title": "Travel"}))
    (lines,) = event_lines(ics)
    assert "DTSTART;VALUE=DATE:20240715" in lines
    assert "DTEND;VALUE=DATE:20240716" in lines
    assert "TRANSP:TRANSPARENT" in lines
    parsed = seen(ics)
    assert parsed["timezones"] == []  # no TZID, so no VTIMEZONE
    (event,) = parsed["events"]
    assert event["all_day"] is True
    assert (event["start_date"], event["end_date"]) == ("2024-07-15", "2024-07-16")


# Both halves of the year, both hemispheres, half-hour and no-DST zones.
ZONE_CASES = [
    ("Europe/Prague", "CZ", "Prague", "2024-01-15", "2024-01-15T18:00:00Z"),
    ("Europe/Prague", "CZ", "Prague", "2024-07-15", "2024-07-15T17:00:00Z"),
    ("Europe/Oslo", "NO", "Oslo", "2030-07-15", "2030-07-15T17:00:00Z"),
    ("Europe/Kyiv", "UA", "Kyiv", "2024-07-15", "2024-07-15T16:00:00Z"),
    ("Europe/London", "GB", "London", "2024-12-15", "2024-12-15T19:00:00Z"),
    ("America/New_York", "US", "New York", "2024-07-15", "2024-07-15T23:00:00Z"),
    ("America/New_York", "US", "New York", "2024-12-15", "2024-12-16T00:00:00Z"),
    ("Australia/Sydney", "AU", "Sydney", "2024-01-15", "2024-01-15T08:00:00Z"),
    ("Australia/Sydney", "AU", "Sydney", "2024-07-15", "2024-07-15T09:00:00Z"),
    ("Asia/Kolkata", "IN", "Mumbai", "2024-07-15", "2024-07-15T13:30:00Z"),
    ("Asia/Tbilisi", "GE", "Tbilisi", "2024-05-16", "2024-05-16T15:00:00Z"),
]


def test_local_times_read_as_the_same_instant_by_every_parser() -> None:
    calendars = []
    for zone, country, city, day, _ in ZONE_CASES:
        plan = plan_dict(
            {"date": day, "duration": "2h", "end": None},
            city=city,
            country=country,
            timezone=zone,
        )
        calendars.append(export(plan))
    for (zone, *_, expected), parsed in zip(ZONE_CASES, seen_many(calendars), strict=True):
        (event,) = parsed["events"]
        assert event["start"] == expected, zone
        assert event["start_tzid"] == zone


def test_a_duration_past_midnight_ends_the_next_day() -> None:
    ics = export(plan_dict({"start": "23:00", "end": None, "duration": "2h"}))
    (lines,) = event_lines(ics)
    assert "DTEND;TZID=Europe/Prague:20240716T010000" in lines
    (event,) = seen(ics)["events"]
    assert event["end"] == "2024-07-15T23:00:00Z"


def test_an_event_that_ends_in_the_fold_is_written_in_utc() -> None:
    """Berlin, 26 October 2025, 01:30 plus 2h ends at the *second* 02:30 (issue 10)."""
    berlin = {"city": "Berlin", "country": "DE", "timezone": "Europe/Berlin"}
    plan = plan_dict(
        {"date": "2025-10-26", "start": "01:30", "end": None, "duration": "2h"}, **berlin
    )
    ics = export(plan)
    (lines,) = event_lines(ics)
    assert "DTSTART:20251025T233000Z" in lines  # both ends, or Radicale ends it an hour late
    assert "DTEND:20251026T013000Z" in lines
    parsed = seen(ics)
    assert parsed["timezones"] == []  # no TZID left, so no VTIMEZONE
    (event,) = parsed["events"]
    assert (event["start"], event["end"]) == ("2025-10-25T23:30:00Z", "2025-10-26T01:30:00Z")


def test_the_dst_fold_plan_is_an_hour_long_not_zero() -> None:
    """02:30 plus an hour in Prague's repeated hour: the first 02:30 to the second."""
    plan = plan_dict({"date": "2024-10-27", "start": "02:30", "end": None, "duration": "1h"})
    plan["events"].append(
        {"title": "later", "venue": "hall", "date": "2024-10-28", "start": "19:00", "end": "20:00"}
    )
    ics = export(plan)
    first, second = event_lines(ics)
    assert {"DTSTART:20241027T003000Z", "DTEND:20241027T013000Z"} <= set(first)
    assert "DTSTART;TZID=Europe/Prague:20241028T190000" in second
    night, later = seen(ics)["events"]
    assert (night["start"], night["end"]) == ("2024-10-27T00:30:00Z", "2024-10-27T01:30:00Z")
    assert later["start_tzid"] == "Europe/Prague"


def test_a_start_in_the_gap_is_written_in_utc_at_the_instant_rfc_5545_gives() -> None:
    """Only a plan whose dst-gap error is overridden gets here: 02:30 reads as 03:30."""
    plan = plan_dict({"date": "2024-03-31", "start": "02:30", "end": "04:00"})
    ics = export(plan)
    (lines,) = event_lines(ics)
    assert "DTSTART:20240331T013000Z" in lines
    assert "DTEND:20240331T020000Z" in lines


def test_a_zone_has_the_same_vtimezone_whatever_the_dates() -> None:
    """vobject and Radicale keep the first definition of a TZID they see (issue 10)."""

    def block(ics: bytes) -> str:
        text = ics.decode()
        return text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE")]

    calendars = [
        export(plan_dict({"date": day}, city="London", country="GB", timezone="Europe/London"))
        for day in ("1969-12-15", "2024-07-15", "2999-01-01")
    ]
    assert len({block(ics) for ics in calendars}) == 1


def test_a_utc_venue_is_written_in_utc_not_as_a_vanishing_tzid() -> None:
    ics = export(plan_dict({}, timezone="UTC", city="Reykjavik", country="IS"))
    (lines,) = event_lines(ics)
    assert "DTSTART:20240715T190000Z" in lines
    parsed = seen(ics)
    assert parsed["timezones"] == []
    assert parsed["events"][0]["start"] == "2024-07-15T19:00:00Z"


def test_geo_is_plain_decimal_never_exponent() -> None:
    ics = export(plan_dict({}, coordinates=[0.00001, -0.5], address_visibility="public"))
    assert "GEO:0.00001;-0.5" in lines_of(ics)
    assert seen(ics)["events"][0]["geo"] == [0.00001, -0.5]


def test_calendar_name_says_the_audience_except_for_public() -> None:
    names = [seen(export(plan_dict({}), audience))["name"] for audience in Visibility]
    assert names == ["Test tour", "Test tour (partners)", "Test tour (team)"]


def test_class_is_private_for_events_not_meant_for_the_public() -> None:
    plan = plan_dict({"title": "open"}, {"title": "closed", "visibility": "partners"})
    lines = [line for event in event_lines(export(plan, Visibility.PARTNERS)) for line in event]
    assert [line for line in lines if line.startswith("CLASS")] == ["CLASS:PUBLIC", "CLASS:PRIVATE"]


# --- nothing in the plan can write a property or a component of its own ------------------

INJECTIONS = [
    "BEGIN:VEVENT",
    "END:VCALENDAR",
    "SUMMARY:evil",
    "x;TZID=evil:1",
    'a "quoted", list; of: things',
    "back\\slash\\n",
    "^caret^' and ^^",
    "ünïcödé 💥 at the fold " * 5,
]


def test_single_line_fields_reject_line_breaks() -> None:
    for bad in ["x\nBEGIN:VEVENT", "x\r\nSUMMARY:evil", "x\rEND:VEVENT", "tab\there", "x\u2028y"]:
        with pytest.raises(ValidationError):
            Plan.model_validate(plan_dict({"title": bad}))
        with pytest.raises(ValidationError):
            Plan.model_validate(plan_dict({}, address=bad))
    with pytest.raises(ValidationError):
        Plan.model_validate(plan_dict({"description": "x\r\nBEGIN:VEVENT"}))


def _injection_plan(title: str, description: str, address: str, contact: str) -> dict[str, Any]:
    plan = plan_dict(
        {"id": "one", "title": title, "description": description, "notes": description},
        {
            "id": "two",
            "title": "Second",
            "date": "2024-07-16",
            "registration": 'https://example.org/x"BEGIN:VEVENT',
        },
        address=address,
        contacts=[
            {
                "name": contact,
                "role": contact,
                "email": f"{contact};UID:evil",
                "visibility": "team",
            }
        ],
    )
    plan["tour"]["organizer"] = {"name": contact, "email": "org@example.org"}
    return plan


def _assert_structure(ics: bytes) -> None:
    lines = lines_of(ics)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 2
    observances = ("BEGIN:DAYLIGHT", "BEGIN:STANDARD")
    assert [line for line in lines if line.startswith("BEGIN:") and line not in observances] == [
        "BEGIN:VCALENDAR",
        "BEGIN:VTIMEZONE",
        "BEGIN:VEVENT",
        "BEGIN:VEVENT",
    ]
    assert vtimezone_ical("Europe/Prague") in ics  # the zone as every file has it
    first, second = event_lines(ics)
    for event in (first, second):
        names = [re.split("[;:]", line, maxsplit=1)[0] for line in event]
        assert len(names) == len(set(names)), names  # no property twice
        assert "ORGANIZER" in names
    # The registration with a quote is percent-encoded: a plain URI, nothing after it.
    assert "URL:https://example.org/x%22BEGIN:VEVENT" in second


def test_property_and_component_text_cannot_be_injected() -> None:
    for text in INJECTIONS:
        description = f"{text}\nBEGIN:VEVENT\nUID:evil\nEND:VEVENT\n\t{text}"
        ics = export(_injection_plan(text, description, text, text), Visibility.TEAM)
        _assert_structure(ics)
        first, second = seen(ics)["events"]
        assert first["summary"] == text
        assert first["description"].startswith(description.strip())
        assert text in first["location"]
        assert second["url"] == "https://example.org/x%22BEGIN:VEVENT"
        assert 'x"BEGIN:VEVENT' in second["description"]
        assert first["organizer"] == {"uri": "mailto:org@example.org", "cn": _cn(text)}


def _cn(name: str) -> str | None:
    return None if any(c in name for c in '"^\\') else name


def test_an_organizer_address_that_is_no_plain_uri_is_left_out() -> None:
    plan = plan_dict({})
    plan["tour"]["organizer"] = {"name": "Org", "email": 'a@b.org"BEGIN:VEVENT'}
    ics = export(plan)
    assert [line for line in lines_of(ics) if line.startswith(("ORGANIZER", "BEGIN:VEVENT"))] == [
        "BEGIN:VEVENT"
    ]
    assert seen(ics)["events"][0]["organizer"] is None


LINE_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(";,:\\\"^'=BEGINDVTA ")),
        # U+FEFF is left out: a parser drops a byte-order mark that starts a value.
        st.characters(
            codec="utf-8", exclude_categories=["Cc", "Cs", "Zl", "Zp"], exclude_characters="\ufeff"
        ),
    ),
    min_size=1,
    max_size=120,
).filter(lambda s: s.strip() != "")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=LINE_TEXT,
    body=st.lists(LINE_TEXT, min_size=1, max_size=4),
    address=LINE_TEXT,
    contact=LINE_TEXT,
)
def test_any_text_round_trips_through_every_parser(
    title: str, body: list[str], address: str, contact: str
) -> None:
    description = "\n".join(body)
    ics = export(_injection_plan(title, description, address, contact), Visibility.TEAM)
    _assert_structure(ics)
    first, _ = seen(ics)["events"]
    assert first["summary"] == title
    assert first["description"].startswith(description.strip())
    assert address in first["location"]
    assert first["organizer"] == {"uri": "mailto:org@example.org", "cn": _cn(contact)}
    for raw in ics.split(b"\r\n"):
        assert len(raw) <= 75
        raw.decode("utf-8")  # never splits a character


@given(st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=300))
def test_the_fold_shortcut_is_exactly_icalendars_fold(line: str) -> None:
    from icalendar.parser.content_line import Contentline

    expected = Contentline(line).to_ical() + b"\r\n"  # type: ignore[no-untyped-call]
    assert _Writer().fold(line) == expected


_ZONES = sorted(zoneinfo.available_timezones())


@given(
    st.datetimes(
        min_value=datetime(1900, 1, 1),
        max_value=datetime(2999, 12, 31, 23, 59, 59),
    ),
    st.sampled_from(_ZONES),
    st.booleans(),
)
def test_date_time_lines_are_exactly_icalendars(wall: datetime, zone: str, in_utc: bool) -> None:
    """The writer formats DATE-TIME and DATE lines itself; icalendar would write the same."""
    from icalendar.parser.content_line import Contentline
    from icalendar.prop import vDate, vDatetime

    from tourctl.places import tzdata

    moment = wall.replace(microsecond=0, tzinfo=tzdata.zone(zone))
    if in_utc:
        value = vDatetime(moment.astimezone(UTC))
        tzid = None
    else:
        value = vDatetime(moment.replace(tzinfo=None))
        value.params["TZID"] = tzid = zone
    expected = str(Contentline.from_parts("DTSTART", value.params, value, sorted=False))
    assert _Writer().moment("DTSTART", moment, tzid) == expected
    day = vDate(wall.date())
    day.params["VALUE"] = "DATE"
    expected = str(Contentline.from_parts("DTEND", day.params, day, sorted=False))
    assert _Writer().day("DTEND", wall.date()) == expected
