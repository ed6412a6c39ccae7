"""The problems found in the data, and messages by key rendered in any language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from thidua.model.strings import t


@dataclass(frozen=True)
class Msg:
    """A message by key (`error.*` in hooks/strings/) with its parameters, rendered in any language.

    A parameter may itself be a Msg (e.g. a kind's name), rendered in the same language.
    """

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, **params: Any) -> "Msg":
        return cls(key, tuple(params.items()))

    def render(self, lang: str = "en") -> str:
        """The message in `lang` (falls back to Vietnamese, then to the key)."""
        values = {name: value.render(lang) if isinstance(value, Renderable) else value for name, value in self.params}
        return t(lang, self.key).format(**values)


@runtime_checkable
class Renderable(Protocol):
    """A message's part that has words of its own in each language (a Msg, a Field, a list of choices)."""

    def render(self, lang: str = "en") -> str: ...


@dataclass(frozen=True)
class Choices:
    """Values to pick from, joined as each language says it: "a, b hoặc c", "a, b or c"."""

    values: tuple[str | Renderable, ...]

    def render(self, lang: str = "en") -> str:
        shown = [v.render(lang) if isinstance(v, Renderable) else v for v in self.values]
        if len(shown) < 2:
            return "".join(shown)
        return ", ".join(shown[:-1]) + t(lang, "error.schema.or") + shown[-1]


@dataclass(frozen=True)
class Field:
    """A field of a data file as a clerk reads it: the keys as written in the file, each list item by
    what names it (a decision by its number, an entry by its id, else its position counted from 1),
    e.g. "decisions › quyết định số 12/QĐ-SCT › awarded › mục thứ 3" for decisions[0].awarded[2]."""

    parts: tuple[str | Msg, ...]

    def render(self, lang: str = "en") -> str:
        return " › ".join(part.render(lang) if isinstance(part, Msg) else part for part in self.parts)


@dataclass(frozen=True)
class Problem:
    """One problem found in the data: where it is and what to do about it.

    `message` and `hint` are the English text; `msg` and `hint_msg`, when set, render it in
    another language. `field` is the field's path (`decisions[0].awarded[2]`); `where`, when set, is
    how messages name it to a clerk. Build keyed problems with `Problem.keyed`.
    """

    file: str
    line: int | None
    field: str
    message: str
    hint: str = ""
    msg: Msg | None = None
    hint_msg: Msg | None = None
    where: Field | None = None

    @classmethod
    def keyed(
        cls, file: str, line: int | None, field: str, msg: Msg, hint: Msg | None = None, where: Field | None = None
    ) -> "Problem":
        """A problem whose message (and hint) are looked up by key, in English and every other language."""
        return cls(file, line, field, msg.render("en"), hint.render("en") if hint else "", msg, hint, where)

    def text(self, lang: str = "en") -> tuple[str, str]:
        """The message and the hint in `lang` (English text where there is no key)."""
        message = self.msg.render(lang) if self.msg is not None else self.message
        hint = self.hint_msg.render(lang) if self.hint_msg is not None else self.hint
        return message, hint

    def field_name(self, lang: str = "en") -> str:
        """The field as messages name it in `lang`."""
        return self.where.render(lang) if self.where is not None else self.field

    def format(self, lang: str = "en") -> str:
        message, hint = self.text(lang)
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = self.field_name(lang)
        text = f"{where}: {field}: {message}" if field else f"{where}: {message}"
        return f"{text} ({hint})" if hint else text


class DataError(Exception):
    """Raised with every problem found in the data, never just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.format())

    def format(self, lang: str = "en") -> str:
        """Every problem under a count line; English unless `lang` says otherwise (the build log is English)."""
        count = len(self.problems)
        head = Msg.of("error.head.one" if count == 1 else "error.head.other", count=count).render(lang)
        return "\n".join([head, *("  " + p.format(lang) for p in self.problems)])
