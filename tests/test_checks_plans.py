"""The schedule and venue checks on small plans, one positive and one negative per check.

Each plan under tests/plans/checks/ says what it must produce, on the line it
concerns: ``# expect: CODE SEVERITY PATH``. A plan with no such comment must
produce no finding at all, so every file is a negative test for every other
check too. ``# today: YYYY-MM-DD`` on any line fixes today (default 2024-01-01).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import PLANS
from tourctl.pipeline import PlanOptions, check_plan

CHECK_PLANS = sorted((PLANS / "checks").glob("*.yaml"))
EXPECT = re.compile(r"#\s*expect:\s*(\S+)\s+(error|warning)\s+(\S+)\s*$")
TODAY = re.compile(r"^#\s*today:\s*(\d{4}-\d{2}-\d{2})\s*$")
DEFAULT_TODAY = date(2024, 1, 1)

Expected = tuple[str, str, int, str]


def expectations(plan: Path) -> tuple[list[Expected], date]:
    expected: list[Expected] = []
    today = DEFAULT_TODAY
    for number, line in enumerate(plan.read_text(encoding="utf-8").splitlines(), start=1):
        if match := EXPECT.search(line):
            expected.append((match[1], match[2], number, match[3]))
        elif match := TODAY.match(line):
            today = date.fromisoformat(match[1])
    return sorted(expected), today


@pytest.mark.parametrize("plan", CHECK_PLANS, ids=lambda p: p.stem)
def test_plan_produces_exactly_its_expected_findings(plan: Path) -> None:
    expected, today = expectations(plan)
    result = check_plan(str(plan), PlanOptions(today=today))
    assert result.plan is not None, result.findings
    found = sorted((f.code, f.severity.value, f.line, f.path) for f in result.findings)
    assert found == expected, "\n".join(f.message for f in result.findings)


def test_every_check_has_a_positive_and_a_negative_plan() -> None:
    codes = {code for plan in CHECK_PLANS for code, *_ in expectations(plan)[0]}
    clean = [plan for plan in CHECK_PLANS if not expectations(plan)[0]]
    assert codes >= {
        "zone-unresolved",
        "zone-conflict",
        "end-before-start",
        "dst-gap",
        "dst-fold",
        "doors-after-start",
        "date-in-past",
        "venue-clash",
        "speaker-clash",
        "travel-too-short",
        "travel-unchecked",
        "public-holiday",
        "email-invalid",
        "phone-invalid",
        "phone-not-international",
        "unused-venue",
        "unused-person",
        "events-out-of-order",
        "leg-arrives-before-departure",
        "leg-too-fast",
        "travel-during-event",
        "person-elsewhere",
        "arrival-tight",
        "stay-ends-before-start",
        "stay-overlap",
        "night-without-stay",
        "stay-elsewhere",
        "announce-after-event",
        "announce-not-public",
        "address-visibility-default",
        "ignore-unknown-code",
        "ignore-error-code",
        "city-unknown",
    }
    assert len(clean) >= 15


def _messages(name: str, code: str) -> list[str]:
    result = check_plan(str(PLANS / "checks" / name), PlanOptions(today=DEFAULT_TODAY))
    return [f.message for f in result.findings if f.code == code]


def test_fold_message_names_both_instants() -> None:
    [message, end, _] = _messages("dst-fold.yaml", "dst-fold")
    assert "02:30 on 2024-10-27 in Europe/Prague happens twice: 00:30 UTC and 01:30 UTC" in message
    # 02:30 (the first, 00:30 UTC) plus an hour is the second 02:30: not a zero-length event.
    assert "ends at 02:30 on 2024-10-27" in end
    assert "the second 02:30 (01:30 UTC)" in end


def test_gap_message_says_what_calendars_would_show() -> None:
    messages = _messages("dst-gap.yaml", "dst-gap")
    assert any("02:30 on 2024-03-31 does not exist in Europe/Prague" in m for m in messages)
    assert any("show it as 03:30" in m for m in messages)


def test_end_before_start_suggests_a_duration() -> None:
    [late, _] = _messages("end-before-start.yaml", "end-before-start")
    assert "`duration: 3h`" in late


def test_clash_names_both_events_with_date_and_times() -> None:
    [short, _] = _messages("venue-clash.yaml", "venue-clash")
    assert "'short' (2024-06-12 19:00–20:00 CEST)" in short
    assert "'long' (2024-06-12 18:00–22:00 CEST)" in short
    [speaker] = _messages("speaker-clash.yaml", "speaker-clash")
    assert "'ana'" in speaker and "'brno-evening'" in speaker and "'prague-evening'" in speaker


def test_travel_names_events_distance_and_time_available() -> None:
    berlin, lisbon = _messages("travel-too-short.yaml", "travel-too-short")
    assert "only 1h between 'p'" in berlin and "'b'" in berlin
    assert "280 km apart" in berlin and "at least 3h24m" in berlin
    # 12:00 in Lisbon (UTC+1) to 19:00 in Prague (UTC+2) is six hours, not seven.
    assert "only 6h between 'l'" in lisbon and "2,243 km" in lisbon


def test_holiday_is_named() -> None:
    may_day, liberation = _messages("public-holiday.yaml", "public-holiday")
    assert may_day.endswith("public holiday in CZ: Labor Day")
    assert liberation.endswith("public holiday in CZ: Victory Day")


def test_phone_hint_gives_the_international_form() -> None:
    [message] = _messages("phone-not-international.yaml", "phone-not-international")
    assert '"+420 601 234 567"' in message


def test_email_error_carries_the_library_reason() -> None:
    messages = _messages("email-invalid.yaml", "email-invalid")
    assert any("An email address must have an @-sign." in m for m in messages)


def test_person_elsewhere_says_where_and_when() -> None:
    ana, bo = _messages("person-elsewhere.yaml", "person-elsewhere")
    assert ana.startswith("'ana' is in Berlin (train arrives 14:05) but speaks in Kraków at 18:00")
    assert "'bo' is in Berlin" in bo and "works in Kraków" in bo


def test_a_leg_between_two_events_replaces_the_estimate() -> None:
    """Praha → Kraków by night train: the estimate alone would flag nothing either, but
    a leg too short for the distance is the leg's finding, not the estimate's."""
    assert _messages("road-ok.yaml", "travel-too-short") == []
