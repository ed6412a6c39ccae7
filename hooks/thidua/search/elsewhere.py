"""Runs a module of this package in a Python process of its own (`python -m thidua.search...`).

The index steps that are pure Python (staging pages, cutting chunks) would hold this process's GIL
for seconds while the build goes on in its main thread: in a process of their own they use the
other core. The process imports the package from the files this process imported it from, whether
or not the package is installed (PYTHONPATH names the folder that holds it).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# The folder that holds the thidua package (hooks/ in a checkout).
PACKAGE_PARENT = Path(__file__).resolve().parents[2]


class ElsewhereError(Exception):
    """The module's process failed; the message holds what it wrote to stderr."""


def module_command(module: str, args: list[str]) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of `python -m MODULE ARGS...`. -P: the working folder is not
    put first on the module path (a folder named thidua there would be imported instead)."""
    path = [str(PACKAGE_PARENT), *filter(None, [os.environ.get("PYTHONPATH")])]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(path), "PYTHONIOENCODING": "utf-8"}
    return [sys.executable, "-P", "-m", module, *args], environment


def available() -> bool:
    """Whether this process knows its Python program (an embedding application may not)."""
    return bool(sys.executable)


def run_module(module: str, args: list[str], *, stdin: str = "") -> str:
    """Runs the module to its end; returns what it printed."""
    command, environment = module_command(module, args)
    done = subprocess.run(
        command, input=stdin, env=environment, capture_output=True, text=True, encoding="utf-8", check=False
    )
    if done.returncode != 0:
        raise ElsewhereError(done.stderr.strip() or f"{module}: exit status {done.returncode}")
    return done.stdout
