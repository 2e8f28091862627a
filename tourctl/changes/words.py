"""Changes in words, for people: "Tue 7 May 2024, 19:30 → 20:00 (Berlin time)".

Each change is one line. Dates are written out, times are local to where the
item happens, and the zone is named by its city ("Berlin time"); when an item
moved to another zone, both are named.
"""

from __future__ import annotations

from datetime import date, datetime

from tourctl.changes.compare import Change
from tourctl.changes.facts import Facts

LABELS = {
    "added": "added",
    "announced": "newly announced",
    "removed": "no longer listed",
    "cancelled": "cancelled",
    "uncancelled": "back on (no longer cancelled)",
    "confirmed": "confirmed",
    "tentative": "no longer confirmed",
    "rescheduled": "rescheduled",
    "moved": "moved",
    "retitled": "renamed",
    "address": "address changed",
    "people": "people changed",
    "details": "details changed",
}
SHORT = {
    "added": "added",
    "announced": "announced",
    "removed": "removed",
    "cancelled": "cancelled",
    "uncancelled": "back on",
    "confirmed": "confirmed",
    "tentative": "tentative",
    "rescheduled": "rescheduled",
    "moved": "moved",
    "retitled": "renamed",
    "address": "address changed",
    "people": "people changed",
    "details": "details changed",
}


def zone_city(zone: str | None) -> str:
    """``Europe/Berlin`` → ``Berlin``; ``America/Argentina/Buenos_Aires`` → ``Buenos Aires``."""
    if not zone:
        return "local"
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def day_words(day: date) -> str:
    """``Tue 7 May 2024``."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def _clock(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def when(facts: Facts) -> str:
    """``Tue 7 May 2024, 19:30–21:30 (Berlin time)``; all-day items by their days."""
    if facts.start is None:
        if facts.last_day > facts.day:
            return f"{day_words(facts.day)} to {day_words(facts.last_day)}"
        return f"{day_words(facts.day)}, all day"
    text = f"{day_words(facts.start.date())}, {_clock(facts.start)}"
    if facts.end is not None:
        end = facts.end
        text += (
            f"–{_clock(end)}"
            if end.date() == facts.start.date()
            else f" to {day_words(end.date())} {_clock(end)}"
        )
    return f"{text} ({zone_city(facts.zone)} time)"


def rescheduled(before: Facts, after: Facts) -> str:
    """``Tue 7 May 2024, 19:30 → 20:00 (Berlin time)``: what moved, old → new."""
    if before.start is None or after.start is None:
        return f"{when(before)} → {when(after)}"
    same_zone = before.zone == after.zone
    same_day = before.start.date() == after.start.date()
    if same_day and same_zone:
        old = _clock(before.start) + (f"–{_clock(before.end)}" if before.end else "")
        new = _clock(after.start) + (f"–{_clock(after.end)}" if after.end else "")
        if before.start == after.start and before.end and after.end:
            old, new = f"ends {_clock(before.end)}", f"{_clock(after.end)}"
        elif before.end and after.end and before.end - before.start == after.end - after.start:
            old, new = _clock(before.start), _clock(after.start)
        return f"{day_words(after.start.date())}, {old} → {new} ({zone_city(after.zone)} time)"
    if same_zone:
        old = f"{day_words(before.start.date())}, {_clock(before.start)}"
        new = f"{day_words(after.start.date())}, {_clock(after.start)}"
        return f"{old} → {new} ({zone_city(after.zone)} time)"
    return f"{when(before)} → {when(after)}"


def describe(change: Change) -> str:
    """One line for one change, in plain words."""
    label = LABELS[change.kind]
    facts = change.facts
    title = facts.title
    before, after = change.before, change.after
    if change.kind in ("added", "announced") or change.kind == "removed":
        text = f"{label}: {title} — {when(facts)}, {facts.place}"
    elif change.kind == "rescheduled" and before is not None and after is not None:
        text = f"{label}: {title} — {rescheduled(before, after)}"
    elif change.kind == "moved" and before is not None and after is not None:
        text = f"{label}: {title} — {before.place} → {after.place}"
    elif change.kind == "retitled" and before is not None and after is not None:
        text = f"{label}: “{before.title}” → “{after.title}” — {when(after)}"
    elif change.kind == "address" and before is not None and after is not None:
        old, new = before.address or "(not shown)", after.address or "(not shown)"
        text = f"{label}: {title} — {old} → {new}"
    elif change.kind == "people" and before is not None and after is not None:
        old = ", ".join(before.people or ()) or "nobody"
        new = ", ".join(after.people or ()) or "nobody"
        text = f"{label}: {title} — {old} → {new}"
    elif change.kind == "details":
        text = f"{label}: {title} — {', '.join(change.fields)} ({when(facts)})"
    else:
        text = f"{label}: {title} — {when(facts)}"
    return f"{text}; {change.note}" if change.note else text


def summary(changes: list[Change], limit: int = 3) -> str:
    """``1 rescheduled (Berlin 7 May 19:30 → 20:00), 1 removed (Vilnius 14 May)``."""
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.kind, []).append(change)
    parts = []
    for kind, group in groups.items():
        examples = ", ".join(short(c) for c in group[:limit])
        more = f", +{len(group) - limit} more" if len(group) > limit else ""
        parts.append(f"{len(group)} {SHORT[kind]} ({examples}{more})")
    return ", ".join(parts)


def short(change: Change) -> str:
    """For the one-line summaries of export and publish: ``Berlin 7 May 19:30 → 20:00``."""
    facts = change.facts
    where = facts.city or facts.place
    day = facts.start.date() if facts.start else facts.day
    base = f"{where} {day.day} {day:%b}"
    if change.kind == "rescheduled" and change.before and change.after:
        old, new = change.before, change.after
        if old.start and new.start and old.start.date() == new.start.date():
            return f"{base} {_clock(old.start)} → {_clock(new.start)}"
        old_day = old.start.date() if old.start else old.day
        new_day = new.start.date() if new.start else new.day
        return f"{where} {old_day.day} {old_day:%b} → {new_day.day} {new_day:%b}"
    return base
