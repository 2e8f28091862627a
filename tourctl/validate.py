"""The pipeline every command starts with: load → model → checks → findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path as FsPath
from typing import TYPE_CHECKING

from tourctl.findings import (
    Finding,
    FindingSummary,
    Path,
    drop_ignored,
    format_path,
    sort_findings,
)
from tourctl.gcpause import paused_gc
from tourctl.loader import SourceMap, load_file, load_text

if TYPE_CHECKING:
    from pydantic import ValidationError

    from tourctl.model import Plan


@dataclass
class ValidateOptions:
    today: date | None = None
    ignore: Sequence[str] = ()
    run_checks: bool = True


@dataclass
class PlanResult:
    """One plan file after validation. ``plan`` is None when it could not be modelled."""

    file: str
    plan: object | None  # tourctl.model.Plan; typed loosely to keep pydantic off the import path
    source: SourceMap
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return FindingSummary(self.findings).errors

    @property
    def warnings(self) -> int:
        return FindingSummary(self.findings).warnings


def validate_file(path: FsPath, options: ValidateOptions, display: str | None = None) -> PlanResult:
    """Validate one plan file. An unreadable file raises OSError: that is a usage error."""
    loaded = load_file(path, display)
    return _validate_loaded(loaded.data, loaded.source, loaded.findings, options)


def validate_text(text: str, file: str, options: ValidateOptions) -> PlanResult:
    loaded = load_text(text, file)
    return _validate_loaded(loaded.data, loaded.source, loaded.findings, options)


def _validate_loaded(
    data: object, source: SourceMap, findings: list[Finding], options: ValidateOptions
) -> PlanResult:
    from pydantic import ValidationError

    from tourctl.model import Plan
    from tourctl.modelerrors import findings_from_validation_error

    result = PlanResult(source.file, None, source, list(findings))
    if data is None:
        return result
    removed: list[Path] = []
    try:
        with paused_gc():
            plan = Plan.model_validate(data)
    except ValidationError as exc:
        result.findings.extend(findings_from_validation_error(exc, source))
        repaired = _without_bad_values(data, exc)
        if repaired is None:
            result.findings = sort_findings(result.findings)
            return result
        plan, removed = repaired
    result.plan = plan
    if options.run_checks:
        from tourctl.checks import CheckContext, run_checks

        ctx = CheckContext(plan, source, today=options.today)
        result.findings.extend(_outside(run_checks(ctx), removed))
    ignored = [*options.ignore, *plan.ignore]
    result.findings = sort_findings(drop_ignored(result.findings, ignored))
    return result


def _without_bad_values(data: object, exc: ValidationError) -> tuple[Plan, list[Path]] | None:
    """The plan with each unknown key and bad optional value left out, if that makes it valid.

    So one run also reports what the checks find in the rest of the plan: a typo'd
    key does not hide a clash three events later. Returns the plan and the mappings
    that lost a key (check findings inside those are dropped: they would be echoes).
    None when a required value is bad: then there is no plan to check.
    """
    import copy

    from pydantic import ValidationError

    from tourctl.model import Plan
    from tourctl.modelerrors import clean_loc, removable_prefix

    repaired = copy.deepcopy(data)
    removed: list[Path] = []
    for error in exc.errors(include_url=False):
        prefix = removable_prefix(clean_loc(error["loc"]))
        if prefix is None:
            return None
        parent = _walk(repaired, prefix[:-1])
        if isinstance(parent, dict):
            parent.pop(prefix[-1], None)
        removed.append(prefix[:-1])
    try:
        return Plan.model_validate(repaired), removed
    except ValidationError:
        return None


def _walk(data: object, path: Path) -> object:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _outside(findings: list[Finding], removed: list[Path]) -> list[Finding]:
    if not removed:
        return findings
    prefixes = tuple(format_path(path) for path in removed)
    return [
        f
        for f in findings
        if not any(f.path == p or f.path.startswith((p + ".", p + "[")) for p in prefixes)
    ]
