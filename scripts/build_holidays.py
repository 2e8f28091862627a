#!/usr/bin/env python3
"""Build tourctl/data/holidays.tsv.gz: public holidays by country and year, from ``holidays``.

Why a build step: the ``holidays`` package computes holidays from rules, and
its first use imports every one of its ~250 country modules (about 0.1 s,
the largest part of ``tourctl validate``'s start-up). tourctl asks one
question of it — which dates of these years are nationwide public holidays
in this country, and what are they called — so the answers are computed here
once, for every country the package knows and every year in ``YEARS``, and
stored as a blocked gzip (one member per country, ``tourctl.places.blockfile``)
that tourctl reads one country at a time.

    pip install -e '.[holidays]'
    python scripts/build_holidays.py            # rewrites tourctl/data/holidays.tsv.gz
    python scripts/build_holidays.py -o /tmp/h.tsv.gz

The script is deterministic: on the same ``holidays`` release it writes the
same bytes, and tests/test_holiday_table.py checks that the committed file is
exactly what it writes, and that lookups in it answer what the package says.
The format is in tourctl/data/README.md.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import warnings
from collections.abc import Mapping
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

from tourctl.fsutil import atomic_write
from tourctl.places import public_holidays
from tourctl.places.blockfile import HEADER_CODE, gzip_member

HOLIDAYS_VERSION = "0.109"
"""The release the committed file was built from; another release may know other holidays."""

YEARS = range(2000, 2061)
"""The years the table covers; the check is silent outside them (docs/checks.md)."""

DEFAULT_OUTPUT = (
    Path(__file__).resolve().parent.parent / "tourctl" / "data" / public_holidays.DATA_FILE
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-o", "--output", type=Path, default=DEFAULT_OUTPUT, help=f"default: {DEFAULT_OUTPUT}"
    )
    args = parser.parse_args(argv)
    try:
        holidays = importlib.import_module("holidays")
    except ImportError:
        sys.exit("holidays is not installed: pip install -e '.[holidays]'")
    found = version("holidays")
    if found != HOLIDAYS_VERSION:
        sys.exit(
            f"holidays {found} is installed, the table is built from {HOLIDAYS_VERSION}:"
            f" pip install holidays=={HOLIDAYS_VERSION}, or update the pin here and in"
            " pyproject.toml together"
        )
    blocks = render(holidays)
    data = b"".join(gzip_member(code, text.encode("utf-8")) for code, text in blocks)
    atomic_write(args.output, data)
    size = sum(len(text.encode("utf-8")) for _, text in blocks)
    print(
        f"wrote {args.output}: {len(blocks) - 1} countries, {YEARS.start}–{YEARS.stop - 1},"
        f" {size:,} bytes of text, {len(data):,} bytes gzipped",
        file=sys.stderr,
    )
    return 0


def countries(holidays: Any) -> list[str]:
    """The package's countries by ISO 3166-1 alpha-2 code (it also lists alpha-3 aliases)."""
    return sorted(code for code in holidays.list_supported_countries() if len(code) == 2)


def country_calendar(holidays: Any, country: str) -> dict[date, str]:
    """What the package says of ``country`` over ``YEARS``: nationwide, observed, en_US names.

    The same call the table stands for (``tourctl.places.public_holidays``); the
    package warns about years it has no rules for and returns what it has.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        calendar = holidays.country_holidays(
            country, years=YEARS, language=public_holidays.LANGUAGE
        )
    return {day: str(name) for day, name in calendar.items() if day.year in YEARS}


def render(holidays: Any) -> list[tuple[str, str]]:
    """The file's blocks as (code, text): the header first, then one block per country."""
    header = [
        public_holidays.FORMAT,
        "# Nationwide public holidays by country and year, computed by the Python package",
        f"# holidays {HOLIDAYS_VERSION} (https://pypi.org/project/holidays/, MIT licence) with",
        "# scripts/build_holidays.py:"
        f" country_holidays(country, years, language={public_holidays.LANGUAGE!r}).",
        "# One gzip member per country (see tourctl/data/README.md); in each, a line of",
        "# names, then per year: YYYY<TAB>MMDD:name-index<TAB>…",
        f"years\t{YEARS.start}\t{YEARS.stop - 1}",
        f"source\tholidays {HOLIDAYS_VERSION}",
        f"language\t{public_holidays.LANGUAGE}",
    ]
    blocks = [(HEADER_CODE, "\n".join(header) + "\n")]
    for country in countries(holidays):
        blocks.append((country, country_block(country_calendar(holidays, country))))
    return blocks


def country_block(calendar: Mapping[date, str]) -> str:
    """One country's text: its holiday names once, then each year's dates with name indexes."""
    names: dict[str, int] = {}
    years: dict[int, list[str]] = {}
    for day in sorted(calendar):
        name = clean(calendar[day])
        index = names.setdefault(name, len(names))
        years.setdefault(day.year, []).append(f"{day.month:02d}{day.day:02d}:{index}")
    lines = ["\t".join(names) if names else ""]
    lines += [f"{year}\t" + "\t".join(days) for year, days in sorted(years.items())]
    return "\n".join(lines) + "\n"


def clean(name: str) -> str:
    if not name or any(ch in name for ch in "\t\n\r"):
        raise ValueError(f"a holiday name the table cannot hold: {name!r}")
    return name


if __name__ == "__main__":
    sys.exit(main())
