"""How many calls of something are under way at once, as threads see it: for the tests of
work done several at a time (CalDAV writes, ``publish.workers``)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class InFlight:
    """``with in_flight.one(): ...`` around each call; ``most`` is the most at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._now = 0
        self.most = 0

    @contextmanager
    def one(self) -> Iterator[None]:
        with self._lock:
            self._now += 1
            self.most = max(self.most, self._now)
        try:
            yield
        finally:
            with self._lock:
                self._now -= 1
