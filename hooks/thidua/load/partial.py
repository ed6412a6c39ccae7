"""What can be read of a file that fails validation, so the rules across files still check the rest of it.

A file with one bad field (a date written 16/04/2021) is still read field by field: every field that
validates keeps its value, every one that does not becomes BROKEN. A rule that touches a BROKEN value
raises Broken and is skipped (`unless_broken`), so the file's other problems (an unknown unit, a
missing photo) are reported in the same run as the bad date, and nothing is reported twice or made up
from a value that was not read. Partial models only ever feed the checks: a file with a problem stops
the build, so they never reach a page.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError


class Broken(Exception):
    """Raised by a rule that touched a value that could not be read."""


class _BrokenValue:
    """A value that failed validation: any use of it raises Broken."""

    __slots__ = ()

    def _broken(self, *args: object, **kwargs: object):
        raise Broken

    __getattr__ = __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __hash__ = _broken
    __iter__ = __len__ = __bool__ = __contains__ = __getitem__ = __str__ = __format__ = _broken
    __add__ = __radd__ = __sub__ = __rsub__ = __int__ = __index__ = __float__ = __fspath__ = _broken

    def __repr__(self) -> str:
        return "<not readable>"


BROKEN: Any = _BrokenValue()


@contextmanager
def unless_broken() -> Iterator[None]:
    """Run a rule; skip the rest of it if it touches a value that could not be read."""
    try:
        yield
    except Broken:
        pass


def is_broken(value: object) -> bool:
    return value is BROKEN


def readable(value: Any) -> Any:
    """`value`, or Broken raised if it could not be read (for uses no operator catches, e.g. isinstance)."""
    if value is BROKEN:
        raise Broken
    return value


@lru_cache(maxsize=None)
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter:
    field = model.model_fields[name]
    return TypeAdapter(Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation)


def _branches(annotation: Any) -> list[Any]:
    """The types an annotation allows, Optional and Annotated taken apart."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _branches(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [b for arg in typing.get_args(annotation) for b in _branches(arg)]
    return [annotation]


def _value(annotation: Any, value: Any, adapter: TypeAdapter | None = None) -> Any:
    """`value` validated as `annotation`; where it fails, what can be read of it (models and lists are
    read part by part), else BROKEN."""
    try:
        return (adapter or TypeAdapter(annotation)).validate_python(value)
    except ValidationError:
        pass
    branches = _branches(annotation)
    models = [b for b in branches if isinstance(b, type) and issubclass(b, BaseModel)]
    if isinstance(value, dict) and len(models) == 1:
        return partial(models[0], value)
    lists = [b for b in branches if typing.get_origin(b) is list]
    if isinstance(value, list) and len(lists) == 1:
        (item,) = typing.get_args(lists[0]) or (Any,)
        return [_value(item, v) for v in value]
    return BROKEN


def partial(model: type[BaseModel], data: Any) -> Any:
    """An instance of `model` with every field of `data` that validates, the others BROKEN (a required
    field that is missing too); BROKEN when `data` is not a mapping. For the checks only."""
    if not isinstance(data, dict):
        return BROKEN
    values: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if name in data:
            values[name] = _value(field.annotation, data[name], _adapter(model, name))
        elif field.is_required():
            values[name] = BROKEN
    return model.model_construct(**values)
