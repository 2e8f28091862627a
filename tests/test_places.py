"""Where a venue is (SPEC.md): each branch of the zone order, coordinates, and conflicts."""

from __future__ import annotations

from typing import Any

import pytest

from tourctl.model import Venue
from tourctl.places.resolve import Place, resolve_place, zone_conflict


def venue(city: str, country: str, **extra: Any) -> Venue:
    return Venue(id="v", name="Venue", city=city, country=country, **extra)


# --- the zone, in SPEC order ---------------------------------------------------------


def test_the_venues_own_timezone_comes_first() -> None:
    place = resolve_place(venue("Prague", "CZ", timezone="Europe/Prague"), "Europe/Lisbon")
    assert (place.zone, place.zone_source) == ("Europe/Prague", "venue")
    assert place.city is not None and place.city.name == "Prague"  # still looked up


def test_the_venues_timezone_wins_even_against_its_city() -> None:
    place = resolve_place(venue("Madrid", "ES", timezone="Atlantic/Canary"), None)
    assert (place.zone, place.zone_source) == ("Atlantic/Canary", "venue")


@pytest.mark.parametrize(
    ("city", "country", "zone"),
    [
        ("Praha", "CZ", "Europe/Prague"),
        ("Kraków", "PL", "Europe/Warsaw"),
        ("Kyiv", "UA", "Europe/Kyiv"),  # UA has two zones; the city settles it
        ("Simferopol", "UA", "Europe/Simferopol"),
        ("Madrid", "ES", "Europe/Madrid"),  # ES has three
        ("Santa Cruz de Tenerife", "ES", "Atlantic/Canary"),
        ("München", "DE", "Europe/Berlin"),  # DE has two (Büsingen)
        ("Madrid", "CO", "America/Bogota"),
    ],
)
def test_then_the_zone_of_its_city(city: str, country: str, zone: str) -> None:
    place = resolve_place(venue(city, country), "Europe/Lisbon")
    assert (place.zone, place.zone_source) == (zone, "city")


@pytest.mark.parametrize(
    ("country", "zone"), [("CZ", "Europe/Prague"), ("PT", None), ("LT", "Europe/Vilnius")]
)
def test_then_the_only_zone_of_its_country(country: str, zone: str | None) -> None:
    place = resolve_place(venue("Nowhere-in-Particular", country), "Asia/Tokyo")
    if zone is None:  # Portugal has three zones (Lisbon, Madeira, Azores): the tour's
        assert (place.zone, place.zone_source) == ("Asia/Tokyo", "tour")
    else:
        assert (place.zone, place.zone_source) == (zone, "country")
    assert place.city is None


@pytest.mark.parametrize("country", ["ES", "DE", "UA", "US"])
def test_then_the_tours_timezone(country: str) -> None:
    place = resolve_place(venue("Nowhere-in-Particular", country), "Europe/Berlin")
    assert (place.zone, place.zone_source) == ("Europe/Berlin", "tour")


@pytest.mark.parametrize("country", ["ES", "DE", "UA"])
def test_unresolvable_without_a_tour_zone(country: str) -> None:
    place = resolve_place(venue("Nowhere-in-Particular", country), None)
    assert (place.zone, place.zone_source) == (None, None)


def test_a_city_in_another_country_does_not_count() -> None:
    # Madrid is not in the US, and the US has many zones: only the tour can say.
    place = resolve_place(venue("Madrid", "US"), None)
    assert place == Place(None, None, None, None, None)


# --- coordinates -------------------------------------------------------------------


def test_coordinates_from_the_venue_first() -> None:
    place = resolve_place(venue("Prague", "CZ", coordinates=(50.087, 14.421)), None)
    assert (place.coordinates, place.coordinates_source) == ((50.087, 14.421), "venue")


def test_coordinates_else_from_the_city() -> None:
    place = resolve_place(venue("Praha", "CZ"), None)
    assert place.coordinates_source == "city"
    assert place.coordinates == pytest.approx((50.088, 14.421), abs=0.01)


def test_no_coordinates_without_venue_or_city() -> None:
    place = resolve_place(venue("Nowhere-in-Particular", "CZ"), None)
    assert (place.coordinates, place.coordinates_source) == (None, None)


# --- conflicts ---------------------------------------------------------------------


def conflict(city: str, country: str, zone: str) -> str | None:
    v = venue(city, country, timezone=zone)
    return zone_conflict(v, resolve_place(v, None))


def test_a_zone_of_another_country_conflicts_even_with_the_same_clock() -> None:
    message = conflict("Prague", "CZ", "Europe/Berlin")
    assert message is not None
    assert "Europe/Berlin" in message and "CZ" in message
    assert "Europe/Prague" in message  # says what to write instead


@pytest.mark.parametrize(
    ("city", "country", "zone", "names"),
    [
        ("Prague", "CZ", "Europe/Bratislava", ["Europe/Bratislava", "Europe/Prague"]),
        ("Bratislava", "SK", "Europe/Prague", ["Europe/Prague", "Europe/Bratislava"]),
        ("Oslo", "NO", "Europe/Berlin", ["Europe/Berlin", "Europe/Oslo"]),
        ("Prague", "CZ", "UTC", ["UTC", "Europe/Prague"]),
        # The city is unknown: the country's only zone is the suggestion.
        ("Nowhere-in-Particular", "CZ", "Europe/Vienna", ["Europe/Vienna", "Europe/Prague"]),
        # Several zones and no city: all of them.
        ("Nowhere-in-Particular", "ES", "Europe/Lisbon", ["Atlantic/Canary", "Africa/Ceuta"]),
    ],
)
def test_zone_not_of_the_country(city: str, country: str, zone: str, names: list[str]) -> None:
    message = conflict(city, country, zone)
    assert message is not None
    for name in names:
        assert name in message


@pytest.mark.parametrize(
    ("city", "zone", "city_zone"),
    [
        ("Madrid", "Atlantic/Canary", "Europe/Madrid"),
        ("Las Palmas de Gran Canaria", "Europe/Madrid", "Atlantic/Canary"),
    ],
)
def test_a_zone_of_the_country_that_is_not_the_citys(city: str, zone: str, city_zone: str) -> None:
    message = conflict(city, "ES", zone)
    assert message is not None
    assert zone in message and city_zone in message


@pytest.mark.parametrize(
    ("city", "country", "zone"),
    [
        ("Prague", "CZ", "Europe/Prague"),
        ("Kyiv", "UA", "Europe/Kyiv"),
        ("Kyiv", "UA", "Europe/Kiev"),  # the old name of the same zone
        ("Kiev", "UA", "Europe/Kiev"),
        ("Bratislava", "SK", "Europe/Bratislava"),
        ("Hanoi", "VN", "Asia/Ho_Chi_Minh"),
        ("Ceuta", "ES", "Africa/Ceuta"),
        ("New York", "US", "US/Eastern"),
        # An unknown city in a country with several zones: any of them will do.
        ("Nowhere-in-Particular", "ES", "Atlantic/Canary"),
    ],
)
def test_no_conflict(city: str, country: str, zone: str) -> None:
    assert conflict(city, country, zone) is None


def test_no_timezone_no_conflict() -> None:
    v = venue("Prague", "CZ")
    assert zone_conflict(v, resolve_place(v, "Europe/Berlin")) is None
