"""Phone numbers: parsed with the venue's country as the default region (offline, no network).

A number is only worth printing on a calendar if it can be dialled, so the
detail always names the E.164 form (what to write to be unambiguous anywhere)
and the kind of line, which tells an organizer whether a text message will land.
"""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType, ValidationResult

from tourctl.contacts.items import ContactItem, Verdict

_TYPE_NAMES = {
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
    ValidationResult.INVALID_COUNTRY_CODE: "unknown country code",
    ValidationResult.TOO_SHORT: "too short",
    ValidationResult.TOO_LONG: "too long",
    ValidationResult.INVALID_LENGTH: "wrong length",
}


def check_phone(item: ContactItem) -> Verdict:
    """Valid for its country → ok with E.164 and line type; anything else → error."""
    region = item.country
    try:
        number = phonenumbers.parse(item.value, region)
    except NumberParseException as exc:
        return Verdict("error", _parse_failure(exc, region))
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    number_region = phonenumbers.region_code_for_number(number)
    if not phonenumbers.is_valid_number(number):
        return Verdict("error", _invalid(number, e164, number_region or region))
    kind = _TYPE_NAMES.get(phonenumbers.number_type(number), "phone")
    where = f" in {number_region}" if number_region and number_region != region else ""
    return Verdict("ok", f"valid {kind} number{where}: {e164}")


_WHY_UNREADABLE = {
    NumberParseException.INVALID_COUNTRY_CODE: "unknown country code",
    NumberParseException.NOT_A_NUMBER: "not made of digits",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too short after the international prefix",
    NumberParseException.TOO_SHORT_NSN: "too short",
    NumberParseException.TOO_LONG: "too long",
}


def _parse_failure(exc: NumberParseException, region: str | None) -> str:
    if exc.error_type == NumberParseException.INVALID_COUNTRY_CODE and region is None:
        return "not a phone number: with no venue country, write it as +<country code> …"
    return f"not a phone number ({_WHY_UNREADABLE.get(exc.error_type, 'unreadable')})"


def _invalid(number: phonenumbers.PhoneNumber, e164: str, region: str | None) -> str:
    reason = phonenumbers.is_possible_number_with_reason(number)
    why = _WHY_NOT_POSSIBLE.get(reason, "no such number range")
    where = f" in {region}" if region else ""
    return f"not a valid phone number{where} ({why}): {e164}"
