"""An asyncio event loop on a background thread, shared by the loopback test servers.

The code under test runs its own loop (``asyncio.run``) on the main thread; the
servers must keep answering while it blocks, so they live on another thread.
One loop serves every socket, which keeps hundreds of loopback hosts cheap.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class BackgroundLoop:
    """Start with ``start()``, run coroutines with ``run()``, end with ``stop()``."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.loop.set_exception_handler(_quiet)
        self._thread = threading.Thread(target=self._main, name="test-servers", daemon=True)

    def _main(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def start(self) -> BackgroundLoop:
        self._thread.start()
        return self

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 10.0) -> T:
        """Run ``coro`` on the server loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        """Cancel what is still running (slow handlers), then end the thread and close the loop."""
        self.run(_cancel_others())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        self.loop.close()


async def _cancel_others() -> None:
    current = asyncio.current_task()
    tasks = [task for task in asyncio.all_tasks() if task is not current]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def _quiet(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """Clients that hang up or fail a TLS handshake are the point of some tests: not news."""
    exc = context.get("exception")
    if isinstance(exc, (ConnectionError, OSError, asyncio.CancelledError)):
        return
    loop.default_exception_handler(context)
