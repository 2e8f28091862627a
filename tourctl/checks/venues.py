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
    return (
        f"cannot tell the time zone of '{venue.city}': {venue.country} has {len(zones)} "
        f"({listed}) and no city of that name was found there; {ask}"
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
