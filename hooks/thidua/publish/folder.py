"""Publishing a built site whole or not at all: built in a staging folder beside it, swapped in once complete.

A reader (or a web server) of the published folder sees the previous site or the new one, never a
half-written one: the build writes into `.<name>.building-<pid>` beside the target, and only a build
that succeeded renames it onto the target. A killed build leaves its staging folder behind, which the
next build removes; a crash between the two renames of a swap leaves the previous site in
`.<name>.previous-<pid>`, which the next build puts back.

Most of a large site is the same from build to build: thousands of honouree pages and photos, published as hard
links to the build's store and the photo cache. Making those folders and links anew in every staging folder, and
removing the replaced site's after every swap, cost more than a no-change build's rendering. So the replaced site is
kept as a *spare* (in the project's cache, on the same file system), and the next build moves the spare's large
folders into its staging folder (`carry`) instead of making them: a link that is already the file it should be is
left alone (thidua.fs.link_or_copy). Before the swap, `sweep` removes from those folders every file this build
neither published (thidua.fs.record_links) nor wrote, so the staging folder holds exactly what a build from nothing
would: a removed honouree's page and photo go with the rest.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
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
    return _dead(target, f".{target.name}.{what}-")


def _leftovers_of(spare: Path, what: str) -> list[tuple[Path, int]]:
    return _dead(spare, f"{spare.name}.{what}-")


def _dead(target: Path, prefix: str) -> list[tuple[Path, int]]:
    """The folders beside `target` named `prefix` and a process id, of processes no longer running."""
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


def _same_device(a: Path, b: Path) -> bool:
    try:
        return os.stat(a).st_dev == os.stat(b).st_dev
    except OSError:
        return False


def carry(spare: Path | None, folder: Path, names: Iterable[str]) -> list[str]:
    """Moves the folders `names` (paths relative to the site, e.g. "ton-vinh") of the `spare` site into the staging
    `folder` (before anything is written there), then removes the rest of the spare. Returns the names carried."""
    if spare is None or not Path(spare).is_dir():
        return []
    spare, folder = Path(spare), Path(folder)
    for path, _ in _leftovers_of(spare, "taken"):  # taken by a build that was killed
        shutil.rmtree(path, ignore_errors=True)
    taken = spare.with_name(f"{spare.name}.taken-{os.getpid()}")
    try:
        os.rename(spare, taken)  # one build takes the spare, whatever another one does
    except OSError:
        return []
    carried = []
    try:
        for name in names:
            source, there = taken / name, folder / name
            if source.is_dir() and not source.is_symlink() and not there.exists():
                there.parent.mkdir(parents=True, exist_ok=True)
                os.rename(source, there)
                carried.append(name)
    finally:
        shutil.rmtree(taken, ignore_errors=True)
    return carried


def sweep(folder: Path, names: Iterable[str], published: set[str], since: int) -> int:
    """In the carried folders `names` of the staging `folder`, removes every file this build did not put there: not
    among the links it `published` (normalised absolute paths) and not written since `since` (a modification time
    in ns, read from the file system when the staging folder was made), then the folders left empty. Returns how
    many files were removed."""
    removed = 0
    for name in names:
        top = os.path.normpath(os.path.abspath(Path(folder) / name))
        for root, dirs, files in os.walk(top, topdown=False):
            for file in files:
                path = os.path.join(root, file)
                if path in published:
                    continue
                try:
                    if os.lstat(path).st_mtime_ns >= since:
                        continue
                    os.unlink(path)
                    removed += 1
                except FileNotFoundError:
                    pass
            if root != top:
                try:
                    os.rmdir(root)  # only when empty
                except OSError:
                    pass
    return removed


def started(folder: Path) -> int:
    """The staging folder's making time as its file system keeps it: a file written after has a time no earlier."""
    return os.stat(folder).st_mtime_ns


def publish(folder: Path, target: Path, spare: Path | None = None) -> None:
    """Put the complete staging `folder` in place of `target`; the previous site becomes the `spare` (when it is on
    the same file system and none is there), else it is removed after."""
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
    _keep_or_remove(previous, spare)


def _keep_or_remove(tree: Path, spare: Path | None) -> None:
    if spare is not None and not os.path.lexists(spare):
        spare.parent.mkdir(parents=True, exist_ok=True)
        if _same_device(tree, spare.parent):
            try:
                os.rename(tree, spare)
                return
            except OSError:
                pass
    shutil.rmtree(tree, ignore_errors=True)


def discard(folder: Path, spare: Path | None = None) -> None:
    """Remove a staging folder whose build failed (kept as the `spare` when there is none: the next build's sweep
    removes whatever it holds that that build does not make)."""
    _keep_or_remove(Path(folder), spare)
