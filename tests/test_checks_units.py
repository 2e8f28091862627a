"""Unit tests of the pieces behind the schedule checks: distance, travel model, sweeps, scale."""

from __future__ import annotations

import time as clock
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tourctl.checks import CheckContext, run_checks
from tourctl.checks.public_holidays import holidays_in
from tourctl.contacts.syntax import email_problem, phone_problem
from tourctl.load import SourceMap
from tourctl.model import Plan
from tourctl.places.distance import flight_time, ground_time, haversine_km, least_travel_time
from tourctl.timing import format_duration

PRAGUE = (50.0870, 14.4210)
BERLIN = (52.5200, 13.4050)


def test_haversine_known_distances() -> None:
    assert haversine_km(PRAGUE, PRAGUE) == 0
    assert haversine_km(PRAGUE, BERLIN) == pytest.approx(280, abs=3)
    # A quarter of the equator.
    assert haversine_km((0, 0), (0, 90)) == pytest.approx(10_007.5, rel=1e-3)
    assert haversine_km((0, 0), (0, 180)) == pytest.approx(20_015, rel=1e-3)


def test_travel_model_prefers_the_faster_mode() -> None:
    assert least_travel_time(0) == timedelta(minutes=30)
    assert least_travel_time(80) == ground_time(80) == timedelta(hours=1, minutes=30)
    assert least_travel_time(1400) == flight_time(1400) == timedelta(hours=5)
    crossover = 2.5 / (1 / 80 - 1 / 700)  # km where both modes take as long
    assert ground_time(crossover) - flight_time(crossover) < timedelta(seconds=1)


@given(st.floats(0, 20_100), st.floats(0, 20_100))
def test_least_travel_time_grows_with_distance(a: float, b: float) -> None:
    near, far = sorted((a, b))
    assert least_travel_time(near) <= least_travel_time(far)


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(hours=3), "3h"),
        (timedelta(minutes=45), "45m"),
        (timedelta(hours=2, minutes=5), "2h05m"),
        (timedelta(0), "0m"),
        (timedelta(minutes=-90), "-1h30m"),
    ],
)
def test_format_duration(span: timedelta, text: str) -> None:
    assert format_duration(span) == text


def test_holidays_are_cached_and_unknown_countries_skipped() -> None:
    assert holidays_in("XX", 2024) is None
    czech = holidays_in("CZ", 2024)
    assert czech is holidays_in("CZ", 2024)
    assert czech is not None and czech[date(2024, 5, 1)] == "Labor Day"


def test_email_and_phone_rules() -> None:
    assert email_problem("tour@example.org") is None
    assert email_problem("tour@example") is not None
    assert phone_problem("+420 601 234 567", "CZ") is None
    assert phone_problem("+49 30 12345678", "CZ") is None  # another country is fine
    problem = phone_problem("00420 601 234 567", "CZ")
    assert problem is not None and problem.code == "phone-not-international"
    assert problem.sentence("00420 601 234 567") == (
        "'00420 601 234 567' is a valid number, but only when dialled from CZ; calendars are "
        'read abroad, so write it as "+420 601 234 567"'
    )
    problem = phone_problem("12", "CZ")
    assert problem is not None and problem.code == "phone-invalid"


# --- scale -------------------------------------------------------------------------

CITIES = [
    ("Praha", "CZ"),
    ("Berlin", "DE"),
    ("Wien", "AT"),
    ("Warszawa", "PL"),
    ("Amsterdam", "NL"),
    ("Lisboa", "PT"),
    ("Vilnius", "LT"),
    ("Tbilisi", "GE"),
]


def _plan(events: int, *, crowded: bool = False) -> Plan:
    """A plan of ``events`` events across venues, with speakers; ``crowded``: all at once."""
    venues = [
        {"id": f"v{n}", "name": f"V{n}", "city": city, "country": country}
        for n, (city, country) in enumerate(CITIES * 5)
    ]
    people = [{"id": f"p{n}", "name": f"P{n}"} for n in range(12)]
    rows = []
    for n in range(events):
        venue = 0 if crowded else n % len(venues)
        day = date(2031, 1, 1) + timedelta(days=0 if crowded else n // 6)
        rows.append(
            {
                "id": f"e{n}",
                "title": "E",
                "venue": f"v{venue}",
                "date": day.isoformat(),
                "start": f"{10 + (n % 6) * 2:02d}:00",
                "duration": "3h",
                "speakers": [f"p{n % 12}", f"p{(n + 5) % 12}"],
            }
        )
    data = {
        "version": 1,
        "tour": {"id": "t", "title": "T", "organizer": {"name": "O"}},
        "people": people,
        "venues": venues,
        "events": rows,
    }
    return Plan.model_validate(data)


def _run(plan: Plan) -> tuple[float, list[str]]:
    ctx = CheckContext(plan, SourceMap("bench.yaml"), today=date(2030, 1, 1))
    started = clock.perf_counter()
    findings = run_checks(ctx)
    return clock.perf_counter() - started, [f.code for f in findings]


def test_clashes_are_found_in_one_sweep_not_all_pairs() -> None:
    # 1,500 events at one venue, each overlapping the next: all pairs would report
    # about a million clashes; the sweep reports each later event once.
    plan = _plan(1500, crowded=True)
    _, codes = _run(plan)
    assert codes.count("venue-clash") == 1499
