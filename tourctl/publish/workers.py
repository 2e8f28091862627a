"""A few daemon threads working through a list of requests to a server.

``publish --caldav`` keeps several requests in flight (REPORTs while it reads
the calendars, PUTs and DELETEs while it writes). A ``ThreadPoolExecutor``
would do, but Python waits for its threads when it exits: on Ctrl-C, or after
an error, a server that holds its answers kept tourctl running for up to
``--timeout`` per request in flight. These threads are daemons, so the
process ends when the main thread does; ``stop`` keeps them from starting
another item.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")


class Workers(Generic[T, R]):
    """``do(item)`` for each of ``items``, on at most ``count`` daemon threads, started at once.

    ``outcomes()`` yields ``(index, result, None)`` or ``(index, None, exception)`` as
    each item ends, in the order they end, until every thread has stopped. An item that
    raises stops the run as ``stop`` does: the others under way end, none is started.
    """

    def __init__(self, items: Sequence[T], do: Callable[[T], R], *, count: int, name: str) -> None:
        self._items = items
        self._do = do
        self._next: queue.SimpleQueue[int] = queue.SimpleQueue()
        for index in range(len(items)):
            self._next.put(index)
        self._out: queue.Queue[tuple[int, R | None, BaseException | None] | None] = queue.Queue()
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._work, name=name, daemon=True)
            for _ in range(min(count, len(items)))
        ]
        for thread in self._threads:
            thread.start()

    def _work(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    index = self._next.get_nowait()
                except queue.Empty:
                    return
                try:
                    self._out.put((index, self._do(self._items[index]), None))
                except BaseException as exc:  # handed to the one who waits, as an executor does
                    self._stop.set()  # the first failure ends the run: start nothing more
                    self._out.put((index, None, exc))
        finally:
            self._out.put(None)  # this thread has ended: ``outcomes`` counts them

    def stop(self) -> None:
        """No further item is started; those under way end as they end."""
        self._stop.set()

    def outcomes(self) -> Iterator[tuple[int, R | None, BaseException | None]]:
        running = len(self._threads)
        while running:
            outcome = self._out.get()
            if outcome is None:
                running -= 1
            else:
                yield outcome

    def results(self) -> dict[int, R]:
        """Every result, by index. On the first failure no further item is started, those
        under way are waited for (so that nothing is left running), and it is raised."""
        found: dict[int, R] = {}
        failure: BaseException | None = None
        for index, result, error in self.outcomes():
            if error is not None:
                failure = failure or error
            else:
                found[index] = cast(R, result)  # no error: ``do`` returned it (R may be None)
        if failure is not None:
            raise failure
        return found
