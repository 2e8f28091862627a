"""Helpers for the export tests: export in-process, and read a calendar the way clients do.

``seen`` reads a calendar with all three independent parsers of
``tests/icsparsers.py`` (ical.js, vobject, icalendar), asserts that they agree
on everything a person sees, and returns that view. Every export in the
``test_export_*`` modules goes through it, so a file that any of the three
reads differently fails the test that wrote it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.icsparsers import (
    Parsed,
    parse_many_with_icaljs,
    parse_with_icalendar,
    parse_with_vobject,
)
from tourctl.export.build import calendars
from tourctl.export.identity import Stamp
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
"""What the three parsers must agree on, per event."""


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
    """The calendar as people see it; fails unless ical.js, vobject and icalendar agree."""
    return seen_many([ics])[0]


def seen_many(calendars: Sequence[bytes]) -> list[Parsed]:
    """``seen`` for several calendars, with one Node process for all of them."""
    by_icaljs = parse_many_with_icaljs(calendars)
    results = []
    for ics, icaljs in zip(calendars, by_icaljs, strict=True):
        by_vobject = parse_with_vobject(ics)
        by_icalendar = parse_with_icalendar(ics)
        for name, other in (("vobject", by_vobject), ("icalendar", by_icalendar)):
            assert _people_view(other) == _people_view(icaljs), f"{name} and ical.js disagree"
        # X-WR-CALNAME and X-WR-CALDESC are TEXT by default (RFC 5545 §3.8.8.2), but
        # ical.js and icalendar 7 return X- values raw (still escaped); vobject unescapes.
        results.append(
            {**by_icalendar, "name": by_vobject["name"], "description": by_vobject["description"]}
        )
    return results


def _people_view(parsed: Parsed) -> dict[str, Any]:
    return {
        "method": parsed["method"],
        "version": parsed["version"],
        "prodid": parsed["prodid"],
        "timezones": parsed["timezones"],
        "events": [{k: event[k] for k in SEEN_FIELDS} for event in parsed["events"]],
    }


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
