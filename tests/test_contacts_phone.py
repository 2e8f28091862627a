"""Phone numbers: read with the venue's country as default region; E.164 and line type reported."""

from __future__ import annotations

import pytest

from tourctl.contacts import CheckOptions, ContactItem, run_checks
from tourctl.contacts.phone import check_phone

pytest_plugins = ["tests.servers.fixtures"]
pytestmark = pytest.mark.usefixtures("clean_network_env")


def phone(value: str, country: str | None = "CZ") -> ContactItem:
    return ContactItem("safespace-prague", "Jana", "phone", value, country, "venues[0]")


@pytest.mark.parametrize(
    ("value", "country", "status", "detail"),
    [
        ("+420 601 234 567", "CZ", "ok", "valid mobile number: +420601234567"),
        (
            "601 234 567",
            "CZ",
            "warning",
            "a valid number, but only when dialled from CZ; calendars are read abroad, "
            'so write it as "+420 601 234 567"',
        ),
        ("+420 222 333 444", "CZ", "ok", "valid fixed line number: +420222333444"),
        ("+49 30 1234567", "CZ", "ok", "valid fixed line number in DE: +49301234567"),
        ("+44 20 7946 0958", "CZ", "ok", "valid fixed line number in GB: +442079460958"),
        ("+420 123", "CZ", "error", "not a valid phone number in CZ: it is too short (+420123)"),
        ("12345", "CZ", "error", "not a valid phone number in CZ: it is too short (+42012345)"),
        ("call us", "CZ", "error", "not a phone number: it is not made of digits"),
        (
            "+999 1234",
            "CZ",
            "error",
            "not a phone number: its country code is unknown "
            "(start it with + and the country code)",
        ),
        (
            "601 234 567",
            None,
            "error",
            "not a phone number: with no country to read it in, write it as +<country code> …",
        ),
    ],
)
def test_phone(value: str, country: str | None, status: str, detail: str) -> None:
    verdict = check_phone(phone(value, country))
    assert (verdict.status, verdict.detail) == (status, detail)


def test_phones_are_checked_the_same_online_and_offline() -> None:
    items = [phone("+420 601 234 567"), phone("+420 123")]
    online = run_checks(items, CheckOptions())
    offline = run_checks(items, CheckOptions(offline=True))
    assert [(r.status, r.detail) for r in online] == [(r.status, r.detail) for r in offline]
    assert [r.status for r in online] == ["ok", "error"]
    assert all(r.elapsed_ms is None for r in online)
