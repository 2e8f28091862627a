"""The dates, instants and durations tourctl works with: one supported range, checked at the door.

Python's ``datetime`` ends at the years 1 and 9999, and arithmetic near either
end overflows: the day after 9999-12-31 (an all-day item's exclusive end), an
event at 00:30 on 0001-01-01 in a zone east of UTC (its instant is in year 0),
a duration of a billion hours. Rather than guard every sum, tourctl supports a
range far inside those limits and checks each value from outside where it
enters: a plan's dates and durations (an ``invalid-value`` finding at the
value), ``--today``, ``TOURCTL_NOW`` (usage errors) and a previous calendar's
``DTSTAMP`` (the file is not one of ours). Inside the range nothing can
overflow: the furthest any computation reaches is ``LAST_DATE`` plus
``MAX_DURATION`` plus a day of zone offset, millennia from ``datetime.max``.

The range is documented in docs/plan-format.md ("Supported range").
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2999, 12, 31)
MAX_DURATION = timedelta(days=7)
"""The longest ``duration`` an event may have (168h): a festival week, not a season."""
MAX_SEQUENCE_DIGITS = 9
"""A previous calendar's SEQUENCE has at most this many digits (RFC 5545 INTEGER is 32-bit)."""

DATE_RANGE = f"{FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}"


def date_supported(day: date) -> bool:
    """Whether ``day`` is in the supported range (a datetime is judged by its date)."""
    if isinstance(day, datetime):
        day = day.date()
    return FIRST_DATE <= day <= LAST_DATE


def instant_supported(moment: datetime) -> bool:
    """Whether an aware ``moment`` falls on a supported date, in UTC."""
    try:
        return date_supported(moment.astimezone(UTC).date())
    except OverflowError:  # an offset that pushes it past year 1 or 9999
        return False
