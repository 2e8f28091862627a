"""JSON documents written in pieces: what ``json.dumps(payload, indent=2)`` gives, never whole.

A validate run with 300,000 findings, or ``show --format json`` of 50,000
events, would otherwise hold the payload's dictionaries and then one string of
tens of megabytes at once. Here each item of a top-level list (or iterable)
is encoded on its own and written in buffered chunks, so the peak is one item;
an iterable value (a generator of findings as dictionaries) is never a list at
all. The bytes are exactly ``json.dumps(payload, indent=2) + "\\n"`` (a test
compares them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any, TextIO

_CHUNK = 1 << 16


def write_json(payload: object, out: TextIO) -> None:
    """A JSON document and a newline: the one way every reporter writes JSON."""
    ascii_only = not _can_encode(out)
    buffer: list[str] = []
    size = 0
    for piece in _document(payload, ascii_only):
        buffer.append(piece)
        size += len(piece)
        if size >= _CHUNK:
            out.write("".join(buffer))
            buffer, size = [], 0
    buffer.append("\n")
    out.write("".join(buffer))


def _document(payload: object, ascii_only: bool) -> Iterator[str]:
    if not isinstance(payload, Mapping):
        yield _dumps(_listed(payload), ascii_only)
        return
    if not payload:
        yield "{}"
        return
    yield "{"
    for n, (key, value) in enumerate(payload.items()):
        yield ("\n  " if n == 0 else ",\n  ") + _dumps(str(key), ascii_only) + ": "
        if _streamed(value):
            yield from _array(value, ascii_only)
        else:
            yield _indented(_dumps(value, ascii_only), "  ")
    yield "\n}"


def _array(items: Iterable[Any], ascii_only: bool) -> Iterator[str]:
    empty = True
    for item in items:
        text = _flat(item, ascii_only)
        if text is None:
            text = _indented(_dumps(item, ascii_only), "    ")
        yield ("[\n    " if empty else ",\n    ") + text
        empty = False
    yield "[]" if empty else "\n  ]"


def _flat(item: object, ascii_only: bool) -> str | None:
    """An item that is a mapping of text keys to text, whole numbers, booleans or null (a
    finding), at the indentation of a top-level list's items; None for anything else.

    json's encoder is pure Python once ``indent`` is given, about 15 µs a finding;
    here each value goes through json's C string encoder directly.
    """
    if type(item) is not dict or not item:
        return None
    quote = encode_basestring_ascii if ascii_only else encode_basestring
    parts = []
    for key, value in item.items():
        if type(key) is not str:
            return None
        if type(value) is str:
            text = quote(value)
        elif type(value) is int:
            text = int.__repr__(value)
        elif value is None or type(value) is bool:
            text = "null" if value is None else ("true" if value else "false")
        else:
            return None
        parts.append(f"{quote(key)}: {text}")
    return "{\n      " + ",\n      ".join(parts) + "\n    }"


def _streamed(value: object) -> bool:
    """A list, tuple or other iterable (not text, not a mapping): written item by item."""
    return isinstance(value, Iterable) and not isinstance(value, (str, bytes, Mapping))


def _listed(value: object) -> object:
    if isinstance(value, Iterable) and _streamed(value) and not isinstance(value, (list, tuple)):
        return list(value)
    return value


def _dumps(value: object, ascii_only: bool) -> str:
    return json.dumps(_listed(value), ensure_ascii=ascii_only, indent=2)


def _indented(text: str, prefix: str) -> str:
    return text.replace("\n", "\n" + prefix)


def _can_encode(out: TextIO) -> bool:
    encoding = (getattr(out, "encoding", None) or "utf-8").lower().replace("_", "-")
    return encoding.startswith("utf")
