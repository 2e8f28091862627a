"""Privacy defaults the organizer should know they relied on.

A venue's address is private unless the plan says otherwise (SPEC: the default
``address_visibility`` is ``partners``). A plan written before that default, or
by someone who never thought about it, may expect the public calendar to carry
the address; the warning says who sees it and how to publish it. Only a key
the plan does not write is a default, so this reads the ``SourceMap``'s keys.
"""

from __future__ import annotations

from collections.abc import Iterator

from tourctl.checks.context import CheckContext
from tourctl.findings import Finding


def address_default(ctx: CheckContext) -> Iterator[Finding]:
    """A venue with an ``address`` and no ``address_visibility`` of its own."""
    for index, venue in enumerate(ctx.plan.venues):
        if venue.address is None or ("venues", index) in ctx.broken:
            continue
        if ("venues", index, "address_visibility") in ctx.source.keys:
            continue
        yield ctx.warning(
            "address-visibility-default",
            f"the address of '{venue.id}' is shown to partners and the team only (the "
            "default); add `address_visibility: public` to put it in public calendars, or "
            "`address_visibility: partners` to keep it private and silence this",
            ("venues", index, "address"),
            key=True,
        )


CHECKS = (address_default,)
