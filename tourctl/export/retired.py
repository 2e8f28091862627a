"""Events gone from the plan: a cancelled entry, so calendars that imported them drop them.

A calendar client that imported (or subscribed to) an earlier file keeps an
event that is simply missing from the next one. So when an item that the
file being replaced held is no longer anywhere in the plan, the new file
carries it once more, as ``STATUS:CANCELLED`` with a higher ``SEQUENCE``,
until its date has passed; then it is left out.

An item that is still in the plan but no longer visible to this calendar's
audience (an event made team-only, a leg lowered to the team) is removed
without a trace instead: a cancellation would tell that audience something
about it (that it is off) which is no longer theirs to know, and may be
untrue.

The entry is rebuilt from the earlier file's own lines, keeping only the
properties that say what and when (never a description or a URL), so
nothing new is said about a past event and nothing odd in an old file is
copied forward.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from tourctl.export.identity import Stamp

KEPT = frozenset({"UID", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "CATEGORIES", "ORGANIZER"})
"""What a cancelled entry keeps of the earlier one; STATUS, TRANSP and CLASS are set anew."""


def _name(line: str) -> str:
    end = len(line)
    for mark in (":", ";"):
        at = line.find(mark)
        if at != -1:
            end = min(end, at)
    return line[:end].upper()


def cancelled_lines(stamp: Stamp) -> list[str] | None:
    """The lines of the cancelled entry for an item the plan no longer has (UID first)."""
    kept = [line for line in stamp.said if _name(line) in KEPT]
    if not any(_name(line) == "UID" for line in kept):
        return None
    if not any(_name(line) == "DTSTART" for line in kept):
        return None
    kept.sort(key=lambda line: (_name(line) != "UID", line))
    return [*kept, "STATUS:CANCELLED", "TRANSP:TRANSPARENT", "CLASS:PRIVATE"]


def _end(lines: Iterable[str]) -> datetime | None:
    from tourctl.changes.facts import _moment

    ends = [line for line in lines if _name(line) in ("DTEND", "DTSTART")]
    best: datetime | None = None
    for line in ends:
        name, _, rest = line.partition(":")
        params = name[len(_name(line)) :]
        moment, day, _ = _moment(params, rest)
        if moment is None and day is not None:
            moment = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
        if moment is not None and (best is None or moment > best):
            best = moment
    return best


def retired(own: Mapping[str, Stamp], in_plan: set[str], now: datetime) -> dict[str, list[str]]:
    """UID → cancelled entry lines, for the items of ``own`` (the file being replaced) that
    are nowhere in the plan and whose time has not passed."""
    found: dict[str, list[str]] = {}
    for uid, stamp in own.items():
        if uid in in_plan:
            continue
        lines = cancelled_lines(stamp)
        end = _end(stamp.said)
        if lines is None or end is None or end < now:
            continue
        found[uid] = lines
    return found
