"""The ``tourctl export`` job: a valid plan → one calendar file (or one per venue), written safely.

The steps, each in its own module: load and check the plan (refusing one with
errors), resolve where each venue is, ``redact`` it for the audience, read the
previous export (to carry SEQUENCE and DTSTAMP over), ``render``, and write
with ``atomic_write``. Only the calendar goes to stdout; everything a person
should read goes to stderr.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tourctl import console
from tourctl.errors import ExitStatus, UserError
from tourctl.export.audience import CalendarView, VenueView, redact
from tourctl.export.calendar import render
from tourctl.export.identity import NotACalendar, Stamp, read_previous
from tourctl.model import Plan, Visibility
from tourctl.places import resolve_places

NOW_ENV = "TOURCTL_NOW"
"""Fixes "now" (the DTSTAMP of new and changed events), e.g. ``2024-04-01T12:00:00Z``."""

STDOUT = "-"


@dataclass(frozen=True)
class ExportOptions:
    plan: Path
    audience: Visibility = Visibility.PUBLIC
    output: str | None = None
    """A file, a folder (with ``split``), ``-`` for stdout, or None for the default name."""
    split_venue: bool = False
    previous: Path | None = None
    now: datetime | None = None
    """None: ``TOURCTL_NOW`` if set, else the clock."""
    fmt: str = "text"
    """``json``: findings (on refusal) or a summary of what was written, for scripts."""


@dataclass(frozen=True)
class _Target:
    """One calendar to write: its content, where it goes, what it replaces."""

    view: CalendarView
    venue: VenueView | None
    path: Path | None  # None: stdout


def run_export(options: ExportOptions) -> int:
    """Export the plan as ``options`` say; returns the exit status (errors raise UserError)."""
    from tourctl.commands import load_valid_plan

    result, findings = load_valid_plan(options.plan, fmt=options.fmt)
    if findings:  # warnings only: a plan with errors was refused above, with all of them shown
        from collections import Counter

        noun = "warning" if len(findings) == 1 else "warnings"
        codes = ", ".join(f"{code} ×{n}" for code, n in Counter(f.code for f in findings).items())
        _note(f"{result.file} has {len(findings)} {noun} ({codes}); `tourctl validate` lists them")
    plan = result.plan
    assert isinstance(plan, Plan)
    view = redact(plan, options.audience, resolve_places(plan))
    now = options.now or now_from_env()
    targets, folder = _targets(plan, view, options)
    previous = _previous(plan, options, targets)
    rendered = [(t, render(t.view, previous=previous, now=now, venue=t.venue)) for t in targets]
    if folder is not None:
        _make_folder(folder)
        if options.split_venue:
            _stale_split_files(plan, targets, folder)
    done = [(target, _write(target, data)) for target, data in rendered]
    if options.fmt == "json":
        _report_json(options.audience, done, len(findings))
    else:
        _report(options.audience, view, done)
    return ExitStatus.OK


def _report_json(audience: Visibility, done: Sequence[tuple[_Target, bool]], warnings: int) -> None:
    """What was written, for scripts; on stderr when stdout carries the calendar itself."""
    import json

    files = [
        {
            "path": str(target.path) if target.path is not None else "-",
            "venue": target.venue.id if target.venue is not None else None,
            "events": len(target.view.events),
            "changed": changed,
        }
        for target, changed in done
    ]
    payload = {"audience": audience.value, "files": files, "warnings": warnings}
    out = sys.stderr if any(target.path is None for target, _ in done) else sys.stdout
    out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def now_from_env() -> datetime:
    """``TOURCTL_NOW`` (ISO 8601; naive means UTC), else the current time; whole seconds, UTC."""
    text = os.environ.get(NOW_ENV)
    if not text:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise UserError(f"{NOW_ENV} must be a date and time like 2024-04-01T12:00:00Z") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).replace(microsecond=0)


# --- where the calendars go ----------------------------------------------------------------


def _default_name(plan: Plan, options: ExportOptions) -> str:
    return f"{plan.tour.id}-{options.audience.value}"


def _targets(
    plan: Plan, view: CalendarView, options: ExportOptions
) -> tuple[list[_Target], Path | None]:
    """The calendars to write, and the folder to create for them (if the user named one)."""
    default = _default_name(plan, options)
    output = options.output
    if options.split_venue:
        if output == STDOUT:
            raise UserError("--split venue writes one file per venue: give -o a folder, not '-'")
        folder = Path(output if output is not None else default)
        if folder.exists() and not folder.is_dir():
            raise UserError(f"{folder} is a file; with --split venue, -o names a folder")
        targets = [_Target(view.only_venue(v.id), v, folder / f"{v.id}.ics") for v in view.venues()]
    elif output == STDOUT:
        return [_Target(view, None, None)], None
    elif output is None:
        targets, folder = [_Target(view, None, Path(f"{default}.ics"))], None
    elif Path(output).is_dir() or output.endswith(("/", os.sep)):
        # `-o calendars/` means "into that folder", as with cp and mv.
        folder = Path(output)
        targets = [_Target(view, None, folder / f"{default}.ics")]
    else:
        targets, folder = [_Target(view, None, Path(output))], None
    for target in targets:
        assert target.path is not None
        _refuse_plan_path(target.path, options.plan)
    return targets, folder


def _refuse_plan_path(path: Path, plan: Path) -> None:
    if str(plan) == STDOUT:
        return
    if path.resolve() == plan.resolve():
        raise UserError(f"{path} is the plan itself; choose another -o so it is not overwritten")


# --- the previous export --------------------------------------------------------------------


def _previous(plan: Plan, options: ExportOptions, targets: Sequence[_Target]) -> dict[str, Stamp]:
    """UID → Stamp from the previous export: ``--previous``, else the files being replaced."""
    stamps: dict[str, Stamp] = {}
    if options.previous is not None:
        if options.split_venue:
            if not options.previous.is_dir():
                raise UserError(f"--previous {options.previous}: with --split venue, give a folder")
            sources = [options.previous / f"{v.id}.ics" for v in plan.venues]
            for source in sources:
                if source.is_file():
                    stamps.update(_read(source, replacing=False))
        else:
            if not options.previous.is_file():
                raise UserError(f"--previous {options.previous}: no such file")
            stamps.update(_read(options.previous, replacing=False))
        # Destinations are still checked, so a non-calendar file is never overwritten.
        for target in targets:
            if target.path is not None and target.path.is_file():
                _read(target.path, replacing=True)
        return stamps
    written = {t.path for t in targets if t.path is not None}
    sources = [t.path for t in targets if t.path is not None]
    if options.split_venue and sources:
        # An event that moved to another venue was in another venue's file.
        folder = sources[0].parent
        sources += [folder / f"{v.id}.ics" for v in plan.venues]
    for source in dict.fromkeys(sources):
        if source.is_file():
            stamps.update(_read(source, replacing=source in written))
    return stamps


def _read(path: Path, *, replacing: bool) -> Mapping[str, Stamp]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if not data.strip():
        return {}
    try:
        return read_previous(data)
    except NotACalendar as exc:
        if replacing:
            raise UserError(
                f"{path} exists and is not an iCalendar file ({exc}); not overwriting it"
            ) from None
        _warn(f"{path} is not an iCalendar file ({exc}); exporting as if there were no previous")
        return {}


# --- writing --------------------------------------------------------------------------------


def _write(target: _Target, data: bytes) -> bool:
    """Write one calendar; False if the file already held exactly these bytes."""
    from tourctl.fsutil import atomic_write

    if target.path is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return True
    if target.path.is_file() and target.path.read_bytes() == data:
        return False  # keep the file, and its modification time, as it is
    atomic_write(target.path, data)
    return True


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the folder {folder}: {exc.strerror or exc}") from None


def _report(audience: Visibility, view: CalendarView, done: Sequence[tuple[_Target, bool]]) -> None:
    if not view.events:
        _warn(f"no events are visible to {audience.value}; the calendar is empty")
    for target, changed in done:
        if target.path is None:
            continue
        count = len(target.view.events)
        noun = "event" if count == 1 else "events"
        verb = "Wrote" if changed else "Unchanged:"
        console.stderr().print(
            f"{verb} {count} {noun} ({audience.value}) to {target.path}"
            if changed
            else f"{verb} {target.path} ({count} {noun}, {audience.value})",
            markup=False,
            highlight=False,
        )


def _stale_split_files(plan: Plan, targets: Sequence[_Target], folder: Path) -> None:
    """Venue files from an earlier export that this one does not replace (never deleted)."""
    written = {t.path for t in targets}
    for venue in plan.venues:
        path = folder / f"{venue.id}.ics"
        if path not in written and path.is_file():
            _warn(
                f"{path} is from an earlier export and was not updated: this audience sees "
                f"no events at {venue.id} any more; delete it if it is published"
            )


def _note(message: str) -> None:
    console.stderr().print(f"[dim]note:[/dim] {_escape(message)}")


def _warn(message: str) -> None:
    console.stderr().print(f"[yellow]warning:[/yellow] {_escape(message)}")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
