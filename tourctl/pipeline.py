"""The plan pipeline every command starts with: load → model → checks → findings.

``check_plan`` runs it on one plan and returns a ``PlanResult`` (findings are
collected, never raised). Commands that need a usable plan ask ``valid_plan``
(refuses a plan with errors) or ``loadable_plan`` (refuses only a plan that
cannot be modelled at all); both raise ``PlanRefused`` with the findings, for
the command's reporter to show in its format. ``validate_plans`` is the
``validate`` command's core.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

from tourctl.errors import ExitStatus, PlanRefused, UsageError
from tourctl.findings import (
    Finding,
    FindingSummary,
    Path,
    Severity,
    drop_ignored,
    format_path,
    sort_findings,
    value_at,
)
from tourctl.gcpause import paused_gc
from tourctl.load import STDIN, Loaded, SourceMap, load_plan, load_text

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

    from tourctl.model import Plan


T = TypeVar("T")
Timer = Callable[[str, Callable[[], Any]], Any]
"""``timer(stage, work)`` runs ``work()`` and returns its result; the benchmark passes one
that measures each stage ("load", "model", "checks", "checks/<check>")."""


def _untimed(stage: str, work: Callable[[], T]) -> T:
    return work()


@dataclass(frozen=True)
class PlanOptions:
    today: date | None = None
    """"Today" for the checks that depend on it; None: the clock."""
    ignore: Sequence[str] = ()
    run_checks: bool = True


@dataclass
class PlanResult:
    """One plan after the pipeline. ``plan`` is None when it could not be modelled."""

    file: str
    plan: Plan | None
    source: SourceMap
    findings: list[Finding] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    """What the plan relies on without saying so (``checks.hints``): said once, never a finding."""
    broken: frozenset[Path] = frozenset()
    """Items whose required values were stood in for (``_repaired``): not shown as they are."""

    @property
    def summary(self) -> FindingSummary:
        return FindingSummary(self.findings)


@dataclass
class ValidPlan:
    """A plan a command may use: modelled, and (for ``valid_plan``) without errors."""

    file: str
    plan: Plan
    source: SourceMap
    findings: list[Finding]


def check_plan(
    path: str, options: PlanOptions, stdin: BinaryIO | None = None, timer: Timer = _untimed
) -> PlanResult:
    """The pipeline on the plan ``path`` names (``-``: stdin). UsageError if it cannot be read."""
    loaded: Loaded = timer("load", lambda: load_plan(path, stdin))
    return check_loaded(loaded, options, timer)


def check_text(text: str, file: str, options: PlanOptions) -> PlanResult:
    """The pipeline on a plan's text (tests, and tools that hold the text already)."""
    return check_loaded(load_text(text, file), options)


def valid_plan(
    path: str, options: PlanOptions, *, strict: bool = False, stdin: BinaryIO | None = None
) -> ValidPlan:
    """The plan, if it has no errors (nor warnings with ``strict``); else ``PlanRefused``."""
    result = check_plan(path, options, stdin)
    if result.plan is None or result.summary.failed(strict):
        raise PlanRefused(result.file, result.findings, loadable=result.plan is not None)
    return ValidPlan(result.file, result.plan, result.source, result.findings)


def loadable_plan(path: str, stdin: BinaryIO | None = None) -> ValidPlan:
    """The plan as far as it can be modelled (no checks); ``PlanRefused`` if not at all."""
    result = check_plan(path, PlanOptions(run_checks=False), stdin)
    if result.plan is None:
        raise PlanRefused(result.file, result.findings, loadable=False)
    return ValidPlan(result.file, result.plan, result.source, result.findings)


@dataclass
class ValidateRun:
    """What ``validate`` found in all its plans; a plan that could not be read is a finding."""

    files: list[str]
    findings: list[Finding]
    unreadable: int = 0
    hints: list[tuple[str, str]] = field(default_factory=list)
    """(file, hint) for every plan, in the order of the plans."""

    @property
    def summary(self) -> FindingSummary:
        return FindingSummary(self.findings)

    def status(self, strict: bool) -> ExitStatus:
        if self.unreadable:
            return ExitStatus.USAGE
        return ExitStatus.FAILED if self.summary.failed(strict) else ExitStatus.OK


def validate_plans(
    paths: Sequence[str], options: PlanOptions, stdin: BinaryIO | None = None
) -> ValidateRun:
    """Every plan through the pipeline; one that cannot be read is reported and the run goes on."""
    if sum(1 for path in paths if path == STDIN) > 1:
        raise UsageError("'-' (standard input) can be given only once")
    run = ValidateRun([], [])
    for path in paths:
        try:
            result = check_plan(path, options, stdin)
        except UsageError as exc:
            run.unreadable += 1
            run.files.append(path)
            message = exc.message.removeprefix(f"{path}: ").removeprefix(f"{path} ")
            run.findings.append(Finding("file-unreadable", Severity.ERROR, message, path))
            continue
        run.files.append(result.file)
        run.findings.extend(result.findings)
        run.hints.extend((result.file, hint) for hint in result.hints)
    return run


# --- model and checks ------------------------------------------------------------------


def _model(data: object) -> Plan:
    from tourctl.model import Plan
    from tourctl.model.compact import share_field_sets

    with paused_gc():
        plan = Plan.model_validate(data)
        share_field_sets(plan)
        return plan


def check_loaded(loaded: Loaded, options: PlanOptions, timer: Timer = _untimed) -> PlanResult:
    """The model and checks on a loaded plan. Consumes ``loaded.data``: the plain values are
    repaired in place and let go once modelled (the model holds all of it), which keeps the
    peak memory of a large plan down to one copy of it."""
    from pydantic import ValidationError

    from tourctl.model.errors import findings_from_errors, strip_unknown_keys, unknown_key_findings

    source = loaded.source
    result = PlanResult(source.file, None, source, list(loaded.findings))
    data, loaded.data = loaded.data, None
    if data is None:
        return result
    unknown: list[tuple[Path, str]] = timer("model", lambda: strip_unknown_keys(data))
    result.findings.extend(unknown_key_findings(unknown, source))
    removed: list[Path] = list(dict.fromkeys(path for path, _ in unknown))
    del unknown
    broken: frozenset[Path] = frozenset()
    try:
        plan: Plan = timer("model", lambda: _model(data))
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        del exc  # its errors hold the inputs; the list above is all that is needed
        result.findings.extend(findings_from_errors(errors, source, data))
        repaired = _repaired(data, errors)
        if repaired is None:
            result.findings = sort_findings(result.findings)
            return result
        plan, also_removed, broken = repaired
        removed.extend(also_removed)
    data = None  # let the plain values go: the model holds the plan now
    result.plan = plan
    result.broken = broken
    if options.run_checks:
        from tourctl.checks import CheckContext, run_checks
        from tourctl.checks.hints import plan_hints

        ctx = CheckContext(
            plan, source, today=options.today, broken=broken, ignore=tuple(options.ignore)
        )
        found: list[Finding] = timer("checks", lambda: run_checks(ctx, timer))
        result.findings.extend(_outside(found, [*removed, *broken]))
        result.hints = plan_hints(ctx)
    from tourctl.checks.ignores import item_ignores

    ignored = [*options.ignore, *plan.ignore]
    result.findings = sort_findings(drop_ignored(result.findings, ignored, item_ignores(plan)))
    return result


Repair = tuple["Plan", list[Path], frozenset[Path]]

_VISIBILITY_KEYS = frozenset({"visibility", "address_visibility"})
"""Left out, these would fall back to their defaults (``public`` for events and people);
a plan with errors is still shown by ``show`` and checked by check-contacts, so a bad
visibility stands in as ``team``, which shows the least."""

_ITEM_SECTIONS = frozenset({"people", "venues", "events", "travel", "stays"})
_PLACEHOLDERS: dict[str, Any] = {
    "title": "?",
    "name": "?",
    "city": "?",
    "country": "CZ",
    "date": "2000-01-01",
    "organizer": {"name": "?"},
    "mode": "other",
    "depart": "2000-01-01 00:00",
    "arrive": "2000-01-01 00:01",
    "check_in": "2000-01-01",
    "check_out": "2000-01-02",
}
_ITEM_PLACEHOLDERS: dict[str, dict[str, Any]] = {
    "people": {"name": "?"},
    "venues": {"name": "?", "city": "?", "country": "CZ"},
    "events": {"title": "?", "date": "2000-01-01"},
    "travel": {"mode": "other", "depart": "2000-01-01 00:00", "arrive": "2000-01-01 00:01"},
    "stays": {
        "name": "?",
        "city": "?",
        "country": "CZ",
        "check_in": "2000-01-01",
        "check_out": "2000-01-02",
    },
    "tour": {"title": "?", "organizer": {"name": "?"}},
}


def _repaired(data: object, errors: list[ErrorDetails]) -> Repair | None:
    """The plan with bad values left out or stood in for, if that makes it valid.

    So one run also reports what the checks find in the rest of the plan: a typo'd
    key or a bad date in one event does not hide an unknown venue three events later.

    * An unknown key or a bad optional value is left out; check findings inside
      the mapping that lost it are dropped (they would be echoes).
    * A bad required value of a tour, person, venue or event (or a whole item
      that is not a mapping) gets a stand-in, and the item is *broken*: the checks
      leave it out of the time line and places, and drop findings inside it.

    None when nothing can stand in (the format ``version``, a section that is not a list).
    ``data`` is changed in place: it is the loader's, and nothing reads it afterwards.
    """
    from pydantic import ValidationError

    from tourctl.model.errors import clean_loc, removable_prefix
    from tourctl.model.hints import id_named

    repaired = data
    removed: list[Path] = []
    broken: set[Path] = set()
    mappings: dict[tuple[int | str, ...], object] = {}  # unknown keys: their mapping, found once
    for error in errors:
        raw = error["loc"]
        if error["type"] == "extra_forbidden" and raw[:-1] in mappings:
            parent = mappings[raw[:-1]]
            if isinstance(parent, dict):
                parent.pop(raw[-1], None)
            continue
        loc = clean_loc(raw)
        meant = id_named(loc, error["type"], error.get("input"), data)
        named = value_at(repaired, loc[:-1]) if meant is not None else None
        if isinstance(named, (dict, list)):
            named[loc[-1]] = meant  # type: ignore[index]  # a venue's or person's name: its id
            continue
        prefix = removable_prefix(loc)
        if prefix is not None:
            parent = value_at(repaired, prefix[:-1])
            if isinstance(parent, dict) and prefix[-1] in _VISIBILITY_KEYS:
                parent[prefix[-1]] = "team"  # a bad visibility is read the safest way
            elif isinstance(parent, dict):
                parent.pop(prefix[-1], None)
            removed.append(prefix[:-1])
            if error["type"] == "extra_forbidden" and prefix == loc == tuple(raw):
                mappings[raw[:-1]] = parent  # its other unknown keys go the same way
            continue
        item = _stand_in(repaired, loc)
        if item is None:
            return None
        broken.add(item)
    try:
        return _model(repaired), removed, frozenset(broken)
    except ValidationError:
        return None


def _stand_in(data: object, loc: Path) -> Path | None:
    """Put a stand-in where ``loc`` is bad; the broken item's path, or None if impossible."""
    if not isinstance(data, dict) or not loc:
        return None
    section = loc[0]
    if section == "tour":
        item: Path = ("tour",)
    elif section in _ITEM_SECTIONS and len(loc) >= 2 and isinstance(loc[1], int):
        item = (section, loc[1])
    else:
        return None
    container = value_at(data, item[:-1])
    if isinstance(container, dict) and item[-1] not in container:
        container[item[-1]] = {}
    target = value_at(data, item)
    if not isinstance(target, dict):
        if not isinstance(container, (dict, list)):
            return None
        fresh = copy.deepcopy(_ITEM_PLACEHOLDERS[str(section)])
        container[item[-1]] = fresh  # type: ignore[index]
        target = fresh
    if len(loc) == len(item):  # the item itself was bad: fill in what it requires
        for name, value in _ITEM_PLACEHOLDERS[str(section)].items():
            target.setdefault(name, copy.deepcopy(value))
        _fill_ids(target, section, item)
        return item
    key = loc[len(item)]
    if not isinstance(key, str):
        return None
    if len(loc) > len(item) + 1 and key == "organizer":
        target["organizer"] = copy.deepcopy(_PLACEHOLDERS["organizer"])
        return item
    if key in ("id", "venue", "from", "to"):
        target[key] = _slug_stand_in(target.get(key), item)
    elif key == "people":
        target[key] = [_slug_stand_in(None, item)]
    elif key in _PLACEHOLDERS:
        target[key] = copy.deepcopy(_PLACEHOLDERS[key])
    else:
        return None
    return item


def _fill_ids(target: dict[str, Any], section: str | int, item: Path) -> None:
    if section in ("people", "venues", "tour"):
        target.setdefault("id", _slug_stand_in(None, item))
    if section == "events":
        target.setdefault("venue", _slug_stand_in(None, item))
    if section in ("travel", "stays"):
        target.setdefault("people", [_slug_stand_in(None, item)])
    if section == "travel":
        target.setdefault("from", _slug_stand_in(None, item))
        target.setdefault("to", _slug_stand_in(None, item))


def _slug_stand_in(value: object, item: Path) -> str:
    """A slug that stands for a bad id: the same text gives the same stand-in, so an event
    that names a venue by its (bad) id still finds it, and no real id can equal it."""
    import re

    if isinstance(value, str) and value.strip():
        base = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "x"
        return f"{base}--bad"
    return f"bad--{'-'.join(str(part) for part in item)}"


def _outside(findings: list[Finding], removed: list[Path]) -> list[Finding]:
    """The findings not at or inside any of the ``removed`` paths.

    A set lookup per ancestor of each finding's path: a plan with 300,000 unknown
    keys removes as many paths, and comparing every finding with each of them
    would be quadratic.
    """
    if not removed:
        return findings
    prefixes = {format_path(path) for path in dict.fromkeys(removed)}
    return [f for f in findings if not _under(f.path, prefixes)]


def _under(path: str, prefixes: set[str]) -> bool:
    if path in prefixes:
        return True
    return any(path[:at] in prefixes for at, char in enumerate(path) if char in ".[" and at > 0)
