"""check-contacts: is every contact in a plan still reachable?

``items_from_plan`` lists the contact details, ``run_checks`` checks them:
email syntax and mail DNS, phone numbers for the venue's country, websites
over HTTP(S). Importing this package is cheap, and imports none of its
modules: the plan model reads web addresses through ``contacts.syntax`` on
every ``validate``, which must not pay for the check-contacts machinery.
httpx and dnspython are imported only when a check runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_FROM_ITEMS = frozenset(__all__) - {"run_checks"}


def __getattr__(name: str) -> Any:
    """The names of ``contacts.items``, imported on first use (PEP 562)."""
    if name in _FROM_ITEMS:
        from tourctl.contacts import items

        return getattr(items, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run_checks(
    items: Iterable[ContactItem],
    options: CheckOptions,
    progress: Callable[[ContactResult], None] | None = None,
) -> list[ContactResult]:
    """Check every item concurrently (in an event loop of its own); results in item order."""
    from tourctl.contacts.runner import run_checks as _run_checks

    return _run_checks(items, options, progress)
