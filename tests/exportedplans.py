"""The plans of the repository that export, and what their calendars must hold.

``test_export_readers`` reads every one of them with four calendar readers,
``test_export_caldav`` puts them on a CalDAV server; both compare with the
true instants ``tests.instants`` computes from the plan.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from tests.conftest import PLANS, bundled_plans
from tests.exportsupport import NOW
from tests.instants import TrueEvent, true_events
from tourctl.export.build import calendars
from tourctl.model import Plan, Visibility
from tourctl.pipeline import PlanOptions, check_plan
from tourctl.places.resolve import resolve_places


def _exports(path: Path) -> bool:
    result = check_plan(str(path), PlanOptions())
    return result.plan is not None and result.summary.errors == 0


def exported_plans() -> list[Path]:
    """Every plan of the repository that ``tourctl export`` accepts."""
    candidates = [
        *sorted((PLANS / "valid").glob("*.yaml")),
        *sorted((PLANS / "checks").glob("*.yaml")),
        *bundled_plans(),
    ]
    return [path for path in candidates if _exports(path)]


EXPORTED = exported_plans()
CASES = [(path, audience) for path in EXPORTED for audience in Visibility]


def case_id(case: tuple[Path, Visibility]) -> str:
    return f"{case[0].stem}-{case[1].value}"


@cache
def loaded(path: Path) -> tuple[Plan, dict[str, str | None]]:
    """The plan and each venue's zone, as ``validate`` resolved them."""
    result = check_plan(str(path), PlanOptions())
    assert result.plan is not None
    places = resolve_places(result.plan)
    return result.plan, {venue: place.zone for venue, place in places.items()}


@cache
def exported(path: Path, audience: Visibility) -> bytes:
    plan, _ = loaded(path)
    [calendar] = calendars(plan, audience, now=NOW)
    return calendar.data


def expected(path: Path, audience: Visibility) -> dict[str, TrueEvent]:
    plan, zones = loaded(path)
    return true_events(plan, zones, audience, NOW.date())
