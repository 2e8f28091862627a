"""Rules that tie values together: unique ids, references, and the shape of an event's times."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from tourctl.checks.context import CheckContext
from tourctl.findings import Finding
from tourctl.text import CloseMatch


def _suggest(name: str, known: CloseMatch) -> str:
    close = known(name)
    return f"; did you mean '{close}'?" if close else ""


def _duplicates(ids: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Pairs (index of a repeat, index of its first occurrence)."""
    first: dict[str, int] = {}
    for index, value in enumerate(ids):
        if value in first:
            yield index, first[value]
        else:
            first[value] = index


def unique_ids(ctx: CheckContext) -> Iterator[Finding]:
    plan = ctx.plan
    groups: list[tuple[str, str, Sequence[str]]] = [
        ("venues", "venue", [v.id for v in plan.venues]),
        ("people", "person", [p.id for p in plan.people]),
        ("events", "event", [e.key for e in plan.events]),
    ]
    for section, noun, ids in groups:
        for index, first in _duplicates(ids):
            explicit = section != "events" or plan.events[index].id is not None
            path = (section, index, "id") if explicit else (section, index)
            hint = "" if explicit else " (its default id is '<venue>-<date>'; give it an `id`)"
            yield ctx.error(
                "duplicate-id",
                f"{noun} id '{ids[index]}' is already used by {section}[{first}]{hint}",
                path,
            )


def references(ctx: CheckContext) -> Iterator[Finding]:
    venues = {v.id for v in ctx.plan.venues}
    people = {p.id for p in ctx.plan.people}
    close_venue, close_person = CloseMatch(sorted(venues)), CloseMatch(sorted(people))
    for index, event in enumerate(ctx.plan.events):
        if event.venue not in venues:
            hint = _suggest(event.venue, close_venue)
            yield ctx.error(
                "unknown-venue",
                f"no venue has the id '{event.venue}'{hint}",
                ("events", index, "venue"),
            )
        for n, speaker in enumerate(event.speakers):
            if speaker not in people:
                hint = _suggest(speaker, close_person)
                yield ctx.error(
                    "unknown-person",
                    f"no person in `people` has the id '{speaker}'{hint}",
                    ("events", index, "speakers", n),
                )


def event_times(ctx: CheckContext) -> Iterator[Finding]:
    """A timed event has a start and exactly one of end/duration; an all-day item has no times."""
    for index, event in enumerate(ctx.plan.events):
        here = ("events", index)
        if event.all_day:
            for name in ("start", "end", "duration", "doors"):
                if getattr(event, name) is not None:
                    yield ctx.error(
                        "all-day-with-time",
                        f"an all-day item has no times; remove `{name}` or `all_day: true`",
                        (*here, name),
                        key=True,
                    )
            continue
        if event.start is None:
            yield ctx.error(
                "missing-start",
                'give the event a `start` time ("19:00") or mark it `all_day: true`',
                here,
            )
        if event.end is not None and event.duration is not None:
            yield ctx.error(
                "end-and-duration",
                "give either `end` or `duration`, not both",
                (*here, "duration"),
                key=True,
            )
        elif event.end is None and event.duration is None and event.start is not None:
            yield ctx.error(
                "missing-end",
                'give the event an `end` time ("21:00") or a `duration` (2h, 90m)',
                (*here, "start"),
                key=True,
            )


CHECKS = (unique_ids, references, event_times)
