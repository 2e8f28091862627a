"""``tourctl schema`` and ``tourctl init``: the schema matches the model; the starter validates."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import PLANS, bundled_plans, invoke
from tourctl.load.reader import load_plan


@pytest.fixture(scope="module")
def schema() -> dict[str, object]:
    result = invoke("schema")
    assert result.returncode == 0, result.stderr
    loaded: dict[str, object] = json.loads(result.stdout)
    return loaded


def test_schema_is_valid_json_schema(schema: dict[str, object]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize(
    "plan", [*bundled_plans(), PLANS / "valid" / "starter.yaml"], ids=lambda p: p.name
)
def test_bundled_plans_match_schema(schema: dict[str, object], plan: Path) -> None:
    data = load_plan(str(plan)).data
    jsonschema.Draft202012Validator(schema).validate(data)


def test_init_writes_a_plan_that_validates(tmp_path: Path) -> None:
    target = tmp_path / "my-tour.yaml"
    result = invoke("init", target)
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("# A tourctl plan")
    check = invoke("validate", target, "--today", "2026-01-01", "--strict")
    assert check.returncode == 0, check.stdout + check.stderr


def test_init_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "tour.yaml"
    target.write_text("mine\n", encoding="utf-8")
    result = invoke("init", target)
    assert result.returncode == 2
    assert "already exists" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_init_default_name(tmp_path: Path) -> None:
    result = invoke("init", cwd=tmp_path)
    assert result.returncode == 0
    assert (tmp_path / "tour.yaml").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_init_into_missing_folder(tmp_path: Path) -> None:
    result = invoke("init", tmp_path / "nope" / "tour.yaml")
    assert result.returncode == 3  # an output that cannot be written
    assert "does not exist" in result.stderr
