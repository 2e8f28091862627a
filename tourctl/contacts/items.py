"""What check-contacts works on and what it answers: items, results, options.

Only dataclasses live here, with no network library imported, so the CLI can
build options and items without paying for httpx or dnspython until a check runs.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from tourctl import PROJECT_URL, __version__
from tourctl.enums import Severity
from tourctl.findings import format_path

if TYPE_CHECKING:
    from tourctl.contacts.syntax import SyntaxProblem
    from tourctl.model import Plan

Kind = Literal["email", "phone", "website"]
Network = Literal["answered", "unreachable"]
"""What the network did for a check: gave an answer (even "no such domain"), or none at all
(no route, no resolver, a timeout). None: the check did not go online (syntax, phone)."""


class ContactStatus(enum.StrEnum):
    """A contact detail's outcome: ``ok``, a finding's severity, or ``not-checked`` when
    there was no network to check it with (neither a pass nor a failure)."""

    OK = "ok"
    WARNING = "warning"
    ERROR = "error"
    NOT_CHECKED = "not-checked"

    @property
    def severity(self) -> Severity | None:
        if self in (ContactStatus.OK, ContactStatus.NOT_CHECKED):
            return None
        return Severity(self.value)

    @classmethod
    def of(cls, severity: Severity) -> ContactStatus:
        return cls(severity.value)


Status = ContactStatus
KINDS: tuple[Kind, ...] = ("email", "phone", "website")
_ORGANIZER_KINDS: tuple[Kind, ...] = ("email", "website")
ORGANIZER = "organizer"
"""The ``venue`` of the tour organizer's own contact details."""

DEFAULT_USER_AGENT = f"tourctl/{__version__} (+{PROJECT_URL})"


@dataclass(frozen=True, slots=True)
class ContactItem:
    """One contact detail to check, as written in the plan."""

    venue: str
    contact: str
    kind: Kind
    value: str
    country: str | None
    path: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of one check, before it is tied to an item (one URL can serve several items)."""

    status: ContactStatus
    detail: str
    final_url: str | None = None
    elapsed_ms: int | None = None
    network: Network | None = None

    @classmethod
    def ok(
        cls, detail: str, final_url: str | None = None, network: Network | None = None
    ) -> Verdict:
        return cls(ContactStatus.OK, detail, final_url, network=network)

    @classmethod
    def warning(
        cls, detail: str, final_url: str | None = None, network: Network | None = None
    ) -> Verdict:
        return cls(ContactStatus.WARNING, detail, final_url, network=network)

    @classmethod
    def error(
        cls, detail: str, final_url: str | None = None, network: Network | None = None
    ) -> Verdict:
        return cls(ContactStatus.ERROR, detail, final_url, network=network)

    @classmethod
    def of(cls, problem: SyntaxProblem) -> Verdict:
        return cls(ContactStatus.of(problem.severity), problem.reason)

    def to(self, item: ContactItem) -> ContactResult:
        return ContactResult(
            item, self.status, self.detail, self.final_url, self.elapsed_ms, self.network
        )


@dataclass(frozen=True, slots=True)
class ContactResult:
    item: ContactItem
    status: ContactStatus
    detail: str
    final_url: str | None = None
    elapsed_ms: int | None = None
    network: Network | None = None

    def as_dict(self) -> dict[str, Any]:
        """The result in SPEC.md's JSON shape; ``final_url``/``elapsed_ms`` only when known."""
        data: dict[str, Any] = {
            "venue": self.item.venue,
            "contact": self.item.contact,
            "kind": self.item.kind,
            "value": self.item.value,
            "status": self.status.value,
            "detail": self.detail,
        }
        if self.final_url is not None:
            data["final_url"] = self.final_url
        if self.elapsed_ms is not None:
            data["elapsed_ms"] = self.elapsed_ms
        return data


def count_problems(results: Sequence[ContactResult]) -> tuple[int, int]:
    """(errors, warnings) among ``results``: what the exit code and the summaries say."""
    errors = sum(1 for r in results if r.status.severity is Severity.ERROR)
    warnings = sum(1 for r in results if r.status.severity is Severity.WARNING)
    return errors, warnings


def not_checked(results: Sequence[ContactResult]) -> int:
    """How many details could not be checked for want of a network (``no_network``)."""
    return sum(1 for r in results if r.status is ContactStatus.NOT_CHECKED)


def results_as_dict(results: list[ContactResult]) -> dict[str, Any]:
    """The whole ``--format json`` document: results plus the error and warning counts, and
    how many were not checked (no network)."""
    errors, warnings = count_problems(results)
    return {
        "results": [result.as_dict() for result in results],
        "errors": errors,
        "warnings": warnings,
        "not_checked": not_checked(results),
    }


NO_NETWORK = "no network: nothing could be checked online; use --offline for syntax only"


def no_network(results: list[ContactResult]) -> list[ContactResult]:
    """The results, with those the network never answered made ``not-checked`` when no check
    that went online got any answer at all (no route, no resolver, every lookup failing
    alike). One host that is down, or one domain that does not exist, is no such thing:
    as long as anything answered, each failure keeps its own status."""
    online = [r for r in results if r.network is not None]
    if not online or any(r.network == "answered" for r in online):
        return results
    return [
        replace(r, status=ContactStatus.NOT_CHECKED, detail=f"not checked: no network ({r.detail})")
        if r.network == "unreachable"
        else r
        for r in results
    ]


MAX_SECONDS = 86_400.0
"""The longest ``--timeout`` or ``--deadline``: finite, so that every run ends."""


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """How a run behaves. Defaults are the command's defaults (docs/check-contacts.md)."""

    offline: bool = False
    timeout: float = 10.0
    """Seconds for one HTTP request or one DNS lookup, from connecting to the response headers."""
    concurrency: int = 16
    per_host: int = 2
    dns_server: str | None = None
    """``HOST[:PORT]``; used for mail domains and for website host names. None: the system's."""
    deadline: float | None = None
    """Seconds for the whole run; None derives it from ``timeout`` (see ``run_deadline``)."""
    cache_path: Path | None = None
    cache_max_age: float = 86400
    max_redirects: int = 10
    user_agent: str = DEFAULT_USER_AGENT
    ca_bundle: str | None = None
    """A PEM file of CAs to trust instead of the default; else ``$TOURCTL_CA_BUNDLE``."""
    max_retries: int = 3
    """Retries of a 429/503 answer, after the first attempt."""
    retry_base: float = 1.0
    """First backoff in seconds when a 429/503 names no Retry-After; doubles each retry."""
    retry_cap: float = 10.0
    """No single wait between retries is longer than this, whatever Retry-After asks."""

    def __post_init__(self) -> None:
        # `not (x > 0)` and friends also catch NaN, which every comparison answers False.
        for name in ("timeout", "retry_cap"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be more than 0 seconds")
        for name in ("timeout", "deadline"):
            value = getattr(self, name)
            if value is not None and not value <= MAX_SECONDS:
                # An endless lookup would keep the run waiting on its worker threads
                # whatever the deadline says (and DNS refuses timeouts that large).
                raise ValueError(f"{name} must be at most {MAX_SECONDS:.0f} seconds (a day)")
        for name in ("concurrency", "per_host"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        for name in ("max_redirects", "max_retries", "retry_base", "cache_max_age"):
            if not getattr(self, name) >= 0:
                raise ValueError(f"{name} must not be negative")
        if self.deadline is not None and not self.deadline > 0:
            raise ValueError("deadline must be more than 0 seconds")
        if self.dns_server is not None and not self.dns_server.strip():
            raise ValueError("--dns-server takes HOST[:PORT], not an empty text")

    @property
    def run_deadline(self) -> float:
        """The overall limit: ``deadline``, else 12 timeouts (at least 30 s): 2 min by default.

        Enough for one website's worst case (a few retries of a slow host) while
        still promising that the command ends.
        """
        if self.deadline is not None:
            return self.deadline
        return max(30.0, 12 * self.timeout)


def items_from_plan(plan: Plan) -> list[ContactItem]:
    """Every contact detail in plan order: the organizer's, then each venue's contacts'."""
    items: list[ContactItem] = []
    organizer = plan.tour.organizer
    for kind in _ORGANIZER_KINDS:
        value = getattr(organizer, kind)
        if value is not None:
            path = format_path(("tour", "organizer", kind))
            items.append(ContactItem(ORGANIZER, organizer.name, kind, value, None, path))
    for v, venue in enumerate(plan.venues):
        for c, contact in enumerate(venue.contacts):
            for kind in KINDS:
                value = getattr(contact, kind)
                if value is not None:
                    path = format_path(("venues", v, "contacts", c, kind))
                    items.append(
                        ContactItem(venue.id, contact.name, kind, value, venue.country, path)
                    )
    return items
