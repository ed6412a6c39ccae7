"""Safe YAML reading that remembers the line of every key and item, so errors can name them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from thidua_strings import t

Loc = tuple[str | int, ...]


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
        values = {name: value.render(lang) if isinstance(value, Msg) else value for name, value in self.params}
        return t(lang, self.key).format(**values)


@dataclass(frozen=True)
class Problem:
    """One problem found in the data: where it is and what to do about it.

    `message` and `hint` are the English text; `msg` and `hint_msg`, when set, render it in
    another language. Build keyed problems with `Problem.keyed`.
    """

    file: str
    line: int | None
    field: str
    message: str
    hint: str = ""
    msg: Msg | None = None
    hint_msg: Msg | None = None

    @classmethod
    def keyed(cls, file: str, line: int | None, field: str, msg: Msg, hint: Msg | None = None) -> "Problem":
        """A problem whose message (and hint) are looked up by key, in English and every other language."""
        return cls(file, line, field, msg.render("en"), hint.render("en") if hint else "", msg, hint)

    def text(self, lang: str = "en") -> tuple[str, str]:
        """The message and the hint in `lang` (English text where there is no key)."""
        message = self.msg.render(lang) if self.msg is not None else self.message
        hint = self.hint_msg.render(lang) if self.hint_msg is not None else self.hint
        return message, hint

    def format(self, lang: str = "en") -> str:
        message, hint = self.text(lang)
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.field}: {message}" if self.field else f"{where}: {message}"
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


@dataclass
class Located:
    """A parsed YAML document with the 1-based line of every path in it."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int | None:
        """The line of the deepest existing prefix of `loc`."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get(())


def field_path(loc: Loc) -> str:
    """Render a location as `a.b[0].c`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int, first_line: int):
        self.key, self.line, self.first_line = key, line, first_line


def _build(node: yaml.Node, loader: yaml.SafeLoader, loc: Loc, lines: dict[Loc, int]) -> Any:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int)):
                key = str(key)
            if key in result:
                raise _DuplicateKey(field_path(loc + (key,)), key_node.start_mark.line + 1, lines[loc + (key,)])
            child = loc + (key,)
            result[key] = _build(value_node, loader, child, lines)
            # A key's own line is where errors about it point, even for a block value below it.
            lines[child] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loader, loc + (i,), lines) for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:
        # e.g. 2021-02-30 looks like a date but is none: keep the text, the model reports it.
        return node.value


# libyaml, PyYAML's C parser, composes a file about ten times faster than the pure-Python one
# (most of a large build's load time) and marks nodes with the same lines. A file it rejects is
# composed again by the pure-Python parser, which raises the error messages users are shown.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _compose(text: str) -> tuple[yaml.SafeLoader, yaml.Node | None]:
    """The loader (for constructing values) and the YAML node tree of one document."""
    if _FAST_LOADER is not None:
        loader = _FAST_LOADER(text)
        try:
            return loader, loader.get_single_node()
        except yaml.YAMLError:
            loader.dispose()
    loader = yaml.SafeLoader(text)
    try:
        return loader, loader.get_single_node()
    except yaml.YAMLError:
        loader.dispose()
        raise


def read_yaml(path: Path, shown_as: str) -> tuple[Located | None, list[Problem]]:
    """Read one YAML file safely; return it with its line map, or the problems that stop it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem.keyed(shown_as, None, "", Msg.of("error.file_not_found"), Msg.of("error.file_not_found.hint"))]
    except UnicodeDecodeError as exc:
        return None, [
            Problem.keyed(shown_as, None, "", Msg.of("error.not_utf8", reason=exc.reason), Msg.of("error.not_utf8.hint"))
        ]
    loader = None
    try:
        loader, node = _compose(text)
        if node is None:
            return Located({}, {(): 1}), []
        lines: dict[Loc, int] = {}
        data = _build(node, loader, (), lines)
        return Located(data, lines), []
    except _DuplicateKey as dup:
        return None, [
            Problem.keyed(
                shown_as,
                dup.line,
                dup.key,
                Msg.of("error.duplicate_key", first_line=dup.first_line),
                Msg.of("error.duplicate_key.hint"),
            )
        ]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            what += f" ({exc.context.removeprefix('while ')} that starts on line {exc.context_mark.line + 1})"
        msg = Msg.of("error.yaml_syntax.column", column=column, what=what) if column else Msg.of("error.yaml_syntax", what=what)
        return None, [Problem.keyed(shown_as, line, "", msg, Msg.of("error.yaml_syntax.hint"))]
    except yaml.YAMLError as exc:  # pragma: no cover - every YAML error we know carries a mark
        return None, [Problem.keyed(shown_as, None, "", Msg.of("error.yaml_other", detail=str(exc)), Msg.of("error.yaml_other.hint"))]
    finally:
        if loader is not None:
            loader.dispose()
