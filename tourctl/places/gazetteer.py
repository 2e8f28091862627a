"""Offline facts about places: cities (from GeoNames) and the zones of each country (from tzdata).

A venue names its city and country; this module turns that into an IANA time
zone and coordinates without any network access. Cities come from a small
bundled file, ``tourctl/data/gazetteer.tsv.gz``, derived reproducibly by
``scripts/build_gazetteer.py`` from GeoNames' cities with 15,000+ inhabitants
(see docs/gazetteer.md and tourctl/data/README.md). Country-to-zone facts come
from tzdata's ``zone.tab`` and its links, which are installed anyway.

The city file is read lazily: importing this module reads nothing, and the
first lookup in a country inflates and parses only that country's rows, so
``tourctl --help`` and commands that place no venue never pay for the data,
and a tour of five countries pays for five.

Matching is deliberately forgiving about spelling and strict about place:
case, diacritics and punctuation are ignored (``Kraków`` = ``krakow``,
``Zürich`` = ``Zurich``), but a name is only ever looked up within the venue's
own country, so ``Madrid`` in ``CO`` can never pick up Spain's zone.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from tourctl.places import blockfile, tzdata

DATA_FILE = "gazetteer.tsv.gz"
"""The bundled city file, inside the ``tourctl.data`` directory."""

FORMAT = "tourctl-gazetteer 1"
"""First line of the data file; the loader refuses anything else."""

HEADER_CODE = blockfile.HEADER_CODE
"""The block code of the first member, which holds the format line and the provenance."""

COLUMNS = ("country", "name", "latitude", "longitude", "zone", "population", "geonameid", "keys")
"""The data file's tab-separated columns, in order (see tourctl/data/README.md)."""

# --- matching keys -------------------------------------------------------------

# Letters that are not "letter + accent" in Unicode, so NFKD leaves them alone.
# Lowercase only: fold() casefolds first. (casefold already turns ß into ss.)
_LETTERS_LOWER = {
    "ł": "l",
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
    "ħ": "h",
    "ŀ": "l",
    "ŧ": "t",
    "ĸ": "k",
}
# Apostrophes vanish rather than split words: "Kam'yanets'" matches "Kamyanets".
# They go before decomposition, which would turn "´" into a space and an accent,
# and after it, which makes "ŉ" an apostrophe and an n.
_APOSTROPHES: dict[int, str | None] = dict.fromkeys(
    map(ord, "'`\u00b4\u2018\u2019\u02bc\u02bb\u02bf\u02be")
)
# Only the combining diacritics of Latin, Greek and Cyrillic letters are dropped;
# marks of other scripts (Devanagari vowel signs, Japanese dakuten) carry meaning.
# (Translate tables, not regexes: compiling these ranges would cost milliseconds.)
_DIACRITICS = [
    (0x0300, 0x036F),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
]


def _table(letters: dict[str, str]) -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(letter): plain for letter, plain in letters.items()}
    for low, high in _DIACRITICS:
        table.update(dict.fromkeys(range(low, high + 1)))
    return table


_FOLD_TABLE = _table(_LETTERS_LOWER) | _APOSTROPHES
_SEPARATOR_CATEGORIES = frozenset("PZSC")  # punctuation, spaces, symbols, controls


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The key two spellings of one name share: ``"Kraków"``, ``"KRAKOW"`` → ``"krakow"``.

    Case, diacritics, apostrophes and punctuation are ignored and runs of
    separators become one space, so ``"Frankfurt-am-Main"`` and ``"Frankfurt am
    Main"`` meet. The bundled data stores its keys already folded by this same
    function, which is why changing it means rebuilding the data (the
    byte-for-byte test of the build script says so).
    """
    # Decompose before the table: "ǣ" is "æ" + macron, and only then does "æ" meet it.
    # Remembered (bounded): a plan names the same few hundred towns thousands of times.
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = text.casefold().translate(_FOLD_TABLE)
    text = "".join(
        " " if unicodedata.category(ch)[0] in _SEPARATOR_CATEGORIES else ch for ch in text
    )
    return unicodedata.normalize("NFC", " ".join(text.split()))


# --- cities ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class City:
    """One GeoNames city: enough to place a venue on the map and on the clock."""

    name: str
    country: str
    latitude: float
    longitude: float
    zone: str
    population: int
    geonameid: int

    @property
    def coordinates(self) -> tuple[float, float]:
        """``(latitude, longitude)``, the order a plan's ``coordinates`` use."""
        return (self.latitude, self.longitude)


@dataclass(frozen=True, slots=True)
class _CountryIndex:
    # Two tiers: a city's own name beats another city's alternate name, so
    # "Frisco" (Texas) is not taken over by San Francisco's nickname, nor
    # "Milwaukie" (Oregon) by a spelling variant of Milwaukee.
    by_name: dict[str, City]
    by_alternate: dict[str, City]


# Module-level caches, filled on first use (see the module docstring). A race
# between two threads only means the file is read twice; the result is equal.
_members: dict[str, bytes] | None = None
_indexes: dict[str, _CountryIndex | None] = {}


def lookup_city(name: str, country: str) -> City | None:
    """The city called ``name`` in ``country`` (ISO 3166-1 alpha-2), or None.

    ``name`` may be the local or English name, with or without diacritics, in
    any case. When several cities of the country answer to it, a city whose
    own name it is wins over one that merely has it as an alternate name, and
    then the most populous wins (``Frankfurt`` → Frankfurt am Main).
    """
    key = fold(name)
    if not key:
        return None
    index = _country_index(country)
    if index is None:
        return None
    return index.by_name.get(key) or index.by_alternate.get(key)


def cities_loaded() -> bool:
    """True once the data file has been read (for tests and the lazy-import promise)."""
    return _members is not None


def _country_index(country: str) -> _CountryIndex | None:
    if country not in _indexes:
        member = _read_members().get(country) if country != HEADER_CODE else None
        rows = blockfile.inflate(member).splitlines() if member else []
        _indexes[country] = _parse_country(rows) if rows else None
    return _indexes[country]


def _read_members() -> dict[str, bytes]:
    """The data file split into its gzip members by block code, still compressed.

    The file is one gzip member per country (``tourctl.places.blockfile``,
    tourctl/data/README.md): finding a country reads a few bytes per member and
    inflates nothing but the one asked for.
    """
    global _members
    if _members is None:
        from importlib.resources import files

        raw = files("tourctl").joinpath("data", DATA_FILE).read_bytes()
        members = blockfile.split_members(raw, DATA_FILE)
        blockfile.header_text(members, DATA_FILE, FORMAT)
        _members = members
    return _members


def _parse_country(rows: list[str]) -> _CountryIndex:
    # Rows come most populous first (a property of the file that the build
    # script guarantees and a test checks), so the first city to claim a key
    # keeps it.
    by_name: dict[str, City] = {}
    by_alternate: dict[str, City] = {}
    for row in rows:
        country, name, lat, lon, zone, population, geonameid, keys = row.split("\t")
        city = City(name, country, float(lat), float(lon), zone, int(population), int(geonameid))
        own, *alternates = keys.split("|")
        by_name.setdefault(own, city)
        for key in alternates:
            by_alternate.setdefault(key, city)
    return _CountryIndex(by_name, by_alternate)


# --- countries and zones ------------------------------------------------------------


def country_zones(country: str) -> tuple[str, ...]:
    """The zones tzdata's ``zone.tab`` lists for ``country``, in its order; () if none.

    ``zone.tab`` is per country, with the names people expect
    (``DE`` → ``("Europe/Berlin", "Europe/Busingen")``), unlike ``zone1970.tab``
    which files a zone under every country whose clocks have agreed with it
    since 1970 (it puts Norway under ``Europe/Berlin``).
    """
    return tzdata.zone_tab().get(country, ())


def canonical_zone(zone: str) -> str:
    """The zone that ``zone`` is a link to in the installed tzdata, or ``zone`` itself."""
    seen = {zone}
    links = tzdata.links()
    while zone in links:
        zone = links[zone]
        if zone in seen:  # a link cycle would be a broken tzdata; don't hang on it
            break
        seen.add(zone)
    return zone


def is_alias(zone: str) -> bool:
    """True for an old zone name that no country lists: ``Europe/Kiev``, ``US/Eastern``.

    Such a name is just another spelling of the zone it links to. A name that
    ``zone.tab`` lists is a country's own zone, even where tzdata stores it as
    a link: ``Europe/Bratislava`` is Slovakia's, not another name for Prague.
    """
    return zone in tzdata.links() and zone not in tzdata.zone_tab_countries()


def zone_in_country(zone: str, country: str) -> bool:
    """Whether ``zone`` is one of ``country``'s zones, or an old alias of one.

    ``Europe/Kiev`` is in ``UA`` (an alias of ``Europe/Kyiv``); ``Europe/Berlin``
    is not in ``CZ``, although the two have kept the same clock for decades:
    a plan that says Berlin for Prague most likely copied the wrong line.
    """
    zones = country_zones(country)
    if zone in zones:
        return True
    if not is_alias(zone):
        return False
    target = canonical_zone(zone)
    return any(canonical_zone(own) == target for own in zones)


def same_zone(a: str, b: str) -> bool:
    """Whether two zone names mean one zone: equal, or one an alias (``is_alias``) of the other."""
    if a == b:
        return True
    return (is_alias(a) or is_alias(b)) and canonical_zone(a) == canonical_zone(b)


# --- near misses ----------------------------------------------------------------------

_keys: dict[str, list[str]] = {}


def close_cities(name: str, country: str, n: int = 3) -> list[City]:
    """Cities of ``country`` whose name (own or alternate) is spelled close to ``name``.

    For "did you mean": ``Berln`` in ``DE`` → Berlin, ``Krakwo`` in ``PL`` → Kraków.
    Only the country's own cities, like ``lookup_city``; most populous first among
    equally close ones. Slower than a lookup (it compares with every name of the
    country), so it is asked only once a lookup has failed.
    """
    from difflib import get_close_matches

    key = fold(name)
    index = _country_index(country)
    if not key or index is None:
        return []
    keys = _keys.get(country)
    if keys is None:
        keys = _keys[country] = [*index.by_name, *index.by_alternate.keys() - index.by_name.keys()]
    found: dict[int, City] = {}
    for match in get_close_matches(key, keys, n=n * 4, cutoff=0.8):
        city = index.by_name.get(match) or index.by_alternate[match]
        found.setdefault(city.geonameid, city)
    return list(found.values())[:n]


def one_edit_apart(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter changed, added or left out (``krakov``/``krakow``)."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def shown_name(written: str, city: City | None) -> str:
    """The city's name as outputs show it: as written, unless it is a near spelling of the
    city's own name that tourctl knows only as an alternate (``Krakov`` → ``Kraków``).

    A name in another language (``Praha`` for Prague, ``Wien``, ``Krakau``) is kept as
    written: it is a real name, and what the organizer chose to show.
    """
    if city is None:
        return written
    own, key = fold(city.name), fold(written)
    return city.name if key != own and one_edit_apart(key, own) else written
