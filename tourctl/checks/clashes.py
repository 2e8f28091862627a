"""Two things at once: events overlapping at one venue, or for one speaker.

Both work on the shared time line (``timeline.py``): grouped, already sorted,
one sweep per group, so a 10,000-event plan costs a sort, not 50 million
comparisons. Cancelled events and all-day items never clash (see timeline.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from tourctl.checks.context import CheckContext
from tourctl.checks.timeline import Slot, by_person, overlaps, speaker_path
from tourctl.findings import Finding


def _by_venue(slots: list[Slot]) -> dict[str, list[Slot]]:
    venues: dict[str, list[Slot]] = {}
    for slot in slots:
        venues.setdefault(slot.event.venue, []).append(slot)
    return venues


def venue_clashes(ctx: CheckContext) -> Iterator[Finding]:
    """Two events at the same venue that overlap in time: an error, at the later one."""
    for venue, slots in _by_venue(ctx.timeline).items():
        for earlier, later in overlaps(slots):
            yield ctx.error(
                "venue-clash",
                f"{later.describe()} overlaps {earlier.describe()} at venue '{venue}'",
                ("events", later.index, "venue"),
            )


def speaker_clashes(ctx: CheckContext) -> Iterator[Finding]:
    """A speaker in two events that overlap in time: an error, where the later one names them."""
    for person, slots in by_person(ctx.timeline).items():
        for earlier, later in overlaps(slots):
            yield ctx.error(
                "speaker-clash",
                f"'{person}' is in {later.describe()} and in {earlier.describe()} at the same time",
                speaker_path(later, person),
            )


CHECKS = (venue_clashes, speaker_clashes)
