"""``tourctl show``: the itinerary in time order, per audience, as text and JSON."""

from __future__ import annotations

import json

from tests.conftest import PLANS, TOURS, invoke

PLAN = TOURS / "solidarity-europe-2024.yaml"


def test_show_json_is_in_time_order_and_complete_for_team() -> None:
    result = invoke("show", PLAN, "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["tour"]["id"] == "solidarity-europe-2024"
    dates = [day["date"] for day in payload["days"]]
    assert dates == sorted(dates)
    events = [e for day in payload["days"] for e in day["events"]]
    assert len(events) == 10
    prague = events[0]
    assert prague["id"] == "prague"
    assert prague["timezone"] == "Europe/Prague"
    assert (prague["start"], prague["end"]) == ("19:00", "21:00")
    assert prague["start_utc"] == "2024-05-02T17:00:00+00:00"
    assert payload["days"][0]["weekday"] == "Thursday"
    travel = next(e for e in events if e["id"] == "berlin-travel")
    assert travel["all_day"] is True
    assert travel["start"] is None


def test_show_hides_what_an_audience_may_not_see() -> None:
    public = json.loads(invoke("show", PLAN, "--audience", "public", "-f", "json").stdout)
    ids = {e["id"] for day in public["days"] for e in day["events"]}
    assert "tbilisi" not in ids  # team only
    assert "vilnius" not in ids  # partners only
    assert "prague" in ids
    assert all(e["visibility"] == "public" for day in public["days"] for e in day["events"])


def test_show_text_table() -> None:
    result = invoke("show", PLAN)
    assert result.returncode == 0
    assert "Thu 2024-05-02" in result.stdout
    assert "19:00–21:00 CEST" in result.stdout
    assert "Safespace Bookstore" in result.stdout
    assert "10 events on 10 days" in result.stdout


def test_show_refuses_a_broken_plan() -> None:
    result = invoke("show", PLANS / "invalid" / "unknown-venue.yaml")
    assert result.returncode == 1
    assert "unknown-venue" in result.stderr
    assert "Traceback" not in result.stderr


def test_show_bad_audience_is_usage_error() -> None:
    result = invoke("show", PLAN, "--audience", "press")
    assert result.returncode == 2
