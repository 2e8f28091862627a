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
    assert len(events) == 9
    prague = events[0]
    assert prague["id"] == "prague"
    assert prague["timezone"] == "Europe/Prague"
    assert (prague["start"], prague["end"]) == ("19:00", "21:00")
    assert prague["start_utc"] == "2024-05-02T17:00:00+00:00"
    assert payload["days"][0]["weekday"] == "Thursday"
    legs = [leg for day in payload["days"] for leg in day["legs"]]
    stays = [stay for day in payload["days"] for stay in day["stays"]]
    assert (len(legs), len(stays)) == (11, 11)
    overnight = next(leg for leg in legs if leg["id"] == "vilnius-tbilisi")
    assert overnight["from"]["local"] == "2024-05-15 23:15"
    assert overnight["to"] == {
        "name": "Tbilisi Airport (TBS)",
        "city": "Tbilisi",
        "country": "GE",
        "timezone": "Asia/Tbilisi",
        "local": "2024-05-16 05:05",
        "utc": "2024-05-16T01:05:00+00:00",
    }
    assert overnight["booking"] == "GA-88120"


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
    assert "9 events on 9 days; 11 legs, 11 stays" in result.stdout


def test_show_shows_a_broken_plan_as_far_as_it_can_and_fails() -> None:
    result = invoke("show", PLANS / "invalid" / "unknown-venue.yaml")
    assert result.returncode == 1
    assert "unknown-venue" in result.stderr
    assert "Traceback" not in result.stderr
    assert "could not be shown" in result.stdout


def test_show_bad_audience_is_usage_error() -> None:
    result = invoke("show", PLAN, "--audience", "press")
    assert result.returncode == 2
