"""YAML 1.2 text → plain data, with the line and column of every key and value.

libyaml (through PyYAML's C parser) does the tokenising; this module builds
plain Python values from its event stream itself, for three reasons:

* YAML 1.2 core-schema scalars: ``NO``, ``yes``, ``on`` and ``19:00`` stay
  strings (PyYAML's resolver is YAML 1.1 and would turn them into booleans or
  base-60 numbers).
* Positions: every mapping key and every value gets a 1-based (line, column),
  kept in a tree beside the values (``source.Node``), so findings can point at it.
* Hostile input ends in a finding, not a crash: duplicate keys, alias
  expansion bombs (budgeted by the work they stand for), very deep nesting,
  several documents, binary bytes.
* Memory: short texts that repeat (keys, ids, statuses, times) are one object
  each, and a mapping's key tuple is shared by mappings of the same shape.

Building from events is also the fast path: no intermediate node graph, one
pass (see docs/performance.md for the measurements behind this choice).
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Callable
from typing import Any

import yaml

from tourctl.findings import Finding, Path, Severity, format_path
from tourctl.gcpause import paused_gc
from tourctl.load.layout import Explained, explain
from tourctl.load.source import Loaded, Mark, Node, SourceMap

MAX_DEPTH = 64
_SHARED_LENGTH = 40
"""Texts up to this long are shared when they repeat (longer ones rarely do)."""
_SHARED_COUNT = 200_000
"""At most this many distinct shared texts: a plan of only distinct texts gains nothing."""
MAX_ALIASED = 250_000
"""Upper bound on the work aliases stand for, in values: each alias counts as the size of
what it names, and a text counts one value per ``_TEXT_UNIT`` characters, since everything
after loading (validation, checks, a calendar line) costs that much again for each copy.
250,000 is the work of a plain plan of about 20,000 events (a few seconds); a real plan
aliases a contact list or a description a few hundred times. Plain values need no bound
beyond MAX_BYTES: their work grows with the file, only aliases multiply it."""
_TEXT_UNIT = 64


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
_SCALAR = yaml.ScalarEvent
_SEQUENCE_END = yaml.SequenceEndEvent
_MAPPING_END = yaml.MappingEndEvent
"""Compared by ``type(...) is``: libyaml makes exactly these classes, and the builder's
loops run once per value of a plan (a million times for a large one)."""


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
        self._strings: dict[str, str] = {}
        self._shapes: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.duplicates: list[tuple[dict[str, Any], str, Mark, Mark]] = []
        """(mapping, key, where the second one is, where the first one is)."""
        self.dropped: list[tuple[Any, dict[str, Any], str]] = []
        """(the value of a repeated key, its mapping, the key): for paths inside it."""

    def document(self) -> tuple[Any, Mark | None]:
        """Build the first document; return it and where a second document starts, if any."""
        event = self._next()  # StreamStart
        event = self._next()
        if isinstance(event, yaml.StreamEndEvent):
            return None, None
        first = self._next()
        self._source.root_mark = _mark(first)
        value, _, node = self._node(first, 0)
        self._source.root = node
        self._next()  # DocumentEnd
        event = self._next()
        if isinstance(event, yaml.StreamEndEvent):
            return value, None
        return value, _mark(event)

    def _count_aliased(self, n: int, mark: Mark) -> None:
        self._aliased += n
        if self._aliased > MAX_ALIASED:
            raise _Problem(
                f"the aliases in this file stand for more than {MAX_ALIASED:,} values "
                "(an alias/anchor bomb?); a plan needs anchors only for a few repeated parts",
                mark,
                code="yaml-too-large",
            )

    def _node(self, event: Any, depth: int) -> tuple[Any, int, Node | None]:
        """The value an event starts, how many values it stands for, and its positions."""
        value: Any
        node: Node | None = None
        if isinstance(event, yaml.AliasEvent):
            mark = _mark(event)
            if event.anchor not in self._anchors:  # also an alias that names itself
                raise _Problem(f"alias '*{event.anchor}' names no anchor", mark)
            value, size = self._anchors[event.anchor]
            self._count_aliased(size, mark)
            return value, size, None  # inside an alias, findings point at the alias
        if isinstance(event, yaml.ScalarEvent):
            if event.tag and event.tag != "!":
                value = _tagged(event.tag, event.value, _mark(event))
            elif event.implicit[0]:  # plain (unquoted) scalar
                value = resolve_plain(event.value)
            else:
                value = event.value
            if isinstance(value, str) and len(value) <= _SHARED_LENGTH:
                value = self._shared(value)
            size = 1 + len(event.value) // _TEXT_UNIT
        elif depth >= MAX_DEPTH:
            raise _Problem(
                f"the file nests deeper than {MAX_DEPTH} levels; a plan never needs that",
                _mark(event),
                code="yaml-too-deep",
            )
        elif isinstance(event, yaml.SequenceStartEvent):
            _collection_tag(event.tag, "seq", _mark(event))
            value, size, node = self._sequence(depth)
        elif isinstance(event, yaml.MappingStartEvent):
            _collection_tag(event.tag, "map", _mark(event))
            value, size, node = self._mapping(depth)
        else:  # pragma: no cover - libyaml guarantees the grammar
            raise _Problem("unexpected YAML structure", _mark(event))
        anchor = getattr(event, "anchor", None)
        if anchor:
            self._anchors[anchor] = (value, size)
        return value, size, node

    def _sequence(self, depth: int) -> tuple[list[Any], int, Node]:
        items: list[Any] = []
        size = 1
        node = Node(None)
        marks = node.marks
        next_event = self._next
        event = next_event()
        while type(event) is not _SEQUENCE_END:
            at = event.start_mark
            marks.append(at.line + 1)
            marks.append(at.column + 1)
            if type(event) is _SCALAR and event.tag is None and event.anchor is None:
                items.append(self._plain(event))  # the common case, without _node's dispatch
                size += 1 + len(event.value) // _TEXT_UNIT
            else:
                value, n, child = self._node(event, depth + 1)
                if child is not None:
                    node.set_child(len(items), child)
                items.append(value)
                size += n
            event = next_event()
        return items, size, node

    def _plain(self, event: Any) -> Any:
        """An untagged scalar without an anchor: what ``_node`` makes of it, for less."""
        text = event.value
        value = resolve_plain(text) if event.implicit[0] else text
        if type(value) is str and len(value) <= _SHARED_LENGTH:
            found = self._strings.get(value)
            return found if found is not None else self._shared(value)
        return value

    def _alias_key(self, event: Any) -> Any:
        """``*k: value`` where ``&k`` anchored a name: the key is that name."""
        named = self._anchors.get(event.anchor or "")
        if named is None or not isinstance(named[0], str):
            return event
        self._count_aliased(named[1], _mark(event))
        return yaml.ScalarEvent(None, None, (True, False), named[0], event.start_mark)

    def _shared(self, text: str) -> str:
        """One str object for each short text that repeats (keys, ids, statuses, times).

        Each key and value of a plan is a new str from libyaml: a 50,000-event plan
        would hold 750,000 copies of a dozen key names (35 MB). The pool is bounded,
        so a plan of only distinct texts costs no more than without it.
        """
        found = self._strings.get(text)
        if found is not None:
            return found
        if len(self._strings) < _SHARED_COUNT:
            self._strings[text] = text
        return text

    def _key(self, event: Any) -> str:
        """The text of a mapping key; a _Problem if the event cannot be one."""
        if isinstance(event, yaml.AliasEvent):
            event = self._alias_key(event)
        if not isinstance(event, yaml.ScalarEvent):
            raise _Problem(
                "a mapping key must be a plain name, not a list or mapping", _mark(event)
            )
        if event.tag and event.tag not in ("!", _TAG_PREFIX + "str", "!!str"):
            raise _Problem(
                f"a mapping key takes no tag ('{event.tag}'); write the name", _mark(event)
            )
        key = resolve_plain(event.value) if event.implicit[0] else event.value
        if not isinstance(key, str):
            key = event.value
        key = self._shared(key) if len(key) <= _SHARED_LENGTH else key
        if event.anchor:  # `&k key: 1` anchors the key's text, which `*k` may repeat
            self._anchors[event.anchor] = (key, 1 + len(key) // _TEXT_UNIT)
        return str(key)

    def _mapping(self, depth: int) -> tuple[dict[str, Any], int, Node]:
        result: dict[str, Any] = {}
        size = 1
        marks = array("I")
        children: dict[int, Node] = {}
        positions: dict[str, int] | None = None  # built at the first duplicate only
        next_event = self._next
        strings = self._strings
        event = next_event()
        while type(event) is not _MAPPING_END:
            at = event.start_mark
            if type(event) is _SCALAR and event.tag is None and event.anchor is None:
                # An untagged key is its text as written, whatever it would resolve to.
                key = event.value
                if len(key) <= _SHARED_LENGTH:
                    key = strings.get(key) or self._shared(key)
            else:
                key = self._key(event)
            if key in result:
                if positions is None:
                    positions = {k: i for i, k in enumerate(result)}
                first = positions[key]
                here = Mark(at.line + 1, at.column + 1)
                self.duplicates.append(
                    (result, key, here, Mark(marks[4 * first], marks[4 * first + 1]))
                )
                dropped, n, _ = self._node(self._next(), depth + 1)  # parsed; the first kept
                self.dropped.append((dropped, result, key))
                n += 1 + len(key) // _TEXT_UNIT
            else:
                value_event = next_event()
                to = value_event.start_mark
                marks.extend((at.line + 1, at.column + 1, to.line + 1, to.column + 1))
                if (
                    type(value_event) is _SCALAR
                    and value_event.tag is None
                    and value_event.anchor is None
                ):
                    value = self._plain(value_event)
                    n = 1 + len(value_event.value) // _TEXT_UNIT
                else:
                    value, n, child = self._node(value_event, depth + 1)
                    if child is not None:
                        children[len(result)] = child
                if positions is not None:
                    positions[key] = len(result)
                result[key] = value
                n += 1 + len(key) // _TEXT_UNIT  # a key is work too (an unknown one, a finding)
            size += n
            event = next_event()
        keys = tuple(result)
        node = Node.mapping(
            self._shapes.setdefault(keys, keys) if len(self._shapes) < 4096 else keys
        )
        node.marks = marks
        for index, child in children.items():
            node.set_child(index, child)
        return result, size, node


def _path_to(root: Any, target: object, dropped: list[tuple[Any, dict[str, Any], str]]) -> Path:
    """The path of the mapping ``target`` inside ``root`` (the first, where aliases share it),
    or inside the value of a repeated key that was dropped (then under that key's path).

    Only duplicate keys need a path while loading, and they are rare: finding it
    afterwards keeps the builder from carrying a path for every value.
    """
    found = _search(root, target, ())
    for value, mapping, key in dropped if found is None else ():
        inside = _search(value, target, ())
        if inside is not None:
            return (*_path_to(root, mapping, dropped), key, *inside)
    return found or ()


def _search(root: Any, target: object, start: Path) -> Path | None:
    stack: list[tuple[Any, Path]] = [(root, start)]
    seen: set[int] = set()
    while stack:
        value, path = stack.pop()
        if value is target:
            return path
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, dict):
            stack.extend((child, (*path, key)) for key, child in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((child, (*path, i)) for i, child in reversed(list(enumerate(value))))
    return None


def _decoded(text: str | bytes) -> str:
    """The text, for the messages of a syntax error (marks count characters, not bytes)."""
    return text if isinstance(text, str) else text.decode("utf-8", "replace")


def _parser(text: str | bytes) -> Any:
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


def load_text(text: str | bytes, file: str) -> Loaded:
    """Parse one plan's text (or its UTF-8 bytes, already checked to decode).

    Never raises for a problem in the text: it becomes a finding.
    """
    source = SourceMap(file)
    findings: list[Finding] = []
    parser = _parser(text)
    builder = _Builder(_next_event(parser), source)
    try:
        with paused_gc():
            data, more = builder.document()
    except yaml.MarkedYAMLError as exc:
        return Loaded(None, source, [_yaml_error_finding(exc, file, _decoded(text))])
    except yaml.reader.ReaderError as exc:
        return Loaded(None, source, [_reader_error_finding(exc, file, _decoded(text))])
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
    for mapping, key, mark, first in builder.duplicates:
        path = (*_path_to(data, mapping, builder.dropped), key)
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
        mark = source.root_mark
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
