"""The benchmark's plan "on the road": N events for P people, with a leg and a stay per day.

Issue 13's target: a 10,000-event plan where each of 20 people has a leg on
every event day (a train or flight when their track moves on, a short car
ride across town when it stays) and a stay for every night of their tour,
validates in under 3 s and exports the team calendar in under 4 s, in under
300 MB. This adds those legs and stays to ``bench.generate``'s plan (``P / 2``
tracks of two speakers), so that every road check does real work and none of
them fires.

    python -m bench.road 10000 --people 20 -o plan-road.yaml
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.generate import DEFAULT_SEED, City, Event, GeneratedPlan, Person, generate, q

FLIGHT_KM = 600.0
"""Beyond this, people fly."""


def _km(a: City, b: City) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def _days(plan: GeneratedPlan) -> dict[str, list[tuple[date, City]]]:
    """Each speaker's event days, with the city they are in that day, in order."""
    found: dict[str, dict[date, City]] = {}
    for event in plan.events:
        for person in event.speakers:
            found.setdefault(person.id, {})[event.date] = event.venue.city
    return {person: sorted(days.items()) for person, days in found.items()}


def _leg(person: Person, n: int, day: date, here: City, there: City) -> list[str]:
    midnight = datetime.combine(day, datetime.min.time())
    if here.name == there.name:
        mode, depart, hours, reference = "car", midnight + timedelta(hours=9), 0.5, None
    else:
        km = _km(here, there)
        if km > FLIGHT_KM:
            mode, hours, start = "flight", 1.0 + km / 700, 4
        else:
            mode, hours, start = "train", 0.5 + km / 150, 5
        depart = midnight + timedelta(hours=start)
        reference = f"EC {100 + n % 900}" if mode == "train" else f"XY {1000 + n % 9000}"
    leaving = depart.replace(tzinfo=ZoneInfo(here.zone))
    arrive = (leaving + timedelta(hours=hours)).astimezone(ZoneInfo(there.zone))
    lines = [
        f"  - id: {person.id}-leg-{n}\n",
        f"    people: [{person.id}]\n",
        f"    mode: {mode}\n",
        f"    from: {{city: {q(here.name)}, country: {here.country}}}\n",
        f"    to: {{city: {q(there.name)}, country: {there.country}}}\n",
        f"    depart: {depart:%Y-%m-%d %H:%M}\n",
        f"    arrive: {arrive:%Y-%m-%d %H:%M}\n",
    ]
    if reference:
        lines.append(f"    reference: {reference}\n")
    if n % 3 == 0:
        lines.append(f"    booking: B{n:06d}\n")
    return lines


def _stay(person: Person, n: int, night: date, city: City) -> list[str]:
    lines = [
        f"  - id: {person.id}-stay-{n}\n",
        f"    people: [{person.id}]\n",
        f"    name: {q(f'Hotel {city.name}')}\n",
        f"    city: {q(city.name)}\n",
        f"    country: {city.country}\n",
        f"    check_in: {night.isoformat()}\n",
        f"    check_out: {(night + timedelta(days=1)).isoformat()}\n",
    ]
    if n % 4 == 0:
        lines.append(f"    booking: H{n:06d}\n")
    return lines


def road_lines(plan: GeneratedPlan) -> Iterator[str]:
    """The ``travel:`` and ``stays:`` sections for the plan's speakers."""
    people = {person.id: person for person in plan.people}
    days = _days(plan)
    yield "\ntravel:\n"
    for person_id, visits in days.items():
        for n, ((_, before), (day, city)) in enumerate(pairwise(visits)):
            yield from _leg(people[person_id], n, day, before, city)
    yield "\nstays:\n"
    for person_id, visits in days.items():
        first, last = visits[0][0], visits[-1][0]
        where = dict(visits)
        city = visits[0][1]
        for n in range((last - first).days):
            night = first + timedelta(days=n)
            city = where.get(night, city)
            yield from _stay(people[person_id], n, night, city)


def road_plan(n: int, people: int, seed: int = DEFAULT_SEED) -> str:
    plan = generate(n, seed, tracks=max(1, people // 2))
    return plan.to_yaml() + "".join(road_lines(plan))


def counts(text: str) -> dict[str, int]:
    travel, stays = text.split("\ntravel:\n", 1)[1].split("\nstays:\n", 1)
    return {"legs": travel.count("\n  - id: "), "stays": stays.count("\n  - id: ") + 1}


def write(n: int, people: int, directory: Path, seed: int = DEFAULT_SEED) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"plan-road-{n}-{people}.yaml"
    path.write_text(road_plan(n, people, seed), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.road", description=__doc__)
    parser.add_argument("n", type=int, help="number of events")
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("-o", "--output", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    text = road_plan(args.n, args.people, args.seed)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["Event", "road_plan", "write"]
