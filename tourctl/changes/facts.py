"""What one audience can see of each item, as plain facts both sides of a comparison share.

A comparison needs the same facts from two versions. They come from one of two
sources, never mixed in one comparison:

* an audience view (``from_view``): for ``tourctl diff`` between two plans,
  with everything the view holds (speakers as that audience names them,
  addresses only where that audience sees them);
* a calendar file (``from_calendar``): for what ``export`` and ``publish`` say
  they changed, read from the previous file's lines and the new file's alike.

Facts are keyed by UID (the tour id and the item's id), the identity calendars
match on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from tourctl.export.identity import event_uid

if TYPE_CHECKING:
    from tourctl.export.identity import Stamp
    from tourctl.view import EventView, LegView, PlanView, StayView

Kind = Literal["event", "leg", "stay"]


@dataclass(frozen=True)
class Facts:
    """One item as an audience sees it. ``None`` for a fact the source does not carry."""

    uid: str
    kind: Kind
    key: str | None
    """The item's id in the plan (None when read from a calendar)."""
    title: str
    start: datetime | None
    """Aware and local (its zone's), or None for an all-day item."""
    end: datetime | None
    day: date
    last_day: date
    """The last day an all-day item covers (a stay: the check-out day)."""
    zone: str | None
    place: str
    """Where, as people name it: "Buchladen am Kanal, Berlin"; for a leg, its two ends."""
    city: str
    address: str | None = None
    status: str = "confirmed"
    people: tuple[str, ...] | None = None
    details: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    """Everything else the audience sees, as (label, value), for "details changed"."""

    @property
    def all_day(self) -> bool:
        return self.start is None

    @property
    def instant(self) -> datetime:
        if self.start is not None:
            return self.start.astimezone(UTC)
        return datetime.combine(self.day, datetime.min.time(), tzinfo=UTC)


# --- from a view --------------------------------------------------------------------------


def from_view(view: PlanView) -> dict[str, Facts]:
    """Every item of the view (events, legs, stays), by UID."""
    tour = view.tour.id
    facts = [_event(tour, e) for e in view.events]
    facts += [_leg(tour, leg) for leg in view.legs]
    facts += [_stay(tour, stay) for stay in view.stays]
    return {f.uid: f for f in facts}


def _names(people: Iterable[object]) -> tuple[str, ...]:
    return tuple(getattr(person, "name", "") for person in people)


def _event(tour: str, event: EventView) -> Facts:
    venue = event.venue
    details = [
        ("description", (event.description or "").strip()),
        ("registration", event.registration or ""),
        ("doors", f"{event.doors:%H:%M}" if event.doors else ""),
        ("languages", ", ".join(event.languages)),
        ("accessibility", (venue.accessibility or "").strip()),
        (
            "contacts",
            "; ".join(f"{c.name} {c.email} {c.phone} {c.website}" for c in venue.contacts),
        ),
        ("crew", ", ".join(_names(event.crew))),
        ("notes", (event.notes or "").strip()),
    ]
    return Facts(
        uid=event_uid(tour, event.key),
        kind="event",
        key=event.key,
        title=event.title,
        start=event.start,
        end=event.end,
        day=event.day,
        last_day=event.day,
        zone=event.zone,
        place=f"{venue.name}, {venue.city}",
        city=venue.city,
        address=venue.address,
        status=event.status.value,
        people=_names(event.speakers),
        details=tuple((k, v) for k, v in details if v),
    )


def _leg(tour: str, leg: LegView) -> Facts:
    from tourctl.export.travel import endpoint_text, leg_summary

    start = leg.depart
    details = [
        ("reference", leg.reference or ""),
        ("booking", leg.booking or ""),
        ("notes", (leg.notes or "").strip()),
        ("arrives", f"{leg.arrive:%Y-%m-%d %H:%M} {leg.destination.zone}" if leg.arrive else ""),
    ]
    return Facts(
        uid=event_uid(tour, leg.key),
        kind="leg",
        key=leg.key,
        title=leg_summary(leg),
        start=start,
        end=leg.arrive,
        day=leg.day,
        last_day=leg.arrive.date() if leg.arrive else leg.day,
        zone=leg.origin.zone,
        place=f"{endpoint_text(leg.origin)} → {endpoint_text(leg.destination)}",
        city=leg.origin.city,
        status="confirmed",
        people=_names(leg.people),
        details=tuple((k, v) for k, v in details if v),
    )


def _stay(tour: str, stay: StayView) -> Facts:
    details = [
        ("phone", stay.phone or ""),
        ("booking", stay.booking or ""),
        ("notes", (stay.notes or "").strip()),
        ("check-in", f"{stay.check_in}"),
        ("check-out", f"{stay.check_out}"),
    ]
    return Facts(
        uid=event_uid(tour, stay.key),
        kind="stay",
        key=stay.key,
        title=f"Stay: {stay.name}, {stay.city}",
        start=None,
        end=None,
        day=stay.first_night,
        last_day=stay.last_morning,
        zone=stay.zone,
        place=f"{stay.name}, {stay.city}",
        city=stay.city,
        address=stay.address,
        status="confirmed",
        people=_names(stay.people),
        details=tuple((k, v) for k, v in details if v),
    )


# --- from a calendar ----------------------------------------------------------------------

_NAME = re.compile(r"([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)", re.S)
_UNESCAPE = re.compile(r"\\([\\;,nN])")
_WHEN = re.compile(r"(\d{8})(?:T(\d{6})(Z?))?$")
_ROAD = {"Travel": "leg", "Accommodation": "stay"}


def _text(value: str) -> str:
    return _UNESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], value)


def _param(params: str, name: str) -> str | None:
    for part in params.split(";"):
        key, _, value = part.partition("=")
        if key.upper() == name:
            return value.strip('"')
    return None


def _moment(params: str, value: str) -> tuple[datetime | None, date | None, str | None]:
    """A DTSTART/DTEND value: (aware local datetime, date of an all-day, zone)."""
    match = _WHEN.match(value.strip())
    if match is None:
        return None, None, None
    digits, clock = match[1], match[2]
    try:
        day = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        if clock is None:
            return None, day, None
        wall = datetime(
            day.year, day.month, day.day, int(clock[:2]), int(clock[2:4]), int(clock[4:])
        )
    except ValueError:
        return None, None, None
    if match[3]:
        return wall.replace(tzinfo=UTC), None, "UTC"
    zone = _param(params, "TZID")
    if zone is None:
        return None, None, None
    from tourctl.places import tzdata

    try:
        return wall.replace(tzinfo=tzdata.zone(zone)), None, zone
    except (ValueError, KeyError, OSError):
        return None, None, None


def from_calendar(stamps: Mapping[str, Stamp]) -> dict[str, Facts]:
    """The items of a calendar file tourctl wrote (its stamps' lines), by UID.

    A line that cannot be read leaves its fact out; an item without a usable
    start is skipped (it cannot be one of ours).
    """
    found: dict[str, Facts] = {}
    for uid, stamp in stamps.items():
        facts = _calendar_item(uid, stamp.said)
        if facts is not None:
            found[uid] = facts
    return found


def _calendar_item(uid: str, lines: Iterable[str]) -> Facts | None:
    props: dict[str, tuple[str, str]] = {}
    for line in lines:
        match = _NAME.match(line)
        if match is not None:
            props.setdefault(match[1].upper(), (match[2], match[3]))
    if "DTSTART" not in props:
        return None
    start, first_day, zone = _moment(*props["DTSTART"])
    end, after_day, _ = _moment(*props["DTEND"]) if "DTEND" in props else (None, None, None)
    if start is None and first_day is None:
        return None
    category = _text(props.get("CATEGORIES", ("", ""))[1])
    kind: Kind = _ROAD.get(category, "event")  # type: ignore[assignment]
    location = _text(props.get("LOCATION", ("", ""))[1])
    parts = [part.strip() for part in location.split(",")]
    # LOCATION is "venue, [address,] city, country" for events, "…, city" for legs and stays.
    city = (parts[-2] if len(parts) >= 2 else location) if kind == "event" else parts[-1]
    if start is not None:
        day = start.date()
        last_day = end.date() if end is not None else day
        if start.tzinfo is UTC and zone == "UTC":
            zone = None  # written in UTC: a fold or gap time; its zone is not on the line
    else:
        assert first_day is not None
        day = first_day
        last_day = (after_day - timedelta(days=1)) if after_day else day
        if kind == "stay" and after_day is not None:
            last_day = after_day
    details = tuple(
        (name.lower(), _text(props[name][1])) for name in ("DESCRIPTION", "URL") if name in props
    )
    return Facts(
        uid=uid,
        kind=kind,
        key=None,
        title=_text(props.get("SUMMARY", ("", ""))[1]),
        start=start,
        end=end,
        day=day,
        last_day=last_day,
        zone=zone,
        place=location,
        city=city,
        address=None,
        status=(props.get("STATUS", ("", "CONFIRMED"))[1] or "CONFIRMED").lower(),
        people=None,
        details=details,
    )
