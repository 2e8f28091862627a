"""Legs and stays as calendar entries: what each says, before calendar.py writes the lines.

A leg starts in its departure zone and ends in its arrival zone (a train from
Praha to Kyiv crosses one; a flight east over midnight changes the date), so
it is written with two TZIDs. A stay is an all-day span from the check-in
date to the check-out date (RFC 5545's exclusive end: the check-out morning is
not a night), transparent so it never shows a person as busy.

This module only decides the properties; ``calendar.py`` writes every value
(text escaping, TZIDs, folding stays in one place). It reads only the audience
view, which holds no leg or stay its audience may not see, and no booking code
or note below the team.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tourctl.enums import TravelMode
from tourctl.view import EndpointView, LegView, PersonRef, PlanView, StayView

_MODE = {
    TravelMode.TRAIN: "Train",
    TravelMode.BUS: "Bus",
    TravelMode.FLIGHT: "Flight",
    TravelMode.CAR: "Car",
    TravelMode.FERRY: "Ferry",
    TravelMode.OTHER: "Travel",
}


@dataclass(frozen=True, slots=True)
class Prop:
    """One property: TEXT (``text``), a local date-time in a zone (``local``), or a DATE."""

    name: str
    text: str | None = None
    local: tuple[datetime, str] | None = None
    day: date | None = None


def travel_items(view: PlanView) -> list[tuple[str, list[Prop]]]:
    """(key, properties) for every leg, then every stay, in time order."""
    items = [(leg.key, leg_props(leg)) for leg in view.legs if leg.depart and leg.arrive]
    items += [(stay.key, stay_props(stay)) for stay in view.stays]
    return items


def leg_summary(leg: LegView) -> str:
    """``Train Praha → Kraków (EC 113)``."""
    text = f"{_MODE[leg.mode]} {leg.origin.city} → {leg.destination.city}"
    return f"{text} ({leg.reference})" if leg.reference else text


def endpoint_text(endpoint: EndpointView) -> str:
    return f"{endpoint.name}, {endpoint.city}" if endpoint.name else endpoint.city


def names(people: tuple[PersonRef, ...]) -> str:
    return ", ".join(person.name for person in people)


def leg_props(leg: LegView) -> list[Prop]:
    assert leg.depart is not None and leg.arrive is not None
    assert leg.origin.zone is not None and leg.destination.zone is not None
    details = [
        f"From: {endpoint_text(leg.origin)}",
        f"To: {endpoint_text(leg.destination)}",
    ]
    if leg.people:
        details.append(f"People: {names(leg.people)}")
    if leg.reference:
        details.append(f"Reference: {leg.reference}")
    if leg.booking:
        details.append(f"Booking: {leg.booking}")
    sections = ["\n".join(details)]
    if leg.notes and leg.notes.strip():
        sections.append(f"Team notes:\n{leg.notes.strip()}")
    return [
        Prop("DTSTART", local=(leg.depart, leg.origin.zone)),
        Prop("DTEND", local=(leg.arrive, leg.destination.zone)),
        Prop("SUMMARY", leg_summary(leg)),
        Prop("LOCATION", endpoint_text(leg.origin)),
        Prop("DESCRIPTION", "\n\n".join(sections)),
        Prop("CATEGORIES", "Travel"),
        Prop("TRANSP", "OPAQUE"),
        Prop("CLASS", "PRIVATE"),
    ]


def stay_props(stay: StayView) -> list[Prop]:
    where = ", ".join(part for part in (stay.name, stay.address, stay.city) if part)
    details = []
    if stay.people:
        details.append(f"People: {names(stay.people)}")
    for label, value in (("Check-in", stay.check_in), ("Check-out", stay.check_out)):
        if isinstance(value, datetime):
            details.append(f"{label}: {value.strftime('%H:%M')}")
    if stay.phone:
        details.append(f"Phone: {stay.phone}")
    if stay.booking:
        details.append(f"Booking: {stay.booking}")
    sections = ["\n".join(details)] if details else []
    if stay.notes and stay.notes.strip():
        sections.append(f"Team notes:\n{stay.notes.strip()}")
    props = [
        Prop("DTSTART", day=stay.first_night),
        Prop("DTEND", day=max(stay.last_morning, stay.first_night + timedelta(days=1))),
        Prop("SUMMARY", f"Stay: {stay.name}, {stay.city}"),
        Prop("LOCATION", where),
    ]
    if sections:
        props.append(Prop("DESCRIPTION", "\n\n".join(sections)))
    props += [Prop("CATEGORIES", "Accommodation"), Prop("TRANSP", "TRANSPARENT")]
    return [*props, Prop("CLASS", "PRIVATE")]
