"""Reading a phone number the one way both ``validate`` and ``check-contacts`` report it.

``phonenumbers`` parses with the venue's country as the default region, so
``601 234 567`` at a Czech venue is a Czech number. The reading says whether the
number is valid and, if not, why in plain words; if so, its E.164 form, its kind
of line and whether it was written with ``+`` (a number without it only works
when dialled inside the venue's country, and calendars are read abroad).
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType, ValidationResult


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


_KIND = {
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

_WHY_NOT_POSSIBLE = {
    ValidationResult.INVALID_COUNTRY_CODE: "its country code is unknown",
    ValidationResult.TOO_SHORT: "it is too short",
    ValidationResult.TOO_LONG: "it is too long",
    ValidationResult.INVALID_LENGTH: "it has the wrong number of digits",
}

_WHY_UNPARSEABLE = {
    NumberParseException.INVALID_COUNTRY_CODE: (
        "its country code is unknown (start it with + and the country code)"
    ),
    NumberParseException.NOT_A_NUMBER: "it is not made of digits",
    NumberParseException.TOO_SHORT_AFTER_IDD: "it is too short after the international prefix",
    NumberParseException.TOO_SHORT_NSN: "it is too short",
    NumberParseException.TOO_LONG: "it is too long",
}


def read_phone(value: str, country: str | None) -> PhoneReading:
    try:
        number = phonenumbers.parse(value, country, keep_raw_input=True)
    except NumberParseException as exc:
        why = _WHY_UNPARSEABLE.get(exc.error_type, "it cannot be read as one")
        return PhoneReading(why, readable=False)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    region = phonenumbers.region_code_for_number(number)
    if not phonenumbers.is_valid_number(number):
        reason = phonenumbers.is_possible_number_with_reason(number)
        where = f"in {region}" if region else f"with country code +{number.country_code}"
        why = _WHY_NOT_POSSIBLE.get(reason, f"no such number is in use {where}")
        return PhoneReading(why, e164=e164, region=region)
    return PhoneReading(
        None,
        e164=e164,
        international=phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
        ),
        kind=_KIND.get(phonenumbers.number_type(number), "phone"),
        region=region,
        with_plus=number.country_code_source
        == phonenumbers.CountryCodeSource.FROM_NUMBER_WITH_PLUS_SIGN,
    )
