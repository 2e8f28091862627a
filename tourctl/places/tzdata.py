"""The one reader of the tz database: zones, zone.tab, links, ISO 3166 names and TZif files.

Everything tourctl knows about time zones and countries comes from the
``tzdata`` package this release pins, never from the operating system's copy,
so validation, the VTIMEZONEs in calendars and the gazetteer agree on every
machine with the same ``tzdata`` release. Each file is read once per process.

Importing this module points ``zoneinfo`` at that package for the whole
process (and forgets any zone read before from elsewhere). Every path to a
zone goes through here, and the plan model imports this module, so it is in
force before any command reads a zone; it is done here rather than in
``tourctl/__init__.py`` so that ``tourctl --version`` and ``--help`` do not
import ``zoneinfo`` at all.
"""

from __future__ import annotations

import re
import zoneinfo
from functools import cache
from importlib.resources import files
from zoneinfo import ZoneInfo

zoneinfo.reset_tzpath(to=())
ZoneInfo.clear_cache()

_ZONE_NAME = re.compile(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*")


def _text(name: str) -> str:
    return files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")


def _rows(name: str) -> list[list[str]]:
    return [line.split("\t") for line in _text(name).splitlines() if line and line[0] != "#"]


@cache
def zone(name: str) -> ZoneInfo:
    """The zone called ``name``, kept for the whole run.

    ``ZoneInfo(name)`` keeps only a handful of zones alive between calls; a plan
    with events in twenty zones would re-read zone files thousands of times
    (measured: 37 µs a call, 0.3 s for 10,000 events).
    """
    return ZoneInfo(name)


@cache
def zone_names() -> frozenset[str]:
    """Every zone name the installed tzdata has (canonical names and links)."""
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def is_zone(name: str) -> bool:
    """Whether ``name`` is a real IANA zone ("UTC" or Area/Location), not a file path trick."""
    return (
        (name == "UTC" or "/" in name)
        and bool(_ZONE_NAME.fullmatch(name))
        and (name in zone_names())
    )


def zone_file(name: str) -> bytes:
    """The TZif bytes of zone ``name``; ValueError for a name tzdata does not have."""
    if not _ZONE_NAME.fullmatch(name):
        raise ValueError(f"not an IANA time zone name: {name!r}")
    try:
        return files("tzdata").joinpath("zoneinfo", *name.split("/")).read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise ValueError(f"unknown time zone: {name!r}") from None


@cache
def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → English name (iso3166.tab)."""
    return {row[0]: row[1] for row in _rows("iso3166.tab") if len(row) >= 2}


@cache
def country_codes() -> frozenset[str]:
    return frozenset(country_names())


@cache
def zone_tab() -> dict[str, tuple[str, ...]]:
    """Country → its zones in zone.tab's order (the names people expect for a country)."""
    zones: dict[str, list[str]] = {}
    for row in _rows("zone.tab"):
        zones.setdefault(row[0], []).append(row[2])
    return {country: tuple(names) for country, names in zones.items()}


@cache
def zone_tab_positions() -> dict[str, tuple[str, str]]:
    """Zone → (country, ISO 6709 position of its reference place) from zone.tab."""
    return {row[2]: (row[0], row[1]) for row in _rows("zone.tab")}


@cache
def zone_tab_countries() -> dict[str, frozenset[str]]:
    """Zone → the countries zone.tab lists it for."""
    countries: dict[str, set[str]] = {}
    for country, zones in zone_tab().items():
        for name in zones:
            countries.setdefault(name, set()).add(country)
    return {name: frozenset(codes) for name, codes in countries.items()}


@cache
def zone1970_countries() -> dict[str, frozenset[str]]:
    """zone1970.tab: each zone → the countries whose clocks have agreed with it since 1970."""
    return {row[2]: frozenset(row[0].split(",")) for row in _rows("zone1970.tab")}


@cache
def links() -> dict[str, str]:
    """Old or alternative zone name → the zone it links to (``Europe/Kiev`` → ``Europe/Kyiv``)."""
    # tzdata.zi is the compact source of the installed zones; "L TARGET NAME" lines are links.
    found: dict[str, str] = {}
    for line in _text("tzdata.zi").splitlines():
        if line.startswith("L "):
            _, target, name = line.split()
            found[name] = target
    return found
