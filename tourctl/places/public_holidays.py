"""Nationwide public holidays by country and year, from a bundled table.

The table, ``tourctl/data/holidays.tsv.gz``, is what the ``holidays``
package answers for every country it knows over a range of years, written
by ``scripts/build_holidays.py`` (tourctl/data/README.md says how). Reading
it instead of the package is the difference between 0.1 s and well under a
millisecond: the package's first use imports all of its ~250 country
modules, while the table is one gzip member per country and only the
countries a plan has venues in are inflated. ``tests/test_holiday_table.py``
checks that the table is exactly what the script builds from the pinned
package, and that lookups answer what the package says.

Importing this module reads nothing; the first lookup reads the file's
member headers and the country asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from tourctl.places import blockfile

DATA_FILE = "holidays.tsv.gz"
"""The bundled table, inside the ``tourctl.data`` directory."""

FORMAT = "tourctl-holidays 1"
"""First line of the table; the reader refuses anything else."""

LANGUAGE = "en_US"
"""Holiday names in English where the package has them (most countries); else the local names."""


@dataclass(frozen=True, slots=True)
class Coverage:
    """What the table holds: the years, and which release of ``holidays`` computed them."""

    first_year: int
    last_year: int
    source: str

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


_NONE: Mapping[date, str] = {}
"""A covered year in which a known country has no holiday."""


@dataclass(slots=True)
class _Country:
    """One country's block: its names, and each year's line, parsed when first asked for."""

    names: list[str]
    lines: dict[int, str]
    years: dict[int, Mapping[date, str]]

    def year(self, year: int) -> Mapping[date, str]:
        if year not in self.years:
            line = self.lines.get(year)
            self.years[year] = _parse_year(year, line, self.names) if line else _NONE
        return self.years[year]


_members: dict[str, bytes] | None = None
_coverage: Coverage | None = None
_countries: dict[str, _Country | None] = {}


def holidays_in(country: str, year: int) -> Mapping[date, str] | None:
    """The nationwide public holidays of ``country`` (ISO 3166-1 alpha-2) in ``year``.

    None when the table cannot say: a country the ``holidays`` package does not
    know, or a year outside the table's ``coverage()``. The same mapping is
    returned for the same question, for the whole run.
    """
    if not coverage().covers(year):
        return None
    found = _country(country)
    return found.year(year) if found is not None else None


def coverage() -> Coverage:
    """The years the table covers and its source, from its header block."""
    _read_members()
    assert _coverage is not None
    return _coverage


def table_loaded() -> bool:
    """True once the table has been read (for tests and the lazy-loading promise)."""
    return _members is not None


def _country(country: str) -> _Country | None:
    if country not in _countries:
        member = _read_members().get(country) if country != blockfile.HEADER_CODE else None
        _countries[country] = _split(blockfile.inflate(member)) if member else None
    return _countries[country]


def _split(text: str) -> _Country:
    names_line, *rows = text.splitlines()
    lines = {int(row[:4]): row for row in rows}
    return _Country(names_line.split("\t"), lines, {})


def _parse_year(year: int, line: str, names: list[str]) -> Mapping[date, str]:
    # YYYY<TAB>MMDD:index<TAB>…
    days = line.split("\t")[1:]
    return {date(year, int(day[:2]), int(day[2:4])): names[int(day[5:])] for day in days}


def _read_members() -> dict[str, bytes]:
    global _members, _coverage
    if _members is None:
        from importlib.resources import files

        raw = files("tourctl").joinpath("data", DATA_FILE).read_bytes()
        members = blockfile.split_members(raw, DATA_FILE)
        header = blockfile.header_text(members, DATA_FILE, FORMAT)
        fields = {
            key: values
            for key, *values in (line.split("\t") for line in header.splitlines()[1:])
            if not key.startswith("#")
        }
        try:
            first, last = (int(year) for year in fields["years"])
            _coverage = Coverage(first, last, fields["source"][0])
        except (KeyError, ValueError, IndexError):
            why = f"{DATA_FILE} has no valid 'years' and 'source' lines; rebuild it"
            raise RuntimeError(why) from None
        _members = members
    return _members
