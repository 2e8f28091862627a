"""The true instants of a plan's events, from zoneinfo, and what each calendar reader cannot do.

The calendar tests compare what the readers of ``tests/icsparsers.py`` (and a
CalDAV server) make of a file with what the plan means, computed here
independently of the export: zoneinfo on the same ``tzdata`` release the
VTIMEZONEs are made from, a local time in a fold taken as the first of the
two (RFC 5545's reading, and tourctl's), a ``duration`` added on the UTC time
line.

``misread`` says whether a reader got an instant wrong, allowing only for
what the reader itself cannot do, each measured:

* ical.js drops the seconds of a UTC offset, icalendar rounds them to the
  minute (local mean time, before about 1920 in many zones);
* icalendar expands a VTIMEZONE's yearly rules only until 2038, libical
  until 2582 (vobject and ical.js: any year).
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from tourctl.export.identity import event_uid
from tourctl.model import Plan, Visibility

EXPANDS_RULES_UNTIL = {"icalendar": 2038, "libical": 2582}
"""The last year whose yearly-rule switches each reader computes."""
DROPS_OFFSET_SECONDS = frozenset({"ical.js", "icalendar"})


@cache
def tzdata_zone(zone: str) -> ZoneInfo:
    """The zone from the ``tzdata`` package, the release VTIMEZONEs are made from.

    ``ZoneInfo(zone)`` prefers the operating system's copy, which may be an
    older or newer release; comparing across releases would test the releases.
    """
    path = importlib.resources.files("tzdata").joinpath("zoneinfo", *zone.split("/"))
    with path.open("rb") as file:
        return ZoneInfo.from_file(file, key=zone)


def utc_text(moment: datetime) -> str:
    """An aware instant as the parsers write instants: ``YYYY-MM-DDTHH:MM:SSZ``."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def instant(zone: str, wall: datetime) -> str:
    """What tzdata says a local time is (the first of two in a fold), as the parsers write it."""
    return utc_text(wall.replace(tzinfo=tzdata_zone(zone)))


def _parsed(text: str) -> datetime:
    return datetime.fromisoformat(text.removesuffix("Z"))


def misread(reader: str, zone: str, wall: datetime, want: str, got: str | None) -> bool:
    """Whether ``reader`` read the local time ``wall`` in ``zone`` as something other than
    tzdata's instant ``want``, beyond what the reader itself cannot do (the module docstring)."""
    if want == got:
        return False
    if got is None:
        return True
    if wall.year > EXPANDS_RULES_UNTIL.get(reader, 9999):
        return False
    offset = tzdata_zone(zone).utcoffset(wall)
    if reader in DROPS_OFFSET_SECONDS and offset is not None and offset % timedelta(minutes=1):
        return abs(_parsed(want) - _parsed(got)) >= timedelta(minutes=1)
    return True


@dataclass(frozen=True)
class TrueEvent:
    """What a calendar must say about one plan event, computed from the plan alone."""

    uid: str
    title: str
    zone: str | None
    first: datetime | None  # aware, UTC; None for an all-day item
    last: datetime | None
    day: date
    all_day: bool
    end_zone: str | None = None
    """A leg's arrival zone (its start is in ``zone``); None: the same as ``zone``."""
    end_day: date | None = None
    """An all-day span's exclusive end date (a stay's check-out); None: the next day."""

    @property
    def last_zone(self) -> str | None:
        return self.end_zone or self.zone

    @property
    def after(self) -> date:
        from datetime import timedelta

        return self.end_day or self.day + timedelta(days=1)

    @property
    def local_start(self) -> datetime:
        assert self.first is not None and self.zone is not None
        return self.first.astimezone(tzdata_zone(self.zone)).replace(tzinfo=None)

    @property
    def local_end(self) -> datetime:
        zone = self.last_zone
        assert self.last is not None and zone is not None
        return self.last.astimezone(tzdata_zone(zone)).replace(tzinfo=None)


def true_events(
    plan: Plan, zones: Mapping[str, str | None], audience: Visibility, today: date | None = None
) -> dict[str, TrueEvent]:
    """UID → what the ``audience`` calendar of ``plan`` must hold; ``zones`` maps venue ids
    to their zones (as validation resolved them). With ``today``, a public event whose
    ``announce`` date is later is not in the public calendar yet."""
    found: dict[str, TrueEvent] = {}
    for event in plan.events:
        if not event.visibility.visible_to(audience):
            continue
        announce = event.announce
        if audience is Visibility.PUBLIC and announce and today and announce > today:
            continue
        uid = event_uid(plan.tour.id, event.key)
        zone = zones[event.venue]
        if event.all_day or event.start is None or zone is None:
            found[uid] = TrueEvent(uid, event.title, None, None, None, event.date, True)
            continue
        tz = tzdata_zone(zone)
        first = datetime.combine(event.date, event.start, tzinfo=tz).astimezone(UTC)
        if event.duration is not None:
            last = first + event.duration
        else:
            assert event.end is not None
            last = datetime.combine(event.date, event.end, tzinfo=tz).astimezone(UTC)
        found[uid] = TrueEvent(uid, event.title, zone, first, last, event.date, False)
    found.update(_road(plan, audience))
    return found


_MODES = {"train": "Train", "bus": "Bus", "flight": "Flight", "car": "Car", "ferry": "Ferry"}


def _road(plan: Plan, audience: Visibility) -> dict[str, TrueEvent]:
    """The legs and stays the audience's calendar holds: a leg from its departure (local
    where it starts) to its arrival (local where it ends); a stay all day, check-in to
    check-out."""
    from tourctl.places.resolve import leg_places, resolve_places

    found: dict[str, TrueEvent] = {}
    ends = leg_places(plan, resolve_places(plan))
    for key, leg, (origin, destination) in zip(plan.leg_keys, plan.travel, ends, strict=True):
        if not leg.visibility.visible_to(audience):
            continue
        assert origin is not None and destination is not None
        assert origin.zone is not None and destination.zone is not None
        first = leg.depart.replace(tzinfo=tzdata_zone(origin.zone)).astimezone(UTC)
        last = leg.arrive.replace(tzinfo=tzdata_zone(destination.zone)).astimezone(UTC)
        start_city, end_city = plan.endpoint_city(leg.from_), plan.endpoint_city(leg.to)
        title = f"{_MODES.get(leg.mode.value, 'Travel')} {start_city} → {end_city}"
        title += f" ({leg.reference})" if leg.reference else ""
        uid = event_uid(plan.tour.id, key)
        found[uid] = TrueEvent(
            uid, title, origin.zone, first, last, first.date(), False, destination.zone
        )
    for key, stay in zip(plan.stay_keys, plan.stays, strict=True):
        if not stay.visibility.visible_to(audience):
            continue
        check_in = stay.check_in.date() if isinstance(stay.check_in, datetime) else stay.check_in
        check_out = (
            stay.check_out.date() if isinstance(stay.check_out, datetime) else stay.check_out
        )
        uid = event_uid(plan.tour.id, key)
        title = f"Stay: {stay.name}, {stay.city}"
        found[uid] = TrueEvent(uid, title, None, None, None, check_in, True, None, check_out)
    return found
