"""``--cache FILE``: remember which contact details passed, so a re-run skips them for a while.

Like lychee's ``.lycheecache``: only successes are remembered (a failure must
be seen again, it may have been fixed), each with the time it was checked, and
forgotten after ``cache_max_age`` seconds. The file is JSON, rewritten whole
and atomically, so an interrupted run leaves the old file or the new one. A
file at ``--cache`` that is not such a cache (the plan, say) is refused, never
overwritten.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tourctl.contacts.items import ContactItem, ContactResult, ContactStatus, Verdict
from tourctl.fsutil import Kind, kind_of, why

FORMAT_VERSION = 1
MAX_CACHE_BYTES = 64 * 2**20
"""A cache is a few hundred bytes a contact; anything larger is not one of ours."""
CACHED_KINDS = frozenset({"email", "website"})
"""Phones are checked offline; caching them would save nothing."""


def _read_cache(path: Path) -> dict[str, Any] | None:
    """The cache document in ``path`` (None if the file is empty); ValueError if it is not one."""
    refuse = f"{path} exists and is not a tourctl contacts cache"
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CACHE_BYTES + 1)
    except OSError as exc:
        raise ValueError(f"--cache {path}: cannot read it ({why(exc)})") from None
    if len(raw) > MAX_CACHE_BYTES:
        raise ValueError(f"{refuse} (it is over {MAX_CACHE_BYTES // 2**20} MB); not overwriting it")
    if not raw.strip():
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise ValueError(f"{refuse} (it is not JSON); not overwriting it") from None
    if not (
        isinstance(data, dict)
        and isinstance(data.get("version"), int)
        and isinstance(data.get("entries"), dict)
    ):
        raise ValueError(f"{refuse} (no version and entries); not overwriting it")
    return data


def _key(item: ContactItem) -> str:
    return f"{item.kind} {item.value}"


@dataclass
class SuccessCache:
    path: Path
    max_age: float
    clock: Callable[[], float] = time.time
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(
        cls, path: Path, max_age: float, clock: Callable[[], float] = time.time
    ) -> SuccessCache:
        """Read ``path``; a missing or empty file is an empty cache.

        Raises ValueError, before anything is checked, if the cache could never be
        written (its folder is missing) or if ``path`` holds something that is not a
        cache of ours (a plan, notes, a device): it would be overwritten otherwise.
        """
        if kind_of(path.parent) is not Kind.FOLDER:
            raise ValueError(
                f"cannot keep a cache at {path}: the folder {path.parent} does not exist"
            )
        cache = cls(path, max_age, clock)
        kind = kind_of(path)
        if kind is Kind.MISSING:
            return cache
        if kind is not Kind.FILE:
            raise ValueError(f"--cache {path}: it is {kind.value}, not a cache file")
        data = _read_cache(path)
        if data is not None and data.get("version") == FORMAT_VERSION:
            entries = data["entries"]
            cache.entries = {
                k: v for k, v in entries.items() if isinstance(v, dict) and cache._fresh(v)
            }
        return cache

    def _fresh(self, entry: dict[str, Any]) -> bool:
        checked = entry.get("checked")
        return isinstance(checked, (int, float)) and 0 <= self.clock() - checked <= self.max_age

    def get(self, item: ContactItem) -> Verdict | None:
        entry = self.entries.get(_key(item))
        if entry is None or not self._fresh(entry):
            return None
        return Verdict.ok(f"{entry.get('detail', 'ok')} (cached)", entry.get("final_url"))

    def remember(self, result: ContactResult) -> None:
        """Keep ``result`` if it is a success worth keeping; anything else is dropped."""
        key = _key(result.item)
        if result.status is not ContactStatus.OK or result.item.kind not in CACHED_KINDS:
            self.entries.pop(key, None)
            return
        if result.detail.endswith("(cached)"):
            return  # keep the original check time: the cache must expire
        # Whole seconds, rounded down: a time in the future would read as stale.
        entry: dict[str, Any] = {"checked": math.floor(self.clock()), "detail": result.detail}
        if result.final_url is not None:
            entry["final_url"] = result.final_url
        self.entries[key] = entry

    def save(self) -> None:
        from tourctl.fsutil import atomic_write

        fresh = {k: v for k, v in sorted(self.entries.items()) if self._fresh(v)}
        data = {"version": FORMAT_VERSION, "entries": fresh}
        atomic_write(self.path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())
