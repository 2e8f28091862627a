"""The bundled public-holiday table: what the build script makes, and what the package says.

``tourctl/data/holidays.tsv.gz`` stands in for the ``holidays`` package at run
time (tourctl/places/public_holidays.py says why). These tests hold it to its
source: a rebuild by scripts/build_holidays.py gives the committed file, and
lookups answer what the pinned package answers.
"""

from __future__ import annotations

import gzip
import importlib.util
import subprocess
import sys
import tomllib
import warnings
import zlib
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from tourctl.places import public_holidays
from tourctl.places.public_holidays import coverage, holidays_in

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tourctl" / "data" / public_holidays.DATA_FILE
BUILD_SCRIPT = ROOT / "scripts" / "build_holidays.py"

holidays = pytest.importorskip("holidays")


def load_build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_holidays", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def package_says(country: str, year: int) -> dict[date, str]:
    """The package's answer for one year, asked the way the table was built (all years at once:
    an observed holiday can fall in the year before its own, 31 December for 1 January)."""
    first, last = coverage().first_year, coverage().last_year
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        calendar = holidays.country_holidays(
            country, years=range(first, last + 1), language=public_holidays.LANGUAGE
        )
    return {day: str(name) for day, name in calendar.items() if day.year == year}


@pytest.mark.parametrize(
    ("country", "year"),
    [
        ("CZ", 2024),
        ("DE", 2029),
        ("PL", 2000),
        ("NO", 2060),
        ("US", 2021),  # New Year's Day 2022 observed on 31 December 2021
        ("GB", 2027),
        ("UA", 2031),
        ("GE", 2025),
        ("JP", 2030),  # substitute holidays
        ("SA", 2035),  # a lunar calendar
    ],
)
def test_lookup_answers_what_the_package_says(country: str, year: int) -> None:
    assert holidays_in(country, year) == package_says(country, year)


def test_every_country_the_package_knows_is_in_the_table() -> None:
    known = {code for code in holidays.list_supported_countries() if len(code) == 2}
    assert {code for code in known if holidays_in(code, 2030) is None} == set()
    assert holidays_in("XX", 2030) is None  # no such country
    assert holidays_in("AQ", 2030) is not None  # the package has Antarctica


def test_outside_the_covered_years_the_table_says_nothing() -> None:
    span = coverage()
    assert (span.first_year, span.last_year) == (2000, 2060)
    assert holidays_in("CZ", span.first_year - 1) is None
    assert holidays_in("CZ", span.last_year + 1) is None
    assert holidays_in("CZ", span.last_year)


def test_same_question_same_mapping() -> None:
    assert holidays_in("CZ", 2024) is holidays_in("CZ", 2024)
    labour_day = holidays_in("CZ", 2024)
    assert labour_day is not None and labour_day[date(2024, 5, 1)] == "Labor Day"


def test_source_pin_agrees_everywhere() -> None:
    pinned = f"holidays=={load_build_script().HOLIDAYS_VERSION}"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert pinned in project["optional-dependencies"]["holidays"]
    assert pinned in project["optional-dependencies"]["test"]
    assert not any(d.startswith("holidays") for d in project["dependencies"])
    assert coverage().source == f"holidays {load_build_script().HOLIDAYS_VERSION}"


def test_build_script_recreates_the_committed_file(tmp_path: Path) -> None:
    output = tmp_path / public_holidays.DATA_FILE
    done = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    built, committed = output.read_bytes(), DATA.read_bytes()
    assert gzip.decompress(built) == gzip.decompress(committed)
    if "ng" in zlib.ZLIB_RUNTIME_VERSION:
        pytest.skip(f"zlib-ng ({zlib.ZLIB_RUNTIME_VERSION}) compresses differently from zlib")
    assert built == committed


LAZY_PROBE = """
import sys
from tourctl.places import public_holidays
from tourctl.pipeline import PlanOptions, check_text
plan = "version: 1\\ntour: {id: t, title: T, organizer: {name: O}}\\n"
check_text(plan, "p.yaml", PlanOptions())
print(public_holidays.table_loaded(), end=" ")
plan += "venues: [{id: v, name: V, city: Praha, country: CZ}]\\n"
plan += "events: [{title: E, venue: v, date: 2030-05-01, all_day: true}]\\n"
found = check_text(plan, "p.yaml", PlanOptions()).findings
print(public_holidays.table_loaded(), "holidays" in sys.modules, [f.code for f in found])
"""


def test_table_is_read_only_for_a_plan_with_events_and_never_the_package() -> None:
    done = subprocess.run(
        [sys.executable, "-c", LAZY_PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["False", "True", "False", "['public-holiday']"]
