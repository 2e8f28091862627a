"""Where each venue is: a time zone every event there can be read in.

The resolution itself (``timezone``, the city, the country's only zone, the
tour's zone) lives in ``tourctl.places``; this module turns what it could not
settle, or what contradicts the city or country, into findings.
"""

from __future__ import annotations

from collections.abc import Iterator

from tourctl.checks.context import CheckContext
from tourctl.findings import Finding, Path
from tourctl.places.resolve import Locatable, Place


def _did_you_mean(where: Locatable) -> str:
    """``"did you mean Berlin?"`` for a city the gazetteer does not know, or ``""``."""
    from tourctl.places.gazetteer import close_cities

    names = list(dict.fromkeys(city.name for city in close_cities(where.city, where.country)))
    if not names:
        return ""
    listed = " or ".join(names) if len(names) <= 2 else f"{', '.join(names[:-1])} or {names[-1]}"
    return f"did you mean {listed}?"


def _unresolved_message(venue: Locatable) -> str:
    from tourctl.places.gazetteer import country_zones

    zones = country_zones(venue.country)
    if not zones:
        return (
            f"no time zone is known for country {venue.country}; add `timezone:` to the venue "
            "or a default `timezone:` to `tour`"
        )
    ask = f"add `timezone:` here (e.g. timezone: {zones[0]}) or a default one to `tour`"
    listed = ", ".join(zones[:5]) + (", …" if len(zones) > 5 else "")
    close = _did_you_mean(venue)
    close = f" ({close})" if close else ""
    return (
        f"cannot tell the time zone of '{venue.city}': {venue.country} has {len(zones)} "
        f"({listed}) and no city of that name was found there{close}; {ask}"
    )


def _unknown_city(
    ctx: CheckContext, where: Locatable, place: Place, path: Path
) -> Iterator[Finding]:
    """A city the gazetteer lacks, spelled close to one it has: most likely a typo, which
    calendars would show and which leaves the travel checks without the city's position."""
    if place.city is not None:
        return
    close = _did_you_mean(where)
    if close:
        yield ctx.warning(
            "city-unknown",
            f"'{where.city}' is not a city tourctl knows in {where.country}; {close} "
            "(if it is a town tourctl does not know, add `ignore: [city-unknown]` to the venue)",
            (*path, "city"),
        )


def venue_zones(ctx: CheckContext) -> Iterator[Finding]:
    """A venue needs a zone (error if none resolves); a `timezone` against its place warns."""
    from tourctl.places.resolve import resolve_place, zone_conflict

    tour_zone = ctx.plan.tour.timezone
    by_id = ctx.plan.venue_by_id()
    for index, venue in enumerate(ctx.plan.venues):
        place = ctx.places.get(venue.id)
        if place is None or by_id[venue.id] is not venue:
            place = resolve_place(venue, tour_zone)  # a duplicate id: resolve this one itself
        if place.zone is None:
            yield ctx.error(
                "zone-unresolved", _unresolved_message(venue), ("venues", index, "city")
            )
            continue
        yield from _unknown_city(ctx, venue, place, ("venues", index))
        conflict = zone_conflict(venue, place)
        if conflict is not None:
            yield ctx.warning("zone-conflict", conflict, ("venues", index, "timezone"))


def _place_findings(
    ctx: CheckContext, where: Locatable, place: Place, path: Path
) -> Iterator[Finding]:
    from tourctl.places.resolve import zone_conflict

    if place.zone is None:
        yield ctx.error("zone-unresolved", _unresolved_message(where), (*path, "city"))
        return
    yield from _unknown_city(ctx, where, place, path)
    conflict = zone_conflict(where, place)
    if conflict is not None:
        yield ctx.warning("zone-conflict", conflict, (*path, "timezone"))


def travel_zones(ctx: CheckContext) -> Iterator[Finding]:
    """A leg's place ends (not venues) and every stay are placed like venues."""
    from tourctl.model import PlaceRef
    from tourctl.places.resolve import resolve_place, stay_places

    tour_zone = ctx.plan.tour.timezone
    for index, leg in enumerate(ctx.plan.travel):
        for name, endpoint in (("from", leg.from_), ("to", leg.to)):
            if isinstance(endpoint, PlaceRef):
                place = resolve_place(endpoint, tour_zone)
                yield from _place_findings(ctx, endpoint, place, ("travel", index, name))
    for index, (stay, place) in enumerate(zip(ctx.plan.stays, stay_places(ctx.plan), strict=True)):
        yield from _place_findings(ctx, stay, place, ("stays", index))


CHECKS = (venue_zones, travel_zones)
