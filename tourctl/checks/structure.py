"""Rules that tie values together: unique ids, references, and the shape of an event's times."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from tourctl.checks.context import CheckContext
from tourctl.findings import Finding, Path
from tourctl.text import CloseMatch


def _suggest(name: str, known: CloseMatch, names: Mapping[str, str] | None = None) -> str:
    """``; did you mean 'x'?`` for an id close to a known one, or naming one (``names``: id
    → the venue's or person's name, for an id written from the name)."""
    close = known(name)
    if close is None and names:
        from tourctl.model.hints import named

        close = named(name, names.items())
    return f"; did you mean '{close}'?" if close else ""


def _duplicates(ids: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Pairs (index of a repeat, index of its first occurrence)."""
    first: dict[str, int] = {}
    for index, value in enumerate(ids):
        if value in first:
            yield index, first[value]
        else:
            first[value] = index


_DEFAULT_ID = {
    "events": "'<venue>-<date>'",
    "travel": "'<from city>-<to city>-<date>'",
    "stays": "'<city>-<check-in date>'",
}


def unique_ids(ctx: CheckContext) -> Iterator[Finding]:
    """Ids are unique: venues, people, and events, legs and stays together (their UIDs)."""
    plan = ctx.plan
    groups: list[tuple[str, str, Sequence[str]]] = [
        ("venues", "venue", [v.id for v in plan.venues]),
        ("people", "person", [p.id for p in plan.people]),
    ]
    for section, noun, ids in groups:
        for index, first in _duplicates(ids):
            yield ctx.error(
                "duplicate-id",
                f"{noun} id '{ids[index]}' is already used by {section}[{first}]",
                (section, index, "id"),
            )
    # Events, legs and stays share one id space: each id becomes a calendar UID.
    items: list[tuple[str, int, str, bool]] = [
        *(("events", n, e.key, e.id is not None) for n, e in enumerate(plan.events)),
        *(("travel", n, key, plan.travel[n].id is not None) for n, key in enumerate(plan.leg_keys)),
        *(("stays", n, key, plan.stays[n].id is not None) for n, key in enumerate(plan.stay_keys)),
    ]
    keys = [key for _, _, key, _ in items]
    for repeat, first in _duplicates(keys):
        section, index, key, explicit = items[repeat]
        where = f"{items[first][0]}[{items[first][1]}]"
        path = (section, index, "id") if explicit else (section, index)
        hint = "" if explicit else f" (its default id is {_DEFAULT_ID[section]}; give it an `id`)"
        yield ctx.error("duplicate-id", f"id '{key}' is already used by {where}{hint}", path)


def _unknown_people(
    ctx: CheckContext,
    ids: Sequence[str],
    path: Path,
    close: CloseMatch,
    people: Mapping[str, str],
) -> Iterator[Finding]:
    for n, person in enumerate(ids):
        if person not in people:
            yield ctx.error(
                "unknown-person",
                f"no person in `people` has the id '{person}'{_suggest(person, close, people)}",
                (*path, n),
            )


def references(ctx: CheckContext) -> Iterator[Finding]:
    """Every venue and person an event, leg or stay names exists."""
    venues = {v.id: v.name for v in reversed(ctx.plan.venues)}
    people = {p.id: p.name for p in reversed(ctx.plan.people)}
    close_venue, close_person = CloseMatch(sorted(venues)), CloseMatch(sorted(people))
    for index, event in enumerate(ctx.plan.events):
        if event.venue not in venues:
            hint = _suggest(event.venue, close_venue, venues)
            yield ctx.error(
                "unknown-venue",
                f"no venue has the id '{event.venue}'{hint}",
                ("events", index, "venue"),
            )
        yield from _unknown_people(
            ctx, event.speakers, ("events", index, "speakers"), close_person, people
        )
        yield from _unknown_people(ctx, event.crew, ("events", index, "crew"), close_person, people)
    for index, leg in enumerate(ctx.plan.travel):
        for name, endpoint in (("from", leg.from_), ("to", leg.to)):
            if isinstance(endpoint, str) and endpoint not in venues:
                yield ctx.error(
                    "unknown-venue",
                    f"no venue has the id '{endpoint}'{_suggest(endpoint, close_venue, venues)}; "
                    "or write the place as {city: …, country: …, station: …}",
                    ("travel", index, name),
                )
        yield from _unknown_people(
            ctx, leg.people, ("travel", index, "people"), close_person, people
        )
    for index, stay in enumerate(ctx.plan.stays):
        yield from _unknown_people(
            ctx, stay.people, ("stays", index, "people"), close_person, people
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
