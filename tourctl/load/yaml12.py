"""YAML 1.2 text → plain data, with the line and column of every key and value.

libyaml (through PyYAML's C parser) does the tokenising; this module builds
plain Python values from its event stream itself, for three reasons:

* YAML 1.2 core-schema scalars: ``NO``, ``yes``, ``on`` and ``19:00`` stay
  strings (PyYAML's resolver is YAML 1.1 and would turn them into booleans or
  base-60 numbers).
* Positions: every mapping key and every value gets a 1-based (line, column),
  kept in a side table keyed by the value's path, so findings can point at it.
* Hostile input ends in a finding, not a crash: duplicate keys, alias
  expansion bombs, very deep nesting, several documents, binary bytes.

Building from events is also the fast path: no intermediate node graph, one
pass (see docs/performance.md for the measurements behind this choice).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import yaml

from tourctl.findings import Finding, Path, Severity, format_path
from tourctl.gcpause import paused_gc
from tourctl.load.layout import Explained, explain
from tourctl.load.source import Loaded, Mark, SourceMap

MAX_DEPTH = 64
MAX_ALIASED = 2_000_000
"""Upper bound on the values that aliases stand for (each alias counts as the size of what
it names). Plain values need no bound beyond MAX_BYTES: only aliases multiply."""


# --- YAML 1.2 core schema ----------------------------------------------------

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT_RE = re.compile(r"^[-+]?[0-9]+$")
_OCT_RE = re.compile(r"^0o[0-7]+$")
_HEX_RE = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT_RE = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_INF_RE = re.compile(r"^[-+]?\.(inf|Inf|INF)$")
_NAN_RE = re.compile(r"^\.(nan|NaN|NAN)$")
# Every plain scalar that could be anything but a string starts with one of these.
_MAYBE_NOT_STR = frozenset("0123456789+-.~nNtTfF")

_TAG_PREFIX = "tag:yaml.org,2002:"


def resolve_plain(text: str) -> Any:
    """Resolve a plain (unquoted) scalar by the YAML 1.2 core schema."""
    if text == "" or text[0] not in _MAYBE_NOT_STR:
        return None if text == "" else text
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT_RE.match(text):
        return int(text)
    if _OCT_RE.match(text):
        return int(text[2:], 8)
    if _HEX_RE.match(text):
        return int(text[2:], 16)
    if _FLOAT_RE.match(text):
        return float(text)
    if _INF_RE.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN_RE.match(text):
        return math.nan
    return text


def _tagged(tag: str, text: str, mark: Mark) -> Any:
    """Apply an explicit tag (``!!str 19:00``); only the core-schema tags are known."""
    name = tag[len(_TAG_PREFIX) :] if tag.startswith(_TAG_PREFIX) else tag
    if name == "str":
        return text
    value = resolve_plain(text)
    expected = {"int": int, "float": float, "bool": bool, "null": type(None)}.get(name)
    if expected is None:
        raise _Problem(f"unknown tag '{tag}': plans use plain YAML values only", mark)
    if name == "float" and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise _Problem(f"'{text}' is not a valid {name}", mark)
    return value


def _collection_tag(tag: str | None, kind: str, mark: Mark) -> None:
    """Lists and mappings take only their own core tag, as scalars take only theirs."""
    if tag and tag != "!" and tag not in (_TAG_PREFIX + kind, "!!" + kind):
        raise _Problem(f"unknown tag '{tag}': plans use plain YAML values only", mark)


class _Problem(Exception):
    def __init__(self, message: str, mark: Mark, code: str = "yaml-syntax") -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.code = code


def _mark(event: Any) -> Mark:
    m = event.start_mark
    return Mark(m.line + 1, m.column + 1)


class _Builder:
    """Turns a libyaml event stream into plain values and a SourceMap."""

    def __init__(self, next_event: Callable[[], Any], source: SourceMap) -> None:
        self._next = next_event
        self._source = source
        self._anchors: dict[str, tuple[Any, int]] = {}
        self._aliased = 0
        self.duplicates: list[tuple[Path, Mark, Mark]] = []

    def document(self) -> tuple[Any, Mark | None]:
        """Build the first document; return it and where a second document starts, if any."""
        event = self._next()  # StreamStart
        event = self._next()
        if isinstance(event, yaml.StreamEndEvent):
            return None, None
        value, _ = self._node(self._next(), (), 0)
        self._next()  # DocumentEnd
        event = self._next()
        if isinstance(event, yaml.StreamEndEvent):
            return value, None
        return value, _mark(event)

    def _count_aliased(self, n: int, mark: Mark) -> None:
        self._aliased += n
        if self._aliased > MAX_ALIASED:
            raise _Problem(
                "the file expands to too many values (an alias/anchor bomb?); "
                "plans should not need anchors that deep",
                mark,
                code="yaml-too-large",
            )

    def _node(self, event: Any, path: Path, depth: int) -> tuple[Any, int]:
        mark = _mark(event)
        value: Any
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self._anchors:  # also an alias that names itself
                raise _Problem(f"alias '*{event.anchor}' names no anchor", mark)
            value, size = self._anchors[event.anchor]
            self._count_aliased(size, mark)
            self._source.values[path] = mark
            return value, size
        self._source.values[path] = mark
        if isinstance(event, yaml.ScalarEvent):
            if event.tag and event.tag != "!":
                value = _tagged(event.tag, event.value, mark)
            elif event.implicit[0]:  # plain (unquoted) scalar
                value = resolve_plain(event.value)
            else:
                value = event.value
            size = 1
        elif depth >= MAX_DEPTH:
            raise _Problem(
                f"the file nests deeper than {MAX_DEPTH} levels; a plan never needs that",
                mark,
                code="yaml-too-deep",
            )
        elif isinstance(event, yaml.SequenceStartEvent):
            _collection_tag(event.tag, "seq", mark)
            value, size = self._sequence(path, depth)
        elif isinstance(event, yaml.MappingStartEvent):
            _collection_tag(event.tag, "map", mark)
            value, size = self._mapping(path, depth, mark)
        else:  # pragma: no cover - libyaml guarantees the grammar
            raise _Problem("unexpected YAML structure", mark)
        anchor = getattr(event, "anchor", None)
        if anchor:
            self._anchors[anchor] = (value, size)
        return value, size

    def _sequence(self, path: Path, depth: int) -> tuple[list[Any], int]:
        items: list[Any] = []
        size = 1
        event = self._next()
        while not isinstance(event, yaml.SequenceEndEvent):
            value, n = self._node(event, (*path, len(items)), depth + 1)
            items.append(value)
            size += n
            event = self._next()
        return items, size

    def _alias_key(self, event: Any) -> Any:
        """``*k: value`` where ``&k`` anchored a name: the key is that name."""
        named = self._anchors.get(event.anchor or "")
        if named is None or not isinstance(named[0], str):
            return event
        return yaml.ScalarEvent(None, None, (True, False), named[0], event.start_mark)

    def _mapping(self, path: Path, depth: int, start: Mark) -> tuple[dict[Any, Any], int]:
        result: dict[Any, Any] = {}
        size = 1
        event = self._next()
        while not isinstance(event, yaml.MappingEndEvent):
            key_mark = _mark(event)
            if isinstance(event, yaml.AliasEvent):
                event = self._alias_key(event)
            if not isinstance(event, yaml.ScalarEvent):
                raise _Problem(
                    "a mapping key must be a plain name, not a list or mapping", key_mark
                )
            if event.tag and event.tag not in ("!", _TAG_PREFIX + "str", "!!str"):
                raise _Problem(
                    f"a mapping key takes no tag ('{event.tag}'); write the name", key_mark
                )
            key = resolve_plain(event.value) if event.implicit[0] else event.value
            if not isinstance(key, str):
                key = event.value
            if event.anchor:  # `&k key: 1` anchors the key's text, which `*k` may repeat
                self._anchors[event.anchor] = (key, 1)
            child: Path = (*path, key)
            if key in result:
                first = self._source.keys.get(child, start)
                self.duplicates.append((child, key_mark, first))
                # Parse the duplicate's value into a throwaway path, keep the first.
                _, n = self._node(self._next(), (*path, f"\0dup{key}"), depth + 1)
            else:
                self._source.keys[child] = key_mark
                value, n = self._node(self._next(), child, depth + 1)
                result[key] = value
            size += n
            event = self._next()
        return result, size


def _parser(text: str) -> Any:
    """libyaml's C parser alone (events only, no resolver or constructor); pure Python if absent."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
        return yaml.loader.BaseLoader(text)
    return CParser(text)


def _yaml_error_finding(exc: yaml.MarkedYAMLError, file: str, text: str) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = exc.problem or "invalid YAML"
    at = text[mark.index] if mark is not None and 0 <= mark.index < len(text) else ""
    if at == "\t" or "tab character" in problem:
        message = "a tab is used for indentation here; YAML allows only spaces for indentation"
        return Finding("yaml-tab", Severity.ERROR, message, file, line, column)
    if "control characters" in problem:
        message = "the file contains a control character that YAML does not allow"
        return Finding("not-text", Severity.ERROR, message, file, line, column)
    if "nesting depth" in problem:
        message = f"the file nests too deep ({problem}); a plan never needs that"
        return Finding("yaml-too-deep", Severity.ERROR, message, file, line, column)
    context = f" ({exc.context})" if exc.context else ""
    explained = _explained(exc, text, (line, column))
    if explained is not None:  # a layout mistake, in the plan's terms; libyaml's as a detail
        message = f"{explained.message} (YAML: {problem}{context})"
        return Finding(
            "yaml-syntax", Severity.ERROR, message, file, explained.line, explained.column
        )
    message = f"YAML syntax error: {problem}{context}"
    return Finding("yaml-syntax", Severity.ERROR, message, file, line, column)


def _explained(exc: yaml.MarkedYAMLError, text: str, at: tuple[int, int]) -> Explained | None:
    context = exc.context_mark
    context_at = (context.line + 1, context.column + 1) if context is not None else None
    return explain(exc.problem or "", at, exc.context, context_at, text)


def _reader_error_finding(exc: yaml.reader.ReaderError, file: str, text: str) -> Finding:
    """libyaml rejects control characters before parsing; point at the character."""
    position = max(0, min(exc.position, len(text)))
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    message = (
        f"the file contains a control character (0x{ord(text[position]):02x}) that YAML "
        "does not allow; remove it"
        if position < len(text)
        else "the file contains a character that YAML does not allow"
    )
    return Finding("not-text", Severity.ERROR, message, file, line, column)


def load_text(text: str, file: str) -> Loaded:
    """Parse one plan's text. Never raises for a problem in the text: it becomes a finding."""
    source = SourceMap(file)
    findings: list[Finding] = []
    parser = _parser(text)
    builder = _Builder(_next_event(parser), source)
    try:
        with paused_gc():
            data, more = builder.document()
    except yaml.MarkedYAMLError as exc:
        return Loaded(None, source, [_yaml_error_finding(exc, file, text)])
    except yaml.reader.ReaderError as exc:
        return Loaded(None, source, [_reader_error_finding(exc, file, text)])
    except yaml.YAMLError as exc:
        return Loaded(
            None, source, [Finding("yaml-syntax", Severity.ERROR, f"YAML error: {exc}", file, 1, 1)]
        )
    except _Problem as exc:
        return Loaded(
            None,
            source,
            [
                Finding(
                    exc.code,
                    Severity.ERROR,
                    exc.message,
                    file,
                    max(exc.mark.line, 1),
                    max(exc.mark.column, 1),
                )
            ],
        )
    finally:
        parser.dispose()
    for path, mark, first in builder.duplicates:
        findings.append(
            Finding(
                "duplicate-key",
                Severity.ERROR,
                f"'{path[-1]}' is given twice in this mapping (first at line {first.line}); "
                "keep one",
                file,
                mark.line,
                mark.column,
                format_path(path),
            )
        )
    if more is not None:
        findings.append(
            Finding(
                "multiple-documents",
                Severity.ERROR,
                "the file holds more than one YAML document; keep one plan per file",
                file,
                more.line,
                more.column,
            )
        )
        return Loaded(None, source, findings)
    if data is None:
        findings.append(
            Finding(
                "empty-plan",
                Severity.ERROR,
                "the file is empty; start from `tourctl init`",
                file,
                1,
                1,
            )
        )
        return Loaded(None, source, findings)
    if not isinstance(data, dict):
        mark = source.values.get((), Mark(1, 1))
        findings.append(
            Finding(
                "not-a-mapping",
                Severity.ERROR,
                "a plan is a mapping of keys (version, tour, venues, events), "
                "not a list or a single value",
                file,
                mark.line,
                mark.column,
            )
        )
        return Loaded(None, source, findings)
    return Loaded(data, source, findings)


def _next_event(parser: Any) -> Callable[[], Any]:
    """The parser's bound ``get_event``: called once per event, so no generator in between."""
    return parser.get_event  # type: ignore[no-any-return]
