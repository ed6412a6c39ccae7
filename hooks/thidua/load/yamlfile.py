"""Safe YAML reading that remembers the line of every key and item, so errors can name them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from thidua.model.problems import Msg, Problem

Loc = tuple[str | int, ...]


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
