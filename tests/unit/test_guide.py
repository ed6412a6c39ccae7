"""The office's guides (data/HUONG-DAN.md, data/GUIDE.md) say what the commands really do.

Every `thidua` command line in a guide must parse; every transcript (a ```console block: "$ command"
lines, each followed by what it prints, "..." standing for any lines) is run in order, in a copy of the
project, and must print what the guide shows. Interactive commands are answered with what the guide
shows after each question. The sheets the guide imports are filled in from SHEETS below before their first import.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import re
import shlex
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import REPO, copy_project
from thidua.office.cli import build_parser, main
from thidua.office.sheet import COLUMNS

GUIDES = {"vi": REPO / "data" / "HUONG-DAN.md", "en": REPO / "data" / "GUIDE.md"}
# The guides' "today": 20 April 2021 in Viet Nam, inside the bundled campaign's nomination weeks.
TODAY = "1618851600"

_PERSON = {
    "kind": "Cá nhân",
    "position": "Chuyên viên",
    "unit": "Trung tâm Xúc tiến thương mại",
    "award_form": "Giấy khen của Giám đốc Sở Công Thương",
    "date": "16/04/2021",
    "citation": "Tổ chức 12 hội chợ kết nối cung cầu.",
    "achievements": "Tổ chức 12 hội chợ\nKết nối 300 doanh nghiệp",
    "story": "Anh Đức phụ trách hội chợ.\n\nĐoạn hai.",
}
_TEAM = {
    "kind": "Tập thể",
    "name": "Tổ Kiểm tra chất lượng",
    "position": "Tổ chuyên môn",
    "unit": "Phòng Quản lý Công nghiệp",
    "award_form": "Bằng khen của Bộ trưởng Bộ Công Thương",
    "date": "20/04/2021",
    "citation": "Kiểm tra 40 cơ sở sản xuất.",
    "achievements": "Kiểm tra 40 cơ sở",
    "story": "Tổ có năm người.",
}
# The sheets the guides import, by file name: the rows the units sent in.
SHEETS = {
    "de-nghi-loi.xlsx": [{**_PERSON, "name": "Trần Văn Đức", "unit": "Phòng Quản lý Thương mạ", "date": "31/04/2021"}, _TEAM],
    "de-nghi-khen-thuong.xlsx": [{**_PERSON, "name": "Trần Văn Đức"}, _TEAM],
    "de-nghi-bo-sung.xlsx": [{**_PERSON, "name": "Trần Văn Đức", "date": "17/04/2021", "criteria": "Tất cả tiêu chuẩn", "featured": "Có"}],
}


def code_blocks(text: str) -> list[tuple[str, list[str]]]:
    """Every fenced block of a Markdown text: (its info string, its lines)."""
    return [(m.group(1).strip(), m.group(2).splitlines()) for m in re.finditer(r"^```([^\n]*)\n(.*?)^```", text, re.M | re.S)]


# What the clerk does between two transcripts, marked in the guide by a comment the reader does not see:
# <!-- guide-test: fill data/honourees/x.yaml --> (every empty text of the file written in).
_STEP = re.compile(r"^```console\n(.*?)^```|<!-- guide-test: fill (\S+) -->", re.M | re.S)


def transcripts(text: str) -> list[tuple[str, list[str]]]:
    """(command, the lines the guide shows it prints) for every "$ " line of the ```console blocks, in
    order, with ("fill", [path]) for each file the guide has the clerk fill in between them."""
    steps: list[tuple[str, list[str]]] = []
    for match in _STEP.finditer(text):
        if match.group(2):
            steps.append(("fill", [match.group(2)]))
            continue
        for line in match.group(1).splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                assert steps, f"output before any command: {line!r}"
                steps[-1][1].append(line)
    return steps


def thidua_argv(command: str) -> list[str] | None:
    """The arguments of a `thidua` (or `python -m thidua`) command line; None for another command."""
    words = shlex.split(command.split("  #")[0])
    if words[:1] == ["thidua"]:
        return words[1:]
    if words[:3] == ["python", "-m", "thidua"]:
        return words[3:]
    return None


def command_lines(text: str) -> list[str]:
    """Every command line of the guide: in code blocks (with or without "$ ") and in inline code."""
    found = []
    for _, lines in code_blocks(text):
        found += [line.removeprefix("$ ") for line in lines if line.removeprefix("$ ").startswith(("thidua ", "python -m thidua "))]
    found += re.findall(r"`((?:thidua|python -m thidua) [^`]+)`", text)
    return [line for line in found if not line.startswith("python -m thidua.")]


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether `actual` is `expected`, a line "..." standing for any lines (none included)."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == expected[0] and matches(expected[1:], actual[1:])


def fill_sheet(project: Path, name: str) -> None:
    assert main(["template", str(project / name), "--force", "--project", str(project)]) == 0
    wb = load_workbook(project / name)
    for row in SHEETS[name]:
        wb.worksheets[0].append([row.get(k) for k in COLUMNS])
    wb.save(project / name)


class _Terminal:
    """Stands for the clerk at the keyboard: answers each question with what the guide shows after it."""

    def __init__(self, expected: list[str], out: io.StringIO):
        self.expected, self.out = list(expected), out

    def isatty(self) -> bool:
        return True

    def input(self, prompt: str = "") -> str:
        for i, line in enumerate(self.expected):
            if line.startswith(prompt):
                del self.expected[: i + 1]
                answer = line[len(prompt) :]
                self.out.write(prompt + answer + "\n")  # the terminal echoes what is typed
                return answer
        raise AssertionError(f"the command asks {prompt!r}, the guide shows no answer")


def run(project: Path, argv: list[str], expected: list[str], monkeypatch) -> list[str]:
    out = io.StringIO()
    terminal = _Terminal(expected, out)
    monkeypatch.setattr(builtins, "input", terminal.input)
    monkeypatch.setattr(sys, "stdin", terminal)
    with contextlib.chdir(project), contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            main(argv)
        except SystemExit:  # --help
            pass
    return out.getvalue().splitlines()


@pytest.mark.parametrize("lang", sorted(GUIDES))
def test_every_command_line_of_the_guide_is_one_the_command_takes(lang: str) -> None:
    lines = command_lines(GUIDES[lang].read_text(encoding="utf-8"))
    assert len(lines) >= 20
    commands = set(build_parser(lang)._subparsers._group_actions[0].choices)
    for line in lines:
        argv = thidua_argv(line)
        if argv in ([], ["--help"]) or "--help" in argv:
            continue
        if len(argv) == 1:  # the command named in the text ("`thidua import` refuses ..."): it exists
            assert argv[0] in commands, f"{GUIDES[lang].name}: there is no command `{line}`"
            continue
        try:
            build_parser(lang).parse_args(argv)
        except SystemExit:
            pytest.fail(f"{GUIDES[lang].name}: `{line}` is not a command thidua takes")


@pytest.mark.parametrize("lang", sorted(GUIDES))
def test_the_guide_s_transcripts_are_what_the_commands_print(lang: str, tmp_path: Path, monkeypatch) -> None:
    project = copy_project(tmp_path / "project")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY)
    monkeypatch.setenv("THIDUA_LANG", lang)  # the English guide has the clerk set THIDUA_LANG=en
    steps = transcripts(GUIDES[lang].read_text(encoding="utf-8"))
    assert len(steps) >= 10
    filled: set[str] = set()
    for command, expected in steps:
        if command == "fill":
            path = project / expected[0]
            path.write_text(path.read_text(encoding="utf-8").replace('""', '"Nội dung"').replace("|\n    \n", "Nội dung\n"), encoding="utf-8")
            continue
        argv = thidua_argv(command)
        assert argv is not None, f"a transcript runs thidua commands only: {command}"
        if argv[:1] == ["import"]:  # the units filled in the sheet the guide imports, before its first import
            for word in argv:
                if word in SHEETS and word not in filled:
                    fill_sheet(project, word)
                    filled.add(word)
        actual = run(project, argv, expected, monkeypatch)
        assert matches(expected, actual), f"$ {command}\n--- the guide shows:\n" + "\n".join(expected) + "\n--- it prints:\n" + "\n".join(actual)
