"""Less memory per modelled item: one shared "fields set" per shape of item.

pydantic keeps, on every model instance, the set of field names the input gave
(``__pydantic_fields_set__``): about 700 bytes for an event, 35 MB for a
50,000-event plan, although a plan's events come in a handful of shapes. The
plan's models are frozen, and pydantic only reads that set (``model_copy`` and
``copy`` give the copy a set of its own), so instances with the same fields can
share one set object. Nothing in tourctl reads it; sharing keeps
``model_fields_set`` right for every instance.
"""

from __future__ import annotations

import functools
from typing import Any, get_args

from pydantic import BaseModel


def share_field_sets(root: BaseModel) -> None:
    """Make every model under ``root`` with the same set fields share one set object."""
    pool: dict[frozenset[str], set[str]] = {}
    stack: list[BaseModel] = [root]
    while stack:
        model = stack.pop()
        fields = model.__pydantic_fields_set__
        shared = pool.setdefault(frozenset(fields), fields)
        if shared is not fields:
            object.__setattr__(model, "__pydantic_fields_set__", shared)
        values = model.__dict__
        for name in _holding_models(type(model)):
            value = values.get(name)
            if isinstance(value, BaseModel):
                stack.append(value)
            elif isinstance(value, list):
                stack.extend(item for item in value if isinstance(item, BaseModel))


@functools.cache
def _holding_models(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` whose type has a model in it (``list[Venue]``, ``Tour``)."""
    return tuple(name for name, field in model.model_fields.items() if _has_model(field.annotation))


def _has_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_has_model(arg) for arg in get_args(annotation))
