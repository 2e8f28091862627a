"""The file side of ``tourctl export``: where calendars go, the previous export, safe writes.

``export_plan`` is the command's core: valid plan → ``build.calendars`` → files,
returning an ``ExportResult`` for a reporter (it prints nothing itself). The
steps around the pure build are here: choosing the target paths, reading the
previous export to carry SEQUENCE and DTSTAMP over, and writing each file
atomically, only when its bytes change.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from tourctl.enums import Split, Visibility
from tourctl.errors import OutputError, UsageError
from tourctl.export.identity import (
    GONE_LIMIT,
    MAX_PREVIOUS_BYTES,
    EmptyFile,
    NotACalendar,
    Stamp,
    Untrusted,
    read_previous,
    read_previous_file,
    read_previous_handle,
)
from tourctl.findings import Finding
from tourctl.fsutil import Kind, kind_of, same_content, same_file, why, write_output
from tourctl.ranges import DATE_RANGE, instant_supported
from tourctl.text import plural

if TYPE_CHECKING:
    from tourctl.changes.compare import Change
    from tourctl.export.build import Calendar
    from tourctl.model import Plan

NOW_ENV = "TOURCTL_NOW"
"""Fixes "now" (the DTSTAMP of new and changed events), e.g. ``2024-04-01T12:00:00Z``."""

STDOUT = "-"


@dataclass(frozen=True)
class ExportRequest:
    plan: str
    """The plan's path; ``-`` reads standard input."""
    audience: Visibility | None = None
    """None: ``public``, or ``team`` for a person's calendar (``person``, ``--split person``)."""
    output: str | None = None
    """A file, a folder (with ``split``), ``-`` for stdout, or None for the default name."""

    @property
    def seen_by(self) -> Visibility:
        if self.audience is not None:
            return self.audience
        personal = self.person is not None or self.split is Split.PERSON
        return Visibility.TEAM if personal else Visibility.PUBLIC

    split: Split | None = None
    person: str | None = None
    """One person's calendar (a team view): their events, legs and stays."""
    previous: Path | None = None
    now: datetime | None = None
    """None: ``TOURCTL_NOW`` if set, else the clock."""
    today: date | None = None
    force: bool = False
    """Replace a file (or a ``--split`` folder's files) that holds another audience's calendar."""


@dataclass(frozen=True)
class Written:
    """One calendar of the export: where it went and whether its bytes changed."""

    path: Path | None  # None: stdout
    venue: str | None
    events: int
    changed: bool
    person: str | None = None
    items: int = 0
    """Events, legs and stays in the file."""
    changes: list[Change] = field(default_factory=list)
    """What its subscribers see change from the file it replaces (or ``--previous``)."""
    legs: int = 0
    stays: int = 0


@dataclass
class ExportResult:
    audience: Visibility
    files: list[Written]
    findings: list[Finding]
    """The plan's warnings (a plan with errors is refused before anything is written)."""
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sequence_unkept: bool = False
    """Written to stdout with no ``--previous``: no earlier export to carry SEQUENCE from."""

    @property
    def to_stdout(self) -> bool:
        return any(written.path is None for written in self.files)


SEQUENCE_UNKEPT = (
    "writing to standard output without --previous: tourctl cannot see the earlier export, "
    "so every event's SEQUENCE starts again at 0 and calendars that imported it may keep "
    "the old copy; give --previous EARLIER.ics, or write with -o FILE (which reads the file "
    "it replaces)"
)
"""Said on stderr when stdout is not a terminal (a terminal shows the calendar to a person)."""


def export_plan(
    request: ExportRequest,
    write_stdout: Callable[[bytes], None],
    stdin: BinaryIO | None = None,
) -> ExportResult:
    """Export as ``request`` says; raises PlanRefused, UsageError or OutputError."""
    from tourctl.export.build import calendars
    from tourctl.pipeline import PlanOptions, valid_plan

    valid = valid_plan(request.plan, PlanOptions(today=request.today), stdin=stdin)
    plan, findings, file = valid.plan, valid.findings, valid.file
    del valid  # the positions of every value are not needed to write calendars: let them go
    audience = request.seen_by
    result = ExportResult(audience, [], findings)
    if findings:  # warnings only: a plan with errors was refused, with all of them shown
        result.notes.append(warnings_note(file, findings, request.today))
    now = request.now or now_from_env()
    default = _default_name(plan.tour.id, request)
    # Targets first: a bad -o is refused before any work, and the previous files are known.
    folder, single = _destination(request, default)
    previous, own = _previous(plan, request, folder, single, result, stdin)
    made = calendars(
        plan,
        audience,
        now=now,
        previous=previous,
        today=request.today,
        split=request.split,
        person=request.person,
        own=own,
    )
    if not any(c.view.events for c in made):
        result.warnings.append(f"no events are visible to {audience.value}; the calendar is empty")
    result.sequence_unkept = folder is None and single is None and request.previous is None
    shared = made[0].view.venues() if request.split is None and request.person is None else []
    if audience is Visibility.PARTNERS and len(shared) > 1:
        result.notes.append(
            f"this partners calendar holds the events of {plural(len(shared), 'venue')}: every "
            "partner who receives it sees every venue's partner details (addresses, contacts); "
            "`--split venue` writes one file per venue, for its host"
        )
    paths = [_path_of(calendar, folder, single) for calendar in made]
    for path in paths:
        if path is not None:
            _refuse_plan_path(path, request.plan)
    if folder is not None:
        _make_folder(folder)
    for calendar, path in zip(made, paths, strict=True):
        changed = _write(path, calendar.data, write_stdout)
        view = calendar.view
        before = own.get(calendar.stem, {})
        result.files.append(
            Written(
                path,
                calendar.venue.id if calendar.venue is not None else None,
                len(view.events),
                changed,
                calendar.person.key if calendar.person is not None else None,
                len(view.events) + len(view.legs) + len(view.stays),
                calendar_changes(before, calendar),
                legs=len(view.legs),
                stays=len(view.stays),
            )
        )
    if request.split is not None and folder is not None:
        result.warnings.extend(_stale_split_files(_split_stems(plan, request.split), made, folder))
    return result


def warnings_note(file: str, findings: Sequence[Finding], today: date | None) -> str:
    """One sentence on the warnings an export went ahead with, and the command that lists them
    (with the same ``--today``, so it finds the same ones)."""
    counts = Counter(f.code for f in findings)
    codes = ", ".join(f"{n} {code}" for code, n in counts.items())
    again = f" --today {today.isoformat()}" if today is not None else ""
    return (
        f"{file} has {plural(len(findings), 'warning')} ({codes}); they do not stop the "
        f"export, and `tourctl validate {file}{again}` lists them."
    )


def now_from_env() -> datetime:
    """``TOURCTL_NOW`` (ISO 8601; naive means UTC), else the current time; whole seconds, UTC."""
    text = os.environ.get(NOW_ENV)
    if not text:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{NOW_ENV} must be a date and time like 2024-04-01T12:00:00Z") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if not instant_supported(parsed):
        raise UsageError(f"{NOW_ENV}={text} is outside the dates tourctl supports ({DATE_RANGE})")
    return parsed.astimezone(UTC).replace(microsecond=0)


# --- where the calendars go ----------------------------------------------------------------


def _destination(request: ExportRequest, default: str) -> tuple[Path | None, Path | None]:
    """(folder to write into, single file) — one of them, or neither for stdout."""
    output = request.output
    if output == "":
        raise UsageError("-o needs a file or folder name ('-' for standard output)")
    if request.split is not None:
        what = request.split.value
        if output == STDOUT:
            raise UsageError(
                f"--split {what} writes one file per {what}: give -o a folder, not '-'"
            )
        folder = Path(output if output is not None else default)
        kind = kind_of(folder, error=OutputError)
        if kind not in (Kind.MISSING, Kind.FOLDER):
            raise UsageError(f"{folder} is {kind.value}; with --split {what}, -o names a folder")
        return folder, None
    if output == STDOUT:
        return None, None
    if output is None:
        single = Path(f"{default}.ics")
    elif output.endswith(("/", os.sep)) or kind_of(Path(output), error=OutputError) is Kind.FOLDER:
        # `-o calendars/` means "into that folder", as with cp and mv.
        return Path(output), Path(output) / f"{default}.ics"
    else:
        single = Path(output)
    _refuse_plan_path(single, request.plan)
    return None, single


def _path_of(calendar: Calendar, folder: Path | None, single: Path | None) -> Path | None:
    if calendar.stem is not None and folder is not None:
        return folder / f"{calendar.stem}.ics"
    return single


def _refuse_plan_path(path: Path, plan: str) -> None:
    if plan != STDOUT and same_file(path, plan):
        raise UsageError(f"{path} is the plan itself; choose another -o so it is not overwritten")


# --- the previous export --------------------------------------------------------------------


def _previous(
    plan: Plan,
    request: ExportRequest,
    folder: Path | None,
    single: Path | None,
    result: ExportResult,
    stdin: BinaryIO | None = None,
) -> tuple[dict[str, Stamp], dict[str | None, Mapping[str, Stamp]]]:
    """UID → Stamp from the previous export: ``--previous``, else the files being replaced;
    and each file's own stamps, by stem (None: the whole calendar).

    Identity is carried across the folder (an event that moved to another venue keeps
    its SEQUENCE), but only a file's own earlier items get cancelled entries in it.
    Only regular files are read: a device or FIFO at ``-o`` is written to, never read.
    ``--previous -`` reads standard input (``git show HEAD~1:public.ics | tourctl export …``).
    """
    from tourctl.export.build import plan_uids

    stamps: dict[str, Stamp] = {}
    own: dict[str | None, Mapping[str, Stamp]] = {}
    wanted = plan_uids(plan)
    split = request.split is not None
    stems = _split_stems(plan, request.split) if request.split is not None else []
    venue_files = [folder / f"{stem}.ics" for stem in stems] if folder is not None else []
    destinations = [p for p in [single, *venue_files] if p is not None]
    if not request.force:
        _refuse_other_audience(destinations, request, folder)
    given = request.previous
    if given is not None:
        kind = None if str(given) == "-" else kind_of(given)
        if kind is None:
            own[None] = _read_stdin(request, stdin, wanted, result)
            stamps.update(own[None])
        elif split:
            if kind is not Kind.FOLDER:
                raise UsageError(f"--previous {given}: with --split {request.split}, give a folder")
            for stem in stems:
                source = given / f"{stem}.ics"
                if kind_of(source) is Kind.FILE:
                    own[stem] = _read(source, wanted, replacing=False, result=result)
                    stamps.update(own[stem])
        elif kind is Kind.MISSING:
            raise UsageError(f"--previous {given}: no such file")
        elif kind is not Kind.FILE:
            raise UsageError(f"--previous {given}: it is {kind.value}, not a calendar file")
        else:
            own[None] = _read(given, wanted, replacing=False, result=result)
            stamps.update(own[None])
        # Destinations are still checked, so a non-calendar file is never overwritten.
        for target in destinations:
            if kind_of(target, error=OutputError) is Kind.FILE:
                _read(target, frozenset(), replacing=True, result=result, gone=0)
        return stamps, own
    # An event that moved to another venue was in another venue's file: read them all.
    if single is not None and kind_of(single, error=OutputError) is Kind.FILE:
        own[None] = _read(single, wanted, replacing=True, result=result)
        stamps.update(own[None])
    for stem, source in zip(stems, venue_files, strict=True):
        if kind_of(source, error=OutputError) is Kind.FILE:
            own[stem] = _read(source, wanted, replacing=True, result=result)
            stamps.update(own[stem])
    return stamps, own


def _refuse_other_audience(
    destinations: Sequence[Path], request: ExportRequest, folder: Path | None
) -> None:
    """UsageError if a file this export would replace holds another audience's calendar."""
    audience = request.seen_by
    clashes: list[tuple[Path, Visibility]] = []
    for path in destinations:
        recorded = _recorded_audience(path)
        if recorded is not None and recorded is not audience:
            clashes.append((path, recorded))
    if not clashes:
        return
    theirs = ", ".join(sorted({level.value for _, level in clashes}))
    if folder is not None and request.split is not None:
        names = ", ".join(path.name for path, _ in clashes[:3])
        more = f" and {len(clashes) - 3} more" if len(clashes) > 3 else ""
        where = f"{folder} holds {theirs} calendars ({names}{more})"
        over = f"{audience.value} calendars over them would change what their"
        them = "them"
    else:
        where = f"{clashes[0][0]} holds the {theirs} calendar"
        over = f"the {audience.value} calendar over it would change what its"
        them = "it"
    raise UsageError(
        f"{where}; writing {over} {theirs} subscribers get. Give another -o, or --force "
        f"to replace {them}"
    )


_HEADER_BYTES = 64 * 1024
"""Where a calendar's audience is recorded: its first lines, before any VTIMEZONE or VEVENT."""


def _recorded_audience(path: Path) -> Visibility | None:
    """The audience the regular file at ``path`` records; None if it records none, or is not a
    file that can be read (a FIFO or device is never read; ``_read`` reports what is wrong)."""
    from tourctl.export.marker import recorded_audience

    if kind_of(path, error=OutputError) is not Kind.FILE:
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEADER_BYTES)
    except OSError:
        return None
    return recorded_audience(head)


def calendar_changes(
    before: Mapping[str, Stamp],
    calendar: Calendar,
    after: Mapping[str, Stamp] | None = None,
) -> list[Change]:
    """What a subscriber of this calendar sees change: its earlier items against the new
    file's, read the same way (a cancelled entry for an item gone from the plan counts as
    the item removed). ``after``: the new file's stamps, when the caller has read them.

    Only items whose lines differ are read into facts: the rest cannot have changed.
    """
    from tourctl.changes.compare import compare
    from tourctl.changes.facts import from_calendar

    if not before:
        return []  # a first export: everything is new, and "Wrote …" says so
    if after is None:
        after = calendar.stamps if calendar.stamps is not None else read_previous(calendar.data)
    after = {uid: stamp for uid, stamp in after.items() if uid not in calendar.retired}
    differing = {
        uid
        for uid in {*before, *after}
        if uid not in before or uid not in after or before[uid].content != after[uid].content
    }
    before = {uid: stamp for uid, stamp in before.items() if uid in differing}
    after = {uid: stamp for uid, stamp in after.items() if uid in differing}
    old = from_calendar(before)
    # A cancelled entry written last time for an item already gone is no news again.
    old = {
        uid: facts
        for uid, facts in old.items()
        if not (uid in calendar.retired and facts.status == "cancelled")
    }
    return compare(old, from_calendar(after))


def _read_stdin(
    request: ExportRequest, stdin: BinaryIO | None, wanted: Container[str], result: ExportResult
) -> Mapping[str, Stamp]:
    """``--previous -``: standard input, copied into an unnamed temporary file (at most one
    byte over ``MAX_PREVIOUS_BYTES``, so a larger one is refused as such, not read whole),
    then read as a file is."""
    import tempfile

    if request.split is not None:
        raise UsageError(
            f"--previous -: with --split {request.split}, give the folder of the previous export"
        )
    if request.plan == "-":
        raise UsageError(
            "--previous - and the plan - would both read standard input: give one of them as a file"
        )
    if stdin is None:
        raise UsageError("--previous -: there is no standard input to read")
    with tempfile.TemporaryFile() as spool:
        left = MAX_PREVIOUS_BYTES + 1
        while left > 0 and (chunk := stdin.read(min(left, 1 << 20))):
            spool.write(chunk)
            left -= len(chunk)
        spool.seek(0)
        return _guarded(
            "standard input (--previous -)",
            lambda: read_previous_handle(spool, wanted, gone=GONE_LIMIT),
            replacing=False,
            result=result,
        )


def _read(
    path: Path,
    wanted: Container[str],
    *,
    replacing: bool,
    result: ExportResult,
    gone: int = GONE_LIMIT,
) -> Mapping[str, Stamp]:
    """The stamps in ``path``; a file that is not a calendar is refused as a destination (never
    overwritten) or, as ``--previous``, ignored with a warning. One that is a calendar but not
    as tourctl writes them is ignored with a warning either way, and replaced.

    An empty or unreadable ``--previous`` is a warning too, not silence: SEQUENCE then starts
    again and subscribers' calendars may keep their old copies."""
    return _guarded(
        path,
        lambda: read_previous_file(path, wanted, gone=gone),
        replacing=replacing,
        result=result,
    )


def _guarded(
    path: Path | str,
    read: Callable[[], Mapping[str, Stamp]],
    *,
    replacing: bool,
    result: ExportResult,
) -> Mapping[str, Stamp]:
    """``read()``, its refusals worded for ``path``: a file, or (a ``str``) what else was read."""
    try:
        return read()
    except OSError as exc:
        if replacing:
            raise UsageError(f"{path}: cannot read it ({why(exc)})") from None
        result.warnings.append(
            f"cannot read {_as_previous(path)} ({why(exc)}): exporting as if there were no "
            "earlier export, so every event's SEQUENCE starts again at 0"
        )
    except EmptyFile as exc:
        if not replacing:
            result.warnings.append(_empty_previous(path, str(exc)))
    except NotACalendar as exc:
        if replacing:
            raise UsageError(
                f"{path} exists and is not an iCalendar file ({exc}); not overwriting it"
            ) from None
        result.warnings.append(
            f"{path} is not an iCalendar file ({exc}); exporting as if there were no previous"
        )
    except Untrusted as exc:
        what = "replacing it" if replacing else "exporting as if there were no previous"
        result.warnings.append(
            f"{path} is not a calendar as tourctl writes them ({exc}); {what}: "
            "every event starts afresh at SEQUENCE 0"
        )
    return {}


def _as_previous(path: Path | str) -> str:
    return path if isinstance(path, str) else f"--previous {path}"


def _empty_previous(path: Path | str, what: str) -> str:
    blank = "" if what == "it is empty" else " (nothing but white space)"
    if isinstance(path, str):
        return f"{path} is empty{blank}, so every event's SEQUENCE starts again at 0"
    return (
        f"--previous {path} is empty{blank}, so every event's SEQUENCE starts again at 0. "
        f"If the shell emptied it (`--previous {path} -o - > {path}` truncates {path} before "
        f"tourctl reads it), export with -o {path} instead: it reads the file it replaces"
    )


# --- writing --------------------------------------------------------------------------------


def _write(path: Path | None, data: bytes, write_stdout: Callable[[bytes], None]) -> bool:
    """Write one calendar; False if the file already held exactly these bytes."""
    if path is None:
        write_stdout(data)
        return True
    if kind_of(path, error=OutputError) is Kind.FILE and same_content(path, data):
        return False  # keep the file, and its modification time, as it is
    write_output(path, data)
    return True


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder {folder}: {why(exc)}") from None


def _default_name(tour: str, request: ExportRequest) -> str:
    if request.person is not None:
        return f"{tour}-{request.person}"
    if request.split is Split.PERSON:
        return f"{tour}-people"
    return f"{tour}-{request.seen_by.value}"


def _split_stems(plan: Plan, split: Split) -> list[str]:
    """The file names (without .ics) a split export of this plan may write."""
    if split is Split.PERSON:
        return [person.id for person in plan.people]
    return [venue.id for venue in plan.venues]


def _stale_split_files(stems: Sequence[str], made: Sequence[Calendar], folder: Path) -> list[str]:
    """Split files from an earlier export that this one does not replace (never deleted)."""
    written = {calendar.stem for calendar in made}
    return [
        f"{path} is from an earlier export and was not updated: this audience sees "
        f"nothing of {stem} any more; delete it if it is published"
        for stem in stems
        if stem not in written
        and kind_of(path := folder / f"{stem}.ics", error=OutputError) is Kind.FILE
    ]
