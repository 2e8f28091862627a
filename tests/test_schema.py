"""``tourctl schema`` for editors: every field described, and validate's rules where JSON Schema
can say them. The schema printed by the installed CLI is run, with a JSON Schema validator,
over every valid plan (it must accept them all) and every invalid one (it must reject each
whose problem JSON Schema can express; the others say why not, in a ``# schema:`` line).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import PLANS, bundled_plans, run_tourctl
from tourctl.load.reader import load_plan

NOT_EXPRESSIBLE = re.compile(r"^# schema: not expressible \((.+)\)$", re.MULTILINE)
VALID = [*sorted((PLANS / "valid").glob("*.yaml")), *bundled_plans()]
CHECKED = sorted((PLANS / "checks").glob("*.yaml"))  # well-formed; their problems are checks'
INVALID = sorted((PLANS / "invalid").glob("*.yaml"))


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    printed = run_tourctl("schema")
    assert printed.returncode == 0, printed.stderr
    loaded: dict[str, Any] = json.loads(printed.stdout)
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


def _errors(schema: dict[str, Any], plan: Path) -> list[str]:
    data = load_plan(str(plan)).data
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_every_field_has_a_description(schema: dict[str, Any]) -> None:
    models = {"Plan": schema, **schema["$defs"]}
    missing = [
        f"{name}.{key}"
        for name, model in models.items()
        for key, prop in model.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert missing == []


def test_codes_and_zones_are_enums(schema: dict[str, Any]) -> None:
    venue = schema["$defs"]["Venue"]["properties"]
    assert {"CZ", "GB", "NO"} <= set(venue["country"]["enum"])
    zones = venue["timezone"]["anyOf"][0]["enum"]
    assert "Europe/Prague" in zones and "Europe/Krakow" not in zones
    assert "en" in schema["$defs"]["Event"]["properties"]["languages"]["items"]["enum"]


@pytest.mark.parametrize("plan", [*VALID, *CHECKED], ids=lambda p: p.name)
def test_the_schema_accepts_every_valid_plan(schema: dict[str, Any], plan: Path) -> None:
    assert _errors(schema, plan) == []


@pytest.mark.parametrize("plan", INVALID, ids=lambda p: p.stem)
def test_the_schema_rejects_every_invalid_plan_it_can_express(
    schema: dict[str, Any], plan: Path
) -> None:
    errors = _errors(schema, plan)
    why_not = NOT_EXPRESSIBLE.search(plan.read_text(encoding="utf-8"))
    if why_not is None:
        assert errors, f"the schema accepts {plan.name}, which validate rejects"
    else:  # the note must stay true: if the schema learns to reject it, drop the note
        assert errors == [], f"{plan.name} says the schema cannot reject it, but it does"


def test_most_invalid_plans_are_expressible() -> None:
    unexpressible = [p for p in INVALID if NOT_EXPRESSIBLE.search(p.read_text(encoding="utf-8"))]
    assert [p.stem for p in unexpressible] == ["duplicate-id", "duplicate-key", "unknown-venue"]


@pytest.mark.parametrize(
    ("value", "valid"),
    [("1900-01-01", True), ("2999-12-31", True), ("1899-12-31", False), ("3000-01-01", False)],
)
def test_the_schema_dates_are_the_supported_range(
    schema: dict[str, Any], value: str, valid: bool
) -> None:
    from datetime import date

    from tourctl.model.plan import _as_date

    date_schema = schema["$defs"]["Event"]["properties"]["date"]
    assert jsonschema.Draft202012Validator(date_schema).is_valid(value) is valid
    try:
        accepted = isinstance(_as_date(value), date)
    except ValueError:
        accepted = False
    assert accepted is valid  # what validate says


@pytest.mark.parametrize(
    ("value", "valid"),
    [("168h", True), ("167h59m", True), ("168h0m", True), ("10080m", True), ("2h", True),
     ("169h", False), ("168h1m", False), ("999999h", False), ("123456m", False)],
)  # fmt: skip
def test_the_schema_durations_stop_at_168h_where_a_pattern_can(
    schema: dict[str, Any], value: str, valid: bool
) -> None:
    pattern = schema["$defs"]["Event"]["properties"]["duration"]["anyOf"][0]
    assert jsonschema.Draft202012Validator(pattern).is_valid(value) is valid
