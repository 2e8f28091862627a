"""The run: every item checked concurrently, within the limits, and all of it within a deadline.

Each item becomes a task; tasks queue on the ``Limiter`` rather than in the
HTTP pool. Whatever is not done when the deadline comes is cancelled and
reported as an error ("not checked: deadline"), so the command always ends
and every item still gets a result, in the order of the plan.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from contextlib import AsyncExitStack
from typing import Any, TypeVar

from tourctl.contacts.cache import SuccessCache
from tourctl.contacts.items import CheckOptions, ContactItem, ContactResult, Verdict, no_network
from tourctl.contacts.limits import Limiter
from tourctl.contacts.mail import MailChecker, check_email_offline
from tourctl.contacts.phone import check_phone
from tourctl.contacts.resolver import (
    DnsServer,
    async_resolver,
    blocking_resolver,
    parse_dns_server,
    with_address,
)
from tourctl.contacts.web import WebChecker, check_website_offline, make_client

T = TypeVar("T")

Progress = Callable[[ContactResult], None]


def run_checks(
    items: Iterable[ContactItem], options: CheckOptions, progress: Progress | None = None
) -> list[ContactResult]:
    """``check_all`` for callers without an event loop (the CLI)."""
    return asyncio.run(check_all(items, options, progress))


async def check_all(
    items: Iterable[ContactItem], options: CheckOptions, progress: Progress | None = None
) -> list[ContactResult]:
    """Check every item; one result per item, in the same order.

    Raises ValueError for options that cannot work (a malformed ``dns_server``,
    an unreadable CA bundle, a cache in a missing folder) before checking anything.
    """
    items = list(items)
    server = parse_dns_server(options.dns_server) if options.dns_server is not None else None
    if options.offline:
        return _offline(items, progress)
    cache = None
    if options.cache_path is not None:
        cache = SuccessCache.load(options.cache_path, options.cache_max_age)
    async with AsyncExitStack() as stack:
        run = await _Run.start(items, options, server, stack)
        results = await run.check(items, cache, progress)
    if cache is not None:
        for result in results:
            cache.remember(result)
        cache.save()
    return no_network(results)


def _offline(items: list[ContactItem], progress: Progress | None) -> list[ContactResult]:
    """Syntax only: nothing here opens a socket or asks DNS."""
    offline = {"email": check_email_offline, "phone": check_phone, "website": check_website_offline}
    results = []
    for item in items:
        result = offline[item.kind](item).to(item)
        if progress is not None:
            progress(result)
        results.append(result)
    return results


class DaemonThreads(Executor):
    """Each call on a thread of its own that does not keep the process alive.

    email-validator's DNS lookups block, so they run in threads; the limiter bounds how
    many at once. A ``ThreadPoolExecutor``'s threads are joined when Python exits, so a
    lookup still waiting for a DNS server that never answers kept ``check-contacts``
    running for up to ``--timeout`` past ``--deadline``; a daemon thread is simply left
    behind, its item already reported as not checked.
    """

    def __init__(self, name: str) -> None:
        self._name = name

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # handed to the waiter, as an executor does
                future.set_exception(exc)
            else:
                future.set_result(result)

        threading.Thread(target=run, name=self._name, daemon=True).start()
        return future


class _Run:
    """The shared machinery of one run: limits, DNS, the HTTP client, the deadline."""

    def __init__(
        self, options: CheckOptions, mail: MailChecker | None, web: WebChecker | None
    ) -> None:
        self.options = options
        self.mail = mail
        self.web = web

    @classmethod
    async def start(
        cls,
        items: list[ContactItem],
        options: CheckOptions,
        server: DnsServer | None,
        stack: AsyncExitStack,
    ) -> _Run:
        limiter = Limiter(options.concurrency, options.per_host)
        if server is not None:
            server = await asyncio.to_thread(with_address, server)
        kinds = {item.kind for item in items}
        mail = web = None
        if "email" in kinds:
            executor = DaemonThreads("tourctl-dns")
            try:
                resolver = await asyncio.to_thread(blocking_resolver, server, options.timeout)
                mail = MailChecker(resolver, executor, limiter)
            except ValueError as exc:
                mail = MailChecker(None, executor, limiter, resolver_problem=str(exc))
        if "website" in kinds:
            # Loading the trust store takes a while: not on the event loop.
            client = await asyncio.to_thread(make_client, options)
            await stack.enter_async_context(client)
            web_resolver = None
            if server is not None:
                web_resolver = async_resolver(server, options.timeout)
            deadline_at = time.monotonic() + options.run_deadline
            web = WebChecker(client, limiter, options, deadline_at, web_resolver)
        return cls(options, mail, web)

    async def check(
        self, items: list[ContactItem], cache: SuccessCache | None, progress: Progress | None
    ) -> list[ContactResult]:
        tasks = [asyncio.ensure_future(self._one(item, cache, progress)) for item in items]
        if not tasks:
            return []
        deadline = self.options.run_deadline
        _, pending = await asyncio.wait(tasks, timeout=deadline)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        await self._settle()
        results = []
        for item, task in zip(items, tasks, strict=True):
            if task in pending:
                late = Verdict.error(f"not checked: deadline of {deadline:g} s reached").to(item)
                if progress is not None:
                    progress(late)
                results.append(late)
            else:
                results.append(task.result())
        return results

    async def _settle(self) -> None:
        """End the shared work (lookups, fetches) that outlived its waiters at the deadline.

        Gathering them also collects their exceptions, so none is reported as never retrieved.
        """
        shared = [
            *(self.mail.shared() if self.mail else []),
            *(self.web.shared() if self.web else []),
        ]
        for future in shared:
            future.cancel()
        await asyncio.gather(*shared, return_exceptions=True)

    async def _one(
        self, item: ContactItem, cache: SuccessCache | None, progress: Progress | None
    ) -> ContactResult:
        verdict = cache.get(item) if cache is not None else None
        if verdict is None:
            verdict = await self._verdict(item)
        result = verdict.to(item)
        if progress is not None:
            progress(result)
        return result

    async def _verdict(self, item: ContactItem) -> Verdict:
        try:
            if item.kind == "phone":
                return check_phone(item)
            if item.kind == "email" and self.mail is not None:
                return await self.mail.check(item)
            if item.kind == "website" and self.web is not None:
                return await self.web.check(item)
        except (asyncio.CancelledError, KeyboardInterrupt):
            raise
        except Exception as exc:  # a surprise from a library must not sink the whole run
            return Verdict.error(f"could not be checked: {type(exc).__name__}: {exc}")
        raise AssertionError(f"no checker for {item.kind}")
