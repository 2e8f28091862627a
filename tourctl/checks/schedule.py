"""Dates and times of single events: order of start/end/doors, DST gaps and folds, the past.

Times in a plan are wall-clock times at the venue. Around a DST change a wall
time can not exist (spring gap: an error, since no calendar can show it as
written) or exist twice (autumn fold: a warning). tourctl reads a written time
in a fold as the first of the two, as RFC 5545 does, and calendars get that
instant in UTC, since readers disagree on a local one (Thunderbird takes the
later); the warning is for the people who read the local time and may mean
the other. An end computed from a ``duration`` is exact, but one that falls
in the fold cannot be written as a local time either, so it warns too.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tourctl.checks.context import CheckContext
from tourctl.enums import Status, Visibility
from tourctl.findings import Finding
from tourctl.model import Event
from tourctl.places import tzdata
from tourctl.timing import (
    WallTime,
    classify,
    event_span,
    fold_instants,
    format_duration,
    gap_shift,
    happens_once,
)


def _hhmm(at: time) -> str:
    return at.strftime("%H:%M")


def _gap_message(day: date, at: time, zone: ZoneInfo) -> str:
    jump, shown = gap_shift(day, at, zone)
    return (
        f"{_hhmm(at)} on {day.isoformat()} does not exist in {zone.key}: the clocks jump "
        f"forward {format_duration(jump)} then, and calendars would show it as "
        f"{_hhmm(shown)}; choose a time outside the gap"
    )


def _fold_message(day: date, at: time, zone: ZoneInfo) -> str:
    first, second = fold_instants(day, at, zone)
    return (
        f"{_hhmm(at)} on {day.isoformat()} in {zone.key} happens twice: "
        f"{_hhmm(first.time())} UTC and {_hhmm(second.time())} UTC; tourctl takes the first "
        "(calendars get it in UTC), but people reading the local time may take the other: "
        "move it out of the repeated hour"
    )


def _fold_end_message(end: datetime, zone: ZoneInfo) -> str:
    first, second = fold_instants(end.date(), end.time(), zone)
    which, instant = ("first", first) if end.fold == 0 else ("second", second)
    return (
        f"the event ends at {_hhmm(end.time())} on {end.date().isoformat()} (its start plus "
        f"its `duration`), in the hour {zone.key} has twice: the {which} {_hhmm(end.time())} "
        f"({_hhmm(instant.time())} UTC). Calendars get the exact end, but the local time alone "
        "does not say which one it is; end the event outside the repeated hour"
    )


def _wall_times(event: Event) -> Iterator[tuple[str, time]]:
    """The times of an event written as wall-clock times (a `duration` end is not one)."""
    for name in ("start", "end", "doors"):
        value = getattr(event, name)
        if isinstance(value, time):
            yield name, value


def dst_times(ctx: CheckContext) -> Iterator[Finding]:
    """A start, end or doors time in a spring DST gap is an error; in an autumn fold, a warning.

    So is an end that ``duration`` puts in the fold (it cannot fall in a gap:
    it is counted on the UTC time line).
    """
    for index, event in enumerate(ctx.plan.events):
        place = ctx.places.get(event.venue)
        if event.all_day or place is None or place.zone is None:
            continue
        zone = tzdata.zone(place.zone)
        for name, at in _wall_times(event):
            kind = classify(event.date, at, zone)
            path = ("events", index, name)
            if kind is WallTime.GAP:
                yield ctx.error("dst-gap", _gap_message(event.date, at, zone), path)
            elif kind is WallTime.FOLD:
                yield ctx.warning("dst-fold", _fold_message(event.date, at, zone), path)
        if event.duration is not None:
            _, end = event_span(event, place.zone)
            if end is not None and not happens_once(end):
                path = ("events", index, "duration")
                yield ctx.warning("dst-fold", _fold_end_message(end, zone), path)


def _end_message(start: time, end: time) -> str:
    if end == start:
        return f"the event ends when it starts ({_hhmm(start)}); give a later `end` or a `duration`"
    day = date(2000, 1, 1)
    length = datetime.combine(day, end) - datetime.combine(day, start) + timedelta(days=1)
    return (
        f"the event ends ({_hhmm(end)}) before it starts ({_hhmm(start)}); if it runs past "
        f"midnight, write `duration: {format_duration(length)}` instead of `end`"
    )


def time_order(ctx: CheckContext) -> Iterator[Finding]:
    """`end` after `start` (an error: no calendar can show it); `doors` not after `start`.

    Doors after start is only a warning: doors do not change the calendar entry,
    and a late-night event may open its doors before midnight.
    """
    for index, event in enumerate(ctx.plan.events):
        start, end, doors = event.start, event.end, event.doors
        if event.all_day or start is None:
            continue
        if end is not None and end <= start:
            yield ctx.error("end-before-start", _end_message(start, end), ("events", index, "end"))
        if doors is not None and doors > start:
            yield ctx.warning(
                "doors-after-start",
                f"doors open at {_hhmm(doors)}, after the start at {_hhmm(start)}; "
                "`doors` is when people are let in, at or before `start`",
                ("events", index, "doors"),
            )


def dates_in_past(ctx: CheckContext) -> Iterator[Finding]:
    """A date before today is a warning, never an error, so archived tours stay valid.

    Cancelled events are left alone: their date no longer matters.
    """
    today = ctx.today or date.today()
    for index, event in enumerate(ctx.plan.events):
        if event.date < today and event.status is not Status.CANCELLED:
            yield ctx.warning(
                "date-in-past",
                f"{event.date.isoformat()} is in the past (today is {today.isoformat()}); "
                "fine for an archived tour (--ignore date-in-past), a typo otherwise",
                ("events", index, "date"),
            )


def leg_dst_times(ctx: CheckContext) -> Iterator[Finding]:
    """A leg's departure or arrival in a DST gap is an error; in a fold, a warning."""
    from tourctl.places.resolve import leg_places

    places = leg_places(ctx.plan, ctx.places)
    for index, (leg, ends) in enumerate(zip(ctx.plan.travel, places, strict=True)):
        for name, moment, place in (
            ("depart", leg.depart, ends[0]),
            ("arrive", leg.arrive, ends[1]),
        ):
            if place is None or place.zone is None:
                continue
            zone = tzdata.zone(place.zone)
            kind = classify(moment.date(), moment.time(), zone)
            path = ("travel", index, name)
            if kind is WallTime.GAP:
                yield ctx.error("dst-gap", _gap_message(moment.date(), moment.time(), zone), path)
            elif kind is WallTime.FOLD:
                yield ctx.warning(
                    "dst-fold", _fold_message(moment.date(), moment.time(), zone), path
                )


def announce_dates(ctx: CheckContext) -> Iterator[Finding]:
    """An announce date after the event is an error (the public would never see it); on an
    event that is not public, a warning (only the public waits for announce dates)."""
    for index, event in enumerate(ctx.plan.events):
        if event.announce is None:
            continue
        path = ("events", index, "announce")
        if event.announce > event.date:
            yield ctx.error(
                "announce-after-event",
                f"'{event.key}' is announced on {event.announce.isoformat()}, after it takes "
                f"place ({event.date.isoformat()}): the public would never see it; "
                "announce it on or before its date",
                path,
            )
        elif event.visibility is not Visibility.PUBLIC:
            yield ctx.warning(
                "announce-not-public",
                f"'{event.key}' is for {event.visibility.value} only, so `announce` changes "
                "nothing (partners and the team see it at once); remove it, or make the "
                "event `visibility: public`",
                path,
            )


CHECKS = (time_order, dst_times, leg_dst_times, dates_in_past, announce_dates)
