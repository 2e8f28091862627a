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


# --- did you mean: near misses, names shown, country and language names -------------------


@pytest.mark.parametrize(
    ("written", "country", "expected"),
    [("Berln", "DE", "Berlin"), ("Krakwo", "PL", "Kraków"), ("Nwe York", "US", "New York City")],
)
def test_a_city_spelled_close_to_one_of_its_country_is_suggested(
    written: str, country: str, expected: str
) -> None:
    from tourctl.places.gazetteer import close_cities

    assert [city.name for city in close_cities(written, country)][:1] == [expected]


def test_close_cities_stay_in_the_country() -> None:
    from tourctl.places.gazetteer import close_cities

    assert "Berlin" not in {city.name for city in close_cities("Berln", "PL")}
    assert close_cities("Villanowhere del Campo", "ES") == []
    assert close_cities("Berlin", "XX") == []


@pytest.mark.parametrize(
    ("written", "country", "shown"),
    [
        ("Krakov", "PL", "Kraków"),  # an alternate one letter from the city's own name
        ("Krakow", "PL", "Krakow"),  # the own name without its accent: as written
        ("Praha", "CZ", "Praha"),  # a name in another language: as written
        ("Wien", "AT", "Wien"),
        ("Krakau", "PL", "Krakau"),
        ("Horní Dolní", "CZ", "Horní Dolní"),  # not in the gazetteer
    ],
)
def test_outputs_show_a_near_spelling_by_the_citys_own_name(
    written: str, country: str, shown: str
) -> None:
    from tourctl.places.gazetteer import lookup_city, shown_name

    assert shown_name(written, lookup_city(written, country)) == shown


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [
        ("krakov", "krakow", True),
        ("krakw", "krakow", True),
        ("krakoww", "krakow", True),
        ("krakow", "krakow", False),
        ("karkow", "krakow", False),  # a swap is two edits
        ("praha", "prague", False),
    ],
)
def test_one_edit_apart(a: str, b: str, close: bool) -> None:
    from tourctl.places.gazetteer import one_edit_apart

    assert one_edit_apart(a, b) is close
    assert one_edit_apart(b, a) is close


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Czechia", "CZ"),
        ("Czech Republic", "CZ"),
        ("UK", "GB"),
        ("England", "GB"),
        ("Britain", "GB"),
        ("deutschland", "DE"),
        ("South Korea", "KR"),
        ("Korea", None),  # two countries: no guess
        ("US", "US"),
        ("Narnia", None),
    ],
)
def test_country_names_and_aliases_map_to_codes(name: str, code: str | None) -> None:
    from tourctl.places.countries import code_for

    assert code_for(name) == code


def test_every_language_code_has_an_english_name() -> None:
    from tourctl.languages import ISO_639_1, LANGUAGE_NAMES

    assert set(LANGUAGE_NAMES.values()) == ISO_639_1
    assert (LANGUAGE_NAMES["english"], LANGUAGE_NAMES["deutsch"], LANGUAGE_NAMES["русский"]) == (
        "en",
        "de",
        "ru",
    )
