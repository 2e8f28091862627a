"""The comparison: two versions of what one audience sees → the changes it can see.

``compare`` matches items by UID (the tour id and the item's id, what calendars
match on), so an item whose id changed is a removal and an addition; when the
two look alike (same kind, title, day and place), the addition says that
calendars which imported the earlier version will show it twice.

Both sides are ``Facts`` of one audience, so a change can only ever name what
that audience could see before or after: an event made partners-only is, to
the public, simply no longer listed, with its old public details.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime

from tourctl.changes.facts import Facts

ORDER = (
    "added",
    "announced",
    "removed",
    "cancelled",
    "uncancelled",
    "confirmed",
    "tentative",
    "rescheduled",
    "moved",
    "retitled",
    "address",
    "people",
    "details",
)


@dataclass(frozen=True)
class Change:
    kind: str
    """One of ``ORDER``."""
    before: Facts | None
    after: Facts | None
    fields: tuple[str, ...] = ()
    """For ``details``: which of them changed."""
    note: str | None = None

    @property
    def facts(self) -> Facts:
        found = self.after or self.before
        assert found is not None
        return found

    @property
    def uid(self) -> str:
        return self.facts.uid


def compare(
    old: Mapping[str, Facts], new: Mapping[str, Facts], *, announced: Collection[str] = ()
) -> list[Change]:
    """Every change between two versions of one audience's items, in time order.

    ``announced``: UIDs that are new to this audience because their announce date
    came, not because they were added to the plan.
    """
    changes: list[Change] = []
    removed = [old[uid] for uid in old if uid not in new]
    for uid, after in new.items():
        before = old.get(uid)
        if before is None:
            kind = "announced" if uid in announced else "added"
            changes.append(Change(kind, None, after, note=_duplicate_note(after, removed)))
        else:
            changes.extend(_differences(before, after))
    changes.extend(Change("removed", before, None) for before in removed)
    changes.sort(key=lambda c: (c.facts.instant, ORDER.index(c.kind), c.facts.uid))
    return changes


def _duplicate_note(after: Facts, removed: list[Facts]) -> str | None:
    for before in removed:
        same = (before.kind, before.title, before.day, before.place)
        if same == (after.kind, after.title, after.day, after.place):
            old = f"'{before.key}'" if before.key else "an item"
            return (
                f"the same as {old} under a new id: calendars that imported the earlier "
                "version will show it twice (keep the old id to update it instead)"
            )
    return None


def _differences(before: Facts, after: Facts) -> list[Change]:
    found: list[Change] = []
    if before.status != after.status:
        found.append(Change(_status_kind(before.status, after.status), before, after))
    if _times(before) != _times(after):
        found.append(Change("rescheduled", before, after))
    if before.place != after.place:
        found.append(Change("moved", before, after))
    if before.title != after.title:
        found.append(Change("retitled", before, after))
    if before.address != after.address:
        found.append(Change("address", before, after))
    if before.people is not None and after.people is not None and before.people != after.people:
        found.append(Change("people", before, after))
    changed = _changed_details(before, after)
    if changed:
        found.append(Change("details", before, after, changed))
    return found


def _status_kind(before: str, after: str) -> str:
    if after == "cancelled":
        return "cancelled"
    if before == "cancelled":
        return "uncancelled"
    return "confirmed" if after == "confirmed" else "tentative"


def _times(facts: Facts) -> tuple[object, ...]:
    """What a person sees of when: the instants, the wall times and zones, the days."""

    def wall(moment: datetime | None) -> datetime | None:
        return moment.replace(tzinfo=None) if moment is not None else None

    instants = (
        facts.start.timestamp() if facts.start else None,
        facts.end.timestamp() if facts.end else None,
    )
    return (*instants, wall(facts.start), wall(facts.end), facts.day, facts.last_day)


def _changed_details(before: Facts, after: Facts) -> tuple[str, ...]:
    old, new = dict(before.details), dict(after.details)
    return tuple(sorted(label for label in {*old, *new} if old.get(label) != new.get(label)))


def counts(changes: list[Change]) -> dict[str, int]:
    found: dict[str, int] = {}
    for change in changes:
        found[change.kind] = found.get(change.kind, 0) + 1
    return {kind: found[kind] for kind in ORDER if kind in found}
