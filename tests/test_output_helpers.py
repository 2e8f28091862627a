"""Helpers that keep hostile plans cheap: "did you mean", streamed JSON, widths, ranges.

Each is an optimisation or a guard with an exact promise (the same answer as
difflib, the same bytes as ``json.dumps``), so each is checked against that
promise over generated inputs.
"""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from difflib import get_close_matches
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tourctl.report.jsonout import write_json
from tourctl.text import CloseMatch

WORDS = st.text("abcdeiklmnorst_-", max_size=10)


@settings(max_examples=1500, deadline=None)
@given(st.lists(WORDS, max_size=10), WORDS, st.sampled_from([0.5, 0.6, 0.8]))
def test_close_match_is_difflibs_answer(candidates: list[str], word: str, cutoff: float) -> None:
    expected = get_close_matches(word, list(dict.fromkeys(candidates)), n=1, cutoff=cutoff)
    assert CloseMatch(candidates, cutoff)(word) == (expected[0] if expected else None)


def test_close_match_of_many_unknown_keys_is_fast() -> None:
    import time

    fields = ["id", "name", "city", "country", "address", "address_visibility", "timezone"]
    close = CloseMatch(sorted(fields))
    started = time.monotonic()
    misses = sum(close(f"k{i}") is None for i in range(100_000))
    assert misses == 100_000
    assert close("adress") == "address" and close("cuntry") == "country"
    assert time.monotonic() - started < 10  # difflib alone: about 25 s on 2 cores


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=25,
)


class _Ascii(io.StringIO):
    encoding = "ascii"


SCALARS = st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False)
FINDINGS_LIKE = st.dictionaries(
    st.text(max_size=4), st.lists(st.dictionaries(st.text(max_size=6), SCALARS, max_size=7))
)


@settings(max_examples=500, deadline=None)
@given(JSON_VALUES | st.dictionaries(st.text(max_size=4), JSON_VALUES, max_size=6) | FINDINGS_LIKE)
def test_streamed_json_is_exactly_json_dumps(payload: Any) -> None:
    for out, ascii_only in ((io.StringIO(), False), (_Ascii(), True)):
        write_json(payload, out)
        assert out.getvalue() == json.dumps(payload, indent=2, ensure_ascii=ascii_only) + "\n"


def test_streamed_json_takes_generators_and_writes_in_chunks() -> None:
    writes: list[int] = []

    class Counting(io.StringIO):
        def write(self, text: str) -> int:
            writes.append(len(text))
            return super().write(text)

    items = ({"n": i, "text": "x" * 50} for i in range(5000))
    out = Counting()
    write_json({"items": items, "empty": iter([]), "count": 5000}, out)
    parsed = json.loads(out.getvalue())
    assert len(parsed["items"]) == 5000 and parsed["empty"] == [] and parsed["count"] == 5000
    assert len(writes) > 1 and max(writes) < 200_000


@pytest.mark.parametrize(
    ("text", "ok"),
    [("2h", True), ("168h", True), ("167h60m", True), ("168h1m", False), ("10081m", False),
     ("169h", False), ("99999999999h", False), ("9" * 5000 + "m", False), ("0000000000002h", True)],
)  # fmt: skip
def test_durations_stop_at_a_week(text: str, ok: bool) -> None:
    from tourctl.model.plan import DurationTooLong, parse_duration

    if ok:
        assert parse_duration(text) is not None
    else:
        with pytest.raises(DurationTooLong):
            parse_duration(text)


def test_dates_outside_the_range_are_refused_also_as_date_objects() -> None:
    from pydantic import TypeAdapter, ValidationError

    from tourctl.model.plan import PlanDate

    adapter: TypeAdapter[date] = TypeAdapter(PlanDate)
    assert adapter.validate_python("1900-01-01") == date(1900, 1, 1)
    assert adapter.validate_python(date(2999, 12, 31)) == date(2999, 12, 31)
    for value in ("1899-12-31", "3000-01-01", date(1, 1, 1), date(9999, 12, 31)):
        with pytest.raises(ValidationError, match="outside the dates tourctl supports"):
            adapter.validate_python(value)


def test_the_furthest_reach_of_the_range_does_not_overflow() -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from tourctl.ranges import FIRST_DATE, LAST_DATE, MAX_DURATION

    for zone in ("Pacific/Kiritimati", "Etc/GMT+12", "Asia/Kathmandu"):
        late = datetime.combine(LAST_DATE, datetime.max.time(), ZoneInfo(zone))
        (late.astimezone(UTC) + MAX_DURATION + timedelta(days=1)).astimezone(ZoneInfo(zone))
        early = datetime.combine(FIRST_DATE, datetime.min.time(), ZoneInfo(zone))
        early.astimezone(UTC) - timedelta(days=1)


@pytest.mark.parametrize(
    ("columns", "width"), [("0", 80), ("1", 50), ("49", 50), ("50", None), ("x", None), ("", None)]
)
def test_a_useless_columns_gives_a_usable_width(
    monkeypatch: pytest.MonkeyPatch, columns: str, width: int | None
) -> None:
    from tourctl.report.streams import _width

    monkeypatch.setenv("COLUMNS", columns)
    assert _width(io.StringIO()) == width
