"""CalDAV over HTTP for ``publish --caldav``: the few requests it sends, bounded and timed.

The ``caldav`` library builds the XML bodies (``caldav.elements``) and reads
the multistatus answers (``caldav.response.DAVResponse``, whose lxml parser
resolves no entities and fetches nothing). The HTTP itself goes through httpx
rather than the library's ``DAVClient``, because that client cannot do four
things this command promises:

* bound what it reads: ``DAVClient`` reads every answer whole into memory, so
  a hostile or broken server could send gigabytes; here a body is streamed
  and refused past ``MAX_ANSWER`` (decompressed bytes, so no gzip bomb);
* bound time: its timeout is per socket operation (a server trickling a byte
  at a time never times out) and its rate-limit sleeps know no run deadline;
  here each request and the whole run have a wall-clock limit, and 429/503
  are retried as ``check-contacts`` retries them (Retry-After capped,
  exponential backoff, never past the deadline);
* say exactly what failed: statuses come back as they are (412 is a
  concurrent change, not an error to raise), and every transport failure
  becomes one typed error with a one-line message;
* send only what is asked: no discovery, no extra PROPFINDs, no probing.

Redirects are not followed: the user's URL should be the calendar home itself,
and a redirect is reported with its target so the URL can be corrected (and no
password follows it anywhere).
"""

from __future__ import annotations

import logging
import ssl
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from caldav.elements import cdav, dav
from caldav.elements.base import BaseElement
from caldav.response import CalendarQueryResult, DAVResponse, PropfindResult
from lxml import etree

from tourctl.contacts.items import DEFAULT_USER_AGENT
from tourctl.errors import AuthRefused, NetworkUnreachable, ServerFailed, UsageError

MAX_ANSWER = 64 * 1024 * 1024
"""The most bytes read from one answer (a calendar of 10,000 events is about 10 MB)."""
MAX_RETRIES = 3
RETRY_BASE = 1.0
RETRY_CAP = 10.0
"""As ``check-contacts``: 3 retries of a 429/503, Retry-After obeyed up to 10 s."""
RETRIED = frozenset({429, 503})
MULTISTATUS = "{DAV:}multistatus"

# The library logs what it finds odd in an answer, with a traceback for some; a hostile
# server must not be able to print those on the user's terminal.
logging.getLogger("caldav").addHandler(logging.NullHandler())


class Cancelled(Exception):
    """The run no longer wants this request (the plan turned out to have errors)."""


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str
    headers: httpx.Headers
    body: bytes

    @property
    def summary(self) -> str:
        return f"{self.status} {self.reason}".strip()


@dataclass(frozen=True)
class Limits:
    timeout: float
    """Seconds one request may take, its answer included."""
    deadline: float
    """Seconds the whole publish may take."""


class Dav:
    """One server, one login, one run: ``send`` and the WebDAV requests publish needs.

    Safe to use from several threads (httpx's client is), as ``caldav`` reads do.
    """

    def __init__(
        self,
        *,
        username: str | None,
        password: str | None,
        limits: Limits,
        ca_bundle: str | None,
        tls: bool = True,
    ) -> None:
        """``tls=False`` for a home on ``http://``: every request goes to the home's own origin
        (``absolute``) and no redirect is followed, so the client never makes a TLS
        connection, and loading the system's certificates for one (30 ms, before the first
        request can leave) is skipped. Its context trusts no certificate: were a TLS
        connection ever made, it would fail, never go unverified."""
        self.username = username
        self.limits = limits
        self.deadline_at = time.monotonic() + limits.deadline
        auth = httpx.BasicAuth(username, password or "") if username is not None else None
        verify: ssl.SSLContext | bool = True
        if ca_bundle is not None:
            # The same trust as check-contacts (its helpers are imported only when used:
            # they bring DNS libraries along).
            from tourctl.contacts.web import _verify

            try:
                verify = _verify(ca_bundle)
            except ValueError as exc:
                raise UsageError(str(exc)) from None
        elif not tls:
            verify = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        self.client = httpx.Client(
            auth=auth,
            verify=verify,
            timeout=httpx.Timeout(limits.timeout),
            follow_redirects=False,
            headers={"User-Agent": DEFAULT_USER_AGENT},
        )
        self.requests = 0
        self._count = threading.Lock()
        self._cancelled = threading.Event()

    def close(self) -> None:
        self.client.close()

    def cancel(self) -> None:
        """No further request: one asked for from now on raises ``Cancelled``."""
        self._cancelled.set()

    def __enter__(self) -> Dav:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- one request ------------------------------------------------------------------------

    def send(
        self,
        method: str,
        url: str,
        what: str,
        *,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        accept: frozenset[int] = frozenset({200, 201, 204, 207}),
    ) -> Answer:
        """The answer, if its status is in ``accept``; otherwise the typed error it means.

        ``what`` says what the request is for, in words that finish "could not …".
        """
        attempt = 0
        while True:
            answer = self._once(method, url, what, body, headers)
            if answer.status not in RETRIED or answer.status in accept:
                break
            delay = self._retry_delay(answer, attempt)
            if attempt >= MAX_RETRIES or time.monotonic() + delay >= self.deadline_at:
                raise ServerFailed(
                    f"the server is still busy ({answer.summary}) after "
                    f"{_retries(attempt)}; could not {what}: try again later"
                )
            time.sleep(delay)
            attempt += 1
        if answer.status in accept:
            return answer
        raise self._refusal(answer, url, what)

    def _once(
        self,
        method: str,
        url: str,
        what: str,
        body: bytes | None,
        headers: Mapping[str, str] | None,
    ) -> Answer:
        if self._cancelled.is_set():
            raise Cancelled(what)
        left = self.deadline_at - time.monotonic()
        if left <= 0:
            raise self._past_deadline(what)
        timeout = min(self.limits.timeout, left)
        stop_at = time.monotonic() + timeout
        with self._count:
            self.requests += 1
        try:
            request = self.client.build_request(
                method, url, content=body, headers=headers, timeout=httpx.Timeout(timeout)
            )
            response = self.client.send(request, stream=True)
            try:
                data = self._read(response, stop_at, timeout, what)
            finally:
                response.close()
        except httpx.TimeoutException:
            if timeout < self.limits.timeout:  # cut short by the run's deadline
                raise self._past_deadline(what) from None
            raise NetworkUnreachable(
                f"{_origin(url)} did not answer within {timeout:g} s (--timeout); could not {what}"
            ) from None
        except (httpx.RemoteProtocolError, httpx.DecodingError) as exc:
            from tourctl.contacts.web import describe_error

            raise ServerFailed(
                f"{_origin(url)} gave no valid HTTP answer ({describe_error(exc, timeout)}); "
                f"could not {what}"
            ) from None
        except httpx.HTTPError as exc:
            from tourctl.contacts.web import describe_error

            raise NetworkUnreachable(
                f"cannot reach {_origin(url)}: {describe_error(exc, timeout)}"
            ) from None
        return Answer(response.status_code, response.reason_phrase, response.headers, data)

    def _past_deadline(self, what: str) -> NetworkUnreachable:
        return NetworkUnreachable(
            f"publishing took longer than {self.limits.deadline:g} s (--deadline); "
            f"stopped before it could {what}: publish again to go on"
        )

    def _read(self, response: httpx.Response, stop_at: float, timeout: float, what: str) -> bytes:
        """The body, decompressed, at most ``MAX_ANSWER`` bytes and within the request's time."""
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > MAX_ANSWER:
            raise _too_large(what)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > MAX_ANSWER:
                raise _too_large(what)
            if time.monotonic() > stop_at:
                raise httpx.ReadTimeout(f"answer not complete within {timeout:g} s")
            chunks.append(chunk)
        return b"".join(chunks)

    def _retry_delay(self, answer: Answer, attempt: int) -> float:
        from tourctl.contacts.web import _parse_retry_after  # as check-contacts reads it

        told = answer.headers.get("retry-after")
        delay = _parse_retry_after(told) if told else None
        return min(delay if delay is not None else RETRY_BASE * 2**attempt, RETRY_CAP)

    def _refusal(self, answer: Answer, url: str, what: str) -> Exception:
        status = answer.status
        if status == 401:
            if self.username is None:
                return AuthRefused(
                    f"{_origin(url)} asks for a login ({answer.summary}): give --username, "
                    "and the password in TOURCTL_CALDAV_PASSWORD"
                )
            return AuthRefused(
                f"{_origin(url)} refused the login of '{self.username}' ({answer.summary}): "
                "check --username and the password (TOURCTL_CALDAV_PASSWORD; on Nextcloud an "
                "app password)"
            )
        if status == 403 and _precondition(answer):
            # A DAV:error body names a precondition (RFC 4791 §5.3.2.1: valid-calendar-data,
            # no-uid-conflict…): the server refused what was sent, not who sent it.
            return ServerFailed(
                f"the server refused ({answer.summary}); could not {what}{_detail(answer)}"
            )
        if status == 403:
            who = f"'{self.username}'" if self.username is not None else "an anonymous user"
            return AuthRefused(f"the server does not let {who} {what} ({answer.summary})")
        if status in (301, 302, 303, 307, 308):
            where = answer.headers.get("location", "")
            return UsageError(
                f"{url} redirects ({answer.summary}) to {_printable(where)}: give the address "
                "it redirects to as --caldav"
            )
        detail = _detail(answer)
        if status >= 500 or status in RETRIED:
            return ServerFailed(f"the server failed ({answer.summary}); could not {what}{detail}")
        return ServerFailed(f"the server refused ({answer.summary}); could not {what}{detail}")

    # --- WebDAV reads and writes -------------------------------------------------------------

    def propfind(
        self, url: str, props: Sequence[BaseElement], what: str
    ) -> list[PropfindResult] | None:
        """PROPFIND with Depth 1: the resource and its children, with these properties
        (None if there is nothing at ``url``)."""
        body = _xml(_el(dav.Propfind(), _el(dav.Prop(), *props)))
        answer = self.send(
            "PROPFIND", url, what, body=body, headers=_XML_DEPTH_1, accept=frozenset({207, 404})
        )
        if answer.status == 404:
            return None
        parsed = _multistatus(answer, what)
        return _results(what, parsed.parse_propfind)

    def report_objects(self, url: str, what: str) -> Answer:
        """Every object of a calendar collection with its ETag and data, in one REPORT (a
        calendar-query for all VCALENDARs, RFC 4791 §7.8), answered and not yet read
        (``read_calendar_objects``): one thread can send the next while another reads this."""
        query = _el(
            cdav.CalendarQuery(),
            _el(dav.Prop(), dav.GetEtag(), cdav.CalendarData()),
            _el(cdav.Filter(), cdav.CompFilter("VCALENDAR")),
        )
        return self.send(
            "REPORT", url, what, body=_xml(query), headers=_XML_DEPTH_1, accept=frozenset({207})
        )

    def mkcalendar(self, url: str, name: str, description: str, what: str) -> Answer:
        """MKCALENDAR (RFC 4791 §5.3.1) for events, named and described at once."""
        props = _el(
            dav.Prop(),
            dav.DisplayName(name),
            cdav.CalendarDescription(description),
            _el(cdav.SupportedCalendarComponentSet(), cdav.Comp("VEVENT")),
        )
        body = _xml(_el(cdav.Mkcalendar(), _el(dav.Set(), props)))
        return self.send("MKCALENDAR", url, what, body=body, headers=_XML, accept=_MADE)

    def set_description(self, url: str, description: str, what: str) -> None:
        prop = _el(dav.Prop(), cdav.CalendarDescription(description))
        update = _el(dav.PropertyUpdate(), _el(dav.Set(), prop))
        answer = self.send(
            "PROPPATCH", url, what, body=_xml(update), headers=_XML, accept=frozenset({200, 207})
        )
        if answer.status == 207:
            # Each property's own status (RFC 4918 §9.2.1): 403 if it is protected, and so on.
            tree: Any = _multistatus(answer, what).tree
            for status in tree.iter("{DAV:}status"):
                code = _status_code(status.text or "")
                if not 200 <= code < 300:
                    refused = Answer(code, "", answer.headers, b"")
                    raise self._refusal(refused, url, what)


_XML = {"Content-Type": 'application/xml; charset="utf-8"'}
_XML_DEPTH_1 = {**_XML, "Depth": "1"}
_MADE = frozenset({200, 201, 204})


def _el(parent: BaseElement, *children: BaseElement) -> BaseElement:
    """``parent`` with ``children`` (the library's ``+``, whose ``append`` is mistyped)."""
    return parent + list(children)


def _xml(element: BaseElement) -> bytes:
    """The request body: the library's serialization (UTF-8, with an XML declaration)."""
    return str(element).encode("utf-8")


class _Multistatus(DAVResponse):
    """The library's reading of a multistatus (``parse_propfind``, ``parse_calendar_query``
    and their servers' quirks), made from a body tourctl has read within bounds.

    Its own constructor keeps two more copies of the body (one with its line ends
    rewritten, for its debug log): on a re-publish of 2,590 objects that was 40 ms
    of the time the answers wait to be read. The parser is the library's: no
    entities resolved, nothing fetched, no huge trees.
    """

    def __init__(self, answer: Answer) -> None:
        self.headers = answer.headers
        self.status = answer.status
        self.reason = answer.reason
        self.davclient = None
        self.huge_tree = False
        self.results = None
        self._sync_token = None
        self._raw = b""
        parser = etree.XMLParser(
            remove_blank_text=True, huge_tree=False, resolve_entities=False, no_network=True
        )
        self.tree = etree.XML(answer.body, parser=parser) if answer.body else None


def read_calendar_objects(answer: Answer, what: str) -> list[CalendarQueryResult]:
    """The objects of a ``report_objects`` answer."""
    return _results(what, _multistatus(answer, what).parse_calendar_query)


def _multistatus(answer: Answer, what: str) -> DAVResponse:
    """The answer as the library reads it; anything but a well-formed multistatus is refused."""
    try:
        parsed = _Multistatus(answer)
    except Exception:  # lxml's and the library's errors alike: the server's answer is at fault
        parsed = None
    tree: Any = parsed.tree if parsed is not None else None
    if parsed is None or tree is None or tree.tag != MULTISTATUS:
        raise ServerFailed(f"the server's answer is not a WebDAV multistatus; could not {what}")
    return parsed


R = TypeVar("R")


def _results(what: str, parse: Callable[[], list[R]]) -> list[R]:
    """The library's reading of a multistatus; its complaints (an odd status or shape inside
    the answer) become ours."""
    try:
        return parse()
    except Exception:
        raise ServerFailed(
            f"the server's multistatus answer is malformed; could not {what}"
        ) from None


def _status_code(line: str) -> int:
    """``HTTP/1.1 403 Forbidden`` → 403 (0 if unreadable)."""
    parts = line.split()
    return int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else 0


def _too_large(what: str) -> ServerFailed:
    return ServerFailed(
        f"the server's answer is larger than {MAX_ANSWER // (1024 * 1024)} MiB; not read, "
        f"could not {what}"
    )


def _retries(count: int) -> str:
    return "1 retry" if count == 1 else f"{count} retries"


def _origin(url: str) -> str:
    parts = httpx.URL(url)
    return f"{parts.scheme}://{parts.netloc.decode('ascii', 'replace')}"


def _detail(answer: Answer) -> str:
    """A short, printable hint from the server's own words (first line of a text body)."""
    kind = answer.headers.get("content-type", "")
    if not kind.startswith(("text/plain", "text/html", "application/xml", "text/xml")):
        return ""
    text = answer.body[:2000].decode("utf-8", "replace")
    if "<" in text:  # HTML or XML: the tag names say more than any text in it
        import re

        names = re.findall(r"<(?:[A-Za-z]+:)?([a-z][a-z-]{2,})\s*/>", text)
        text = ", ".join(dict.fromkeys(names)) if names else ""
    line = _printable(text.strip().split("\n", 1)[0])[:160]
    return f": {line}" if line else ""


def _precondition(answer: Answer) -> bool:
    kind = answer.headers.get("content-type", "")
    return "xml" in kind and b"error" in answer.body[:2000]


def _printable(text: str) -> str:
    """One line with no control characters: what a server says is not trusted on a terminal."""
    return "".join(c if c.isprintable() else " " for c in text).strip()


def join(base: str, segment: str, *, collection: bool) -> str:
    """``base`` (ending in /) with one path segment, percent-encoded, added."""
    encoded = quote(segment, safe="@:+,;=!$&'()*~")
    return f"{base}{encoded}/" if collection else f"{base}{encoded}"


def absolute(base: str, path: str) -> str:
    """A path the library decoded (``/org/x/uid.ics``) as a URL on ``base``'s server again."""
    parts = httpx.URL(base)
    encoded = quote(path, safe="/@:+,;=!$&'()*~")
    return f"{parts.scheme}://{parts.netloc.decode('ascii')}{encoded}"
