"""check-contacts: is every contact in a plan still reachable?

``items_from_plan`` lists the contact details, ``run_checks`` (or the async
``check_all``) checks them: email syntax and mail DNS, phone numbers for the
venue's country, websites over HTTP(S). Importing this package is cheap: httpx
and dnspython are imported only when a check runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tourctl.contacts.items import (
    CheckOptions,
    ContactItem,
    ContactResult,
    Kind,
    Status,
    items_from_plan,
    results_as_dict,
)

__all__ = [
    "CheckOptions",
    "ContactItem",
    "ContactResult",
    "Kind",
    "Status",
    "check_all",
    "items_from_plan",
    "results_as_dict",
    "run_checks",
]


async def check_all(
    items: Iterable[ContactItem],
    options: CheckOptions,
    progress: Callable[[ContactResult], None] | None = None,
) -> list[ContactResult]:
    """Check every item concurrently; results in the order of ``items``."""
    from tourctl.contacts.runner import check_all as _check_all

    return await _check_all(items, options, progress)


def run_checks(
    items: Iterable[ContactItem],
    options: CheckOptions,
    progress: Callable[[ContactResult], None] | None = None,
) -> list[ContactResult]:
    """Synchronous ``check_all`` (runs its own event loop)."""
    from tourctl.contacts.runner import run_checks as _run_checks

    return _run_checks(items, options, progress)
