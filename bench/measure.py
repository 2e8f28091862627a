"""Timing whole processes: wall time and the child's own peak RSS, over repeated runs.

Peak memory comes from ``os.wait4``, which returns the rusage of exactly the
child it reaped (``RUSAGE_CHILDREN`` would report the largest child so far).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


class BenchError(RuntimeError):
    """A measured command did not do what it should (wrong exit code, missing output)."""


@dataclass(frozen=True)
class Sample:
    wall: float
    """Seconds, from spawn to reap."""
    rss_kb: int
    """Peak resident set size of the process, in KiB (Linux ``ru_maxrss``)."""
    returncode: int


@dataclass
class Stats:
    label: str
    samples: list[Sample] = field(default_factory=list)

    @property
    def walls(self) -> list[float]:
        return [s.wall for s in self.samples]

    @property
    def median(self) -> float:
        return statistics.median(self.walls)

    @property
    def min(self) -> float:
        return min(self.walls)

    @property
    def max(self) -> float:
        return max(self.walls)

    @property
    def rss_mb(self) -> float:
        """Median peak RSS in MB (10^6 bytes; ``ru_maxrss`` is in KiB)."""
        return statistics.median(s.rss_kb for s in self.samples) * 1024 / 1e6

    @property
    def rss_max_mb(self) -> float:
        return max(s.rss_kb for s in self.samples) * 1024 / 1e6


def run_once(
    cmd: Sequence[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdout: Path | None = None,
    expect: int | None = 0,
) -> Sample:
    """Run ``cmd`` once; stdout goes to ``stdout`` (or nowhere), stderr is kept for errors."""
    with tempfile.TemporaryFile() as err:
        out = stdout.open("wb") if stdout is not None else subprocess.DEVNULL
        try:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
        finally:
            if stdout is not None and not isinstance(out, int):
                out.close()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if expect is not None and proc.returncode != expect:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-2000:]
            raise BenchError(
                f"{' '.join(cmd)} exited with {proc.returncode}, expected {expect}\n{tail}"
            )
        return Sample(wall, usage.ru_maxrss, proc.returncode)


@dataclass
class Job:
    """One command to measure, with what to do before each run and where its output goes."""

    label: str
    cmd: Sequence[str]
    before: Callable[[], None] | None = None
    stdout: Path | None = None
    expect: int | None = 0


def measure_interleaved(
    jobs: Sequence[Job],
    repeats: int,
    *,
    env: dict[str, str] | None = None,
    slow_after: float = 15.0,
) -> dict[str, Stats]:
    """Round-robin over ``jobs``, so a burst of load on a shared machine hits them all alike.

    A job that takes longer than ``slow_after`` seconds once is run 3 times at most.
    """
    stats = {job.label: Stats(job.label) for job in jobs}
    wanted = {job.label: repeats for job in jobs}
    for _ in range(repeats):
        for job in jobs:
            entry = stats[job.label]
            if len(entry.samples) >= wanted[job.label]:
                continue
            if job.before is not None:
                job.before()
            sample = run_once(job.cmd, env=env, stdout=job.stdout, expect=job.expect)
            entry.samples.append(sample)
            if sample.wall > slow_after:
                wanted[job.label] = min(wanted[job.label], 3)
            progress(f"  {job.label}: {sample.wall:.3f} s, {sample.rss_kb * 1024 / 1e6:.0f} MB")
    return stats


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
