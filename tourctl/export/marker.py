"""Which audience a calendar file is for, as the file itself records it.

A partners calendar written over the public one (a wrong ``--audience``, a
copied command line) would hand partners' details to everyone who subscribed
to the public file, or take events away from partners. So every calendar
tourctl writes names its audience in ``X-TOURCTL-AUDIENCE`` (next to the name
people see, which already ends in ``(partners)`` or ``(team)``), and export
reads it back from the file it is about to replace.
"""

from __future__ import annotations

from tourctl.enums import Visibility

PROPERTY = "X-TOURCTL-AUDIENCE"
_SUFFIXES = {f"({level.value})": level for level in (Visibility.PARTNERS, Visibility.TEAM)}


def recorded_audience(data: bytes) -> Visibility | None:
    """The audience a calendar file was exported for; None if it does not say (not ours).

    Files from before ``X-TOURCTL-AUDIENCE`` are read by their name: tourctl named
    them ``Title (partners)`` or ``Title (team)``, and the public one ``Title``.
    """
    ours = False
    name: str | None = None
    for line in _unfolded(data):
        upper = line.upper()
        if upper.startswith(("BEGIN:VEVENT", "BEGIN:VTIMEZONE", "END:VCALENDAR")):
            break
        if upper.startswith(PROPERTY + ":"):
            value = line[len(PROPERTY) + 1 :].strip()
            try:
                return Visibility(value)
            except ValueError:
                return None
        if upper.startswith("PRODID:") and "tourctl" in line.lower():
            ours = True
        if upper.startswith("X-WR-CALNAME:"):
            name = line.partition(":")[2]
    if not ours or name is None:
        return None
    return next((level for end, level in _SUFFIXES.items() if name.endswith(end)), None) or (
        Visibility.PUBLIC
    )


def _unfolded(data: bytes) -> list[str]:
    """The content lines of ``data``, unfolded (RFC 5545 3.1: a line that starts with a space
    or tab continues the one before), so a long ``X-WR-CALNAME`` is read whole."""
    lines: list[str] = []
    for raw in data.decode("utf-8", "replace").replace("\r\n", "\n").split("\n"):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    return [line.strip() for line in lines]
