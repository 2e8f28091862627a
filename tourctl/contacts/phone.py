"""Phone numbers: parsed with the venue's country as the default region (offline, no network).

A number is only worth printing on a calendar if it can be dialled, so the
detail always names the E.164 form (what to write to be unambiguous anywhere)
and the kind of line, which tells an organizer whether a text message will land.
The words are ``tourctl.contacts.syntax``'s, the same as ``validate``'s.
"""

from __future__ import annotations

from tourctl.contacts.items import ContactItem, Verdict
from tourctl.contacts.syntax import phone_detail, phone_problem


def check_phone(item: ContactItem) -> Verdict:
    """Valid for its country → ok with E.164 and line type; anything else → error or warning."""
    problem = phone_problem(item.value, item.country)
    if problem is not None:
        return Verdict.of(problem)
    return Verdict.ok(phone_detail(item.value, item.country))
