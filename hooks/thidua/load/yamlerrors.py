"""PyYAML's syntax errors as messages a clerk can act on: what is wrong, where, and how to fix it.

PyYAML words its errors for programmers ("found character '\\t' that cannot start any token"); the
common ones are recognised here and told by key, at the line where the mistake is (a quote left
open is reported where it opens, not where the file ends). Others keep PyYAML's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from thidua.model.problems import Msg

_BAD_START = re.compile(r"found character '(.+)' that cannot start any token")
_UNDEFINED_ALIAS = re.compile(r"found undefined alias")
_ESCAPE = re.compile(r"found unknown escape character")


@dataclass(frozen=True)
class SyntaxProblem:
    """A syntax error told for a clerk: the line and column to look at, what is wrong, what to do."""

    line: int | None
    column: int | None
    msg: Msg
    hint: Msg


def _mark(mark) -> tuple[int | None, int | None]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def _open_quote(text: str, line: int) -> tuple[int, int] | None:
    """Where a quoted text that runs over several lines and closes on `line` opens (line, column): a
    quote left open runs on to the next quote in the file, where the parser then stumbles."""
    opened = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line + 1 > line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                if token.end_mark.line + 1 == line and token.start_mark.line != token.end_mark.line:
                    opened = (token.start_mark.line + 1, token.start_mark.column + 1)
    except yaml.YAMLError:
        pass
    return opened


def describe(exc: yaml.MarkedYAMLError, text: str | None = None) -> SyntaxProblem:
    """The clerk's message for one syntax error of `text`, at the line and column to look at."""
    problem, context = exc.problem or "", exc.context or ""
    at_problem, at_context = _mark(exc.problem_mark), _mark(exc.context_mark)

    def told(key: str, where=at_problem, **params) -> SyntaxProblem:
        return SyntaxProblem(where[0], where[1], Msg.of(f"error.yaml.{key}", **params), Msg.of(f"error.yaml.{key}.hint", **params))

    if text is not None and at_problem[0] is not None and "parsing" in context:
        opened = _open_quote(text, at_problem[0])
        if opened is not None:
            return told("unclosed_quote", where=opened)

    if "'\\t'" in problem or "tab character" in problem:
        return told("tab")
    if (match := _BAD_START.search(problem)) is not None:
        return told("bad_start", char=match.group(1))
    if _UNDEFINED_ALIAS.search(problem) or "while scanning an alias" in context or "while scanning an anchor" in context:
        return told("bad_start", char="*" if "alias" in problem + context else "&")
    if _ESCAPE.search(problem):
        return told("escape")
    if "quoted scalar" in context and "end of stream" in problem:
        return told("unclosed_quote", where=at_context if at_context[0] else at_problem)
    if "mapping values are not allowed" in problem:
        return told("colon")
    if "could not find expected ':'" in problem:
        return told("missing_colon", where=at_context if at_context[0] else at_problem)
    if "expected ',' or ']'" in problem:
        return told("unclosed_bracket", where=at_context if at_context[0] else at_problem, bracket="[", close="]")
    if "expected ',' or '}'" in problem:
        return told("unclosed_bracket", where=at_context if at_context[0] else at_problem, bracket="{", close="}")
    if "block scalar" in context:
        return told("block_scalar")
    if "another document" in problem:
        return told("two_documents")
    if "but found '<scalar>'" in problem or "expected a comment or a line break" in problem:
        return told("extra_text")
    if problem.startswith("expected <block end>") or "did not find expected" in problem:
        return told("indent")
    what = problem or context or "invalid YAML"
    if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
        what += f" ({exc.context.removeprefix('while ')} that starts on line {exc.context_mark.line + 1})"
    return told("other", what=what)
