"""Email addresses: syntax, then whether the domain takes mail (MX, or the A/AAAA fallback).

Named ``mail`` rather than ``email`` so that it can never shadow the standard
library's ``email`` package. Deliverability comes from email-validator, given a
dnspython resolver aimed at ``--dns-server``. Its lookups block, so they run in
threads (``runner.DaemonThreads``); each domain is looked up once per run, however
many contacts share it. An answer that could not be had (timeout, SERVFAIL) is a warning,
never a pass: email-validator lets such addresses through silently.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from email_validator import EmailUndeliverableError
from email_validator.deliverability import validate_email_deliverability

from tourctl.contacts.items import ContactItem, Network, Verdict
from tourctl.contacts.syntax import email_domain, email_problem

if TYPE_CHECKING:
    import dns.resolver

    from tourctl.contacts.limits import Limiter

OFFLINE_DETAIL = "valid address (mail server not checked: offline)"

_UNKNOWN = {
    "timeout": "could not be checked: the DNS server did not answer in time",
    "no_nameservers": "could not be checked: the DNS server failed to answer (SERVFAIL or refused)",
}


def email_syntax(item: ContactItem) -> Verdict | tuple[str, str]:
    """An error Verdict if the address is malformed, else its domain: (ASCII form, as written)."""
    problem = email_problem(item.value)
    return Verdict.of(problem) if problem is not None else email_domain(item.value)


def check_email_offline(item: ContactItem) -> Verdict:
    syntax = email_syntax(item)
    return syntax if isinstance(syntax, Verdict) else Verdict.ok(OFFLINE_DETAIL)


@dataclass
class MailChecker:
    """Checks addresses against DNS; one per run, holding the per-domain answers."""

    resolver: dns.resolver.Resolver | None
    """None when no resolver could be made; ``resolver_problem`` then says why."""
    executor: Executor
    limiter: Limiter
    resolver_problem: str = ""
    _domains: dict[str, asyncio.Future[Verdict]] = field(default_factory=dict)

    async def check(self, item: ContactItem) -> Verdict:
        syntax = email_syntax(item)
        if isinstance(syntax, Verdict):
            return syntax
        started = time.monotonic()
        # Shielded: a waiter cancelled at the deadline must not cancel the lookup for the others.
        verdict = await asyncio.shield(self._domain_verdict(*syntax))
        elapsed = round((time.monotonic() - started) * 1000)
        return replace(verdict, elapsed_ms=elapsed)

    def shared(self) -> list[asyncio.Future[Verdict]]:
        """The lookups shared between items, for the runner to settle at the end."""
        return list(self._domains.values())

    def _domain_verdict(self, domain: str, display: str) -> asyncio.Future[Verdict]:
        """The shared lookup for ``domain``: the first caller starts it, the others wait on it."""
        future = self._domains.get(domain)
        if future is None:
            future = asyncio.ensure_future(self._look_up(domain, display))
            self._domains[domain] = future
        return future

    async def _look_up(self, domain: str, display: str) -> Verdict:
        if self.resolver is None:
            return Verdict.warning(
                f"could not be checked: {self.resolver_problem}", network="unreachable"
            )
        resolver = self.resolver
        async with self.limiter.slot(None):
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(
                self.executor, _deliverability, domain, display, resolver
            )


def _deliverability(domain: str, display: str, resolver: dns.resolver.Resolver) -> Verdict:
    """Blocking: ask DNS whether ``domain`` takes mail, and say so in plain words."""
    try:
        info = validate_email_deliverability(domain, display, dns_resolver=resolver)
    except EmailUndeliverableError as exc:
        return Verdict.error(str(exc), network="answered")
    unknown = info.get("unknown-deliverability")
    if unknown is not None or "mx" not in info:
        reached: Network = "unreachable" if unknown in _UNKNOWN else "answered"
        detail = _UNKNOWN.get(str(unknown), "could not be checked")
        return Verdict.warning(detail, network=reached)
    fallback = info.get("mx_fallback_type")
    if fallback:
        detail = f"no MX record; mail goes to the domain's own address ({fallback})"
        return Verdict.ok(detail, network="answered")
    hosts = [host for _, host in info["mx"]]
    more = f" (+{len(hosts) - 1} more)" if len(hosts) > 1 else ""
    return Verdict.ok(f"mail server {hosts[0]}{more}", network="answered")
