"""Properties of the DST logic, against an oracle built from ``zoneinfo``'s UTC → local direction.

The oracle never asks zoneinfo to interpret a wall time (the ambiguous
direction the code under test uses). It collects every UTC offset the zone
uses within a day of the wall time, turns each into a candidate UTC instant,
and counts the instants whose local time is that wall time: none is a gap,
one is a normal time, two is a fold.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from tourctl.pipeline import PlanOptions, check_text
from tourctl.timing import WallTime, classify, fold_instants, gap_shift, happens_once

ZONES = (
    "Europe/Prague",
    "Europe/Dublin",  # negative DST: summer time is the standard time
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Moscow",  # DST until 2011
    "America/New_York",
    "America/Denver",
    "America/St_Johns",  # -03:30
    "America/Havana",  # transitions at midnight
    "America/Santiago",  # southern hemisphere, at midnight
    "America/Asuncion",
    "America/Sao_Paulo",  # DST until 2019
    "Australia/Sydney",
    "Australia/Adelaide",  # +09:30
    "Australia/Lord_Howe",  # a 30-minute DST
    "Pacific/Auckland",
    "Pacific/Chatham",  # +12:45
    "Asia/Beirut",  # at midnight
    "Asia/Tehran",  # DST until 2022
    "Africa/Casablanca",  # clocks go back for Ramadan
    "Antarctica/Troll",  # a 2-hour DST
)


def utc_instants(day: date, at: time, zone: ZoneInfo) -> set[datetime]:
    """Every UTC instant whose wall time in ``zone`` is ``day at`` (the oracle)."""
    wall = datetime.combine(day, at)
    probe = wall.replace(tzinfo=UTC) - timedelta(days=1)
    offsets = set()
    for step in range(0, 48 * 4 + 1):
        offset = (probe + timedelta(minutes=15 * step)).astimezone(zone).utcoffset()
        assert offset is not None
        offsets.add(offset)
    return {
        instant
        for offset in offsets
        if (instant := (wall - offset).replace(tzinfo=UTC)).astimezone(zone).replace(tzinfo=None)
        == wall
    }


def _offset(instant: datetime, zone: ZoneInfo) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def _change_within(start: datetime, span: timedelta, zone: ZoneInfo) -> datetime:
    """The first UTC minute in ``[start, start + span)`` with a new offset (bisection)."""
    low, high = start, start + span
    before = _offset(low, zone)
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        middle = middle.replace(second=0, microsecond=0)
        if _offset(middle, zone) == before:
            low = middle
        else:
            high = middle
    return high


@cache
def transitions(zone_name: str, year: int) -> tuple[tuple[datetime, int], ...]:
    """Each offset change of ``year``: (first affected wall time, minutes affected).

    Around a change from offset A to B at UTC instant T, the wall times from
    T + min(A, B) for |B - A| either do not exist (B > A) or happen twice.
    """
    zone = ZoneInfo(zone_name)
    found: list[tuple[datetime, int]] = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    while day.year == year:
        if _offset(day, zone) != _offset(day + timedelta(days=1), zone):
            instant = _change_within(day, timedelta(days=1), zone)
            before, after = _offset(instant - timedelta(minutes=1), zone), _offset(instant, zone)
            wall = (instant + min(before, after)).replace(tzinfo=None)
            found.append((wall, int(abs(after - before).total_seconds()) // 60))
        day += timedelta(days=1)
    return tuple(found)


@st.composite
def wall_times(draw: st.DrawFn) -> tuple[date, time, ZoneInfo]:
    """A zone, and a wall time in or near one of its offset changes (or anywhere, sometimes)."""
    zone_name = draw(st.sampled_from(ZONES))
    year = draw(st.integers(2000, 2035))
    changes = transitions(zone_name, year)
    if changes and draw(st.integers(0, 4)) > 0:
        wall, width = draw(st.sampled_from(changes))
        wall += timedelta(minutes=draw(st.integers(-90, width + 90)))
    else:
        day = draw(st.dates(date(year, 1, 1), date(year, 12, 31)))
        wall = datetime.combine(day, time()) + timedelta(minutes=draw(st.integers(0, 1439)))
    return wall.date(), wall.time(), ZoneInfo(zone_name)


ORACLE_KIND = {0: WallTime.GAP, 1: WallTime.NORMAL, 2: WallTime.FOLD}


@settings(max_examples=600, deadline=None)
@given(wall_times())
def test_classify_agrees_with_the_oracle(case: tuple[date, time, ZoneInfo]) -> None:
    day, at, zone = case
    assert classify(day, at, zone) is ORACLE_KIND[len(utc_instants(day, at, zone))]


@settings(max_examples=300, deadline=None)
@given(wall_times())
def test_fold_instants_are_the_two_meanings(case: tuple[date, time, ZoneInfo]) -> None:
    day, at, zone = case
    instants = utc_instants(day, at, zone)
    if len(instants) == 2:
        assert fold_instants(day, at, zone) == tuple(sorted(instants))


@settings(max_examples=300, deadline=None)
@given(wall_times())
def test_gap_is_shown_shifted_by_the_jump(case: tuple[date, time, ZoneInfo]) -> None:
    day, at, zone = case
    if utc_instants(day, at, zone):
        return
    jump, shown = gap_shift(day, at, zone)
    assert timedelta(0) < jump <= timedelta(hours=2)
    assert shown == (datetime.combine(day, at) + jump).time()


PLAN = """\
version: 1
tour:
  id: t
  title: T
  organizer: {{name: O}}
  timezone: {zone}
venues:
  - {{id: v, name: V, city: Nowhere Special, country: US}}
events:
  - {{title: E, venue: v, date: {day}, start: "{at}", duration: 30m}}
"""


@settings(max_examples=300, deadline=None)
@given(wall_times())
def test_happens_once_agrees_with_the_oracle(case: tuple[date, time, ZoneInfo]) -> None:
    """The test calendars use to write a time in UTC: an aware moment whose wall time is
    not in a gap or a fold (both fold values of a fold time are ambiguous)."""
    day, at, zone = case
    count = len(utc_instants(day, at, zone))
    for fold in (0, 1):
        moment = datetime.combine(day, at, tzinfo=zone).replace(fold=fold)
        assert happens_once(moment) is (count == 1)


@settings(max_examples=200, deadline=None)
@given(wall_times())
def test_validate_errs_exactly_on_gap_times(case: tuple[date, time, ZoneInfo]) -> None:
    """A gap time never validates; a time that exists never errs; a fold time warns;
    and so does the end that the 30-minute duration puts in a fold."""
    day, at, zone = case
    text = PLAN.format(zone=zone.key, day=day.isoformat(), at=at.strftime("%H:%M"))
    result = check_text(text, "p.yaml", PlanOptions(today=date(2000, 1, 1)))
    instants = sorted(utc_instants(day, at, zone))
    found = {(f.code, f.severity.value, f.path) for f in result.findings}
    assert (result.summary.errors > 0) is (not instants), result.findings
    assert (("dst-gap", "error", "events[0].start") in found) is (not instants)
    assert (("dst-fold", "warning", "events[0].start") in found) is (len(instants) == 2)
    if instants:  # the first of two, as RFC 5545 reads a fold time
        end = (instants[0] + timedelta(minutes=30)).astimezone(zone)
        end_in_fold = len(utc_instants(end.date(), end.time(), zone)) == 2
        assert (("dst-fold", "warning", "events[0].duration") in found) is end_in_fold
