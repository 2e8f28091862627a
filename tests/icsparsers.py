"""Four independent readers of iCalendar files, for tests to compare.

A calendar file is only as good as what the programs people use make of it,
so tests read every export the way clients do and assert what a person would
see: UTC instants of starts and ends, all-day dates, summaries, places.

- ``parse_with_icaljs``: ical.js, the parser inside Thunderbird, run by Node
  (``tests/js``; ``npm ci`` there installs the locked version);
  ``parse_many_with_icaljs`` reads a list of calendars in one Node process.
- ``parse_with_vobject``: vobject, which reads each VTIMEZONE with
  ``dateutil.tz.tzical``.
- ``parse_with_icalendar``: icalendar for the properties, and icalendar's own
  expansion of each VTIMEZONE (``Timezone.get_transitions``) for the instants.
- ``parse_with_libical``: libical 3 (Evolution's), Debian's build through
  GObject introspection, run by the system's Python (``tests/libical_reader.py``;
  ``./scripts/test`` installs it when it runs as root with apt-get, as CI does);
  ``parse_many_with_libical`` reads a list in one process. Besides reading, it
  fails on anything libical flags while parsing (``X-LIC-ERROR``), and returns
  what its iTIP restriction check says in ``"restrictions"`` (a list of
  messages; the others return none). ``libical_available()`` says whether it
  can run.

All four convert times with a TZID using the VTIMEZONE *in the file*, never
a time-zone database of their own: icalendar and vobject would otherwise
quietly substitute zoneinfo or pytz for a known TZID and hide a wrong or a
missing VTIMEZONE. A TZID without a VTIMEZONE, a floating time or a time
before the zone's first observance raises ``ParserError``.

Each returns the same shape::

    {"name", "description", "method", "prodid", "version": str | None,
     "timezones": [TZID, ...]  (sorted),
     "events": [{"uid", "summary", "location", "description", "status",
                 "url", "transp": str | None, "sequence": int | None,
                 "dtstamp": "YYYY-MM-DDTHH:MM:SSZ" | None,
                 "geo": [lat, lon] | None, "categories": [str, ...],
                 "organizer": {"uri": str, "cn": str | None} | None,
                 "all_day": bool,
                 "start", "end": "YYYY-MM-DDTHH:MM:SSZ" | None    (timed events),
                 "start_tzid", "end_tzid": str | None           (None for UTC),
                 "start_date", "end_date": "YYYY-MM-DD" | None   (all-day events)},
                ...]}  (in file order)

An event's end follows RFC 5545 when DTEND is absent: start + DURATION, else
the next day for a date and the start itself for a date-time.

Where the parsers themselves differ (so comparing them would fail):

- ``X-WR-CALNAME``/``X-WR-CALDESC`` are extension properties: ical.js and
  icalendar return them as written, backslash escapes included; vobject
  unescapes them and stops at the first unescaped comma. Only a name without
  ``,`` ``;`` ``\\`` or a line break reads the same in all three.
- A local time in an autumn fold: ical.js and libical take the later instant,
  vobject and icalendar the earlier (Python's ``fold=0``). A time in a spring gap
  (02:30 when clocks jump from 02:00 to 03:00) is 01:30 for ical.js and
  vobject, which apply the new offset, and 03:30 for icalendar, which applies
  the old one as Python does. (tourctl writes such times in UTC.)
- A UTC offset with seconds (local mean time, before about 1920 in many
  zones; Monrovia until 1972): vobject and libical use it exactly, ical.js
  drops the seconds and icalendar rounds to the minute.
- icalendar expands a VTIMEZONE's yearly rules only until 2038 (its zoneinfo
  provider's ``fix_rrule_until``), so after that it keeps the last offset.
- libical drops whitespace at the start and the end of a value, so a text
  (or a parameter) that starts or ends with a space comes back without it.
"""

from __future__ import annotations

import bisect
import functools
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import vobject
import vobject.icalendar

JS_DIR = Path(__file__).resolve().parent / "js"
PARSE_ICS = JS_DIR / "parse-ics.mjs"
NPM_HINT = "ical.js is not installed: run `npm ci` in tests/js (./scripts/test does it)"
LIBICAL_READER = Path(__file__).resolve().parent / "libical_reader.py"
LIBICAL_HINT = (
    "libical is not installed: `apt-get install python3-gi gir1.2-ical-3.0` "
    "(./scripts/test does it when it runs as root with apt-get, as CI does)"
)

Parsed = dict[str, Any]


class ParserError(Exception):
    """A parser rejected the file, or the file leaves an instant undefined."""


# -- ical.js -----------------------------------------------------------------


def icaljs_available() -> bool:
    """Whether Node and the locked ical.js (``npm ci`` in tests/js) are present."""
    installed = (JS_DIR / "node_modules" / "ical.js" / "package.json").is_file()
    return installed and shutil.which("node") is not None


def parse_with_icaljs(ics: bytes) -> Parsed:
    """Read ``ics`` with ical.js (one Node process: put many events in one calendar)."""
    parsed: Parsed = _run_icaljs([], ics)
    return parsed


def parse_many_with_icaljs(calendars: Sequence[bytes]) -> list[Parsed]:
    """Read several calendars with ical.js in a single Node process, in order."""
    return _all_or_raise(parse_each_with_icaljs(calendars))


def parse_each_with_icaljs(calendars: Sequence[bytes]) -> list[Parsed | ParserError]:
    """``parse_many_with_icaljs``, with a ``ParserError`` in place of each calendar it rejects."""
    payload = json.dumps([ics.decode("utf-8") for ics in calendars]).encode()
    return _each("ical.js", _run_icaljs(["--batch"], payload))


def _each(reader: str, items: list[dict[str, Any]]) -> list[Parsed | ParserError]:
    return [
        ParserError(f"{reader}, calendar {index}: {item['error']}")
        if "error" in item
        else item["calendar"]
        for index, item in enumerate(items)
    ]


def _all_or_raise(results: list[Parsed | ParserError]) -> list[Parsed]:
    parsed = []
    for result in results:
        if isinstance(result, ParserError):
            raise result
        parsed.append(result)
    return parsed


def _run_icaljs(args: list[str], stdin: bytes) -> Any:
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js is not installed; the tests need it to run ical.js")
    if not icaljs_available():
        raise RuntimeError(NPM_HINT)
    result = subprocess.run(
        [node, str(PARSE_ICS), *args], input=stdin, capture_output=True, timeout=120, check=False
    )
    if result.returncode != 0:
        raise ParserError(f"ical.js: {result.stderr.decode(errors='replace').strip()}")
    return json.loads(result.stdout)


# -- libical -----------------------------------------------------------------

_GI_CHECK = "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib"


@functools.cache
def _gi_python() -> str | None:
    """An interpreter that has PyGObject and libical's GObject bindings (Debian's), if any."""
    candidates = [os.environ.get("TOURCTL_GI_PYTHON"), "/usr/bin/python3", shutil.which("python3")]
    for python in dict.fromkeys(c for c in candidates if c):
        try:
            done = subprocess.run([python, "-c", _GI_CHECK], capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return python
    return None


def libical_available() -> bool:
    """Whether libical can be run (``python3-gi`` and ``gir1.2-ical-3.0`` installed)."""
    return _gi_python() is not None


def parse_with_libical(ics: bytes) -> Parsed:
    """Read ``ics`` with libical; ``ParserError`` for anything libical flags."""
    return parse_many_with_libical([ics])[0]


def parse_many_with_libical(calendars: Sequence[bytes]) -> list[Parsed]:
    """Read several calendars with libical in a single process, in order."""
    return _all_or_raise(parse_each_with_libical(calendars))


def parse_each_with_libical(calendars: Sequence[bytes]) -> list[Parsed | ParserError]:
    """``parse_many_with_libical``, with a ``ParserError`` in place of each calendar it rejects."""
    python = _gi_python()
    if python is None:
        raise RuntimeError(LIBICAL_HINT)
    payload = json.dumps([ics.decode("utf-8") for ics in calendars]).encode()
    done = subprocess.run(
        [python, str(LIBICAL_READER), "--batch"],
        input=payload,
        capture_output=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise ParserError(f"libical: {done.stderr.decode(errors='replace').strip()}")
    return _each("libical", json.loads(done.stdout))


# -- vobject -----------------------------------------------------------------


def parse_with_vobject(ics: bytes) -> Parsed:
    """Read ``ics`` with vobject, each TZID bound to the file's own VTIMEZONE.

    vobject keeps one process-wide TZID registry, registers a VTIMEZONE only
    if its TZID is new, and falls back to pytz for unknown ones. So before it
    converts the events, this binds every TZID of the file to the tzinfo that
    vobject builds from the file's VTIMEZONE, and restores the registry after.
    """
    rest, blocks = _split_timezones(ics)
    calendar = vobject.readOne(rest.decode("utf-8"), transform=False)
    zones = dict(_vobject_zone(block) for block in blocks)
    raw_events = calendar.contents.get("vevent", [])
    tzids = [(_vobject_tzid(ev, "dtstart"), _vobject_tzid(ev, "dtend")) for ev in raw_events]
    _check_tzids((t for pair in tzids for t in pair), zones)
    saved = {tzid: vobject.icalendar.getTzid(tzid, False) for tzid in zones}
    try:
        for tzid, tzinfo in zones.items():
            vobject.icalendar.registerTzid(tzid, tzinfo)
        calendar.transformChildrenToNative()
    finally:
        for tzid, previous in saved.items():
            vobject.icalendar.registerTzid(tzid, previous)
    events = [
        _vobject_event(ev, start_tzid, end_tzid)
        for ev, (start_tzid, end_tzid) in zip(
            calendar.contents.get("vevent", []), tzids, strict=True
        )
    ]
    return {
        "name": _vobject_text(calendar, "x-wr-calname"),
        "description": _vobject_text(calendar, "x-wr-caldesc"),
        "method": _vobject_text(calendar, "method"),
        "prodid": _vobject_text(calendar, "prodid"),
        "version": _vobject_text(calendar, "version"),
        "timezones": sorted(zones),
        "events": events,
    }


@functools.lru_cache(maxsize=512)
def _vobject_zone(block: bytes) -> tuple[str, Any]:
    """TZID and the tzinfo vobject builds from one VTIMEZONE's text (see ``_split_timezones``).

    The component is also turned native, as vobject does when it reads a whole
    calendar (and Radicale with it): that is where vobject 0.9 fails on a
    VTIMEZONE without a STANDARD observance.
    """
    vtz = vobject.readOne(block.decode("utf-8"), transform=False)
    tzid = str(vtz.tzid.value)
    saved = vobject.icalendar.getTzid(tzid, False)
    try:
        vtz = vtz.transformToNative()
    finally:
        vobject.icalendar.registerTzid(tzid, saved)  # reading must not bind the TZID for good
    return tzid, vobject.icalendar.TimezoneComponent.gettzinfo(vtz)


def _vobject_tzid(component: Any, name: str) -> str | None:
    line = component.contents.get(name, [None])[0]
    if line is None or "TZID" not in line.params:
        return None
    return str(line.params["TZID"][0])


def _vobject_text(component: Any, name: str) -> str | None:
    line = component.contents.get(name, [None])[0]
    return None if line is None else str(line.value)


def _vobject_event(ev: Any, start_tzid: str | None, end_tzid: str | None) -> dict[str, Any]:
    start = ev.dtstart.value
    end_line = ev.contents.get("dtend", [None])[0]
    duration_line = ev.contents.get("duration", [None])[0]
    if end_line is not None:
        end = end_line.value
    else:
        end = _default_end(start, duration_line.value if duration_line is not None else None)
        end_tzid = start_tzid
    organizer_line = ev.contents.get("organizer", [None])[0]
    geo = _vobject_text(ev, "geo")
    sequence = _vobject_text(ev, "sequence")
    dtstamp_line = ev.contents.get("dtstamp", [None])[0]
    return {
        **_common(lambda name: _vobject_text(ev, name)),
        "sequence": None if sequence is None else int(sequence),
        "dtstamp": None if dtstamp_line is None else _utc(dtstamp_line.value, "DTSTAMP"),
        "geo": None if geo is None else [float(part) for part in geo.split(";")],
        "categories": [str(c) for line in ev.contents.get("categories", []) for c in line.value],
        "organizer": None
        if organizer_line is None
        else {
            "uri": str(organizer_line.value),
            "cn": organizer_line.params.get("CN", [None])[0],
        },
        **_times(start, end, start_tzid, end_tzid),
    }


# -- icalendar ---------------------------------------------------------------


def parse_with_icalendar(ics: bytes) -> Parsed:
    """Read ``ics`` with icalendar, converting times by the file's VTIMEZONEs.

    icalendar itself resolves a TZID it knows through zoneinfo and ignores
    the VTIMEZONE; so the wall-clock time is taken as written and converted
    with the transitions icalendar computes from the VTIMEZONE.
    """
    rest, blocks = _split_timezones(ics)
    calendar: Any = icalendar.Calendar.from_ical(rest)  # its properties are a 30-way union
    zones = {table.tzid: table for table in map(_icalendar_zone, blocks)}
    events = []
    for ev in calendar.walk("VEVENT"):
        start_tzid, end_tzid = _ical_tzid(ev, "DTSTART"), _ical_tzid(ev, "DTEND")
        _check_tzids([start_tzid, end_tzid], zones)
        start = _ical_time(ev, "DTSTART", zones)
        if "DTEND" in ev:
            end = _ical_time(ev, "DTEND", zones)
        else:
            end = _default_end(start, ev["DURATION"].dt if "DURATION" in ev else None)
            end_tzid = start_tzid
        organizer = ev.get("ORGANIZER")
        geo = ev.get("GEO")
        categories = ev.get("CATEGORIES", [])
        events.append(
            {
                **_common(functools.partial(_ical_property_text, ev)),
                "sequence": int(ev["SEQUENCE"]) if "SEQUENCE" in ev else None,
                "dtstamp": _utc(ev["DTSTAMP"].dt, "DTSTAMP") if "DTSTAMP" in ev else None,
                "geo": None if geo is None else [float(geo.latitude), float(geo.longitude)],
                "categories": [
                    str(c)
                    for prop in (categories if isinstance(categories, list) else [categories])
                    for c in prop.cats
                ],
                "organizer": None
                if organizer is None
                else {"uri": str(organizer), "cn": organizer.params.get("CN")},
                **_times(start, end, start_tzid, end_tzid),
            }
        )
    return {
        "name": _ical_text(calendar, "X-WR-CALNAME"),
        "description": _ical_text(calendar, "X-WR-CALDESC"),
        "method": _ical_text(calendar, "METHOD"),
        "prodid": _ical_text(calendar, "PRODID"),
        "version": _ical_text(calendar, "VERSION"),
        "timezones": sorted(zones),
        "events": events,
    }


@functools.lru_cache(maxsize=512)
def _icalendar_zone(block: bytes) -> _ZoneTable:
    """One VTIMEZONE's text as icalendar expands it (see ``_split_timezones``)."""
    return _ZoneTable(icalendar.Timezone.from_ical(block))


class _ZoneTable:
    """A VTIMEZONE as icalendar expands it: UTC transition times and offsets."""

    def __init__(self, component: Any) -> None:
        self.tzid = str(component["TZID"])
        times, infos = component.get_transitions()
        self.times: list[datetime] = list(times)
        self.offsets: list[timedelta] = [info[0] for info in infos]

    def to_utc(self, wall: datetime) -> datetime:
        """The instant of a local time; the earlier one in a fold, as Python's ``fold=0``."""
        instants = []
        for offset in set(self.offsets):
            index = bisect.bisect_right(self.times, wall - offset) - 1
            if index >= 0 and self.offsets[index] == offset:
                instants.append(wall - offset)
        if instants:
            return min(instants).replace(tzinfo=UTC)
        for index in range(1, len(self.times)):  # a time in a gap: the offset before it
            before, after = self.offsets[index - 1], self.offsets[index]
            if self.times[index] + before <= wall < self.times[index] + after:
                return (wall - before).replace(tzinfo=UTC)
        raise ParserError(f"{wall} precedes the first observance of the VTIMEZONE {self.tzid}")


def _ical_tzid(ev: Any, name: str) -> str | None:
    prop = ev.get(name)
    return None if prop is None or "TZID" not in prop.params else str(prop.params["TZID"])


def _ical_text(component: Any, name: str) -> str | None:
    value = component.get(name)
    return None if value is None else str(value)


def _ical_property_text(ev: Any, name: str) -> str | None:
    return _ical_text(ev, name.upper())


def _ical_time(ev: Any, name: str, zones: dict[str, _ZoneTable]) -> date | datetime:
    value = ev[name].dt
    tzid = _ical_tzid(ev, name)
    if isinstance(value, datetime) and tzid is not None:
        return zones[tzid].to_utc(value.replace(tzinfo=None))
    assert isinstance(value, date)
    return value


# -- shared ------------------------------------------------------------------

_VTIMEZONE = re.compile(rb"^BEGIN:VTIMEZONE\r?\n.*?^END:VTIMEZONE\r?\n", re.S | re.M)


def _split_timezones(ics: bytes) -> tuple[bytes, list[bytes]]:
    """The calendar without its VTIMEZONEs, and the text of each VTIMEZONE.

    vobject and icalendar then read each distinct VTIMEZONE text once per test
    run (the readers above cache them by their exact bytes): every file
    tourctl writes carries the same definition of a zone, tens of kilobytes
    for some, and re-reading it per file was most of the suite's time.
    """
    return _VTIMEZONE.sub(b"", ics), _VTIMEZONE.findall(ics)


def _common(text: Callable[[str], str | None]) -> dict[str, Any]:
    """The text properties of an event, ``text`` reading one by its (lower-case) name."""
    names = ("uid", "summary", "location", "description", "url", "transp")
    status = text("status")
    return {**{n: text(n) for n in names}, "status": None if status is None else status.upper()}


def _check_tzids(tzids: Iterable[str | None], zones: Iterable[str]) -> None:
    missing = sorted({t for t in tzids if t is not None} - set(zones))
    if missing:
        raise ParserError(f"TZID without a VTIMEZONE in the file: {', '.join(missing)}")


def _default_end(start: date | datetime, duration: timedelta | None) -> date | datetime:
    if duration is not None:
        return start + duration
    if isinstance(start, datetime):
        return start
    return start + timedelta(days=1)


def _utc(value: date | datetime, what: str) -> str:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ParserError(f"{what} is not a UTC or zoned date-time: {value!r}")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _times(
    start: date | datetime, end: date | datetime, start_tzid: str | None, end_tzid: str | None
) -> dict[str, Any]:
    if not isinstance(start, datetime):
        return {
            "all_day": True,
            "start": None,
            "end": None,
            "start_tzid": None,
            "end_tzid": None,
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
        }
    return {
        "all_day": False,
        "start": _utc(start, "DTSTART"),
        "end": _utc(end, "DTEND"),
        "start_tzid": start_tzid,
        "end_tzid": end_tzid,
        "start_date": None,
        "end_date": None,
    }
