"""Running Pagefind: its binary indexes a folder of staged pages into a bundle, in a process of its own.

The binary is the one the `pagefind` Python package finds (the wheel `pagefind[extended]` ships it).
It is run as a command, not through the package's service API: a command takes an environment of
its own (the service starts its process with this process's environment, which would have to be
changed for everyone to pass jemalloc's settings), and it ends once every file is written.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from pagefind.service import get_executable

# Pagefind's binary allocates with jemalloc, which by default keeps freed memory for reuse in an
# arena per thread: one arena and freed pages returned at once lower its peak (5,000 honouree pages
# of one language: 1,080 -> 860 MiB) at no measured cost in time. Read by jemalloc at the start
# of the Pagefind process only (the prefixed name is Rust's jemallocator's).
PAGEFIND_ENVIRONMENT = {"_RJEM_MALLOC_CONF": "narenas:1,dirty_decay_ms:0,muzzy_decay_ms:0"}
# Pagefind's command reads its settings from this file in its working folder, then from
# environment variables named PAGEFIND_*, then from its arguments.
CONFIG_FILE = "pagefind.json"
CONFIG_VARIABLES = "PAGEFIND_"


class PagefindError(Exception):
    """Pagefind could not be run, or failed; the message says what it reported."""


def pagefind_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a Pagefind run: this process's (or `base`), without Pagefind's own
    settings variables (the index's settings are the config file's only), with jemalloc's
    settings unless they are set already."""
    environment = {
        name: value
        for name, value in (os.environ if base is None else base).items()
        if not name.startswith(CONFIG_VARIABLES)
    }
    for name, value in PAGEFIND_ENVIRONMENT.items():
        environment.setdefault(name, value)
    return environment


def run_pagefind(site: Path, bundle: Path, settings: dict, *, work: Path) -> None:
    """Indexes the pages under `site` into `bundle` with `settings` (Pagefind's config keys, such as
    root_selector); `work` is a folder of this run's own (its config file is written there)."""
    executable = get_executable()
    if executable is None:
        raise PagefindError("Pagefind's program was not found: install the project's dependencies (pip install -e .)")
    work.mkdir(parents=True, exist_ok=True)
    config = {**settings, "site": str(Path(site).resolve()), "output_path": str(Path(bundle).resolve())}
    (work / CONFIG_FILE).write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")
    try:
        done = subprocess.run(
            [str(executable), "--quiet"],
            check=False,
            cwd=work,
            env=pagefind_environment(),
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
    except OSError as error:
        raise PagefindError(f"Pagefind's program {executable} could not be started: {error}") from error
    if done.returncode != 0:
        raise PagefindError((done.stderr or done.stdout).strip() or f"exit status {done.returncode}")
