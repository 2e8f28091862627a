"""pydantic's validation errors → findings a non-programmer can act on.

pydantic reports ``loc=("events", 3, "start")`` and a message written for
programmers. Here each error becomes a finding at the file:line:column of the
offending value (or key), with the plan path and plain words.
"""

from __future__ import annotations

import functools
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from tourctl.findings import Finding, Path, Severity, format_path
from tourctl.load import SourceMap
from tourctl.model.plan import ENDPOINT_PLACE, ENDPOINT_VENUE, Plan, shown
from tourctl.text import CloseMatch

_PLAIN = {
    "string_type": "expected text here{quote_hint}",
    "int_type": "expected a whole number here",
    "int_parsing": "expected a whole number here",
    "int_from_float": "expected a whole number here",
    "float_type": "expected a number here",
    "float_parsing": "expected a number here",
    "bool_type": "expected true or false here (in YAML 1.2, yes/no/on/off are text)",
    "list_type": "expected a list here (like [a, b], or lines starting with '- ')",
    "tuple_type": "expected a list here, like [50.087, 14.421]",
    "model_type": "expected a mapping of keys here (key: value lines)",
    "model_attributes_type": "expected a mapping of keys here (key: value lines)",
    "dict_type": "expected a mapping of keys here (key: value lines)",
    "too_short": "too few items: {detail}",
    "too_long": "too many items: {detail}",
    "greater_than_equal": "must be at least {ge}",
    "literal_error": "must be {expected}",
    "enum": "'{input}' is not allowed here; use one of: {expected}{hint}",
}


_SAFER = {
    **dict.fromkeys(["private", "secret", "hidden", "internal", "staff", "crew", "none"], "team"),
    **dict.fromkeys(["partner", "hosts", "host", "friends", "restricted"], "partners"),
    **dict.fromkeys(["everyone", "all", "open", "world", "published"], "public"),
}
"""Words people write for a visibility, read the safer way: `private` is `team` (close to
`public` as a string, and the opposite of what it means)."""


def _is_visibility(options: list[str], value: object) -> bool:
    return {o for o in options if o} == {"public", "partners", "team"} and (
        str(value).casefold() in _SAFER
    )


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model class that holds the last element of ``loc``."""
    return _model_along(tuple(part for part in loc[:-1] if not isinstance(part, int)))


@functools.cache
def _model_along(keys: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model reached through these field names (list indices left out): remembered, since
    a plan's errors share a handful of shapes and a hostile one has hundreds of thousands."""
    model: Any = Plan
    for part in keys:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = _by_key(model).get(str(part))
        if field is None:
            return None
        model = _model_in(field.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _model_in(annotation: Any, depth: int = 6) -> type[BaseModel] | None:
    """The model a field holds, also as one member of a union (a leg's ``from``: a venue id
    or a place), so an unknown key there gets its "did you mean". Not for ``clean_loc``:
    there a union's member still stands behind pydantic's tag."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if depth == 0:
        return None
    for arg in get_args(annotation):
        found = _model_in(arg, depth - 1)
        if found is not None:
            return found
    return None


@functools.cache
def _by_key(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """A model's fields by the key a plan writes them with: the alias where there is one
    (a leg's ``from``, the field ``from_``), else the name."""
    return {field.alias or name: field for name, field in model.model_fields.items()}


def _unwrap(annotation: Any) -> Any:
    """``list[Venue] | None`` → ``Venue``: the model a field's items are."""
    for _ in range(4):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if get_origin(annotation) is None or not args:
            return annotation
        annotation = args[0]
    return annotation


def removable_prefix(loc: Path) -> Path | None:
    """The deepest part of ``loc`` that can be left out: an unknown key or an optional field.

    Never a whole top-level section or list item (that would shift the positions of
    everything after it). None if nothing in ``loc`` is optional.
    """
    for end in range(len(loc), 2, -1):
        key = loc[end - 1]
        if isinstance(key, int):
            continue
        model = _model_at(tuple(loc[:end]))
        if model is None:
            return None
        field = _by_key(model).get(key)
        if field is None or not field.is_required():
            return tuple(loc[:end])
    return None


def _unknown_key(loc: tuple[int | str, ...]) -> str:
    key = str(loc[-1])
    model = _model_at(loc)
    close = _close_field(model)(key)
    if close is not None:
        return f"unknown key '{shown(key)}'; did you mean '{close}'?"
    known = sorted(_by_key(model)) if model else []
    listed = f"; known keys here: {', '.join(known)}" if known else ""
    return f"unknown key '{shown(key)}'{listed}"


@functools.cache
def _close_field(model: type[BaseModel] | None) -> CloseMatch:
    return CloseMatch(sorted(_by_key(model)) if model else [])


def clean_loc(loc: tuple[int | str, ...]) -> Path:
    """Drop pydantic's type-tag segments (``function-after[...]``) that are not plan keys.

    A tag can only stand inside a value that is not a model (a union's member); where
    the location is in a model, a segment is a key, whatever it looks like: a plan may
    well have an (unknown) key named ``str`` or ``a[0]``.
    """
    path: list[int | str] = []
    model: Any = Plan
    for part in loc:
        if isinstance(part, int):
            path.append(part)
        elif isinstance(model, type) and issubclass(model, BaseModel):
            path.append(part)
            field = _by_key(model).get(part)
            model = _unwrap(field.annotation) if field is not None else None
        elif not ("[" in part or part in _TAGS):
            path.append(part)
    return tuple(path)


_TAGS = frozenset({"str", "int", ENDPOINT_VENUE, ENDPOINT_PLACE})
"""pydantic's names for a union's members: the scalar types and the endpoint tags."""


def _is_endpoint(path: Path) -> bool:
    return len(path) == 3 and path[0] == "travel" and path[2] in ("from", "to")


def _quote_hint(value: object, path: Path) -> str:
    """For a number where text belongs: YAML read ``+420 601 234 567`` or ``2024`` as one."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return ""
    if path and path[-1] == "phone":
        return ' (put it in quotes, e.g. "+420 601 234 567")'
    return f' (put it in quotes: "{value}")'


def _message(error: ErrorDetails, path: Path) -> str:
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    if kind == "missing" and path and isinstance(path[-1], int):
        return (
            "too few items: coordinates are [latitude, longitude]"
            if "coordinates" in path
            else "too few items in this list"
        )
    if kind == "missing":
        return f"'{path[-1]}' is required here; add it" if path else "a required key is missing"
    if kind == "extra_forbidden":
        return _unknown_key(tuple(path))
    if kind == "literal_error" and path == ("version",):
        return "unknown format version; this tourctl reads plans with `version: 1`"
    template = _PLAIN.get(kind)
    if template is None:
        return str(error["msg"])
    value = error.get("input")
    ctx.setdefault("input", shown(value))
    ctx["quote_hint"] = _quote_hint(value, path)
    if kind == "string_type" and _is_endpoint(path) and not isinstance(value, (int, float)):
        return "expected a venue id, or a place: {city: …, country: …, station: …}"
    if kind == "enum":
        options = [
            o.strip(" '") for o in str(ctx.get("expected", "")).replace(" or ", ",").split(",")
        ]
        close = _SAFER[str(value).casefold()] if _is_visibility(options, value) else None
        close = close or CloseMatch(options, cutoff=0.5)(shown(value))
        ctx["expected"] = ", ".join(o for o in options if o)
        ctx["hint"] = f"; did you mean '{close}'?" if close else ""
    if kind in ("too_short", "too_long"):
        ctx["detail"] = (
            "coordinates are [latitude, longitude]" if "coordinates" in path else str(error["msg"])
        )
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return str(error["msg"])


def findings_from_validation_error(
    exc: ValidationError, source: SourceMap, data: object = None
) -> list[Finding]:
    return findings_from_errors(exc.errors(include_url=False), source, data)


class _UnknownKeys:
    """The unknown keys of one mapping: what they share (the model, the path, where the
    mapping is) is worked out once, so 300,000 of them cost microseconds each."""

    def __init__(self, parent: tuple[int | str, ...], source: SourceMap) -> None:
        self.path = clean_loc(parent)
        self.text = format_path(self.path)
        self.model = _model_along(tuple(p for p in self.path if not isinstance(p, int)))
        self.close = _close_field(self.model)
        known = sorted(_by_key(self.model)) if self.model else []
        self.listed = f"; known keys here: {', '.join(known)}" if known else ""
        self.locate = source.children(self.path)
        self.file = source.file

    def finding(self, key: str) -> Finding:
        close = self.close(key)
        hint = f"; did you mean '{close}'?" if close is not None else self.listed
        mark = self.locate(key, key=True)
        return Finding(
            "unknown-key",
            Severity.ERROR,
            f"unknown key '{shown(key)}'{hint}",
            self.file,
            mark.line,
            mark.column,
            f"{self.text}.{key}" if self.text else key,
        )


@functools.cache
def _nested(model: type[BaseModel]) -> dict[str, tuple[type[BaseModel], bool]]:
    """The fields of ``model`` that hold a model (False) or a list of them (True)."""
    nested = {}
    for name, field in _by_key(model).items():
        inner = _unwrap(field.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            options = [field.annotation, *get_args(field.annotation)]
            nested[name] = (inner, any(get_origin(o) is list for o in options))
    return nested


def strip_unknown_keys(data: object) -> list[tuple[Path, str]]:
    """Take the unknown keys out of the plain values, in place, before pydantic sees them.

    pydantic would report each as an error dictionary (some 700 bytes apiece, all at
    once): a plan with 300,000 unknown keys would hold them all, and a 64 MB one
    gigabytes. Found here by a set lookup per key, they cost a tuple each. Only keys
    inside a section's items are taken out (``venues[0].x``, ``tour.organizer.x``), the
    ones the pipeline would leave out anyway; a key unknown at the top level or in
    ``tour`` itself stays for pydantic to report, as before. Returns (mapping path, key)
    pairs, once per place a mapping is written (an aliased mapping at each of its paths).
    """
    found: list[tuple[Path, str]] = []
    taken: dict[int, list[str]] = {}  # by id: a mapping shared through aliases
    if not isinstance(data, dict):
        return found
    for name, (inner, many) in _nested(Plan).items():
        _strip_within(data.get(name), inner, many, (name,), found, taken)
    return found


def _strip_within(
    value: object,
    model: type[BaseModel],
    many: bool,
    path: Path,
    found: list[tuple[Path, str]],
    taken: dict[int, list[str]],
) -> None:
    """``strip_unknown_keys`` in a field's value: a list of items (``many``) or one mapping.
    A value of the wrong shape is left alone: pydantic reports that, and nothing inside it."""
    if many != isinstance(value, list):
        return
    nested = _nested(model)
    fields = _by_key(model).keys()
    items: Any = enumerate(value) if isinstance(value, list) else [(None, value)]
    for index, item in items:
        if not isinstance(item, dict):
            continue
        here = path if index is None else (*path, index)
        if len(here) >= 2 and not item.keys() <= fields:  # set-like: no loop in Python
            extra = taken.get(id(item))
            if extra is None:
                extra = taken[id(item)] = [k for k in item if k not in fields]
                for key in extra:
                    del item[key]
            found.extend((here, key) for key in extra)
        elif id(item) in taken:  # the same mapping again, through an alias
            found.extend((here, key) for key in taken[id(item)])
        for name, (inner, within) in nested.items():
            child = item.get(name)
            if child is not None:
                _strip_within(child, inner, within, (*here, name), found, taken)


def unknown_key_findings(pairs: list[tuple[Path, str]], source: SourceMap) -> list[Finding]:
    """The findings of ``strip_unknown_keys``: as pydantic's would have been, but cheaper."""
    groups: dict[Path, _UnknownKeys] = {}
    findings = []
    for path, key in pairs:
        group = groups.get(path)
        if group is None:
            group = groups[path] = _UnknownKeys(path, source)
        findings.append(group.finding(key))
    return findings


def findings_from_errors(
    errors: list[ErrorDetails], source: SourceMap, data: object = None
) -> list[Finding]:
    """Each error as a finding; ``data`` (the plan as loaded) lets a message use the rest of
    the plan (``model.hints``: a name where an id belongs, the city's zone)."""
    from tourctl.model.hints import contextual

    findings: list[Finding] = []
    seen: set[tuple[Path, str]] = set()
    unknown: dict[tuple[int | str, ...], _UnknownKeys] = {}
    for error in errors:
        loc = error["loc"]
        if error["type"] == "extra_forbidden" and loc:
            group = unknown.get(loc[:-1])
            if group is None:
                group = unknown[loc[:-1]] = _UnknownKeys(loc[:-1], source)
            findings.append(group.finding(str(loc[-1])))  # a mapping's keys are unique
            continue
        path = clean_loc(error["loc"])
        message = contextual(path, error["type"], error.get("input"), data) or _message(error, path)
        if (path, message) in seen:
            continue
        seen.add((path, message))
        kind = error["type"]
        code = {
            "extra_forbidden": "unknown-key",
            "missing": "missing-key",
        }.get(kind, "invalid-value")
        findings.append(
            source.finding(code, Severity.ERROR, message, path, key=kind == "extra_forbidden")
        )
    return findings
