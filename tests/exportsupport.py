"""Helpers for the export tests: export in-process, and read a calendar the way clients do.

``seen`` reads a calendar with the independent parsers of
``tests/icsparsers.py`` (ical.js, vobject, icalendar, and libical where it is
installed, as ``./scripts/test`` does for root), asserts that they agree on
everything a person sees, and returns that view. Every export in the
``test_export_*`` modules goes through it, so a file that any of them reads
differently fails the test that wrote it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.icsparsers import (
    Parsed,
    libical_available,
    parse_many_with_icaljs,
    parse_many_with_libical,
    parse_with_icalendar,
    parse_with_vobject,
)
from tourctl.export.build import calendars
from tourctl.export.identity import Stamp
from tourctl.export.vtimezone import vtimezone_ical
from tourctl.model import Plan, Visibility

NOW = datetime(2024, 4, 1, 12, 0, tzinfo=UTC)
LATER = datetime(2024, 4, 20, 8, 30, tzinfo=UTC)

SEEN_FIELDS = (
    "uid",
    "summary",
    "location",
    "description",
    "status",
    "sequence",
    "dtstamp",
    "url",
    "geo",
    "categories",
    "organizer",
    "transp",
    "all_day",
    "start",
    "end",
    "start_tzid",
    "end_tzid",
    "start_date",
    "end_date",
)
"""What the parsers must agree on, per event."""


def export(
    plan: Plan | Mapping[str, Any],
    audience: Visibility = Visibility.PUBLIC,
    *,
    previous: Mapping[str, Stamp] | None = None,
    now: datetime = NOW,
) -> bytes:
    """The calendar ``tourctl export`` would write, built in-process (no file, no checks)."""
    model = plan if isinstance(plan, Plan) else Plan.model_validate(plan)
    return calendars(model, audience, now=now, previous=previous)[0].data


def seen(ics: bytes) -> Parsed:
    """The calendar as people see it; fails unless ical.js, vobject, icalendar (and libical,
    where installed) agree."""
    return seen_many([ics])[0]


def seen_many(calendars: Sequence[bytes]) -> list[Parsed]:
    """``seen`` for several calendars, with one Node (and one libical) process for all."""
    by_icaljs = parse_many_with_icaljs(calendars)
    by_libical: Sequence[Parsed | None] = (
        parse_many_with_libical(calendars) if libical_available() else [None] * len(calendars)
    )
    results = []
    for ics, icaljs, libical in zip(calendars, by_icaljs, by_libical, strict=True):
        by_vobject = parse_with_vobject(ics)
        by_icalendar = parse_with_icalendar(ics)
        for name, other in (("vobject", by_vobject), ("icalendar", by_icalendar)):
            assert _people_view(other) == _people_view(icaljs), f"{name} and ical.js disagree"
        if libical is not None:
            assert _people_view(libical, strip=True) == _people_view(icaljs, strip=True), (
                "libical and ical.js disagree"
            )
            assert restrictions(libical, ics) == [], "libical's iTIP restriction check failed"
        # X-WR-CALNAME and X-WR-CALDESC are TEXT by default (RFC 5545 §3.8.8.2), but
        # ical.js and icalendar 7 return X- values raw (still escaped); vobject unescapes.
        results.append(
            {**by_icalendar, "name": by_vobject["name"], "description": by_vobject["description"]}
        )
    return results


def _people_view(parsed: Parsed, *, strip: bool = False) -> dict[str, Any]:
    """What the parsers must agree on; ``strip`` for libical, which drops the whitespace
    at the start and the end of a value (of its content line)."""
    events = [{k: event[k] for k in SEEN_FIELDS} for event in parsed["events"]]
    if strip:
        events = [_stripped(event) for event in events]
    return {
        "method": parsed["method"],
        "version": parsed["version"],
        "prodid": parsed["prodid"],
        "timezones": parsed["timezones"],
        "events": events,
    }


def _stripped(event: dict[str, Any]) -> dict[str, Any]:
    stripped = {
        k: v.strip() if isinstance(v, str) and k in ("summary", "location", "description") else v
        for k, v in event.items()
    }
    organizer = event["organizer"]
    if organizer is not None and organizer["cn"] is not None:
        stripped["organizer"] = {**organizer, "cn": organizer["cn"].strip()}
    return stripped


_NO_ORGANIZER = "Failed iTIP restrictions for ORGANIZER property. Expected 1 instances"


def restrictions(parsed: Parsed, ics: bytes) -> list[str]:
    """libical's iTIP restriction complaints about a tourctl calendar, but one.

    tourctl writes ORGANIZER only from the organizer's e-mail address, and
    RFC 5546 wants one in every published event: a plan without a usable
    address (the e-mail is optional) gives a file libical's check rejects.
    That one is tolerated where the file has no ORGANIZER at all.
    """
    found: list[str] = parsed.get("restrictions", [])
    if b"\r\nORGANIZER" not in ics:
        found = [p for p in found if not p.startswith(_NO_ORGANIZER)]
    return found


def unfold(ics: bytes) -> str:
    """The file's text with RFC 5545 folds undone, so a secret cannot hide across a fold."""
    return ics.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")


ON_THE_ROAD = frozenset({"Travel", "Accommodation"})
"""The CATEGORIES of legs and stays in a calendar (the plan's events have others)."""


def agenda(parsed: Parsed, *, road: bool = False) -> list[tuple[Any, ...]]:
    """(summary, start, end or dates, status, location) per event: what a person reads.

    Legs and stays are left out unless ``road``, then only they are listed.
    """
    rows = []
    for e in parsed["events"]:
        if bool(ON_THE_ROAD & set(e["categories"])) is not road:
            continue
        when = (e["start_date"], e["end_date"]) if e["all_day"] else (e["start"], e["end"])
        rows.append((e["summary"], *when, e["status"], e["location"]))
    return rows


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def plan_dict(*events: Mapping[str, Any], **venue: Any) -> dict[str, Any]:
    """A small plan: one venue in Prague (override with ``venue``), the given events."""
    return {
        "version": 1,
        "tour": {
            "id": "test-tour",
            "title": "Test tour",
            "organizer": {"name": "Organizer", "email": "tour@example.org"},
        },
        "people": [{"id": "ana", "name": "Ana Speaker"}],
        "venues": [
            {
                "id": "hall",
                "name": "The Hall",
                "city": "Prague",
                "country": "CZ",
                "timezone": "Europe/Prague",
                **venue,
            }
        ],
        "events": [
            {
                "title": "An evening",
                "venue": "hall",
                "date": "2024-07-15",
                "start": "19:00",
                "end": "21:00",
                **event,
            }
            for event in events
        ],
    }


def zone_calendar(zone: str, walls: list[datetime], tz: str | None = None) -> bytes:
    """A calendar with a two-hour event at each local time, and the zone's VTIMEZONE.

    The events are written as text: icalendar would turn ``TZID=UTC`` into a
    ``Z`` time and leave the UTC VTIMEZONE unread.
    """
    tz = tz if tz is not None else vtimezone_ical(zone).decode()
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:{index}@tests.tourctl\r\nDTSTAMP:20240101T000000Z\r\n"
        f"DTSTART;TZID={zone}:{wall:%Y%m%dT%H%M%S}\r\n"
        f"DTEND;TZID={zone}:{wall + timedelta(hours=2):%Y%m%dT%H%M%S}\r\nEND:VEVENT\r\n"
        for index, wall in enumerate(walls)
    )
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tourctl//tests//EN\r\n"
        f"{tz}{events}END:VCALENDAR\r\n"
    ).encode()


# Valid RFC 5545 (Pacific/Apia's jump over 30 December 2011 as two DAYLIGHT observances)
# that vobject 0.9 cannot read and Radicale therefore refuses with HTTP 400.
DAYLIGHT_ONLY = """BEGIN:VTIMEZONE
TZID:Test/Daylight
BEGIN:DAYLIGHT
DTSTART:20110924T030000
TZNAME:-10
TZOFFSETFROM:-1100
TZOFFSETTO:-1000
END:DAYLIGHT
BEGIN:DAYLIGHT
DTSTART:20111229T235959
TZNAME:+14
TZOFFSETFROM:-1000
TZOFFSETTO:+1400
END:DAYLIGHT
END:VTIMEZONE
""".replace("\n", "\r\n")
