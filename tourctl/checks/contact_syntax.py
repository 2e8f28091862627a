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
from typing import TYPE_CHECKING

from tourctl.checks import CheckContext
from tourctl.findings import Finding, Path

if TYPE_CHECKING:
    import phonenumbers


def email_problem(address: str) -> str | None:
    """Why ``address`` is not a valid email address, or None if it is."""
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as exc:
        return str(exc)
    return None


_WHY_NOT_POSSIBLE = {
    "INVALID_COUNTRY_CODE": "its country code is unknown",
    "TOO_SHORT": "it is too short",
    "TOO_LONG": "it is too long",
    "INVALID_LENGTH": "it has the wrong number of digits",
}


_WHY_UNPARSEABLE = {
    "INVALID_COUNTRY_CODE": "its country code is unknown (start it with + and the country code)",
    "NOT_A_NUMBER": "it is not made of digits",
    "TOO_SHORT_AFTER_IDD": "it is too short after the international prefix",
    "TOO_SHORT_NSN": "it is too short",
    "TOO_LONG": "it is too long",
}


def _why_unparseable(exc: phonenumbers.NumberParseException) -> str:
    for name, text in _WHY_UNPARSEABLE.items():
        if exc.error_type == getattr(exc, name):
            return text
    return "it cannot be read as one"


def _why_invalid(number: phonenumbers.PhoneNumber) -> str:
    import phonenumbers

    reason = phonenumbers.is_possible_number_with_reason(number)
    for name, text in _WHY_NOT_POSSIBLE.items():
        if reason == getattr(phonenumbers.ValidationResult, name):
            return text
    region = phonenumbers.region_code_for_number(number)
    where = f"in {region}" if region else f"with country code +{number.country_code}"
    return f"no such number is in use {where}"


def phone_problem(phone: str, country: str) -> tuple[str, str] | None:
    """``("phone-invalid", why)``, ``("phone-not-international", hint)`` or None if fine."""
    import phonenumbers

    try:
        number = phonenumbers.parse(phone, country, keep_raw_input=True)
    except phonenumbers.NumberParseException as exc:
        return "phone-invalid", f"'{phone}' is not a phone number: {_why_unparseable(exc)}"
    if not phonenumbers.is_valid_number(number):
        return "phone-invalid", f"'{phone}' is not a valid phone number: {_why_invalid(number)}"
    written_with_plus = (
        number.country_code_source == phonenumbers.CountryCodeSource.FROM_NUMBER_WITH_PLUS_SIGN
    )
    if written_with_plus:
        return None
    international = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return "phone-not-international", (
        f"'{phone}' only works when dialled from {country}; calendars are read abroad, "
        f'so write it as "{international}"'
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
