"""The benchmark's plan generator makes plans tourctl accepts (no timing here, ever)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from bench.generate import generate, write
from tests.conftest import run_tourctl


@pytest.mark.parametrize("n", [10, 100])
def test_generated_plan_validates(tmp_path: Path, n: int) -> None:
    plan, _ = write(n, tmp_path)
    result = run_tourctl("validate", plan, "--today", "2029-01-01", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["errors"] == 0


@pytest.mark.parametrize("n", [1, 10, 100])
def test_generated_plan_has_n_events_in_time_order(n: int) -> None:
    plan = generate(n)
    assert len(plan.events) == n
    keys = [(e.date, e.start or "") for e in plan.events]
    assert keys == sorted(keys)
    assert len({e.key for e in plan.events}) == n


def test_generation_is_deterministic() -> None:
    assert generate(100).to_yaml() == generate(100).to_yaml()
    assert generate(100, seed=1).to_yaml() != generate(100, seed=2).to_yaml()


def test_yaml2ics_side_has_the_same_events(tmp_path: Path) -> None:
    _, peer = write(100, tmp_path)
    data = yaml.safe_load(peer.read_text(encoding="utf-8"))
    assert len(data["events"]) == 100
    plan = generate(100)
    assert [e["summary"] for e in data["events"]] == [e.title for e in plan.events]
