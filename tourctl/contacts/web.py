"""Websites: does the address still answer, and where does it end up?

HEAD first (cheap), GET only when a server refuses HEAD. Bodies are streamed
and left unread, except a small one whose length is known, which is drained
so its connection can be reused. Redirects are followed by hand, so that a
loop is caught, the limit is ours, every hop passes through the host limits,
and a permanent move can be reported with the address to write instead.
429 and 503 are retried politely: the server's ``Retry-After`` when it gives
one (capped), exponential backoff otherwise, and never past the run deadline.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import os
import socket
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

import httpx

from tourctl.contacts.items import CheckOptions, ContactItem, Network, Verdict
from tourctl.contacts.resolver import HostNotFound, lookup_host
from tourctl.contacts.syntax import url_problem

if TYPE_CHECKING:
    import dns.asyncresolver

    from tourctl.contacts.limits import Limiter

CA_BUNDLE_ENV = "TOURCTL_CA_BUNDLE"
OFFLINE_DETAIL = "valid web address (not fetched: offline)"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
HEAD_REFUSED = frozenset({403, 404, 405, 501})
"""Answers to HEAD that mean "ask me with GET": 405/501 by the book, 403/404 by habit."""
RETRIED = frozenset({429, 503})
DRAIN_LIMIT = 64 * 1024
"""The most body bytes ever read from a response, and only when its length says so."""


def url_syntax(value: str) -> Verdict | None:
    """An error Verdict unless ``value`` is an absolute http(s) address with a host."""
    problem = url_problem(value)
    return Verdict.of(problem) if problem is not None else None


def check_website_offline(item: ContactItem) -> Verdict:
    return url_syntax(item.value) or Verdict.ok(OFFLINE_DETAIL)


def make_client(options: CheckOptions) -> httpx.AsyncClient:
    """One client per run; its pool is as large as the global limit, so nobody waits in it."""
    limits = httpx.Limits(
        max_connections=options.concurrency,
        max_keepalive_connections=options.concurrency,
        keepalive_expiry=5.0,
    )
    return httpx.AsyncClient(
        verify=_verify(options.ca_bundle or os.environ.get(CA_BUNDLE_ENV) or None),
        limits=limits,
        timeout=httpx.Timeout(options.timeout),
        headers={"User-Agent": options.user_agent},
        follow_redirects=False,
    )


def _verify(ca_bundle: str | None) -> ssl.SSLContext | bool:
    if ca_bundle is None:
        return True
    try:
        return ssl.create_default_context(cafile=ca_bundle)
    except (OSError, ssl.SSLError) as exc:
        raise ValueError(f"cannot use the CA bundle {ca_bundle}: {exc}") from None


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    reason: str
    location: str | None
    retry_after: str | None
    retries: int = 0

    @property
    def summary(self) -> str:
        return f"{self.status} {self.reason}".strip()


@dataclass
class _Reached:
    """Whether a request got anywhere: an address from DNS, a TCP connection, headers sent."""

    yes: bool = False

    async def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace hook (``extensions={"trace": …}``)."""
        if event in _REACHED:
            self.yes = True


_REACHED = frozenset(
    {
        "connection.connect_tcp.complete",
        "http11.send_request_headers.started",
        "http2.send_request_headers.started",
    }
)


class _Failed(Exception):
    """A website check that ended without a usable answer; the message is the detail.

    ``unreachable``: nothing answered at all (no route, no DNS, a timeout), unlike a
    refused connection or an HTTP error, which a working network delivers."""

    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


@dataclass
class WebChecker:
    """Checks websites for one run; identical addresses are fetched once."""

    client: httpx.AsyncClient
    limiter: Limiter
    options: CheckOptions
    deadline_at: float
    """``time.monotonic()`` value after which no retry is waited for."""
    resolver: dns.asyncresolver.Resolver | None = None
    """Set when ``--dns-server`` is given: host names are then looked up there, not by the OS."""
    _results: dict[str, asyncio.Future[Verdict]] = field(default_factory=dict)
    _addresses: dict[str, asyncio.Future[str]] = field(default_factory=dict)

    async def check(self, item: ContactItem) -> Verdict:
        future = self._results.get(item.value)
        if future is None:
            future = asyncio.ensure_future(self._check(item.value))
            self._results[item.value] = future
        # Shielded: a waiter cancelled at the deadline must not cancel the check for the others.
        return await asyncio.shield(future)

    def shared(self) -> list[asyncio.Future[Any]]:
        """Checks and host lookups shared between items, for the runner to settle at the end."""
        return [*self._results.values(), *self._addresses.values()]

    async def _check(self, value: str) -> Verdict:
        bad = url_syntax(value)
        if bad is not None:
            return bad
        started = time.monotonic()
        try:
            verdict = await self._follow(httpx.URL(value.strip()))
        except _Failed as failure:
            reached: Network = "unreachable" if failure.unreachable else "answered"
            verdict = Verdict.error(str(failure), network=reached)
        except httpx.InvalidURL as exc:
            verdict = Verdict.error(f"not a valid web address: {exc}")
        return replace(verdict, elapsed_ms=round((time.monotonic() - started) * 1000))

    async def _follow(self, url: httpx.URL) -> Verdict:
        chain = [url]
        method = "HEAD"
        permanent = False
        while True:
            try:
                answer = await self._with_retries(method, url)
                if method == "HEAD" and answer.status in HEAD_REFUSED:
                    method = "GET"
                    answer = await self._with_retries(method, url)
            except _Failed as failure:
                if len(chain) == 1:
                    raise
                raise _Failed(
                    f"{failure} at {url} (redirected there)", unreachable=failure.unreachable
                ) from None
            if answer.status not in REDIRECTS:
                return _verdict(answer, chain, permanent)
            url = self._next_hop(answer, chain)
            permanent = permanent or answer.status in PERMANENT
            chain.append(url)

    def _next_hop(self, answer: _Answer, chain: list[httpx.URL]) -> httpx.URL:
        here = chain[-1]
        if not answer.location:
            raise _Failed(f"{answer.summary} without a Location header")
        try:
            target = here.join(answer.location).copy_with(fragment=None)
        except httpx.InvalidURL:
            raise _Failed(f"{answer.summary} to an invalid address: {answer.location}") from None
        if target.scheme not in ("http", "https"):
            raise _Failed(f"redirected to {target}, which is not an http(s) address")
        if target in chain:
            loop = [*chain[chain.index(target) :], target]
            raise _Failed("redirect loop: " + " → ".join(str(u) for u in loop))
        if len(chain) > self.options.max_redirects:
            raise _Failed(f"more than {self.options.max_redirects} redirects (last: {here})")
        return target

    async def _with_retries(self, method: str, url: httpx.URL) -> _Answer:
        """Ask; on 429/503 wait as told (or back off) and ask again, a bounded number of times."""
        attempt = 0
        while True:
            answer = replace(await self._request(method, url), retries=attempt)
            if answer.status not in RETRIED or attempt >= self.options.max_retries:
                return answer
            delay = self._retry_delay(answer, attempt)
            if time.monotonic() + delay >= self.deadline_at:
                return answer
            await asyncio.sleep(delay)
            attempt += 1

    def _retry_delay(self, answer: _Answer, attempt: int) -> float:
        told = _parse_retry_after(answer.retry_after) if answer.retry_after else None
        delay = told if told is not None else self.options.retry_base * 2**attempt
        return min(delay, self.options.retry_cap)

    async def _request(self, method: str, url: httpx.URL) -> _Answer:
        timeout = self.options.timeout
        reached = _Reached()
        async with self.limiter.slot(url.host):
            try:
                async with asyncio.timeout(timeout):
                    return await self._send(method, url, reached)
            except TimeoutError:
                # A slow server answered the connection: the network works. No connection
                # and no address in time: as if there were no network.
                detail = f"timed out after {timeout:g} s"
                raise _Failed(detail, unreachable=not reached.yes) from None
            except HostNotFound as exc:
                raise _Failed(str(exc), unreachable=exc.unreachable) from None
            except httpx.HTTPError as exc:
                raise _Failed(describe_error(exc, timeout), unreachable=unreachable(exc)) from None

    async def _send(self, method: str, url: httpx.URL, reached: _Reached) -> _Answer:
        target, headers, extensions = await self._route(url)
        if target.host != url.host:
            reached.yes = True  # --dns-server answered with an address
        extensions = {**extensions, "trace": reached.trace}
        request = self.client.build_request(method, target, headers=headers, extensions=extensions)
        response = await self.client.send(request, stream=True)
        try:
            await _drain_small(response)
        finally:
            await response.aclose()
        return _Answer(
            response.status_code,
            response.reason_phrase or _phrase(response.status_code),
            response.headers.get("location"),
            response.headers.get("retry-after"),
        )

    async def _route(self, url: httpx.URL) -> tuple[httpx.URL, dict[str, str], dict[str, Any]]:
        """Where to connect: to the address ``--dns-server`` gives, keeping Host and SNI."""
        host = url.raw_host.decode("ascii")
        if self.resolver is None or _is_ip(host):
            return url, {}, {}
        # Shielded: one request timing out must not cancel the lookup other requests wait on.
        address = await asyncio.shield(self._address(host))
        headers = {"Host": url.netloc.decode("ascii")}
        extensions: dict[str, Any] = {"sni_hostname": host} if url.scheme == "https" else {}
        return url.copy_with(host=address), headers, extensions

    def _address(self, host: str) -> asyncio.Future[str]:
        future = self._addresses.get(host)
        if future is None:
            assert self.resolver is not None
            future = asyncio.ensure_future(lookup_host(self.resolver, host))
            self._addresses[host] = future
        return future


async def _drain_small(response: httpx.Response) -> None:
    """Read a body only if it is known to be small (so the connection can be reused)."""
    if response.request.method == "HEAD":
        return
    length = response.headers.get("content-length", "")
    if not length.isdigit() or int(length) > DRAIN_LIMIT:
        return
    read = 0
    try:
        async for chunk in response.aiter_raw():
            read += len(chunk)
            if read > DRAIN_LIMIT:
                return
    except httpx.HTTPError:
        return  # the status is what we came for; a broken body does not change it


def _verdict(answer: _Answer, chain: list[httpx.URL], permanent: bool) -> Verdict:
    """Turn the last answer into ok / warning / error, saying where the redirects led."""
    final = str(chain[-1]) if len(chain) > 1 else None
    summary = answer.summary
    if answer.retries:
        plural = "retry" if answer.retries == 1 else "retries"
        still = "still " if answer.status in RETRIED else ""
        summary += f", {still}after {answer.retries} {plural}"
    if 200 <= answer.status < 300:
        if permanent:
            return Verdict.warning(
                f"moved permanently: use {final} instead ({summary})", final, "answered"
            )
        where = f" (redirected to {final})" if final else ""
        return Verdict.ok(summary + where, final, "answered")
    where = f" at {final}" if final else ""
    return Verdict.error(summary + where, final, "answered")


def _parse_retry_after(value: str) -> float | None:
    """``Retry-After`` as seconds (a number, or an HTTP date); None if unreadable."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _phrase(status: int) -> str:
    """The standard reason phrase, for servers that send none (HTTP/2, terse HTTP/1.1)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


_NO_ROUTE = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN})
_NO_DNS = frozenset(
    code
    for name in ("EAI_AGAIN", "EAI_FAIL", "EAI_NODATA")
    if (code := getattr(socket, name, None))
)


def unreachable(exc: httpx.HTTPError) -> bool:
    """Whether a request failed for want of a network: a timeout, no route to the host, or a
    system resolver that could not be asked (not a name that does not exist, not a refusal)."""
    if isinstance(exc, httpx.TimeoutException):
        return True
    for cause in _causes(exc):
        if isinstance(cause, socket.gaierror):
            return cause.errno in _NO_DNS
        if isinstance(cause, OSError) and cause.errno in _NO_ROUTE:
            return True
    return False


def describe_error(exc: httpx.HTTPError, timeout: float) -> str:
    """A plain message for a failed request: what went wrong, not where in the stack."""
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out after {timeout:g} s"
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"TLS failure: certificate not accepted ({cause.verify_message})"
        if isinstance(cause, ssl.SSLError):
            return f"TLS failure: {cause.reason or cause}"
        if isinstance(cause, socket.gaierror):
            return "DNS failure: the host name was not found"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, ConnectionResetError):
            return "the server reset the connection"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the server closed the connection without a valid HTTP answer"
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect: {exc}"
    return f"request failed: {exc}"


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and what caused it, down the chain (httpx wraps httpcore wraps OSError)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__
