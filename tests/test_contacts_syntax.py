"""The offline email rule: a plain address is taken as valid without importing email-validator.

``tourctl.contacts.syntax.plain_email`` decides the common case by itself, so
that a plan of ordinary addresses never loads the library. The promise that
makes this safe: the shortcut never changes an answer. Whatever it accepts the
library accepts too, and everything else is still the library's to judge.
"""

from __future__ import annotations

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given
from hypothesis import strategies as st

from tourctl.contacts.syntax import PLAIN_EMAIL, email_problem, plain_email


def library_accepts(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


@given(st.from_regex(PLAIN_EMAIL, fullmatch=True))
def test_what_the_shortcut_accepts_the_library_accepts(address: str) -> None:
    if plain_email(address):
        assert library_accepts(address), address


# Near misses: characters and shapes at the edges of the plain form.
_PIECES = st.sampled_from(
    [
        *["a", "Z", "0", "-", ".", "_", "+", "'", "@", "xn--", "--", "é", " ", "1"],
        *["localhost", "test", "example", "org", "co", "invalid", "onion", "arpa", "local"],
        *["a" * 63, "b" * 70],
    ]
)


@given(st.lists(_PIECES, min_size=1, max_size=12).map("".join))
def test_the_shortcut_never_changes_the_answer(address: str) -> None:
    assert (email_problem(address) is None) == library_accepts(address), address


@pytest.mark.parametrize(
    "address",
    [
        "tour@example.org",
        "first.last+tag@sub.example.co.uk",
        "o'brien@example.ie",
        "a@b.cd",
        f"{'a' * 64}@example.org",
    ],
)
def test_plain_addresses(address: str) -> None:
    assert plain_email(address)
    assert email_problem(address) is None


@pytest.mark.parametrize(
    ("address", "valid"),
    [
        ("petr@localhost", False),  # special-use names are the library's to refuse
        ("a@mail.test", False),
        ("a@shop.onion", False),
        ("a@xn--bcher-kva.de", True),  # Punycode: the library checks the IDNA
        ("a@ab--c.org", False),
        ("jana@bücher.de", True),  # internationalized: the library
        ("тур@пример.рф", True),
        ('"quoted"@example.org', False),
        ("a..b@example.org", False),
        ("a@example", False),
        ("a@1.2", False),
        (f"{'a' * 65}@example.org", True),  # long local parts: only strict mode refuses
        (" tour@example.org", False),
    ],
)
def test_everything_else_is_the_librarys(address: str, valid: bool) -> None:
    assert not plain_email(address)
    assert (email_problem(address) is None) is valid
    assert library_accepts(address) is valid
