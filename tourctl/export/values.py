"""The two kinds of property value tourctl writes itself instead of through icalendar.

**TEXT** (RFC 5545 §3.3.11). icalendar 7.3's ``vText`` gets two things wrong
that a plan can contain, so ``text`` escapes every TEXT value in the calendar,
and nothing else does:

* it first turns an existing backslash-N into a line break, so the title
  ``Save to C:\\New Folder`` was written ``C:\\new Folder`` and every reader
  showed a line break (calcurse dropped the event). icalendar's own test
  suite asserts that conversion (``test_prop_vText``); the read side had the
  same family of bug, collective/icalendar#1008, fixed by #1014, but the
  write side's ``_escape_char`` still does it;
* ``Contentline.from_parts`` decodes the escaped bytes as ``utf-8-sig``,
  which drops a leading U+FEFF, and titles are promised as written.

One pass of ``str.translate`` escapes each character once, so no escape can
combine with the next character: ``\\`` ``;`` ``,`` get a backslash, a line
break becomes ``\\n``. Line breaks other than LF never reach this point
(the model refuses CR and normalises NEL, U+2028 and U+2029 to LF), but a CR
would still become ``\\n`` here rather than end the content line.

**URIs** (``URL``, the ``mailto:`` of ``ORGANIZER``). A URI is ASCII and is
not escaped (RFC 3986, RFC 5545 §3.3.13): a registration link written
``https://bücher.example/anmeldung?platz=ä`` goes into ``URL`` as
``https://xn--bcher-kva.example/anmeldung?platz=%C3%A4`` (the host in IDNA,
UTS #46 as browsers do, the rest percent-encoded as UTF-8), and stays as
written in DESCRIPTION, where people read it.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

__all__ = ["ascii_uri", "mailto", "text"]

_TEXT = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n", "\r": "\\n"})


def text(value: str) -> str:
    """``value`` as an RFC 5545 TEXT value: ``\\\\``, ``\\;``, ``\\,`` and ``\\n`` escapes."""
    return value.replace("\r\n", "\n").translate(_TEXT)


# RFC 3986 reserved characters and "%" stay as written (a "%2F" means what it says);
# everything else outside the unreserved set is percent-encoded as UTF-8.
_URI_KEEP = "!#$%&'()*+,/:;=?@[]~"
_USERINFO_KEEP = "!$%&'()*+,;=:~"
# What may stand in a URI and in an iCalendar value as it is: no controls, no
# space, none of RFC 3986's excluded characters, no backslash (an escape to some readers).
_PLAIN_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[!#$%&'()*+,\-./0-9:;=?@A-Z\[\]_a-z~]+")


def ascii_uri(url: str) -> str | None:
    """``url`` as a plain ASCII URI: host in IDNA, the rest percent-encoded; None if it cannot be.

    An ASCII URL that needs no encoding comes back unchanged, so existing
    calendars keep their bytes. None for a host that is no valid IDNA name
    (the link then appears only in the description).
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if not parts.scheme or host is None:
        return None
    ascii_host = _idna(host)
    if ascii_host is None:
        return None
    netloc = ascii_host if ":" not in ascii_host else f"[{ascii_host}]"
    if port is not None:
        netloc = f"{netloc}:{port}"
    if parts.username is not None:
        userinfo = quote(parts.username, safe=_USERINFO_KEEP)
        if parts.password is not None:
            userinfo += ":" + quote(parts.password, safe=_USERINFO_KEEP)
        netloc = f"{userinfo}@{netloc}"
    if host.isascii() and netloc.lower() == parts.netloc.lower():
        netloc = parts.netloc  # keep an ASCII host as written (case, no normalisation)
    encoded = urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(_percent_signs(parts.path), safe=_URI_KEEP),
            quote(_percent_signs(parts.query), safe=_URI_KEEP),
            quote(_percent_signs(parts.fragment), safe=_URI_KEEP),
        )
    )
    return encoded if _PLAIN_URI.fullmatch(encoded) else None


def mailto(address: str) -> str | None:
    """``mailto:`` + ``address`` as an ASCII URI (RFC 6068), or None if it cannot be one.

    Only a plain ``local@domain`` is written (no quotes, no second ``@``, no
    ``;`` ``,`` ``:``, which some readers take apart); an internationalised
    address gets its local part percent-encoded as UTF-8 and its domain in IDNA.
    """
    match = _EMAIL.fullmatch(address)
    if match is None:
        return None
    domain = _idna(match[2])
    if domain is None:
        return None
    return f"mailto:{quote(match[1], safe=_LOCAL_KEEP)}@{domain}"


_EMAIL = re.compile(r"([^\s\x00-\x1f\x7f\"<>\\:;,@]+)@([^\s\x00-\x1f\x7f\"<>\\:;,@]+)")
# The sub-delimiters RFC 6068 lets stand in a mailto: local part; the rest is %-encoded.
_LOCAL_KEEP = "!$&'*+="


def _percent_signs(part: str) -> str:
    """A "%" that starts no %XX escape, written %25 (an existing escape stays as it is)."""
    return _LONE_PERCENT.sub("%25", part)


_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _idna(host: str) -> str | None:
    """The ASCII form of a host name (IDNA 2008 with UTS #46 mapping, as browsers); None if
    it is not a valid one. ASCII hosts and IP literals are returned as they are."""
    if host.isascii():
        return host
    import idna

    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        return None
