"""Text reaches calendar users as written: escaping, U+FEFF, line breaks, links (issue 10).

icalendar 7.3's TEXT escaping turned a written backslash-N into a line break
(``C:\\New Folder`` became ``C:`` + a line break + ``ew Folder``) and dropped a
leading U+FEFF, so tourctl escapes TEXT itself (``tourctl.export.values``).
The property test below round-trips arbitrary text, weighted towards
backslash sequences, through an export and every reader of ``seen`` (ical.js,
vobject, icalendar, and libical where installed), which must all read it as
written.
"""

from __future__ import annotations

import string
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.exportsupport import export, plan_dict, seen, unfold
from tourctl.export.values import ascii_uri, mailto, text
from tourctl.model import Plan, Visibility

# Backslashes before every letter (RFC 5545 gives \n and \N a meaning, icalendar
# also read others), the escapes TEXT has, and the characters that need them.
PIECES = [f"\\{letter}" for letter in string.ascii_letters]
PIECES += ["\\\\", "\\,", "\\;", "\\:", "\\", ",", ";", ":", '"', "^", "\ufeff", " "]
PLAIN = st.characters(
    codec="utf-8",
    exclude_categories=["Cc", "Cs", "Zl", "Zp"],  # control characters and line breaks: refused
)
LINE = st.lists(st.one_of(st.sampled_from(PIECES), PLAIN), min_size=1, max_size=30).map("".join)
LINE = LINE.filter(lambda s: s.strip() != "")
PARAGRAPHS = st.lists(LINE, min_size=1, max_size=4)


def _plan(
    title: str, venue: str, person: str, contact: str, paragraphs: list[str]
) -> dict[str, Any]:
    plan = plan_dict(
        {"id": "one", "title": title, "description": "\n".join(paragraphs), "speakers": ["ana"]},
        name=venue,
        contacts=[{"name": contact, "email": "host@example.org", "visibility": "team"}],
    )
    plan["people"] = [{"id": "ana", "name": person}]
    return plan


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=LINE, venue=LINE, person=LINE, contact=LINE, paragraphs=PARAGRAPHS)
def test_any_text_round_trips_through_the_readers(
    title: str, venue: str, person: str, contact: str, paragraphs: list[str]
) -> None:
    ics = export(_plan(title, venue, person, contact, paragraphs), Visibility.TEAM)
    (event,) = seen(ics)["events"]
    assert event["summary"] == title
    assert event["location"].startswith(f"{venue}, ")
    description = "\n".join(paragraphs)
    assert event["description"].startswith(description.strip())
    assert f"\nSpeakers: {person}\n" in event["description"]
    assert f"\n- {contact}: host@example.org" in event["description"]


@pytest.mark.parametrize(
    "title",
    [
        "Workshop: save to C:\\New Folder",
        "\\N\\n\\\\N\\,\\;\\t",
        "\ufeffA title that starts with a byte-order mark",
        "ends with a backslash \\",
    ],
)
def test_a_title_is_written_and_read_as_written(title: str) -> None:
    ics = export(plan_dict({"title": title}))
    assert f"SUMMARY:{text(title)}\r\n" in unfold(ics)
    assert seen(ics)["events"][0]["summary"] == title


def test_text_escapes_each_character_once() -> None:
    assert text("C:\\New Folder") == "C:\\\\New Folder"
    assert text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert text("\\n") == "\\\\n"
    assert text("cr\r\nlf\rlone") == "cr\\nlf\\nlone"
    assert text("\ufeffx") == "\ufeffx"


@pytest.mark.parametrize("breaker", ["\u0085", "\u2028", "\u2029", "\x9b"])
def test_single_line_fields_refuse_unicode_line_breaks_and_c1_controls(breaker: str) -> None:
    with pytest.raises(ValidationError, match="single line"):
        Plan.model_validate(plan_dict({"title": f"one{breaker}two"}))
    with pytest.raises(ValidationError, match="single line"):
        Plan.model_validate(plan_dict({}, name=f"one{breaker}two"))


def test_multi_line_fields_turn_unicode_line_breaks_into_line_feeds() -> None:
    plan = Plan.model_validate(
        plan_dict({"description": "a\u0085b\u2028c\u2029d", "notes": "x\u2028y"})
    )
    event = plan.events[0]
    assert (event.description, event.notes) == ("a\nb\nc\nd", "x\ny")
    with pytest.raises(ValidationError, match="control characters"):
        Plan.model_validate(plan_dict({"description": "a\x9bb"}))
    ics = export(plan_dict({"description": "a\u2028b"}))
    assert seen(ics)["events"][0]["description"].startswith("a\nb")
    assert "\u2028" not in ics.decode()


def test_an_event_with_nothing_to_describe_has_no_description() -> None:
    ics = export(plan_dict({}))
    assert "DESCRIPTION" not in unfold(ics)
    assert seen(ics)["events"][0]["description"] is None


def test_a_non_ascii_registration_link_is_an_ascii_url_and_as_written_in_the_description() -> None:
    link = "https://bücher.example/anmeldung?platz=ä&name=Jürgen#öffnung"
    ics = export(plan_dict({"registration": link}))
    (event,) = seen(ics)["events"]
    assert event["url"] == (
        "https://xn--bcher-kva.example/anmeldung?platz=%C3%A4&name=J%C3%BCrgen#%C3%B6ffnung"
    )
    assert f"Registration: {link}" in event["description"]


@pytest.mark.parametrize(
    ("url", "uri"),
    [
        ("https://example.org/register/prague", "https://example.org/register/prague"),
        ("https://Example.ORG/a%20b?x=1", "https://Example.ORG/a%20b?x=1"),  # as written
        ("https://straße.de/100%", "https://xn--strae-oqa.de/100%25"),  # UTS #46, not IDNA 2003
        ('https://example.org/x"BEGIN:VEVENT', "https://example.org/x%22BEGIN:VEVENT"),
        ("http://[::1]:8080/a", "http://[::1]:8080/a"),
        ("https://user:pä@münchen.de:81/", "https://user:p%C3%A4@xn--mnchen-3ya.de:81/"),
        ("https://☃.net/", None),  # no valid IDNA name
    ],
)
def test_ascii_uri(url: str, uri: str | None) -> None:
    assert ascii_uri(url) == uri


@pytest.mark.parametrize(
    ("address", "uri"),
    [
        ("tour@example.org", "mailto:tour@example.org"),
        ("jürgen@bücher.example", "mailto:j%C3%BCrgen@xn--bcher-kva.example"),
        ("a+b@x.example", "mailto:a+b@x.example"),
        ('a@b.org"BEGIN:VEVENT', None),
        ("no-at-sign", None),
    ],
)
def test_mailto(address: str, uri: str | None) -> None:
    assert mailto(address) == uri


def test_an_internationalised_organizer_address_is_an_ascii_mailto() -> None:
    plan = plan_dict({})
    plan["tour"]["organizer"] = {"name": "Bücherei", "email": "jürgen@bücher.example"}
    (event,) = seen(export(plan))["events"]
    assert event["organizer"] == {
        "uri": "mailto:j%C3%BCrgen@xn--bcher-kva.example",
        "cn": "Bücherei",
    }
