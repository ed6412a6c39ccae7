"""Pydantic's validation errors as problems with file, line, field path and a fix."""

from __future__ import annotations

import difflib
import re
import types
from dataclasses import dataclass
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from thidua.load.yamlfile import Loc, Located, field_path
from thidua.model.problems import Choices, Msg, Problem
from thidua.model.strings import keys, t

# pydantic error type -> (message key, hint key or ""), rendered through the strings files; a message
# may name the limit the error's context gives ({limit}). Other types keep pydantic's English ({detail}).
_MESSAGES = {
    "missing": ("error.schema.missing", "error.schema.missing.hint"),
    "extra_forbidden": ("error.schema.unknown_key", ""),
    "string_pattern_mismatch": ("error.schema.not_an_id", "error.schema.not_an_id.hint"),
    "date_from_datetime_parsing": ("error.schema.not_a_date", "error.schema.not_a_date.hint"),
    "date_parsing": ("error.schema.not_a_date", "error.schema.not_a_date.hint"),
    "date_type": ("error.schema.not_a_date", "error.schema.not_a_date.hint"),
    "string_too_short": ("error.schema.empty_text", "error.schema.empty_text.hint"),
    "too_short": ("error.schema.empty_text", "error.schema.empty_list.hint"),
    "int_parsing": ("error.schema.int", ""),
    "int_type": ("error.schema.int", ""),
    "int_from_float": ("error.schema.int", ""),
    "bool_parsing": ("error.schema.bool", ""),
    "bool_type": ("error.schema.bool", ""),
    "string_type": ("error.schema.string", "error.schema.string.hint"),
    "list_type": ("error.schema.list", ""),
    "model_type": ("error.schema.mapping", ""),
    "model_attributes_type": ("error.schema.mapping", ""),
    "dict_type": ("error.schema.mapping", ""),
    "greater_than": ("error.schema.gt", ""),
    "greater_than_equal": ("error.schema.ge", ""),
    "less_than": ("error.schema.lt", ""),
    "less_than_equal": ("error.schema.le", ""),
    "string_too_long": ("error.schema.too_long", ""),
}
# Where an error's context keeps the limit a message names.
_LIMITS = ("gt", "ge", "lt", "le", "max_length")
_QUOTED = re.compile(r"'([^']*)'")


@dataclass(frozen=True)
class _Value:
    """An allowed value, with its meaning where the language's strings give one ("collective (tập thể)")."""

    value: str

    def render(self, lang: str = "en") -> str:
        key = f"value.{self.value}"
        return t(lang, "error.schema.value", value=self.value, meaning=t(lang, key)) if key in keys(lang) else self.value


def _choices(expected: str) -> Choices:
    """The values a literal allows (pydantic gives "'a', 'b' or 'c'"), as the language joins them."""
    return Choices(tuple(_Value(v) for v in _QUOTED.findall(expected) or [expected]))


def _strip_optional(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) for a in _strip_optional(arg)]
    if origin is typing.Annotated:
        return _strip_optional(typing.get_args(annotation)[0])
    return [annotation]


def _allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys a model accepts at `loc` (used to suggest a fix for an unknown key)."""
    candidates: list[Any] = [model]
    for part in loc:
        nxt: list[Any] = []
        for cand in candidates:
            if isinstance(part, int):
                if typing.get_origin(cand) is list:
                    nxt.extend(_strip_optional(typing.get_args(cand)[0]))
            elif isinstance(cand, type) and issubclass(cand, BaseModel) and part in cand.model_fields:
                nxt.extend(_strip_optional(cand.model_fields[part].annotation))
        candidates = nxt
    keys: list[str] = []
    for cand in candidates:
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            keys.extend(k for k in cand.model_fields if k not in keys)
    return keys


def _data_loc(data: Any, loc: tuple, error_type: str) -> Loc:
    """Keep only the parts of a pydantic location that exist in the data (drops union type tags)."""
    out: list[Any] = []
    node = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif last and error_type == "missing" and isinstance(node, dict) and isinstance(part, str):
            out.append(part)
        elif isinstance(part, str) and (part[:1].isupper() or part in {"str", "constrained-str"}):
            continue  # a union branch tag, not a key
        elif last and isinstance(part, str):
            out.append(part)
    return tuple(out)


def _wrong_branch(data: Any, loc: tuple) -> bool:
    """True for an error from a union branch that does not fit the data's shape."""
    node = data
    for part in loc:
        if isinstance(part, str) and (part[:1].isupper() or part in {"str", "constrained-str"}):
            is_model_tag = part[:1].isupper()
            return is_model_tag != isinstance(node, dict)
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return False
    return False


def validation_problems(
    exc: ValidationError, located: Located, shown_as: str, model: type[BaseModel]
) -> list[Problem]:
    """Problems with file, line and field path for every error of a pydantic validation."""
    problems: list[Problem] = []
    seen: set[tuple] = set()
    errors = [e for e in exc.errors() if not _wrong_branch(located.data, e["loc"])] or exc.errors()
    for err in errors:
        loc = _data_loc(located.data, err["loc"], err["type"])
        key = (loc, err["type"])
        if key in seen:
            continue
        seen.add(key)
        detail = err["msg"][:1].lower() + err["msg"][1:]
        if err["type"] in _MESSAGES:
            message_key, hint_key = _MESSAGES[err["type"]]
            ctx = err.get("ctx") or {}
            limit = next((ctx[k] for k in _LIMITS if k in ctx), "")
            message, hint = Msg.of(message_key, limit=limit), Msg.of(hint_key) if hint_key else None
        else:
            message, hint = Msg.of("error.schema.other", detail=detail), None
        if err["type"] == "extra_forbidden":
            allowed = _allowed_keys(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
            if not allowed:
                hint = Msg.of("error.schema.unknown_key.remove")
            elif close:
                hint = Msg.of("error.schema.unknown_key.close", close=close[0], allowed=", ".join(allowed))
            else:
                hint = Msg.of("error.schema.unknown_key.allowed", allowed=", ".join(allowed))
        elif err["type"] == "literal_error":
            expected = _choices(str(err.get("ctx", {}).get("expected", "")))
            message, hint = Msg.of("error.schema.not_allowed"), Msg.of("error.schema.not_allowed.hint", expected=expected)
        problems.append(Problem.keyed(shown_as, located.line_of(loc), field_path(loc), message, hint, located.where(loc)))
    return problems
