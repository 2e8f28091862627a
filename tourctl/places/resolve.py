"""Where a venue is: its time zone and coordinates, resolved as SPEC.md promises.

A venue's zone is, in this order: its ``timezone``; the zone of its city in the
offline gazetteer (matched within its country); the only zone of its country;
the tour's ``timezone``. Its coordinates are its ``coordinates``, else its
city's. These are pure functions: the checks in ``tourctl.checks`` turn an
unresolved zone or a conflict into findings at the right key of the plan.

Importing this module reads no data; the gazetteer loads on the first
``resolve_place`` (see ``tourctl.places.gazetteer``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol

from tourctl.places import gazetteer
from tourctl.places.distance import haversine_km

if TYPE_CHECKING:
    from tourctl.model import PlaceRef, Plan


class Locatable(Protocol):
    """Anything placed like a venue: a venue, a leg's ``from``/``to`` place, a stay."""

    @property
    def city(self) -> str: ...
    @property
    def country(self) -> str: ...
    @property
    def timezone(self) -> str | None: ...
    @property
    def coordinates(self) -> tuple[float, float] | None: ...


class _Where(NamedTuple):
    city: str
    country: str
    timezone: str | None
    coordinates: tuple[float, float] | None


ZoneSource = Literal["venue", "city", "country", "tour"]
CoordinatesSource = Literal["venue", "city"]


@dataclass(frozen=True, slots=True)
class Place:
    """What tourctl knows about where a venue is, and where each fact came from.

    The sources let messages say *why* an event is in a zone ("from the
    tour's timezone") and let checks treat a guessed position (a city's
    centre) differently from one the organizer wrote down.
    """

    zone: str | None
    """The venue's IANA zone; None when nothing settles it (an error that asks for ``timezone``)."""
    zone_source: ZoneSource | None
    coordinates: tuple[float, float] | None
    """``(latitude, longitude)``; None if the venue has none and the gazetteer lacks its city."""
    coordinates_source: CoordinatesSource | None
    city: gazetteer.City | None
    """The gazetteer's match for the venue's ``city`` within its ``country``, if any."""


def resolve_place(venue: Locatable, tour_timezone: str | None) -> Place:
    """The venue's zone and coordinates, each from the first source that has one.

    The city is looked up even when the venue names its zone and coordinates,
    so that ``zone_conflict`` can compare the two. A pure function of those five
    values, so it is worked out once per distinct place (a tour names the same
    stations and cities over and over).
    """
    return _resolve(venue.city, venue.country, venue.timezone, venue.coordinates, tour_timezone)


@cache
def _resolve(
    city_name: str,
    country: str,
    timezone: str | None,
    written: tuple[float, float] | None,
    tour_timezone: str | None,
) -> Place:
    venue = _Where(city_name, country, timezone, written)
    city = gazetteer.lookup_city(venue.city, venue.country)
    zone, zone_source = _zone(venue, city, tour_timezone)
    coordinates: tuple[float, float] | None = None
    coordinates_source: CoordinatesSource | None = None
    if written is not None:
        coordinates, coordinates_source = written, "venue"
    elif city is not None:
        coordinates, coordinates_source = city.coordinates, "city"
    return Place(zone, zone_source, coordinates, coordinates_source, city)


def _zone(
    venue: Locatable, city: gazetteer.City | None, tour_timezone: str | None
) -> tuple[str | None, ZoneSource | None]:
    if venue.timezone:
        return venue.timezone, "venue"
    if city is not None:
        return city.zone, "city"
    zones = gazetteer.country_zones(venue.country)
    if len(zones) == 1:
        return zones[0], "country"
    if tour_timezone:
        return tour_timezone, "tour"
    return None, None


def resolve_places(plan: Plan) -> dict[str, Place]:
    """Every venue's place, by venue id (the tour's zone is the last fallback)."""
    return {venue.id: resolve_place(venue, plan.tour.timezone) for venue in plan.venues}


def endpoint_place(
    endpoint: str | PlaceRef, venues: Mapping[str, Place], tour_timezone: str | None
) -> Place | None:
    """A leg's ``from``/``to``: its venue's place, or the place mapping's; None for an
    unknown venue id (an error the checks report)."""
    if isinstance(endpoint, str):
        return venues.get(endpoint)
    return resolve_place(endpoint, tour_timezone)


def leg_places(plan: Plan, venues: Mapping[str, Place]) -> list[tuple[Place | None, Place | None]]:
    """Each leg's (departure, arrival) place, in plan order."""
    zone = plan.tour.timezone
    return [
        (endpoint_place(leg.from_, venues, zone), endpoint_place(leg.to, venues, zone))
        for leg in plan.travel
    ]


def stay_places(plan: Plan) -> list[Place]:
    return [resolve_place(stay, plan.tour.timezone) for stay in plan.stays]


SAME_PLACE_KM = 30.0
"""Two places closer than this are one town for the whereabouts checks (a station and a
venue across the city, an airport and its city)."""


def same_place(a: Place, a_city: str, b: Place, b_city: str) -> bool:
    """Whether two places are one town: near each other, or the same city by name."""
    if a.city is not None and b.city is not None and a.city.geonameid == b.city.geonameid:
        return True
    if a.coordinates is not None and b.coordinates is not None:
        return haversine_km(a.coordinates, b.coordinates) <= SAME_PLACE_KM
    return gazetteer.fold(a_city) == gazetteer.fold(b_city)


def zone_conflict(venue: Locatable, place: Place) -> str | None:
    """Why the venue's own ``timezone`` contradicts its country or city, or None if it doesn't.

    A zone must be one of the country's zones in tzdata's zone.tab (or an old
    alias of one, like ``Europe/Kiev``), and the city's zone where the
    gazetteer knows the city. Keeping the same clock is not enough:
    ``Europe/Berlin`` for a venue in Prague shows the right times today but
    is most likely a line copied from another venue, and it would silently go
    wrong if either country changed its rules. The message names the zone to
    use when there is one.
    """
    zone = venue.timezone
    if not zone:
        return None
    city = place.city
    own = gazetteer.country_zones(venue.country)
    if own and not gazetteer.zone_in_country(zone, venue.country):
        if city is not None and gazetteer.zone_in_country(city.zone, venue.country):
            suggestion = f"{city.name} is in {city.zone}"
        elif len(own) == 1:
            suggestion = f"its zone is {own[0]}"
        else:
            listed = ", ".join(own[:5]) + (", …" if len(own) > 5 else "")
            suggestion = f"its zones are {listed}"
        return f"timezone {zone} is not a time zone of {venue.country}; {suggestion}"
    if city is not None and not gazetteer.same_zone(zone, city.zone):
        return (
            f"timezone {zone} contradicts the city: {city.name} ({city.country}) is in {city.zone}"
        )
    return None
