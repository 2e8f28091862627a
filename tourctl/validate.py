"""The pipeline every command starts with: load → model → checks → findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path as FsPath

from tourctl.findings import Finding, FindingSummary, Severity, drop_ignored, sort_findings
from tourctl.loader import SourceMap, load_file, load_text


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
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        result.findings.extend(findings_from_validation_error(exc, source))
        result.findings = sort_findings(result.findings)
        return result
    result.plan = plan
    if options.run_checks and not any(f.severity is Severity.ERROR for f in findings):
        from tourctl.checks import CheckContext, run_checks

        ctx = CheckContext(plan, source, today=options.today)
        result.findings.extend(run_checks(ctx))
    ignored = [*options.ignore, *plan.ignore]
    result.findings = sort_findings(drop_ignored(result.findings, ignored))
    return result
