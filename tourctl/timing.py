"""Wall-clock arithmetic: an event's span in its zone, DST gaps and folds, durations.

Everything here is a small function of its arguments, with no findings in
sight, so the property tests can compare it against ``zoneinfo`` directly,
and the checks, the audience view and the calendars share one reading of a
plan's times.

A wall-clock time in a zone is one of three kinds:

* ``NORMAL``: it happens exactly once.
* ``GAP``: it never happens (spring forward: 02:30 on the last Sunday of March
  in Europe/Prague). Detected by a round trip through UTC: a time that does
  not exist comes back as a different wall time.
* ``FOLD``: it happens twice (fall back: 02:30 on the last Sunday of October
  in Europe/Prague). Detected by asking ``zoneinfo`` for the offset with
  ``fold=0`` and ``fold=1``: they differ exactly when the time is ambiguous
  or in a gap (PEP 495), and the round trip tells those two apart. Equal
  offsets are the common case and need no round trip.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tourctl.places import tzdata

if TYPE_CHECKING:
    from tourctl.model import Event


class WallTime(enum.Enum):
    NORMAL = "normal"
    GAP = "gap"
    FOLD = "fold"


def _local(day: date, at: time, zone: ZoneInfo, fold: int = 0) -> datetime:
    return datetime.combine(day, at, tzinfo=zone).replace(fold=fold)


def classify(day: date, at: time, zone: ZoneInfo) -> WallTime:
    """Whether the wall time ``day at`` in ``zone`` happens once, never, or twice."""
    local = _local(day, at, zone)
    if local.utcoffset() == local.replace(fold=1).utcoffset():
        return WallTime.NORMAL  # the fast path: nearly every time of a plan
    if local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        return WallTime.GAP
    return WallTime.FOLD


def happens_once(moment: datetime) -> bool:
    """Whether the wall time of the aware ``moment`` occurs exactly once in its zone.

    False in a fold (it occurs twice) and in a gap (never): there a local time
    says no single instant, so calendars write such a moment in UTC.
    """
    return _happens_once(moment.replace(tzinfo=None, fold=0), moment.tzinfo)


@lru_cache(maxsize=1 << 16)
def _happens_once(wall: datetime, zone: tzinfo | None) -> bool:
    # Remembered: an export asks of each event's and leg's times more than once.
    local = wall.replace(tzinfo=zone)
    return local.utcoffset() == local.replace(fold=1).utcoffset()


def fold_instants(day: date, at: time, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The two UTC instants an ambiguous wall time can mean, earlier first."""
    first = _local(day, at, zone, fold=0).astimezone(UTC)
    second = _local(day, at, zone, fold=1).astimezone(UTC)
    return (first, second) if first <= second else (second, first)


def gap_shift(day: date, at: time, zone: ZoneInfo) -> tuple[timedelta, time]:
    """For a wall time in a gap: how far the clocks jump, and the time calendars will show.

    RFC 5545 reads a non-existent local time with the offset from before the
    gap, so 02:30 in a one-hour spring-forward gap becomes 03:30.
    """
    local = _local(day, at, zone)
    before = local.utcoffset() or timedelta(0)
    after = local.replace(fold=1).utcoffset() or timedelta(0)
    shown = local.astimezone(UTC).astimezone(zone)
    return abs(after - before), shown.time()


def format_duration(span: timedelta) -> str:
    """A duration as people write it in a plan: ``3h``, ``45m``, ``2h05m``; negative with ``-``."""
    total = round(span.total_seconds() / 60)
    sign = "-" if total < 0 else ""
    hours, minutes = divmod(abs(total), 60)
    if hours and minutes:
        return f"{sign}{hours}h{minutes:02d}m"
    if hours:
        return f"{sign}{hours}h"
    return f"{sign}{minutes}m"


def event_span(event: Event, zone: str | None) -> tuple[datetime | None, datetime | None]:
    """Local aware start and end of a timed event (None for all-day or an unresolved zone).

    A ``duration`` is elapsed time: it is added on the UTC time line, so an
    event across a DST change lasts what it says. An ``end`` is a wall time on
    the same day.
    """
    if event.all_day or event.start is None or zone is None:
        return None, None
    local_zone = tzdata.zone(zone)
    start = datetime.combine(event.date, event.start, tzinfo=local_zone)
    if event.duration is not None:
        end: datetime | None = (start.astimezone(UTC) + event.duration).astimezone(local_zone)
    elif event.end is not None:
        end = datetime.combine(event.date, event.end, tzinfo=local_zone)
    else:
        end = None
    return start, end


def clock_range(start: datetime, end: datetime, after_end: str = "") -> str:
    """``19:00–21:00 CEST``; ``01:30 CEST–03:00 CET`` when the clocks change in between, so
    neither end is named by the other's abbreviation. ``after_end`` follows the end time
    (`` (+1)``, `` on 2024-10-28``)."""
    first, last = start.tzname() or "", end.tzname() or ""
    if first == last:
        return f"{start:%H:%M}–{end:%H:%M}{after_end} {first}".rstrip()
    return f"{start:%H:%M} {first}–{end:%H:%M}{after_end} {last}".rstrip()
