"""One call per command: options in, a result out. No printing, no exit codes.

The CLI parses options into these calls and hands each result to a reporter;
tests and the benchmark call them directly. Each composes the stages
(``pipeline`` → ``view`` → an output) and raises the typed errors of
``tourctl.errors`` for ``cli.main`` to map.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from tourctl.enums import Visibility
from tourctl.findings import Finding, FindingSummary, Severity
from tourctl.pipeline import PlanOptions, ValidateRun, loadable_plan, valid_plan, validate_plans

if TYPE_CHECKING:
    from tourctl.changes.diff import DiffResult
    from tourctl.contacts.items import CheckOptions, ContactItem, ContactResult
    from tourctl.daysheets import DaySheets
    from tourctl.starter import Started
    from tourctl.view import PlanView

__all__ = [
    "CalDavRequest",
    "ContactsPlan",
    "ContactsRun",
    "ShowResult",
    "ValidateRun",
    "check_contacts",
    "contacts_of",
    "daysheets",
    "diff",
    "feeds",
    "init",
    "publish",
    "schema",
    "show",
    "validate",
    "write_schema",
]


def validate(
    paths: Sequence[str], options: PlanOptions, stdin: BinaryIO | None = None
) -> ValidateRun:
    return validate_plans(paths, options, stdin)


@dataclass
class ShowResult:
    view: PlanView
    findings: list[Finding] = field(default_factory=list)
    flagged: dict[int, list[str]] = field(default_factory=dict)
    """Event position in the plan → the codes of its errors (a plan with errors is shown)."""
    left_out: int = 0
    """Events that could not be read well enough to show (a bad date, an unknown venue)."""

    @property
    def errors(self) -> int:
        return FindingSummary(self.findings).errors


def show(
    path: str, audience: Visibility, today: date | None = None, stdin: BinaryIO | None = None
) -> ShowResult:
    """The audience's view of the plan. A plan with errors is shown as far as it could be
    read, its events with errors flagged; only one that cannot be modelled is refused."""
    from tourctl.pipeline import check_plan
    from tourctl.view import audience_view

    result = check_plan(path, PlanOptions(today=today), stdin)
    if result.plan is None:
        from tourctl.errors import PlanRefused

        raise PlanRefused(result.file, result.findings, loadable=False)
    plan = result.plan
    flagged = _flagged_events(plan, result.findings)
    venues = {venue.id for venue in plan.venues}
    unread = {
        index
        for index, event in enumerate(plan.events)
        if ("events", index) in result.broken or event.venue not in venues
    }
    view = audience_view(plan, audience, today=today, leave_out=unread)
    return ShowResult(view, result.findings, flagged, len(unread))


def _flagged_events(plan: Any, findings: Sequence[Finding]) -> dict[int, list[str]]:
    """Each event's error codes: those at the event, and at the venue it is held at."""
    import re

    at = re.compile(r"^(events|venues)\[(\d+)\]")
    venue_errors: dict[str, list[str]] = {}
    flagged: dict[int, list[str]] = {}
    for finding in findings:
        match = at.match(finding.path) if finding.severity is Severity.ERROR else None
        if match is None:
            continue
        index = int(match[2])
        if match[1] == "events":
            flagged.setdefault(index, []).append(finding.code)
        elif index < len(plan.venues):
            venue_errors.setdefault(plan.venues[index].id, []).append(finding.code)
    for index, event in enumerate(plan.events):
        for code in venue_errors.get(event.venue, []):
            flagged.setdefault(index, []).append(code)
    return {index: list(dict.fromkeys(codes)) for index, codes in flagged.items()}


@dataclass
class ContactsPlan:
    """What check-contacts will check: every contact detail, and how to name their venues."""

    items: list[ContactItem]
    names: dict[str, str]
    """Venue id (and ``organizer``) → the heading its results are shown under."""
    file: str = "-"
    """The plan's path (``-``: stdin), so that no option can name it as a file to write."""


@dataclass
class ContactsRun:
    results: list[ContactResult]
    names: dict[str, str]

    @property
    def no_network(self) -> bool:
        """Nothing could be checked online: the details that needed it are ``not-checked``."""
        from tourctl.contacts.items import not_checked

        return not_checked(self.results) > 0


def contacts_of(path: str, stdin: BinaryIO | None = None) -> ContactsPlan:
    """The contact details of a plan. Contacts are checked even when other parts of the plan
    have errors; only a plan that cannot be loaded at all is refused."""
    from tourctl.contacts import items_from_plan
    from tourctl.contacts.items import ORGANIZER

    plan = loadable_plan(path, stdin).plan
    names = {venue.id: f"{venue.name} ({venue.city}, {venue.country})" for venue in plan.venues}
    names[ORGANIZER] = f"Organizer: {plan.tour.organizer.name}"
    return ContactsPlan(items_from_plan(plan), names, path)


def check_contacts(
    contacts: ContactsPlan,
    options: CheckOptions,
    progress: Callable[[ContactResult], None] | None = None,
) -> ContactsRun:
    from tourctl.contacts import run_checks
    from tourctl.errors import UsageError
    from tourctl.fsutil import Kind, kind_of, same_file

    cache = options.cache_path
    if cache is not None:  # even --offline, which neither reads nor writes it: a wrong path
        if contacts.file != "-" and same_file(cache, contacts.file):
            raise UsageError(
                f"--cache {cache} is the plan itself; choose another file for the cache"
            )
        kind = kind_of(cache)
        if kind not in (Kind.MISSING, Kind.FILE):
            raise UsageError(f"--cache {cache}: it is {kind.value}, not a cache file")
    try:
        results = run_checks(contacts.items, options, progress)
    except ValueError as exc:  # options that cannot work: a malformed --dns-server, say
        raise UsageError(str(exc)) from None
    return ContactsRun(results, contacts.names)


def daysheets(
    path: str,
    audience: Visibility,
    *,
    person: str | None = None,
    dates: Sequence[date] = (),
    today: date | None = None,
    output: str | None = None,
    stdin: BinaryIO | None = None,
) -> DaySheets:
    """The day sheets of a valid plan as ``audience`` may see it (the team by default)."""
    from tourctl.daysheets import build
    from tourctl.view import audience_view

    valid = valid_plan(path, PlanOptions(today=today), stdin=stdin)
    if output is not None and output != "-":
        _refuse_plan_as_output(Path(output), path)
    view = audience_view(valid.plan, audience, today=today)
    return build(view, person=person, dates=dates, output=output)


def _refuse_plan_as_output(output: Path, plan: str) -> None:
    from tourctl.errors import UsageError

    try:
        same = plan != "-" and output.resolve() == Path(plan).resolve()
    except OSError:
        return
    if same:
        raise UsageError(f"{output} is the plan itself; choose another -o so it is not overwritten")


@dataclass
class FeedAddress:
    name: str
    label: str
    audience: Visibility
    path: str
    """Relative to the site's root."""
    url: str | None
    webcal: str | None


def feeds(
    path: str,
    *,
    base_url: str | None,
    today: date | None = None,
    stdin: BinaryIO | None = None,
) -> list[FeedAddress]:
    """Where each feed of the plan is published: the secret addresses to hand out."""
    from datetime import UTC, datetime

    from tourctl.publish.feeds import build_feeds
    from tourctl.publish.keys import load_key
    from tourctl.publish.page import absolute, webcal
    from tourctl.publish.site import feed_path

    valid = valid_plan(path, PlanOptions(today=today), stdin=stdin)
    key = load_key(valid.plan.tour.id, path)
    now = datetime.now(UTC)
    found = []
    for feed in build_feeds(valid.plan, now=now, previous=lambda name: {}, today=today):
        relative = feed_path(key, valid.plan, feed.name)
        url = absolute(base_url, relative) if base_url else None
        cal = webcal(base_url, relative) if base_url else None
        found.append(FeedAddress(feed.name, feed.label, feed.audience, relative, url, cal))
    return found


@dataclass
class PublishResult:
    site: Any
    """``publish.site.SiteResult``, or None without ``--site``."""
    findings: list[Finding]
    caldav: Any = None
    """``publish.caldav.CalDavResult``, or None without ``--caldav``."""

    @property
    def status(self) -> int:
        """0, or 7 when a concurrent change on the server was reported and left alone."""
        from tourctl.errors import ExitStatus

        conflicts = self.caldav is not None and self.caldav.conflicts
        return ExitStatus.CONFLICT if conflicts else ExitStatus.OK


@dataclass(frozen=True)
class CalDavRequest:
    """``--caldav URL`` and its options, as the command line gives them (no password)."""

    url: str
    username: str | None = None
    collections: dict[str, str] = field(default_factory=dict)
    timeout: float = 30.0
    deadline: float | None = None


def publish(
    path: str,
    *,
    site: Path | None = None,
    base_url: str | None = None,
    caldav: CalDavRequest | None = None,
    password: Callable[[], str | None] = lambda: None,
    dry_run: bool = False,
    today: date | None = None,
    stdin: BinaryIO | None = None,
) -> PublishResult:
    """Write (or compare, with ``dry_run``) the plan's feeds and public page into ``site``,
    and upload them to the calendar home ``caldav``.

    For CalDAV the password is asked first, and the server is read while the
    plan is being checked (``publish.calhome.Reading``): a re-publish mostly waits
    for the server, and this way it waits while there is work to do. Nothing
    is written before the plan is known to be valid.
    """
    from tourctl.export.files import now_from_env

    reading = _start_reading(caldav, password) if caldav is not None else None
    try:
        valid = valid_plan(path, PlanOptions(today=today), stdin=stdin)
        now = now_from_env()
        result = PublishResult(None, valid.findings)
        if site is not None:
            from tourctl.publish.keys import load_key
            from tourctl.publish.site import publish_site

            key = load_key(valid.plan.tour.id, path)
            result.site = publish_site(
                valid.plan,
                key,
                site,
                now=now,
                today=today,
                base_url=base_url,
                dry_run=dry_run,
                plan_path=path,
            )
        if reading is not None:
            from tourctl.publish.caldav import publish_caldav

            result.caldav = publish_caldav(
                valid.plan, reading.target, now=now, today=today, dry_run=dry_run, reading=reading
            )
        return result
    finally:
        if reading is not None:
            reading.close()


def _start_reading(caldav: CalDavRequest, password: Callable[[], str | None]) -> Any:
    """``publish.calhome.Reading`` of the calendar home, started."""
    import os

    from tourctl.publish.calhome import CalDavTarget, Reading

    target = CalDavTarget(
        caldav.url,
        caldav.username,
        password() if caldav.username is not None else None,
        caldav.collections,
        caldav.timeout,
        caldav.deadline,
        os.environ.get("TOURCTL_CA_BUNDLE") or None,
    )
    return Reading(target)


def diff(
    new: str,
    *,
    old: str | None = None,
    since: str | None = None,
    today: date | None = None,
    stdin: BinaryIO | None = None,
) -> DiffResult:
    """What each audience and feed can see change from ``old`` (or git's ``since``) to ``new``."""
    from tourctl.changes.diff import diff_plans
    from tourctl.errors import ExitStatus, PlanRefused, UsageError
    from tourctl.export.files import now_from_env

    if (old is None) == (since is None):
        raise UsageError("give the earlier plan (diff OLD NEW) or a git revision (--since REV)")
    try:
        if since is not None:
            from tourctl.changes.git import plan_at
            from tourctl.load import load_bytes
            from tourctl.pipeline import check_loaded

            raw, name = plan_at(new, since)
            earlier = check_loaded(load_bytes(raw, name), PlanOptions(today=today))
            if earlier.plan is None or earlier.summary.errors:
                raise PlanRefused(name, earlier.findings, loadable=earlier.plan is not None)
            before, old_name = earlier.plan, name
        else:
            assert old is not None
            before, old_name = valid_plan(old, PlanOptions(today=today), stdin=stdin).plan, old
        after = valid_plan(new, PlanOptions(today=today), stdin=stdin).plan
    except PlanRefused as refused:  # diff's exit 1 means "something changed": a refusal is 2
        refused.status = ExitStatus.USAGE
        raise
    return diff_plans(
        before, after, old_name=old_name, new_name=new, today=today, now=now_from_env()
    )


def schema() -> dict[str, Any]:
    from tourctl.model import json_schema

    return json_schema()


def write_schema(path: Path) -> Path:
    """Write the plan's JSON Schema to ``path`` (never over a file that is not a schema)."""
    from tourctl.schema_file import write_schema as write

    write(path, schema())
    return path


def init(path: str) -> Started | str:
    """Write the starter plan at ``path`` (a file, or a folder: ``folder/tour.yaml``) and its
    schema beside it, and return where they went; for ``-``, return the starter's text
    instead (for stdout: no schema file to point at, so no modeline)."""
    from tourctl.starter import starter_text, target_of, write_starter

    if path == "-":
        return starter_text()
    target = target_of(path)
    return write_starter(target, schema(), make_folder=path.endswith(("/", os.sep)))
