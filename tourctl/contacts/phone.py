"""Phone numbers: parsed with the venue's country as the default region (offline, no network).

A number is only worth printing on a calendar if it can be dialled, so the
detail always names the E.164 form (what to write to be unambiguous anywhere)
and the kind of line, which tells an organizer whether a text message will land.
"""

from __future__ import annotations

from tourctl.contacts.items import ContactItem, Verdict
from tourctl.phones import read_phone


def check_phone(item: ContactItem) -> Verdict:
    """Valid for its country → ok with E.164 and line type; anything else → error."""
    if item.country is None and not item.value.strip().startswith("+"):
        return Verdict(
            "error", "not a phone number: with no venue country, write it as +<country code> …"
        )
    reading = read_phone(item.value, item.country)
    if reading.problem is not None:
        if not reading.readable:
            return Verdict("error", f"not a phone number: {reading.problem}")
        where = f" in {reading.region or item.country}" if reading.region or item.country else ""
        return Verdict(
            "error", f"not a valid phone number{where}: {reading.problem} ({reading.e164})"
        )
    elsewhere = reading.region and reading.region != item.country
    where = f" in {reading.region}" if elsewhere else ""
    return Verdict("ok", f"valid {reading.kind} number{where}: {reading.e164}")
