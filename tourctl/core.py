"""One call per command: options in, a result out. No printing, no exit codes.

The CLI parses options into these calls and hands each result to a reporter;
tests and the benchmark call them directly. Each composes the stages
(``pipeline`` → ``view`` → an output) and raises the typed errors of
``tourctl.errors`` for ``cli.main`` to map.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from tourctl.enums import Visibility
from tourctl.findings import Finding
from tourctl.pipeline import PlanOptions, ValidateRun, loadable_plan, valid_plan, validate_plans

if TYPE_CHECKING:
    from tourctl.contacts.items import CheckOptions, ContactItem, ContactResult
    from tourctl.view import PlanView

__all__ = [
    "ContactsPlan",
    "ContactsRun",
    "ShowResult",
    "ValidateRun",
    "check_contacts",
    "contacts_of",
    "init",
    "schema",
    "show",
    "validate",
]


def validate(
    paths: Sequence[str], options: PlanOptions, stdin: BinaryIO | None = None
) -> ValidateRun:
    return validate_plans(paths, options, stdin)


@dataclass
class ShowResult:
    view: PlanView
    findings: list[Finding] = field(default_factory=list)


def show(
    path: str, audience: Visibility, today: date | None = None, stdin: BinaryIO | None = None
) -> ShowResult:
    from tourctl.view import audience_view

    valid = valid_plan(path, PlanOptions(today=today), stdin=stdin)
    return ShowResult(audience_view(valid.plan, audience, today=today), valid.findings)


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


def schema() -> dict[str, Any]:
    from tourctl.model import json_schema

    return json_schema()


def init(path: Path) -> Path:
    """Write the starter plan at ``path``; returns where it went."""
    from tourctl.starter import write_starter

    write_starter(path)
    return path
