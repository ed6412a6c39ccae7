"""Publishing a built site whole or not at all: built in a staging folder beside it, swapped in once complete.

A reader (or a web server) of the published folder sees the previous site or the new one, never a
half-written one: the build writes into `.<name>.building-<pid>` beside the target, and only a build
that succeeded renames it onto the target. A killed build leaves its staging folder behind, which the
next build removes; a crash between the two renames of a swap leaves the previous site in
`.<name>.previous-<pid>`, which the next build puts back.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

BUILDING = "building"
PREVIOUS = "previous"


def _sibling(target: Path, what: str, pid: int | None = None) -> Path:
    return target.parent / f".{target.name}.{what}-{os.getpid() if pid is None else pid}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - another user's process
        return True
    return True


def _leftovers(target: Path, what: str) -> list[tuple[Path, int]]:
    prefix = f".{target.name}.{what}-"
    out = []
    for path in target.parent.glob(prefix + "*") if target.parent.is_dir() else []:
        suffix = path.name[len(prefix) :]
        if suffix.isdigit() and int(suffix) != os.getpid() and not _alive(int(suffix)):
            out.append((path, int(suffix)))
    return out


def recover(target: Path) -> None:
    """Tidy what killed builds left beside `target`: their staging folders go; a previous site whose
    swap was cut short between its two renames comes back when `target` is missing."""
    target = Path(target)
    for path, _ in _leftovers(target, BUILDING):
        shutil.rmtree(path, ignore_errors=True)
    for path, _ in sorted(_leftovers(target, PREVIOUS), key=lambda item: item[0].stat().st_mtime, reverse=True):
        if not target.exists():
            os.rename(path, target)
        else:
            shutil.rmtree(path, ignore_errors=True)


def staging(target: Path) -> Path:
    """A new, empty staging folder beside `target` (same file system: the swap is a rename)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    folder = _sibling(target, BUILDING)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()  # default permissions (a web server reads the published folder)
    return folder


def publish(folder: Path, target: Path) -> None:
    """Put the complete staging `folder` in place of `target`; the previous site is removed after."""
    folder, target = Path(folder), Path(target)
    if not target.exists():
        os.rename(folder, target)
        return
    previous = _sibling(target, PREVIOUS)
    os.rename(target, previous)
    try:
        os.rename(folder, target)
    except OSError:
        os.rename(previous, target)
        raise
    shutil.rmtree(previous, ignore_errors=True)


def discard(folder: Path) -> None:
    """Remove a staging folder whose build failed."""
    shutil.rmtree(folder, ignore_errors=True)
