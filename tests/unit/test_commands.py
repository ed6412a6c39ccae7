"""The README's two commands are what a newcomer runs, and CI runs the second one exactly, nothing more."""

from __future__ import annotations

import re
import shlex

from conftest import REPO

README = REPO / "README.md"
CI = REPO / ".ci" / "run"


def readme_commands() -> list[str]:
    """The code blocks at the top of the README, before its first heading."""
    top = README.read_text(encoding="utf-8").split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```\n(.*?)```", top, flags=re.S)]


def ci_commands() -> list[str]:
    lines = [line.strip() for line in CI.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def test_the_readme_opens_with_the_serve_command_and_the_test_command() -> None:
    serve, test = readme_commands()
    assert serve == "python -m pip install -e . && python -m mkdocs serve"
    assert test.startswith('python -m pip install -e ".[test]" && ') and test.endswith(" && python -m pytest")


def test_ci_runs_the_readme_s_test_command_and_nothing_it_lacks() -> None:
    _, test = readme_commands()
    assert ci_commands() == ["set -euo pipefail", 'cd "$(dirname "$0")/.."', test]


def test_every_script_the_test_command_runs_is_the_project_s_own() -> None:
    _, test = readme_commands()
    scripts = [word for part in test.split("&&") for word in shlex.split(part) if word.endswith(".py")]
    assert scripts == ["tests/prepare.py"]
    assert all((REPO / script).is_file() for script in scripts)
