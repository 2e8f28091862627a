"""``tourctl schema`` and ``tourctl init``: the schema matches the model; the starter validates."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import PLANS, bundled_plans, invoke
from tourctl.load import load_text
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
    first, second = target.read_text(encoding="utf-8").splitlines()[:2]
    assert first == "# yaml-language-server: $schema=./tour.schema.json"
    assert second.startswith("# A tourctl plan")
    check = invoke("validate", target, "--today", "2026-01-01", "--strict")
    assert check.returncode == 0, check.stdout + check.stderr


MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)\s*")


def resolve_modeline(plan: Path) -> Path:
    """What yaml-language-server does with the modeline: a relative path is from the plan."""
    match = MODELINE.fullmatch(plan.read_text(encoding="utf-8").splitlines()[0])
    assert match is not None, "no modeline on the first line"
    reference = match[1]
    assert "://" not in reference, "a local schema is expected"
    return (plan.parent / reference).resolve()


def test_init_modeline_resolves_to_a_schema_that_validates_the_starter(tmp_path: Path) -> None:
    (tmp_path / "tours").mkdir()
    plan = tmp_path / "tours" / "berlin.yaml"
    assert invoke("init", plan, cwd=tmp_path).returncode == 0
    schema_path = resolve_modeline(plan)
    assert schema_path == (tmp_path / "tours" / "tour.schema.json").resolve()
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator_class(schema).validate(load_plan(str(plan)).data)
    # The same schema says no to a broken plan: it is the plan's schema, not an empty one.
    broken = plan.read_text(encoding="utf-8").replace("    venue: first-venue\n", "    venu: x\n")
    assert list(validator_class(schema).iter_errors(load_text(broken, "b.yaml").data))
    assert schema == invoke_schema()


def invoke_schema() -> dict[str, object]:
    loaded: dict[str, object] = json.loads(invoke("schema").stdout)
    return loaded


def test_init_replaces_an_old_schema_but_not_another_file(tmp_path: Path) -> None:
    (tmp_path / "tour.schema.json").write_text('{"$schema": "old"}', encoding="utf-8")
    assert invoke("init", tmp_path / "a.yaml").returncode == 0
    assert json.loads((tmp_path / "tour.schema.json").read_text()) == invoke_schema()
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "tour.schema.json").write_text("my notes\n", encoding="utf-8")
    result = invoke("init", other / "b.yaml")
    assert result.returncode == 2
    assert "not a JSON Schema; not overwriting it" in result.stderr
    assert (other / "tour.schema.json").read_text() == "my notes\n"
    assert not (other / "b.yaml").exists()  # nothing written when one target is taken


def test_schema_output_writes_the_schema_atomically(tmp_path: Path) -> None:
    target = tmp_path / "plan.schema.json"
    result = invoke("schema", "--output", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert f"Wrote the plan's JSON Schema to {target}" in result.stderr
    assert json.loads(target.read_text(encoding="utf-8")) == invoke_schema()
    again = invoke("schema", "-o", target)  # an older schema is replaced
    assert again.returncode == 0
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert invoke("schema", "-o", "-").stdout == invoke("schema").stdout


def test_schema_output_never_overwrites_a_plan(tmp_path: Path) -> None:
    plan = tmp_path / "tour.yaml"
    assert invoke("init", plan).returncode == 0
    before = plan.read_bytes()
    result = invoke("schema", "-o", plan)
    assert result.returncode == 2
    assert "not overwriting it" in result.stderr
    assert plan.read_bytes() == before
    assert invoke("schema", "-o", tmp_path).returncode == 2  # a folder
    assert invoke("schema", "-o", tmp_path / "nope" / "s.json").returncode == 3


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
