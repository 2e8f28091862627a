"""VTIMEZONE components that every calendar client reads the same way, the same for every file.

A calendar event says ``DTSTART;TZID=Europe/Prague:20240715T190000`` and the
file must define ``Europe/Prague`` in a VTIMEZONE. Clients that honour the
definition (Thunderbird's ical.js, vobject, libical) then compute the UTC
instant from it, so a wrong definition moves the event. icalendar's own
``add_missing_timezones()`` lists a zone's transitions as comma-separated
RDATEs: ical.js 2.2 and vobject 0.9 read only the first date of such a list
(and ical.js ignores a DTSTART that has RDATEs beside it), so they put Prague
or Oslo summer evenings one hour off. Outlook, for its part, reads only TZID,
DTSTART, RRULE, TZOFFSETFROM and TZOFFSETTO.

**One definition per zone.** vobject (and so the CalDAV server Radicale)
keeps the first VTIMEZONE it sees for a TZID for the life of the process and
reads every later file's events with it. A definition that depended on the
events' dates (history only as far back as the earliest event) therefore put
a 1969 London event an hour off on a server that had seen a 2024 London
calendar first. So ``vtimezone(zone)`` takes nothing but the zone: for one
``tzdata`` release it is the same text in every file, and it is right for
every instant a plan can name, from ``FIRST_YEAR`` (issue 11 bounds plan
dates to 1900-2999) on:

* one observance per historical transition, each a bare DTSTART (no RDATE,
  no RRULE, which the RFC 5545 parsers read the same way), from the
  transition in effect at the start of ``FIRST_YEAR`` to the point from which
  the zone's current rule holds;
* then a STANDARD and a DAYLIGHT observance with yearly RRULEs, taken from
  the POSIX TZ rule at the end of the zone's TZif file (the rule tzdata says
  holds from then on), which carry the zone through 2037, the end of TZif
  tables, and on to 2999; or one fixed observance for a zone without summer
  time.

A zone whose rule no yearly RRULE can state (none in tzdata today) gets
explicit transitions to the end of ``LAST_YEAR`` instead. Every VTIMEZONE has
a STANDARD observance: vobject 0.9 fails on one with only DAYLIGHT ones
(valid RFC 5545; Pacific/Apia's history can produce it), and Radicale then
rejects the whole upload.

The zone data comes from the ``tzdata`` package rather than the operating
system, so the same plan exports byte-identical files on every machine that
has the same ``tzdata`` release.
"""

from __future__ import annotations

import bisect
import calendar
import functools
import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from tourctl.places import tzdata

__all__ = ["FIRST_YEAR", "LAST_YEAR", "vtimezone", "vtimezone_ical"]

_EPOCH = datetime(1970, 1, 1)
_DAY = 86_400
_YEAR = 366 * _DAY
# Transitions before this instant are sentinels ("big bang" entries some TZif
# writers emit at -2**59); datetime cannot hold them and no event is that old.
_MIN_INSTANT = int((datetime(2, 1, 1) - _EPOCH).total_seconds())

FIRST_YEAR = 1900
"""The earliest year a plan's dates may be in (issue 11); the VTIMEZONEs start before it."""
LAST_YEAR = 2999
"""The latest year a plan's dates may be in; only explicit transitions need an end."""
# Two days' margin either side covers any UTC offset, so local times need no zone lookup.
_FIRST = int((datetime(FIRST_YEAR, 1, 1) - _EPOCH).total_seconds()) - 2 * _DAY
_LAST = int((datetime(LAST_YEAR + 1, 1, 1) - _EPOCH).total_seconds()) + 2 * _DAY
# TZif tables end in 2037 at the latest (a 32-bit time_t); from then on only the
# footer rule speaks, so the history is read at least this far.
_TABLE_END = int((datetime(2038, 1, 1) - _EPOCH).total_seconds())
_WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # POSIX numbering: 0 = Sunday


@dataclass(frozen=True)
class _Type:
    """A local time type: what clocks show between two transitions."""

    offset: int  # seconds east of UTC
    isdst: bool
    abbr: str


@dataclass(frozen=True)
class _Transition:
    """A change of local time type at a UTC instant."""

    at: int  # seconds since 1970-01-01T00:00:00Z
    before: _Type
    after: _Type


@dataclass(frozen=True)
class _DateRule:
    """When in a year a POSIX TZ rule switches: ``Mm.w.d``, ``Jn`` or ``n``, then ``/time``."""

    form: str  # "M", "J" or "N" (zero-based day of year)
    month: int
    week: int
    weekday: int
    day: int
    time: int  # seconds after local midnight, in the time in effect before the switch


@dataclass(frozen=True)
class _Rule:
    """The POSIX TZ string of a TZif footer: the zone's rule after its last transition."""

    std: _Type
    dst: _Type | None
    start: _DateRule | None  # switch to dst
    end: _DateRule | None  # switch back to std


@dataclass(frozen=True)
class _Observance:
    """One STANDARD or DAYLIGHT block, before it is written (by icalendar or by ``_text``)."""

    daylight: bool
    start: datetime  # local wall time, in the offset in effect before it
    before: int  # TZOFFSETFROM, seconds
    after: int  # TZOFFSETTO, seconds
    name: str | None  # TZNAME
    rrule: _Yearly | None = None


@dataclass(frozen=True)
class _ZoneData:
    initial: _Type  # in effect before the first transition
    transitions: tuple[_Transition, ...]  # real changes only
    rule: _Rule
    # The footer rule applies after the file's last table entry, which may be
    # a no-op kept there to say when the rule begins (Riga skipped 2000's DST).
    rule_after: int | None


def vtimezone(zone: str) -> Timezone:
    """The VTIMEZONE for the IANA ``zone``: right for every local time from 1900 to 2999.

    ical.js, vobject, icalendar and libical (the tests read every zone with
    them) map each local time to the UTC instant tzdata gives, except that in
    an autumn fold ical.js and libical take the later of the two (so calendars
    write such events in UTC), ical.js drops the seconds of a UTC offset (local
    mean time) and icalendar expands yearly rules only until 2038, libical
    until 2582.

    It depends only on ``zone`` and the ``tzdata`` release, never on the
    events, so every file tourctl writes carries the same definition of a
    TZID. Raises ``ValueError`` for a zone that the ``tzdata`` package does not have.
    """
    return _component(zone, _with_standard(_observances(_zone_data(zone))))


def _component(zone: str, observances: list[_Observance]) -> Timezone:
    component = Timezone()
    component.add("TZID", zone)
    for observance in observances:
        block = TimezoneDaylight() if observance.daylight else TimezoneStandard()
        block.add("DTSTART", observance.start)
        block.add("TZOFFSETFROM", timedelta(seconds=observance.before))
        block.add("TZOFFSETTO", timedelta(seconds=observance.after))
        if observance.name is not None:
            block.add("TZNAME", observance.name)
        if observance.rrule is not None:
            block.add("RRULE", observance.rrule.recur())
        component.add_component(block)
    return component


@functools.cache
def vtimezone_ical(zone: str) -> bytes:
    """``vtimezone(zone)`` serialized, once per process: every calendar writes the same bytes.

    Written here line by line, not by icalendar's ``to_ical``: a zone's history
    is a hundred observances, and building and serializing them as components
    cost 45 ms a zone, paid by every export (ten zones: half a second). The
    text is icalendar's to the byte (properties in its sorted order; a test
    compares the two over every kind of zone); a line that would need folding
    (none does) falls back to icalendar.
    """
    return _written(zone, _with_standard(_observances(_zone_data(zone))))


def _written(zone: str, observances: list[_Observance]) -> bytes:
    lines = ["BEGIN:VTIMEZONE", f"TZID:{_escaped(zone)}"]
    for observance in observances:
        lines += _text(observance)
    lines.append("END:VTIMEZONE")
    if any(len(line.encode("utf-8")) > _FOLD_AT for line in lines):
        ical: bytes = _component(zone, observances).to_ical()
        return ical
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


_FOLD_AT = 74


def _text(observance: _Observance) -> list[str]:
    kind = "DAYLIGHT" if observance.daylight else "STANDARD"
    lines = [f"BEGIN:{kind}", f"DTSTART:{_local(observance.start)}"]
    if observance.rrule is not None:
        rule: bytes = observance.rrule.recur().to_ical()  # type: ignore[no-untyped-call]
        lines.append(f"RRULE:{rule.decode('ascii')}")
    if observance.name is not None:
        lines.append(f"TZNAME:{_escaped(observance.name)}")
    lines += [
        f"TZOFFSETFROM:{_offset(observance.before)}",
        f"TZOFFSETTO:{_offset(observance.after)}",
        f"END:{kind}",
    ]
    return lines


def _local(moment: datetime) -> str:
    return (
        f"{moment.year:04}{moment.month:02}{moment.day:02}"
        f"T{moment.hour:02}{moment.minute:02}{moment.second:02}"
    )


def _offset(seconds: int) -> str:
    """A UTC-OFFSET as icalendar's ``vUTCOffset`` writes it: seconds only when there are some."""
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02}{minutes:02}{secs:02}" if secs else f"{sign}{hours:02}{minutes:02}"


def _escaped(text: str) -> str:
    from tourctl.export.values import text as escaped

    return escaped(text)


def _observances(data: _ZoneData) -> list[_Observance]:
    """History from ``FIRST_YEAR`` until the current rule holds, then the rule."""
    hi = _TABLE_END
    if data.rule_after is not None:
        hi = max(hi, data.rule_after + 2 * _YEAR)  # a change tzdata has scheduled after 2037
    rule_since = _rule_holds_since(data, hi)
    if rule_since is not None and rule_since > hi:
        # The rule cannot be written as RRULEs: explicit transitions all the way.
        return _history_observances(data, _FIRST, _LAST, None)
    if rule_since is None or rule_since <= _FIRST:  # no history since 1900 (UTC, Etc/GMT-5)
        return _rule_observances(data.rule, base_year=FIRST_YEAR - 1)
    return _history_observances(data, _FIRST, hi, rule_since)


def _with_standard(observances: list[_Observance]) -> list[_Observance]:
    """The observances, led by a STANDARD one if there is none (vobject needs one).

    The added observance states the offset in effect before the first one
    (its TZOFFSETFROM), from a day before it: it changes no instant.
    """
    if not observances or any(not o.daylight for o in observances):
        return observances
    first = observances[0]
    standard = _Observance(False, first.start - timedelta(days=1), first.before, first.before, None)
    return [standard, *observances]


# -- reading tzdata ---------------------------------------------------------


@functools.cache
def _zone_data(zone: str) -> _ZoneData:
    return _parse_tzif(tzdata.zone_file(zone), zone)


_HEADER = struct.Struct(">4sc15x6l")


def _parse_tzif(raw: bytes, zone: str) -> _ZoneData:
    """Parse RFC 8536 TZif data, version 2 or later (the 64-bit body and the footer)."""
    magic, version, *counts = _HEADER.unpack_from(raw, 0)
    if magic != b"TZif" or version == b"\x00":
        raise ValueError(f"{zone}: not a time zone file (TZif version 2 or later)")
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts
    pos = _HEADER.size + timecnt * 5 + typecnt * 6 + charcnt + leapcnt * 8 + isstdcnt + isutcnt
    _, _, *counts = _HEADER.unpack_from(raw, pos)
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts
    if leapcnt:
        raise ValueError(f"{zone}: TZif data with leap seconds is not supported")
    pos += _HEADER.size
    times = struct.unpack_from(f">{timecnt}q", raw, pos)
    pos += 8 * timecnt
    indexes = raw[pos : pos + timecnt]
    pos += timecnt
    infos = [struct.unpack_from(">lBB", raw, pos + 6 * i) for i in range(typecnt)]
    pos += 6 * typecnt
    chars = raw[pos : pos + charcnt]
    pos += charcnt + isstdcnt + isutcnt
    types = [
        _Type(offset, bool(isdst), chars[idx : chars.index(b"\0", idx)].decode("ascii"))
        for offset, isdst, idx in infos
    ]
    initial = types[0]
    transitions: list[_Transition] = []
    for at, index in zip(times, indexes, strict=True):
        before, after = (transitions[-1].after if transitions else initial), types[index]
        if at < _MIN_INSTANT:
            initial = after
        elif after != before:
            transitions.append(_Transition(at, before, after))
    footer = raw[pos:].strip(b"\n").decode("ascii")
    rule = _parse_posix(footer, zone) if footer else _Rule(types[-1], None, None, None)
    rule_after = times[-1] if times and times[-1] >= _MIN_INSTANT else None
    return _ZoneData(initial, tuple(transitions), rule, rule_after)


_NAME = r"(<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"([+-]?\d{1,3}(?::\d{1,2}){0,2})"
_DATE = r"(M\d{1,2}\.\d\.\d|J\d{1,3}|\d{1,3})"
_POSIX = re.compile(
    rf"{_NAME}{_OFFSET}(?:{_NAME}{_OFFSET}?(?:,{_DATE}(?:/{_OFFSET})?,{_DATE}(?:/{_OFFSET})?)?)?"
)


def _parse_posix(text: str, zone: str) -> _Rule:
    """Parse a POSIX TZ string as RFC 8536 extends it (hours -167..167 in rule times)."""
    match = _POSIX.fullmatch(text)
    if not match:
        raise ValueError(f"{zone}: cannot read the TZ rule {text!r}")
    std_name, std_off, dst_name, dst_off, start, start_time, end, end_time = match.groups()
    # POSIX offsets count hours west of Greenwich: "CET-1" is UTC+1.
    std = _Type(-_seconds(std_off), False, std_name.strip("<>"))
    if dst_name is None:
        return _Rule(std, None, None, None)
    if start is None or end is None:
        raise ValueError(f"{zone}: the TZ rule {text!r} names summer time but not when")
    dst_offset = -_seconds(dst_off) if dst_off else std.offset + 3600
    dst = _Type(dst_offset, True, dst_name.strip("<>"))
    return _Rule(std, dst, _date_rule(start, start_time), _date_rule(end, end_time))


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _date_rule(text: str, time: str | None) -> _DateRule:
    seconds = _seconds(time) if time else 2 * 3600
    if text.startswith("M"):
        month, week, weekday = (int(p) for p in text[1:].split("."))
        return _DateRule("M", month, week, weekday, 0, seconds)
    if text.startswith("J"):
        return _DateRule("J", 0, 0, 0, int(text[1:]), seconds)
    return _DateRule("N", 0, 0, 0, int(text), seconds)


# -- what the rule and the history say ---------------------------------------


def _local_switch(spec: _DateRule, year: int) -> datetime:
    """The local wall-clock time (before the switch) of a rule's switch in ``year``."""
    if spec.form == "M":
        first_weekday = (calendar.weekday(year, spec.month, 1) + 1) % 7  # 0 = Sunday
        day = 1 + (spec.weekday - first_weekday) % 7 + 7 * (spec.week - 1)
        while day > calendar.monthrange(year, spec.month)[1]:
            day -= 7
        midnight = datetime(year, spec.month, day)
    elif spec.form == "J":  # 1..365, 29 February never counted
        leap_shift = 1 if calendar.isleap(year) and spec.day >= 60 else 0
        midnight = datetime(year, 1, 1) + timedelta(days=spec.day - 1 + leap_shift)
    else:  # 0..365, 29 February counted
        midnight = datetime(year, 1, 1) + timedelta(days=spec.day)
    return midnight + timedelta(seconds=spec.time)


@functools.lru_cache(maxsize=4096)
def _rule_year(rule: _Rule, year: int) -> tuple[_Transition, ...]:
    """The rule's switches in ``year``, in order (none for a zone without summer time).

    Memoized: most zones share a few rules (EU, US), and each zone's history is compared
    with its rule year by year (``_rule_holds_since``), so the same years come up again.
    """
    if rule.dst is None or rule.start is None or rule.end is None:
        return ()
    to_dst = _instant(_local_switch(rule.start, year)) - rule.std.offset
    to_std = _instant(_local_switch(rule.end, year)) - rule.dst.offset
    return tuple(
        sorted(
            [_Transition(to_dst, rule.std, rule.dst), _Transition(to_std, rule.dst, rule.std)],
            key=lambda t: t.at,
        )
    )


def _rule_span(rule: _Rule, first_year: int, last_year: int) -> list[_Transition]:
    """The rule's switches from ``first_year`` to ``last_year``, as real changes only."""
    years = range(max(1, first_year), min(9999, last_year) + 1)
    switches = [t for year in years for t in _rule_year(rule, year)]
    return _normalized(switches)


def _normalized(transitions: Iterable[_Transition]) -> list[_Transition]:
    """Merge switches at the same instant and drop those that change nothing.

    A rule such as ``EST5EDT,0/0,J365/25`` (summer time all year) switches
    back and forth at the same instant; what counts is the type that results.
    """
    result: list[_Transition] = []
    for t in sorted(transitions, key=lambda t: t.at):
        if result and result[-1].at == t.at:
            t = _Transition(t.at, result.pop().before, t.after)
        if t.before != t.after:
            result.append(t)
    return result


@dataclass(frozen=True)
class _Timeline:
    """Transitions in order and the type before them: what clocks show at any instant."""

    initial: _Type
    transitions: Sequence[_Transition]
    instants: Sequence[int]

    @classmethod
    def of(cls, initial: _Type, transitions: Sequence[_Transition]) -> _Timeline:
        return cls(initial, transitions, [t.at for t in transitions])

    def type_at(self, at: int) -> _Type:
        index = bisect.bisect_right(self.instants, at)
        return self.transitions[index - 1].after if index else self.initial

    def last_index_at_or_before(self, at: int) -> int:
        return bisect.bisect_right(self.instants, at) - 1


def _actual(data: _ZoneData, until: int) -> _Timeline:
    """Every transition up to ``until``: the file's, then the footer rule's after them."""
    last = data.rule_after
    start_year = _year(last) if last is not None else _year(until)
    generated = [
        t
        for t in _rule_span(data.rule, start_year, _year(until) + 1)
        if (last is None or t.at > last) and t.at <= until
    ]
    explicit = [t for t in data.transitions if t.at <= until]
    return _Timeline.of(data.initial, [*explicit, *generated])


def _rule_holds_since(data: _ZoneData, until: int) -> int | None:
    """From which instant the footer rule alone describes the zone, up to ``until``.

    ``None`` when it always did. Returns an instant after ``until`` when the
    rule does not describe the zone even at ``until`` (a change scheduled in
    the file after the events, say), or cannot be written as RRULEs.
    """
    if data.rule.dst is not None and not _rrules_possible(data.rule):
        return until + 1
    actual = _actual(data, until)
    first_year = _year(actual.instants[0]) - 1 if actual.instants else _year(until)
    switches = _rule_span(data.rule, first_year - 1, _year(until) + 1)
    ruled = _Timeline.of(switches[0].before if switches else data.rule.std, switches)
    points = sorted({*actual.instants, *(at for at in ruled.instants if at <= until)})
    since: int | None = None
    if actual.initial != ruled.initial:
        since = points[0] if points else until + 1
    for index, point in enumerate(points):
        if actual.type_at(point) != ruled.type_at(point):
            since = points[index + 1] if index + 1 < len(points) else until + 1
    return since


# -- writing observances --------------------------------------------------------


def _rule_observances(rule: _Rule, base_year: int) -> list[_Observance]:
    """The current rule, stated from ``base_year`` on: two RRULE observances, or one fixed."""
    if rule.dst is None:
        return [_observance(False, datetime(base_year, 1, 1), rule.std.offset, rule.std)]
    return [
        _rrule_observance(t, piece)
        for t in _rule_year(rule, base_year)
        for piece in _pieces(rule, t)
        if piece.matches(_wall(t.at + t.before.offset))
    ]


def _history_observances(
    data: _ZoneData, lo: int, hi: int, rule_since: int | None
) -> list[_Observance]:
    """Explicit transitions from the last one before ``lo``, then the rule where it holds."""
    actual = _actual(data, hi)
    start = actual.last_index_at_or_before(lo)
    observances: list[_Observance] = []
    if start < 0:  # the events predate the zone's first transition
        before = actual.initial
        observances.append(
            _observance(before.isdst, datetime(FIRST_YEAR - 1, 1, 1), before.offset, before)
        )
        start = 0
    rule_starts: list[tuple[_Transition, _Yearly]] = []
    if rule_since is not None and rule_since <= hi and data.rule.dst is not None:
        rule_starts = _first_rule_switches(data, actual, rule_since, hi)
    cutoff = min(hi, rule_since if rule_since is not None else hi)
    taken = {t.at for t, _ in rule_starts}
    for transition in actual.transitions[start:]:
        if transition.at > cutoff:
            break
        if transition.at not in taken:
            observances.append(_explicit_observance(transition))
    observances.extend(_rrule_observance(t, piece) for t, piece in rule_starts)
    return observances


def _first_rule_switches(
    data: _ZoneData, actual: _Timeline, since: int, hi: int
) -> list[tuple[_Transition, _Yearly]]:
    """For each yearly RRULE of the rule, its first real switch on or after ``since``.

    Usually two: to summer time and back. A switch whose day can fall in two
    months takes one RRULE per month, and the rarer one may first occur
    years later. The switch at ``since`` itself may be one the rule makes but
    the zone did not (the zone already was where the rule goes): that one is
    skipped, so TZOFFSETFROM is always the offset the clocks really showed.
    """
    wanted = {
        (isdst, index): piece
        for isdst in (True, False)
        for index, piece in enumerate(_yearly(data.rule.start if isdst else data.rule.end) or [])
    }
    found: dict[tuple[bool, int], tuple[_Transition, _Yearly]] = {}
    for t in _rule_span(data.rule, _year(since), _year(max(since, hi)) + 30):
        real = t.at > hi or actual.type_at(t.at - 1) == t.before
        if not real or t.at < since:
            continue
        wall = _wall(t.at + t.before.offset)
        for (isdst, index), piece in wanted.items():
            if isdst == t.after.isdst and (isdst, index) not in found and piece.matches(wall):
                found[isdst, index] = (t, piece)
        if len(found) == len(wanted):
            break
    return sorted(found.values(), key=lambda found: found[0].at)


def _explicit_observance(t: _Transition) -> _Observance:
    return _observance(_is_daylight(t), _wall(t.at + t.before.offset), t.before.offset, t.after)


def _rrule_observance(t: _Transition, piece: _Yearly) -> _Observance:
    start = _wall(t.at + t.before.offset)
    return _observance(_is_daylight(t), start, t.before.offset, t.after, piece)


def _pieces(rule: _Rule, t: _Transition) -> list[_Yearly]:
    pieces = _yearly(rule.start if t.after.isdst else rule.end)
    assert pieces is not None  # _rule_holds_since keeps inexpressible rules out
    return pieces


def _observance(
    daylight: bool, start: datetime, before: int, after: _Type, rrule: _Yearly | None = None
) -> _Observance:
    return _Observance(daylight, start, before, after.offset, after.abbr, rrule)


def _is_daylight(t: _Transition) -> bool:
    """Whether a switch starts what clients call daylight time.

    tzdata marks Irish winter time (and Morocco's Ramadan time) as "summer
    time" with a negative offset: GMT is the DST of Europe/Dublin, IST its
    standard time. Outlook and Windows expect DAYLIGHT to be the later clock,
    so a switch into negative summer time is written as STANDARD and the way
    out as DAYLIGHT, as tzdata's own "rearguard" format does.
    """
    if t.after.isdst and not t.before.isdst and t.after.offset < t.before.offset:
        return False
    if t.before.isdst and not t.after.isdst and t.after.offset > t.before.offset:
        return True
    return t.after.isdst


def _rrules_possible(rule: _Rule) -> bool:
    return _yearly(rule.start) is not None and _yearly(rule.end) is not None


@dataclass(frozen=True)
class _Yearly:
    """One yearly RRULE: a weekday in a month, the n-th one or one of a few month days."""

    month: int
    byday: str  # "-1SU", "2SU", or a bare weekday with ``days``
    days: tuple[int, ...] | None = None

    def recur(self) -> vRecur:
        if self.days is None:
            return vRecur(FREQ="YEARLY", BYMONTH=[self.month], BYDAY=[self.byday])
        return vRecur(
            FREQ="YEARLY", BYMONTH=[self.month], BYDAY=[self.byday], BYMONTHDAY=list(self.days)
        )

    def matches(self, wall: datetime) -> bool:
        """Whether a switch at local time ``wall`` is one of this RRULE's (it fires once a year
        at most, so the month and day say it)."""
        return wall.month == self.month and (self.days is None or wall.day in self.days)


def _yearly(spec: _DateRule | None) -> list[_Yearly] | None:
    """Yearly RRULEs for ``Mm.w.d/time`` that together fire once a year; ``None`` if none can.

    A rule time past midnight or before it (Jerusalem's ``M3.4.4/26``, Nuuk's
    ``M3.5.0/-1``) moves the switch to a neighbouring day: that day's weekday
    within the seven month days it can fall on, as positive BYMONTHDAYs
    (ical.js 2.2 mis-expands negative BYMONTHDAY with BYDAY). When those seven
    days run into the next month (Cairo's "the Friday after October's last
    Thursday", which is 1 November when 31 October is a Thursday), each month
    gets an RRULE of its own: the seven days hold each weekday once, so exactly
    one of them fires each year. Days that depend on the year (the end of
    February) or leave the year have no yearly RRULE: the caller then writes
    explicit transitions.
    """
    if spec is None or spec.form != "M":
        return None
    shift = spec.time // _DAY
    if shift == 0:
        week = -1 if spec.week == 5 else spec.week
        return [_Yearly(spec.month, f"{week}{_WEEKDAYS[spec.weekday]}")]
    if spec.month == 2 and spec.week == 5:
        return None
    length = _month_length(spec.month)
    last_possible = length if spec.week == 5 else 7 * spec.week
    days = range(last_possible - 6 + shift, last_possible + 1 + shift)
    weekday = _WEEKDAYS[(spec.weekday + shift) % 7]
    pieces: dict[int, list[int]] = {}
    for day in days:
        month, in_month = spec.month, day
        if day > length:
            if spec.month == 2:
                return None
            month, in_month = spec.month + 1, day - length
        elif day < 1:
            if spec.month - 1 == 2:
                return None
            month, in_month = spec.month - 1, day + _month_length(spec.month - 1)
        if not 1 <= month <= 12 or (month == 2 and in_month > 28):
            return None
        pieces.setdefault(month, []).append(in_month)
    return [_Yearly(month, weekday, tuple(found)) for month, found in sorted(pieces.items())]


def _month_length(month: int) -> int:
    """Days in ``month`` of a common year (February has 28: leap days depend on the year)."""
    return calendar.monthrange(2001, month)[1] if 1 <= month <= 12 else 0


# -- time arithmetic ------------------------------------------------------------


def _instant(moment: datetime) -> int:
    """Seconds since the epoch: exact for aware datetimes, wall-clock-as-UTC for naive ones."""
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return (moment.replace(tzinfo=None) - _EPOCH) // timedelta(seconds=1)


def _wall(seconds: int) -> datetime:
    return _EPOCH + timedelta(seconds=seconds)


def _year(seconds: int) -> int:
    return _wall(seconds).year
