"""Every plan that exports, in every audience, read by four calendar readers at its true instants.

The plans are all of ``tests/plans/valid`` (``readers-*.yaml`` hold what once
came out wrong: DST folds and gaps, historical rules, text), the plans of
``tests/plans/checks`` that have no errors, and the bundled tour. Each
calendar is read by ical.js (Thunderbird), vobject (Radicale), icalendar and
libical (Evolution), and each event must be where the plan puts it: its UTC
start and end computed from the plan with zoneinfo (``tests.instants``), not
from the export. libical also must flag nothing, its iTIP restriction check
included (an empty ``DESCRIPTION:`` was 408 ``X-LIC-ERROR``s once).

``test_export_caldav`` puts the same calendars on a CalDAV server.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PLANS
from tests.exportedplans import CASES, EXPORTED, case_id, expected, exported, loaded
from tests.exportsupport import restrictions
from tests.icsparsers import (
    LIBICAL_HINT,
    Parsed,
    ParserError,
    libical_available,
    parse_each_with_icaljs,
    parse_each_with_libical,
    parse_many_with_icaljs,
    parse_many_with_libical,
    parse_with_icalendar,
    parse_with_vobject,
)
from tests.instants import TrueEvent, misread, utc_text
from tourctl.model import Visibility

READERS = ("ical.js", "vobject", "icalendar", "libical")


Readings = dict[str, dict[tuple[Path, Visibility], Parsed | ParserError]]


@pytest.fixture(scope="module")
def batch() -> Readings:
    """ical.js and libical read every calendar in one process each."""
    files = [exported(*case) for case in CASES]
    readings: Readings = {"ical.js": dict(zip(CASES, parse_each_with_icaljs(files), strict=True))}
    if libical_available():
        readings["libical"] = dict(zip(CASES, parse_each_with_libical(files), strict=True))
    return readings


ONE_AT_A_TIME: dict[str, Callable[[bytes], Parsed]] = {
    "vobject": parse_with_vobject,
    "icalendar": parse_with_icalendar,
}


def test_the_plans_cover_what_once_came_out_wrong() -> None:
    names = {path.stem for path in EXPORTED}
    assert {"readers-dst", "readers-history", "readers-text", "starter", "dst-fold"} <= names
    assert any(path.parent.name == "tours" for path in EXPORTED)
    assert len(EXPORTED) >= 25


def wrong_times(reader: str, want: TrueEvent, got: dict[str, Any]) -> list[str]:
    if want.all_day:
        seen = (got["all_day"], got["start_date"], got["end_date"])
        expected_dates = (True, want.day.isoformat(), want.after.isoformat())
        return [] if seen == expected_dates else [f"dates {seen} instead of {expected_dates}"]
    assert want.zone is not None and want.first is not None and want.last is not None
    problems = []
    for what, zone, local, instant, read in (
        ("start", want.zone, want.local_start, want.first, got["start"]),
        ("end", want.last_zone, want.local_end, want.last, got["end"]),
    ):
        assert zone is not None
        if got["all_day"] or misread(reader, zone, local, utc_text(instant), read):
            problems.append(f"{what} {read} instead of {utc_text(instant)} ({local} {zone})")
    return problems


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(("plan", "audience"), CASES, ids=[case_id(c) for c in CASES])
def test_every_reader_reads_every_exported_plan_at_its_true_instants(
    plan: Path,
    audience: Visibility,
    reader: str,
    batch: Readings,
) -> None:
    if reader == "libical" and not libical_available():
        pytest.skip(LIBICAL_HINT)
    ics = exported(plan, audience)
    read = batch[reader][plan, audience] if reader in batch else ONE_AT_A_TIME[reader](ics)
    if isinstance(read, ParserError):
        raise read
    parsed = read
    want = expected(plan, audience)
    got = {event["uid"]: event for event in parsed["events"]}
    assert sorted(got) == sorted(want), "the calendar holds other events than the plan gives"
    wrong = {
        uid: problems
        for uid, event in want.items()
        if (problems := wrong_times(reader, event, got[uid]))
    }
    assert not wrong, f"{reader} reads {plan.name} ({audience.value}) wrong: {wrong}"
    titles = {uid: got[uid]["summary"] for uid in want}
    if reader == "libical":  # libical drops whitespace at the start and end of a value
        assert titles == {uid: e.title.strip() for uid, e in want.items()}
        assert restrictions(parsed, ics) == []
    else:
        assert titles == {uid: e.title for uid, e in want.items()}


def _texts(path: Path, audience: Visibility, reader: str) -> Sequence[dict[str, Any]]:
    ics = exported(path, audience)
    if reader in ONE_AT_A_TIME:
        return list(ONE_AT_A_TIME[reader](ics)["events"])
    if reader == "ical.js":
        return list(parse_many_with_icaljs([ics])[0]["events"])
    if not libical_available():
        pytest.skip(LIBICAL_HINT)
    return list(parse_many_with_libical([ics])[0]["events"])


@pytest.mark.parametrize("reader", READERS)
def test_text_reads_as_written(reader: str) -> None:
    """Backslashes before letters, a leading U+FEFF, a non-ASCII link (issue 10, point 1 and 6)."""
    path = PLANS / "valid" / "readers-text.yaml"
    events = {e["uid"]: e for e in _texts(path, Visibility.TEAM, reader)}
    plan, _ = loaded(path)
    by_key = {event.key: event for event in plan.events}
    want = expected(path, Visibility.TEAM)
    uid = {want_event.title: uid for uid, want_event in want.items()}
    windows = events[uid["Workshop: save to C:\\New Folder"]]
    assert windows["summary"] == "Workshop: save to C:\\New Folder"
    assert windows["description"].startswith(by_key["windows"].description or "")
    assert "Registration: https://bücher.example/anmeldung?platz=ä" in windows["description"]
    assert windows["url"] == "https://xn--bcher-kva.example/anmeldung?platz=%C3%A4"
    bom = events[uid["\ufeffBOM at the start of the title"]]
    assert bom["summary"] == "\ufeffBOM at the start of the title"
    assert bom["description"] == "Line one\nLine two\nLine three"
    plain = events[uid["Nothing to describe"]]
    assert plain["description"] is None  # no empty DESCRIPTION
    assert windows["location"].startswith("Hall \\ Back, slash; semi, ")
