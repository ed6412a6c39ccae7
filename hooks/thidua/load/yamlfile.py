"""Safe YAML reading that remembers the line of every key and item, so errors can name them.

What the office's data never needs is refused before anything is built from it, each with its line:
anchors, aliases and merge keys (a few hundred bytes of nested aliases expand to gigabytes; a
recursive one never ends), nesting past MAX_DEPTH, files past MAX_BYTES, and text holding control
characters other than newline and tab (they make the feed malformed XML). Text is read in NFC.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from thidua.load.yamlerrors import describe as describe_syntax_error
from thidua.model.problems import Field, Msg, Problem

Loc = tuple[str | int, ...]

# No data file comes near these: the campaign's plan is 16 KB and nests 9 levels.
MAX_BYTES = 5_000_000
MAX_DEPTH = 64
# Characters refused in any text of the data: control characters but tab and newline, and what
# XML 1.0 cannot carry (lone surrogates, U+FFFE, U+FFFF), all of which a YAML escape can make.
_BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def bad_character(text: str) -> str | None:
    """The first refused character of `text`, written as U+XXXX, or None."""
    match = _BAD_CHARS.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


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

    def where(self, loc: Loc) -> Field:
        """How messages name the field at `loc` (see Field)."""
        return describe_field(loc, self.data)


def describe_field(loc: Loc, data: Any) -> Field:
    """The field at `loc` as a clerk reads it: keys as written; a list item by its decision number or
    id when it has one (looked up in `data`), else by its position counted from 1."""
    parts: list[str | Msg] = []
    node = data
    for part in loc:
        item = node[part] if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node) else None
        if isinstance(part, int):
            number = item.get("number") if isinstance(item, dict) and parts == ["decisions"] else None
            ident = item.get("id") if isinstance(item, dict) else None
            if isinstance(number, (str, int)) and str(number).strip():
                parts[-1] = Msg.of("field.decision", number=str(number).strip())  # "decision No. X", not "decisions › ..."
            elif isinstance(ident, str) and ident.strip():
                parts.append(Msg.of("field.item.id", id=ident.strip()))
            else:
                parts.append(Msg.of("field.item", n=part + 1))
            node = item
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return Field(tuple(parts))


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
    def __init__(self, key: Loc, line: int, first_line: int):
        self.key, self.line, self.first_line = key, line, first_line


class _Refused(Exception):
    """Something the data may not hold, found at `line` (and at the field `loc`, when known)."""

    def __init__(self, line: int | None, loc: Loc | str, msg: Msg, hint: Msg):
        self.line, self.field, self.msg, self.hint = line, loc, msg, hint


def _anchor(line: int | None) -> _Refused:
    return _Refused(line, "", Msg.of("error.yaml_anchor"), Msg.of("error.yaml_anchor.hint"))


def _too_deep(line: int | None) -> _Refused:
    return _Refused(line, "", Msg.of("error.yaml_too_deep", limit=MAX_DEPTH), Msg.of("error.yaml_too_deep.hint"))


def _checked_text(value: Any, line: int, loc: Loc) -> Any:
    if isinstance(value, str) and (char := bad_character(value)) is not None:
        raise _Refused(line, loc, Msg.of("error.control_character", char=char), Msg.of("error.control_character.hint"))
    return value


def _build(node: yaml.Node, loader: yaml.SafeLoader, loc: Loc, lines: dict[Loc, int], seen: set[int]) -> Any:
    line = lines[loc] = node.start_mark.line + 1
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        # The scan (_scan) refused anchors and deep nesting already; this is the second line of defence
        # against a node tree that is not a tree (an alias) or too deep.
        if id(node) in seen:
            raise _anchor(line)
        seen.add(id(node))
        if len(loc) > MAX_DEPTH:
            raise _too_deep(line)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _anchor(key_line)
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_line, loc, Msg.of("error.yaml_key_not_text"), Msg.of("error.yaml_key_not_text.hint"))
            key = _checked_text(loader.construct_object(key_node), key_line, loc)
            if not isinstance(key, (str, int)):
                key = str(key)
            if key in result:
                raise _DuplicateKey(loc + (key,), key_line, lines[loc + (key,)])
            child = loc + (key,)
            result[key] = _build(value_node, loader, child, lines, seen)
            # A key's own line is where errors about it point, even for a block value below it.
            lines[child] = key_line
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loader, loc + (i,), lines, seen) for i, item in enumerate(node.value)]
    try:
        value = loader.construct_object(node)
    except ValueError:
        # e.g. 2021-02-30 looks like a date but is none: keep the text, the model reports it.
        value = node.value
    return _checked_text(value, line, loc)


# libyaml, PyYAML's C parser, composes a file about ten times faster than the pure-Python one
# (most of a large build's load time) and marks nodes with the same lines. A file it rejects is
# composed again by the pure-Python parser, which raises the error messages users are shown.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _depth_bound(text: str) -> int:
    """An upper bound of how deep `text` nests, cheap enough to take for every file.

    Flow collections nest once per bracket; block ones once per indentation step or "- " / ": "
    marker on a line. Files past MAX_DEPTH by this bound are scanned (_scan) for their true depth.
    """
    flow = text.count("[") + text.count("{")
    block = 0
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        block = max(block, len(line) - len(stripped) + stripped.count("- ") + stripped.count(": ") + 1)
    return flow + block


def _scan(text: str) -> None:
    """Refuse anchors, aliases and nesting past MAX_DEPTH from the parser's events, before any node is made.

    libyaml's parser reads events one by one, without recursion: composing a deeply nested file
    (the next step) would recurse as deep as the file nests.
    """
    if "&" not in text and _depth_bound(text) <= MAX_DEPTH:
        return  # no anchor, so no alias either (an alias names an anchor); not deep
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER or yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _anchor(event.start_mark.line + 1)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(event.start_mark.line + 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        # libyaml 0.2.5 and later (PyYAML 6.0.4's wheels) stop deep nesting themselves while scanning
        # ahead, before the events above reach MAX_DEPTH: the same refusal, at the line it names.
        if "nesting depth" in (error.problem or "") and error.problem_mark is not None:
            raise _too_deep(error.problem_mark.line + 1) from None
        return  # a syntax error: composing reports it with its line
    except yaml.YAMLError:
        return


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


def read_yaml(path: Path, shown_as: str, content: bytes | None = None) -> tuple[Located | None, list[Problem]]:
    """Read one YAML file safely; return it with its line map, or the problems that stop it.

    `content`, when given, is the file's bytes as read already (the build's store keys them: the same
    bytes are parsed)."""
    try:
        size = path.stat().st_size if content is None else len(content)
        if size > MAX_BYTES:
            return None, [
                Problem.keyed(shown_as, None, "", Msg.of("error.yaml_too_big", size=size, limit=MAX_BYTES), Msg.of("error.yaml_too_big.hint"))
            ]
        raw = path.read_text(encoding="utf-8") if content is None else content.decode("utf-8")
        text = unicodedata.normalize("NFC", raw)
    except FileNotFoundError:
        return None, [Problem.keyed(shown_as, None, "", Msg.of("error.file_not_found"), Msg.of("error.file_not_found.hint"))]
    except UnicodeDecodeError as exc:
        return None, [
            Problem.keyed(shown_as, None, "", Msg.of("error.not_utf8", reason=exc.reason), Msg.of("error.not_utf8.hint"))
        ]
    loader = None
    try:
        _scan(text)
        loader, node = _compose(text)
        if node is None:
            return Located({}, {(): 1}), []
        lines: dict[Loc, int] = {}
        data = _build(node, loader, (), lines, set())
        return Located(data, lines), []
    except _Refused as refused:
        loc = refused.field  # the file is not read yet: list items by position
        where = describe_field(loc, None) if loc else None
        return None, [Problem.keyed(shown_as, refused.line, field_path(loc) if loc else "", refused.msg, refused.hint, where)]
    except RecursionError:  # pragma: no cover - the scan refuses deep files first
        return None, [Problem.keyed(shown_as, None, "", Msg.of("error.yaml_too_deep", limit=MAX_DEPTH), Msg.of("error.yaml_too_deep.hint"))]
    except _DuplicateKey as dup:
        return None, [
            Problem.keyed(
                shown_as,
                dup.line,
                field_path(dup.key),
                Msg.of("error.duplicate_key", first_line=dup.first_line),
                Msg.of("error.duplicate_key.hint"),
                describe_field(dup.key, None),  # the file is not read yet: list items by position
            )
        ]
    except yaml.MarkedYAMLError as exc:
        told = describe_syntax_error(exc, text)
        msg = Msg.of("error.yaml.at", column=told.column, what=told.msg) if told.column else told.msg
        return None, [Problem.keyed(shown_as, told.line, "", msg, told.hint)]
    except yaml.YAMLError as exc:  # pragma: no cover - every YAML error we know carries a mark
        return None, [Problem.keyed(shown_as, None, "", Msg.of("error.yaml_other", detail=str(exc)), Msg.of("error.yaml_other.hint"))]
    finally:
        if loader is not None:
            loader.dispose()
