"""Every finding code tourctl can report, with its severity: the one registry.

docs/findings.md documents the same codes in its tables (a test compares the
two), and ``Finding`` refuses a code that is not here or a severity that
differs, so a new check cannot ship an undocumented code.
"""

from __future__ import annotations

from tourctl.enums import Severity

E, W = Severity.ERROR, Severity.WARNING

CODES: dict[str, Severity] = {
    # loading the file
    "file-unreadable": E,
    "not-text": E,
    "not-utf8": E,
    "file-too-large": E,
    "yaml-syntax": E,
    "yaml-tab": E,
    "yaml-too-deep": E,
    "yaml-too-large": E,
    "duplicate-key": E,
    "multiple-documents": E,
    "empty-plan": E,
    "not-a-mapping": E,
    # the plan's format
    "unknown-key": E,
    "missing-key": E,
    "invalid-value": E,
    "duplicate-id": E,
    "unknown-venue": E,
    "unknown-person": E,
    "missing-start": E,
    "missing-end": E,
    "end-and-duration": E,
    "all-day-with-time": E,
    # where venues are
    "zone-unresolved": E,
    "zone-conflict": W,
    "city-unknown": W,
    # privacy defaults
    "address-visibility-default": W,
    # times and dates
    "end-before-start": E,
    "dst-gap": E,
    "dst-fold": W,
    "doors-after-start": W,
    "date-in-past": W,
    "announce-after-event": E,
    "announce-not-public": W,
    # the schedule
    "venue-clash": E,
    "speaker-clash": E,
    "travel-too-short": W,
    "travel-unchecked": W,
    "public-holiday": W,
    # on the road: legs, stays, where people are
    "leg-arrives-before-departure": E,
    "leg-too-fast": W,
    "travel-during-event": E,
    "person-elsewhere": E,
    "arrival-tight": W,
    "stay-ends-before-start": E,
    "stay-overlap": W,
    "night-without-stay": W,
    "stay-elsewhere": W,
    # contact details
    "email-invalid": E,
    "phone-invalid": E,
    "phone-not-international": W,
    # hygiene
    "unused-venue": W,
    "unused-person": W,
    "events-out-of-order": W,
    # ignore lists
    "ignore-unknown-code": W,
    "ignore-error-code": W,
}
