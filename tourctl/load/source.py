"""Where each value of a loaded plan was written: the side table findings point with.

The positions are kept in a tree shaped like the plan (``Node``: one per
mapping or list), each holding its items' marks packed in an ``array``, not
in a dictionary keyed by path tuples. A 50,000-event plan has about 1.5
million keys and values; as path tuples and mark tuples they took 260 MB, as
nodes about a tenth of that (docs/performance.md).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from tourctl.findings import Finding, Path, Severity, format_path

_INDEXED = 16
"""A mapping with more keys than this finds a key through a dictionary, not a scan."""


class Mark(NamedTuple):
    """1-based line and column."""

    line: int
    column: int


class Node:
    """The positions inside one mapping or list.

    ``marks`` holds, per item, ``key line, key column, value line, value column``
    for a mapping and ``value line, value column`` for a list; ``children`` the
    node of each item that is itself a mapping or list (None where it is not).
    """

    __slots__ = ("children", "keys", "marks")

    def __init__(self, keys: tuple[str, ...] | dict[str, int] | None) -> None:
        self.keys = keys
        self.marks = array("I")
        self.children: list[Node | None] | None = None

    @classmethod
    def mapping(cls, keys: tuple[str, ...]) -> Node:
        """A mapping's node; ``keys`` in order (a tuple that mappings of one shape may share)."""
        if len(keys) > _INDEXED:
            return cls({key: index for index, key in enumerate(keys)})
        return cls(keys)

    def set_child(self, index: int, child: Node) -> None:
        children = self.children
        if children is None:
            children = self.children = []
        while len(children) <= index:
            children.append(None)
        children[index] = child

    def index(self, part: str | int) -> int | None:
        keys = self.keys
        if keys is None:
            if isinstance(part, int) and 0 <= part < len(self.marks) // 2:
                return part
            return None
        if isinstance(keys, dict):
            return keys.get(part) if isinstance(part, str) else None
        try:
            return keys.index(part) if isinstance(part, str) else None
        except ValueError:
            return None

    def key_mark(self, index: int) -> Mark | None:
        if self.keys is None:
            return None
        m = self.marks
        return Mark(m[4 * index], m[4 * index + 1])

    def value_mark(self, index: int) -> Mark:
        m = self.marks
        at = 4 * index + 2 if self.keys is not None else 2 * index
        return Mark(m[at], m[at + 1])

    def child(self, index: int) -> Node | None:
        children = self.children
        return children[index] if children is not None and index < len(children) else None


@dataclass(slots=True)
class SourceMap:
    """Where each value (and each mapping key) of a loaded plan was written."""

    file: str
    root: Node | None = None
    root_mark: Mark = field(default=Mark(1, 1))

    def _deepest(self, path: Path) -> tuple[Node | None, int, int]:
        """The node and index of the deepest step of ``path`` that was written (None, -1:
        only the root), and how many steps of it were."""
        node, last, index, steps = self.root, None, -1, 0
        for part in path:
            if node is None:
                break
            found = node.index(part)
            if found is None:
                break
            last, index, steps = node, found, steps + 1
            node = node.child(found)
        return last, index, steps

    def value_mark(self, path: Path) -> Mark | None:
        """Where the value at ``path`` was written; None if it was not (a default, say)."""
        node, index, steps = self._deepest(path)
        if steps < len(path):
            return None
        return node.value_mark(index) if node is not None else self.root_mark

    def key_mark(self, path: Path) -> Mark | None:
        """Where the mapping key that ends ``path`` was written; None if nowhere."""
        node, index, steps = self._deepest(path)
        if steps < len(path) or node is None:
            return None
        return node.key_mark(index)

    def locate(self, path: Path, *, key: bool = False) -> Mark:
        """The mark of ``path``; for a path that does not exist, its nearest written ancestor.

        With ``key=True`` the mapping key is preferred (used for "unknown key" findings).
        """
        node, index, _ = self._deepest(path)
        if node is None:
            return self.root_mark
        if key:
            found = node.key_mark(index)
            if found is not None:
                return found
        return node.value_mark(index)

    def children(self, path: Path) -> Callable[..., Mark]:
        """``locate`` for the items of the mapping or list at ``path``, finding it only once:
        ``children(p)(k, key=...)`` is ``locate((*p, k), key=...)``, for the many findings
        inside one mapping (300,000 unknown keys in one venue)."""
        node, index, steps = self._deepest(path)
        inner: Node | None = None
        if steps == len(path):
            inner = node.child(index) if node is not None else self.root

        def locate(part: str | int, *, key: bool = False) -> Mark:
            found = inner.index(part) if inner is not None else None
            if found is None or inner is None:
                return self.locate(path, key=key)
            if key:
                mark = inner.key_mark(found)
                if mark is not None:
                    return mark
            return inner.value_mark(found)

        return locate

    @property
    def values(self) -> _Table:
        """``values[path]``: the mark of the value at ``path`` (a read-only view)."""
        return _Table(self.value_mark)

    @property
    def keys(self) -> _Table:
        """``keys[path]``: the mark of the key that ends ``path`` (a read-only view)."""
        return _Table(self.key_mark)

    def finding(
        self, code: str, severity: Severity, message: str, path: Path, *, key: bool = False
    ) -> Finding:
        mark = self.locate(path, key=key)
        return Finding(
            code=code,
            severity=severity,
            message=message,
            file=self.file,
            line=mark.line,
            column=mark.column,
            path=format_path(path),
        )


class _Table:
    """A mapping-like view of one kind of mark, for callers that look a path up."""

    __slots__ = ("_look",)

    def __init__(self, look: Any) -> None:
        self._look = look

    def get(self, path: Path, default: Mark | None = None) -> Mark | None:
        found: Mark | None = self._look(path)
        return default if found is None else found

    def __getitem__(self, path: Path) -> Mark:
        found: Mark | None = self._look(path)
        if found is None:
            raise KeyError(path)
        return found

    def __contains__(self, path: object) -> bool:
        return isinstance(path, tuple) and self._look(path) is not None


@dataclass(slots=True)
class Loaded:
    data: Any
    source: SourceMap
    findings: list[Finding]
