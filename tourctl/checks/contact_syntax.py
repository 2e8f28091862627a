"""Contact details, offline: email syntax and phone numbers (the network half is check-contacts).

The reading itself is ``tourctl.contacts.syntax``, which check-contacts uses
too, so both commands describe a detail in the same words. Phones are read
with the venue's country as the default region: ``601 234 567`` at a Czech
venue is a Czech number. A valid number written without ``+`` only works when
dialled inside the venue's country, and calendars are read abroad: a warning
suggests the ``+`` form.
"""

from __future__ import annotations

from collections.abc import Iterator

from tourctl.checks.context import CheckContext
from tourctl.contacts.syntax import SyntaxProblem, email_problem, phone_problem
from tourctl.findings import Finding, Path


def _emails(ctx: CheckContext) -> Iterator[tuple[str, Path]]:
    organizer = ctx.plan.tour.organizer
    if organizer.email is not None:
        yield organizer.email, ("tour", "organizer", "email")
    for v, venue in enumerate(ctx.plan.venues):
        for c, contact in enumerate(venue.contacts):
            if contact.email is not None:
                yield contact.email, ("venues", v, "contacts", c, "email")


def _finding(ctx: CheckContext, problem: SyntaxProblem, value: str, path: Path) -> Finding:
    return ctx.finding(problem.code, problem.severity, problem.sentence(value), path)


def emails(ctx: CheckContext) -> Iterator[Finding]:
    """Every email address must be one (syntax only; DNS is check-contacts' job)."""
    for address, path in _emails(ctx):
        problem = email_problem(address)
        if problem is not None:
            yield _finding(ctx, problem, address, path)


def phones(ctx: CheckContext) -> Iterator[Finding]:
    """Every phone number must be valid; one without ``+`` gets its international form."""
    for v, venue in enumerate(ctx.plan.venues):
        for c, contact in enumerate(venue.contacts):
            if contact.phone is None:
                continue
            problem = phone_problem(contact.phone, venue.country)
            if problem is not None:
                yield _finding(ctx, problem, contact.phone, ("venues", v, "contacts", c, "phone"))


CHECKS = (emails, phones)
