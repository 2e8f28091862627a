"""check-contacts: is every contact in a plan still reachable?

``items_from_plan`` lists the contact details, ``run_checks`` checks them:
email syntax and mail DNS, phone numbers for the venue's country, websites
over HTTP(S). Importing this package is cheap: httpx
and dnspython are imported only when a check runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tourctl.contacts.items import (
    CheckOptions,
    ContactItem,
    ContactResult,
    ContactStatus,
    Kind,
    Status,
    items_from_plan,
    results_as_dict,
)

__all__ = [
    "CheckOptions",
    "ContactItem",
    "ContactResult",
    "ContactStatus",
    "Kind",
    "Status",
    "items_from_plan",
    "results_as_dict",
    "run_checks",
]


def run_checks(
    items: Iterable[ContactItem],
    options: CheckOptions,
    progress: Callable[[ContactResult], None] | None = None,
) -> list[ContactResult]:
    """Check every item concurrently (in an event loop of its own); results in item order."""
    from tourctl.contacts.runner import run_checks as _run_checks

    return _run_checks(items, options, progress)
