"""Contact syntax, offline: the one reading of emails, phones and web addresses.

``validate`` (findings) and ``check-contacts`` (results, also ``--offline``)
both call these functions and print their words, so a contact detail is
described the same way wherever it is reported. Each problem is a predicate
("not a valid email address: …") that the finding puts after the value.

Both libraries are imported on first use, never with this module: the plan
model reads web addresses through it (``url_problem``), and a plan without
phone numbers or email addresses should not pay for loading them.

Email: ``email-validator`` without DNS. Phone: ``phonenumbers`` parses with
the venue's country as the default region, so ``601 234 567`` at a Czech
venue is a Czech number. The reading says whether the
number is valid and, if not, why in plain words; if so, its E.164 form, its kind
of line and whether it was written with ``+`` (a number without it only works
when dialled inside the venue's country, and calendars are read abroad).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tourctl.enums import Severity

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """What is wrong with one contact detail, as a finding code and a predicate."""

    code: str
    severity: Severity
    reason: str
    """Reads after the value: ``'x@' is`` + ``not a valid email address: …``."""

    def sentence(self, value: str) -> str:
        return f"'{value}' is {self.reason}"


# A plain ASCII address: a dot-atom local part (RFC 5322 atext), then host-name
# labels (RFC 1123) ending in an alphabetic top-level label. Every address of this
# shape that also passes ``plain_email``'s length and name checks is one that
# email-validator accepts (a hypothesis test in tests/test_contacts_syntax.py
# holds the two together), so such an address is taken as valid without importing
# the library, whose import compiles Unicode-wide patterns (20-40 ms of every
# ``validate`` of a plan with email addresses). Anything else is the library's.
_ATEXT = r"A-Za-z0-9!#$%&'*+/=?^_`{|}~-"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
PLAIN_EMAIL = re.compile(
    rf"[{_ATEXT}]{{1,64}}(?:\.[{_ATEXT}]{{1,64}})*@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}"
)
_SPECIAL_USE = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})
"""Top-level names email-validator refuses (RFC 6761, 6762, 7686): left to it."""
_NOT_PLAIN_LABEL = re.compile(r"(?:^|\.)..--")
"""A label with ``--`` in its third and fourth places: Punycode (``xn--``) or invalid."""


def plain_email(address: str) -> bool:
    """Whether ``address`` is plainly valid: the common ASCII shape, checked without the library."""
    if len(address) > 254 or not PLAIN_EMAIL.fullmatch(address):
        return False
    local, _, domain = address.rpartition("@")
    return (
        len(local) <= 64
        and len(domain) <= 253
        and domain.rsplit(".", 1)[-1].lower() not in _SPECIAL_USE
        and not _NOT_PLAIN_LABEL.search(domain)
    )


def email_problem(address: str) -> SyntaxProblem | None:
    """Why ``address`` is not a valid email address (syntax only), or None if it is."""
    if plain_email(address):
        return None
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as exc:
        return SyntaxProblem("email-invalid", Severity.ERROR, f"not a valid email address: {exc}")
    return None


def email_domain(address: str) -> tuple[str, str]:
    """The domain of a valid address: (ASCII form for DNS, as written)."""
    from email_validator import validate_email

    valid = validate_email(address, check_deliverability=False)
    return valid.ascii_domain, valid.domain


def url_problem(value: str) -> SyntaxProblem | None:
    """Why ``value`` is not an absolute http(s) address with a host, or None if it is one."""
    text = value.strip()
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        return _bad_url("not a web address: it contains spaces or line breaks")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return _bad_url("not a valid web address")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return _bad_url("not a web address: write a full http:// or https:// URL")
    return None


def _bad_url(reason: str) -> SyntaxProblem:
    return SyntaxProblem("invalid-value", Severity.ERROR, reason)


def phone_problem(phone: str, country: str | None) -> SyntaxProblem | None:
    """Invalid (an error), valid but without ``+`` (a warning), or None when fine."""
    if country is None and not phone.strip().startswith("+"):
        return SyntaxProblem(
            "phone-invalid",
            Severity.ERROR,
            "not a phone number: with no country to read it in, write it as +<country code> …",
        )
    reading = read_phone(phone, country)
    if reading.problem is not None:
        if not reading.readable:
            reason = f"not a phone number: {reading.problem}"
        else:
            where = reading.region or country
            reason = f"not a valid phone number{f' in {where}' if where else ''}: {reading.problem}"
            reason += f" ({reading.e164})"
        return SyntaxProblem("phone-invalid", Severity.ERROR, reason)
    if reading.with_plus:
        return None
    return SyntaxProblem(
        "phone-not-international",
        Severity.WARNING,
        f"a valid number, but only when dialled from {country}; calendars are read abroad, "
        f'so write it as "{reading.international}"',
    )


def phone_detail(phone: str, country: str | None) -> str:
    """What check-contacts says of a valid number: its kind, country (if not the venue's), E.164."""
    reading = read_phone(phone, country)
    elsewhere = reading.region and reading.region != country
    where = f" in {reading.region}" if elsewhere else ""
    return f"valid {reading.kind} number{where}: {reading.e164}"


@dataclass(frozen=True, slots=True)
class PhoneReading:
    problem: str | None
    """Why this is no valid number ("it is too short"), or None when it is valid."""
    readable: bool = True
    """False when it could not even be parsed as a number."""
    e164: str | None = None
    international: str | None = None
    kind: str = "phone"
    region: str | None = None
    with_plus: bool = False


@cache
def _words() -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """phonenumbers' codes in plain words: kinds of line, why impossible, why unparseable."""
    from phonenumbers import NumberParseException, PhoneNumberType, ValidationResult

    kind = {
        PhoneNumberType.FIXED_LINE: "fixed line",
        PhoneNumberType.MOBILE: "mobile",
        PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed line or mobile",
        PhoneNumberType.TOLL_FREE: "toll-free",
        PhoneNumberType.PREMIUM_RATE: "premium-rate",
        PhoneNumberType.SHARED_COST: "shared-cost",
        PhoneNumberType.VOIP: "VoIP",
        PhoneNumberType.PERSONAL_NUMBER: "personal",
        PhoneNumberType.PAGER: "pager",
        PhoneNumberType.UAN: "company (UAN)",
        PhoneNumberType.VOICEMAIL: "voicemail",
    }
    not_possible = {
        ValidationResult.INVALID_COUNTRY_CODE: "its country code is unknown",
        ValidationResult.TOO_SHORT: "it is too short",
        ValidationResult.TOO_LONG: "it is too long",
        ValidationResult.INVALID_LENGTH: "it has the wrong number of digits",
    }
    unparseable = {
        NumberParseException.INVALID_COUNTRY_CODE: (
            "its country code is unknown (start it with + and the country code)"
        ),
        NumberParseException.NOT_A_NUMBER: "it is not made of digits",
        NumberParseException.TOO_SHORT_AFTER_IDD: "it is too short after the international prefix",
        NumberParseException.TOO_SHORT_NSN: "it is too short",
        NumberParseException.TOO_LONG: "it is too long",
    }
    return kind, not_possible, unparseable


def read_phone(value: str, country: str | None) -> PhoneReading:
    import phonenumbers

    kinds, not_possible, unparseable = _words()
    try:
        number: PhoneNumber = phonenumbers.parse(value, country, keep_raw_input=True)
    except phonenumbers.NumberParseException as exc:
        why = unparseable.get(exc.error_type, "it cannot be read as one")
        return PhoneReading(why, readable=False)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    region = phonenumbers.region_code_for_number(number)
    if not phonenumbers.is_valid_number(number):
        reason = phonenumbers.is_possible_number_with_reason(number)
        where = f"in {region}" if region else f"with country code +{number.country_code}"
        why = not_possible.get(reason, f"no such number is in use {where}")
        return PhoneReading(why, e164=e164, region=region)
    return PhoneReading(
        None,
        e164=e164,
        international=phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
        ),
        kind=kinds.get(phonenumbers.number_type(number), "phone"),
        region=region,
        with_plus=number.country_code_source
        == phonenumbers.CountryCodeSource.FROM_NUMBER_WITH_PLUS_SIGN,
    )
