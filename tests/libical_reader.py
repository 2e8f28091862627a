"""Read iCalendar files with libical (the library inside Evolution), for tourctl's tests.

Run by the operating system's Python, which has Debian's PyGObject and
libical's introspection data (``python3-gi``, ``gir1.2-ical-3.0``, which
``./scripts/test`` installs when it runs as root); the project's own
interpreter has neither. ``tests/icsparsers.py`` starts it and reads its
answer, in the shape of the other parsers there::

    python3 tests/libical_reader.py --batch < calendars.json > parsed.json

Standard input is a JSON array of calendars' text; the output is an array of
``{"calendar": ...}`` or ``{"error": ...}``, one per calendar, in order.

Like the other readers it converts a time with a TZID by the VTIMEZONE *in
the file*, never libical's own zone data: a TZID without a VTIMEZONE, or a
floating time, is an error. So is every ``X-LIC-ERROR`` libical adds while
parsing ("No value for DESCRIPTION property"). What its iTIP restriction check
(``icalrestriction_check``, which Evolution runs on what it imports) says of
the calendar is returned in ``restrictions``, for the caller to judge.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import Any

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402  # after require_version, as PyGObject wants

Parsed = dict[str, Any]


class CalendarError(Exception):
    """libical rejected the file, or the file leaves an instant undefined."""


def _kind(name: str) -> Any:
    return getattr(ICalGLib.PropertyKind, f"{name}_PROPERTY")


def _first(component: Any, name: str) -> Any:
    return component.get_first_property(_kind(name))


def _all(component: Any, name: str) -> list[Any]:
    found, prop = [], component.get_first_property(_kind(name))
    while prop is not None:
        found.append(prop)
        prop = component.get_next_property(_kind(name))
    return found


def _children(component: Any, kind: Any) -> list[Any]:
    found, child = [], component.get_first_component(kind)
    while child is not None:
        found.append(child)
        child = component.get_next_component(kind)
    return found


def _errors(component: Any) -> list[str]:
    """Every X-LIC-ERROR in ``component`` and below: libical's way of reporting a problem."""
    found = [prop.get_xlicerror() for prop in _all(component, "XLICERROR")]
    for child in _children(component, ICalGLib.ComponentKind.ANY_COMPONENT):
        found += _errors(child)
    return found


def _text(component: Any, name: str) -> str | None:
    prop = _first(component, name)
    if prop is None:
        return None
    value = prop.get_value()
    return None if value is None else str(value.get_text())


def _value(component: Any, name: str) -> str | None:
    """The value of an enumerated property (STATUS, TRANSP) as written."""
    prop = _first(component, name)
    return None if prop is None else str(prop.get_value_as_string())


def _iso(seconds: int) -> str:
    moment = datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="seconds") + "Z"


def _instant(calendar: Any, prop: Any, time: Any, zones: set[str]) -> tuple[int, str | None]:
    """UTC seconds of a DATE-TIME property, by the file's VTIMEZONE; its TZID."""
    tzid = prop.get_parameter_as_string("TZID")
    if tzid is None:
        if not time.is_utc():
            raise CalendarError(f"{prop.as_ical_string().strip()} is a floating time")
        return int(time.as_timet_with_zone(ICalGLib.Timezone.get_utc_timezone())), None
    if tzid not in zones:
        raise CalendarError(f"TZID {tzid} has no VTIMEZONE in the file")
    zone = calendar.get_timezone(tzid)
    return int(time.as_timet_with_zone(zone)), str(tzid)


def _times(calendar: Any, event: Any, zones: set[str]) -> dict[str, Any]:
    start_prop = _first(event, "DTSTART")
    if start_prop is None:
        raise CalendarError(f"VEVENT {event.get_uid()} has no DTSTART")
    start = start_prop.get_dtstart()
    end_prop = _first(event, "DTEND")
    if start.is_date():
        end = end_prop.get_dtend() if end_prop is not None else event.get_dtend()
        return {
            "all_day": True,
            "start": None,
            "end": None,
            "start_tzid": None,
            "end_tzid": None,
            "start_date": _date(start),
            "end_date": _date(end),
        }
    first, start_tzid = _instant(calendar, start_prop, start, zones)
    if end_prop is not None:
        last, end_tzid = _instant(calendar, end_prop, end_prop.get_dtend(), zones)
    else:
        # RFC 5545 3.6.1: start + DURATION, else the start itself; libical's own arithmetic.
        duration = _first(event, "DURATION")
        seconds = duration.get_duration().as_int() if duration is not None else 0
        last, end_tzid = first + seconds, start_tzid
    return {
        "all_day": False,
        "start": _iso(first),
        "end": _iso(last),
        "start_tzid": start_tzid,
        "end_tzid": end_tzid,
        "start_date": None,
        "end_date": None,
    }


def _date(time: Any) -> str:
    return f"{time.get_year():04d}-{time.get_month():02d}-{time.get_day():02d}"


def _organizer(event: Any) -> dict[str, str | None] | None:
    prop = _first(event, "ORGANIZER")
    if prop is None:
        return None
    return {"uri": str(prop.get_organizer()), "cn": prop.get_parameter_as_string("CN")}


def _event(calendar: Any, event: Any, zones: set[str]) -> Parsed:
    sequence = _first(event, "SEQUENCE")
    dtstamp = _first(event, "DTSTAMP")
    geo = _first(event, "GEO")
    status = _value(event, "STATUS")
    url = _first(event, "URL")
    return {
        "uid": _text(event, "UID"),
        "summary": _text(event, "SUMMARY"),
        "location": _text(event, "LOCATION"),
        "description": _text(event, "DESCRIPTION"),
        "status": None if status is None else status.upper(),
        "sequence": None if sequence is None else int(sequence.get_sequence()),
        "dtstamp": None
        if dtstamp is None
        else _iso(int(dtstamp.get_dtstamp().as_timet_with_zone(None))),
        "url": None if url is None else str(url.get_url()),
        "geo": None if geo is None else [geo.get_geo().get_lat(), geo.get_geo().get_lon()],
        "categories": [str(p.get_categories()) for p in _all(event, "CATEGORIES")],
        "organizer": _organizer(event),
        "transp": _value(event, "TRANSP"),
        **_times(calendar, event, zones),
    }


def parse(source: str) -> Parsed:
    calendar = ICalGLib.Component.new_from_string(source)
    if calendar is None or calendar.isa() != ICalGLib.ComponentKind.VCALENDAR_COMPONENT:
        raise CalendarError("not a VCALENDAR")
    problems = _errors(calendar)
    if problems:
        raise CalendarError("; ".join(problems))
    ICalGLib.restriction_check(calendar)  # adds an X-LIC-ERROR for each failed restriction
    restrictions = _errors(calendar)
    timezones = {
        str(_text(zone, "TZID"))
        for zone in _children(calendar, ICalGLib.ComponentKind.VTIMEZONE_COMPONENT)
    }
    events = _children(calendar, ICalGLib.ComponentKind.VEVENT_COMPONENT)
    return {
        "name": _raw(calendar, "X-WR-CALNAME"),
        "description": _raw(calendar, "X-WR-CALDESC"),
        "method": _value(calendar, "METHOD"),
        "prodid": _text(calendar, "PRODID"),
        "version": _value(calendar, "VERSION"),
        "timezones": sorted(timezones),
        "events": [_event(calendar, event, timezones) for event in events],
        "restrictions": restrictions,
    }


def _raw(calendar: Any, name: str) -> str | None:
    for prop in _all(calendar, "X"):
        if prop.get_x_name() == name:
            return str(prop.get_x())
    return None


def main(argv: list[str]) -> int:
    sources = json.loads(sys.stdin.read()) if argv[1:] == ["--batch"] else [sys.stdin.read()]
    results: list[Parsed] = []
    for source in sources:
        try:
            results.append({"calendar": parse(source)})
        except CalendarError as error:
            results.append({"error": str(error)})
    sys.stdout.write(json.dumps(results) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
