"""Pure time and distance arithmetic the schedule checks share: DST gaps and folds, travel.

Everything here is a small function of its arguments, with no plan and no
findings in sight, so the property tests can compare it against ``zoneinfo``
directly and the checks stay thin.

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
import math
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


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


# --- travel ----------------------------------------------------------------------

EARTH_RADIUS_KM = 6371.0088
"""The mean Earth radius (IUGG); the haversine error against the ellipsoid is under 0.5 %."""

GROUND_SPEED_KMH = 80.0
GROUND_OVERHEAD = timedelta(minutes=30)
FLIGHT_SPEED_KMH = 700.0
FLIGHT_OVERHEAD = timedelta(hours=3)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two ``(latitude, longitude)`` points."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def ground_time(km: float) -> timedelta:
    """Door to door by train, bus or car: straight-line distance at 80 km/h, plus 30 minutes."""
    return GROUND_OVERHEAD + timedelta(hours=km / GROUND_SPEED_KMH)


def flight_time(km: float) -> timedelta:
    """Door to door by air: 3 hours of getting to, through and out of airports, plus 700 km/h."""
    return FLIGHT_OVERHEAD + timedelta(hours=km / FLIGHT_SPEED_KMH)


def least_travel_time(km: float) -> timedelta:
    """The least time anyone could need to get from one venue to another ``km`` away.

    The faster of ground and air, so the estimate is continuous and grows with
    distance; the crossover is at about 226 km. It is deliberately optimistic:
    the travel check should flag the impossible, not the uncomfortable.
    """
    return min(ground_time(km), flight_time(km))
