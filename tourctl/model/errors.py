"""pydantic's validation errors → findings a non-programmer can act on.

pydantic reports ``loc=("events", 3, "start")`` and a message written for
programmers. Here each error becomes a finding at the file:line:column of the
offending value (or key), with the plan path and plain words.
"""

from __future__ import annotations

from difflib import get_close_matches
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from tourctl.findings import Finding, Path, Severity
from tourctl.load import SourceMap
from tourctl.model.plan import ENDPOINT_PLACE, ENDPOINT_VENUE, Plan

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
    model: Any = Plan
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = model.model_fields.get(str(part))
        if field is None:
            return None
        model = _unwrap(field.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


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
        field = model.model_fields.get(key)
        if field is None or not field.is_required():
            return tuple(loc[:end])
    return None


def _unknown_key(loc: tuple[int | str, ...]) -> str:
    key = str(loc[-1])
    model = _model_at(loc)
    known = sorted(model.model_fields) if model else []
    close = get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f"unknown key '{key}'; did you mean '{close[0]}'?"
    listed = f"; known keys here: {', '.join(known)}" if known else ""
    return f"unknown key '{key}'{listed}"


def clean_loc(loc: tuple[int | str, ...]) -> Path:
    """Drop pydantic's type-tag segments (``function-after[...]``) that are not plan keys."""
    skip = {"str", "int", ENDPOINT_VENUE, ENDPOINT_PLACE}
    return tuple(p for p in loc if isinstance(p, int) or not ("[" in p or p in skip))


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
    ctx.setdefault("input", value)
    ctx["quote_hint"] = (
        ' (put it in quotes, e.g. "+420 601 234 567")'
        if isinstance(value, (int, float)) and not isinstance(value, bool)
        else ""
    )
    if kind == "enum":
        options = [
            o.strip(" '") for o in str(ctx.get("expected", "")).replace(" or ", ",").split(",")
        ]
        close = [_SAFER[str(value).casefold()]] if _is_visibility(options, value) else []
        close = close or get_close_matches(str(value), options, n=1, cutoff=0.5)
        ctx["expected"] = ", ".join(o for o in options if o)
        ctx["hint"] = f"; did you mean '{close[0]}'?" if close else ""
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
    """Each error as a finding; ``data`` (the plan as loaded) lets a message use the rest of
    the plan (``model.hints``: a name where an id belongs, the city's zone)."""
    from tourctl.model.hints import contextual

    findings: list[Finding] = []
    seen: set[tuple[Path, str]] = set()
    for error in exc.errors(include_url=False):
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
