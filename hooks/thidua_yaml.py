"""Safe YAML reading that remembers the line of every key and item, so errors can name them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One problem found in the data: where it is and what to do about it."""

    file: str
    line: int | None
    field: str
    message: str
    hint: str = ""

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class DataError(Exception):
    """Raised with every problem found in the data, never just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.format())

    def format(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the campaign data:"
        return "\n".join([head, *("  " + p.format() for p in self.problems)])


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


def read_yaml(path: Path, shown_as: str) -> tuple[Located | None, list[Problem]]:
    """Read one YAML file safely; return it with its line map, or the problems that stop it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(shown_as, None, "", "file not found", "create it or restore it from git")]
    except UnicodeDecodeError as exc:
        return None, [Problem(shown_as, None, "", f"not UTF-8 text ({exc.reason})", "save the file as UTF-8")]
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located({}, {(): 1}), []
        lines: dict[Loc, int] = {}
        data = _build(node, loader, (), lines)
        return Located(data, lines), []
    except _DuplicateKey as dup:
        return None, [
            Problem(
                shown_as,
                dup.line,
                dup.key,
                f"key given twice (first on line {dup.first_line})",
                "keep one of them",
            )
        ]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            what += f" ({exc.context.removeprefix('while ')} that starts on line {exc.context_mark.line + 1})"
        where_col = f", column {column}" if column else ""
        return None, [
            Problem(
                shown_as,
                line,
                "",
                f"YAML syntax error{where_col}: {what}",
                "check indentation, colons and quotes on this line and the one before",
            )
        ]
    except yaml.YAMLError as exc:  # pragma: no cover - every YAML error we know carries a mark
        return None, [Problem(shown_as, None, "", f"YAML error: {exc}", "check the file's syntax")]
    finally:
        loader.dispose()
