"""Contact details, offline: email syntax and phone numbers (the network half is check-contacts).

* Email: ``email-validator`` with ``check_deliverability=False`` (no DNS); an
  invalid address is an error with the library's reason.
* Phone: ``phonenumbers``, with the venue's country as the default region, so
  ``601 234 567`` at a Czech venue is read as a Czech number. Invalid is an
  error. A number from another country is fine when written with ``+``. A valid
  number written without ``+`` is only right when dialled inside the venue's
  country, and calendars are read abroad: a warning suggests the ``+`` form.
"""

from __future__ import annotations

from collections.abc import Iterator

from tourctl.checks import CheckContext
from tourctl.findings import Finding, Path


def email_problem(address: str) -> str | None:
    """Why ``address`` is not a valid email address, or None if it is."""
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as exc:
        return str(exc)
    return None


def phone_problem(phone: str, country: str) -> tuple[str, str] | None:
    """``("phone-invalid", why)``, ``("phone-not-international", hint)`` or None if fine."""
    from tourctl.phones import read_phone

    reading = read_phone(phone, country)
    if reading.problem is not None:
        what = "a valid phone number" if reading.readable else "a phone number"
        return "phone-invalid", f"'{phone}' is not {what}: {reading.problem}"
    if reading.with_plus:
        return None
    return "phone-not-international", (
        f"'{phone}' only works when dialled from {country}; calendars are read abroad, "
        f'so write it as "{reading.international}"'
    )


def _emails(ctx: CheckContext) -> Iterator[tuple[str, Path]]:
    organizer = ctx.plan.tour.organizer
    if organizer.email is not None:
        yield organizer.email, ("tour", "organizer", "email")
    for v, venue in enumerate(ctx.plan.venues):
        for c, contact in enumerate(venue.contacts):
            if contact.email is not None:
                yield contact.email, ("venues", v, "contacts", c, "email")


def emails(ctx: CheckContext) -> Iterator[Finding]:
    """Every email address must be one (syntax only; DNS is check-contacts' job)."""
    for address, path in _emails(ctx):
        problem = email_problem(address)
        if problem is not None:
            yield ctx.error(
                "email-invalid", f"'{address}' is not an email address: {problem}", path
            )


def phones(ctx: CheckContext) -> Iterator[Finding]:
    """Every phone number must be valid; one without ``+`` gets its international form."""
    for v, venue in enumerate(ctx.plan.venues):
        for c, contact in enumerate(venue.contacts):
            if contact.phone is None:
                continue
            problem = phone_problem(contact.phone, venue.country)
            if problem is None:
                continue
            code, message = problem
            path = ("venues", v, "contacts", c, "phone")
            if code == "phone-invalid":
                yield ctx.error(code, message, path)
            else:
                yield ctx.warning(code, message, path)


CHECKS = (emails, phones)
