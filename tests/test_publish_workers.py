"""``publish.workers.Workers``: a few daemon threads through a list, stoppable."""

from __future__ import annotations

import threading
import time

import pytest

from tests.inflight import InFlight
from tourctl.publish.workers import Workers


def test_every_item_is_done_once_by_at_most_count_threads() -> None:
    in_flight = InFlight()

    def square(n: int) -> int:
        with in_flight.one():
            time.sleep(0.01)
        return n * n

    workers = Workers(list(range(20)), square, count=3, name="test-workers")
    done = {index: result for index, result, error in workers.outcomes() if error is None}
    assert done == {n: n * n for n in range(20)}
    assert 1 <= in_flight.most <= 3


def test_an_exception_is_handed_over_and_no_more_is_started() -> None:
    started: list[int] = []

    def fail_at_two(n: int) -> int:
        started.append(n)
        if n == 2:
            raise ValueError("two")
        return n

    workers = Workers(list(range(50)), fail_at_two, count=1, name="test-workers")
    errors = [(index, str(error)) for index, _, error in workers.outcomes() if error is not None]
    assert errors == [(2, "two")]
    assert started == [0, 1, 2]


def test_stop_starts_no_more() -> None:
    release = threading.Event()
    started: list[int] = []

    def held(n: int) -> int:
        started.append(n)
        release.wait(5)
        return n

    workers = Workers(list(range(10)), held, count=2, name="test-workers")
    while len(started) < 2:
        time.sleep(0.001)
    workers.stop()
    release.set()
    assert sorted(index for index, _, _ in workers.outcomes()) == [0, 1]


def test_the_threads_do_not_keep_the_process_alive() -> None:
    release = threading.Event()
    workers = Workers([1], lambda _: release.wait(5), count=4, name="test-workers")
    assert [t.daemon for t in threading.enumerate() if t.name == "test-workers"] == [True]
    release.set()
    assert [error for _, _, error in workers.outcomes()] == [None]


def test_no_items_no_threads() -> None:
    assert list(Workers([], lambda _: pytest.fail("called"), count=3, name="x").outcomes()) == []


def test_results_waits_for_those_under_way_then_raises_the_first_failure() -> None:
    ended: list[int] = []
    all_started = threading.Barrier(3)

    def slow_or_failing(n: int) -> int:
        if n < 3:
            all_started.wait(5)  # three under way when the first fails
        if n == 0:
            raise ValueError("zero")
        time.sleep(0.2)
        ended.append(n)
        return n

    workers = Workers(list(range(10)), slow_or_failing, count=3, name="test-workers")
    with pytest.raises(ValueError, match="zero"):
        workers.results()
    assert sorted(ended) == [1, 2]  # under way when 0 failed: waited for; none started after
    assert Workers([1, 2], lambda n: n * 10, count=2, name="test-workers").results() == {
        0: 10,
        1: 20,
    }
