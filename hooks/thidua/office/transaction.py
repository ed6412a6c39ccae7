"""An import's files written all or none, and one import at a time.

Every file is first written to a staging folder beside data/ (same file system), then moved in place
one by one; if a move fails, the files already moved are put back as they were. A full disk or a
permission error is a WriteError naming the file, with data/ as it was. A lock file beside data/
(locked by the operating system, so a killed import never leaves it locked) makes a second import
wait for the first, then stop with a message if it does not finish.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_WAIT = 60.0  # seconds a second import waits for the first
_POLL = 0.2


class WriteError(Exception):
    """A file of the import that could not be written; nothing of the import is left in data/."""

    def __init__(self, path: Path, reason: str):
        self.path, self.reason = Path(path), reason
        super().__init__(f"{path}: {reason}")


class Busy(Exception):
    """Another import holds the lock."""


def _try_lock(handle) -> bool:
    try:
        if sys.platform == "win32":  # pragma: no cover - the office's PCs
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def lock_path(data_dir: Path) -> Path:
    data_dir = Path(data_dir).resolve()
    return data_dir.parent / f".{data_dir.name}.import.lock"


@contextmanager
def exclusive(data_dir: Path, *, wait: float | None = None, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the import lock of `data_dir` for the block; wait up to `wait` seconds for it, else raise Busy."""
    path = lock_path(data_dir)
    wait = LOCK_WAIT if wait is None else wait
    handle = open(path, "a+b")  # noqa: SIM115 - held for the block
    try:
        deadline = time.monotonic() + wait
        told = False
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                raise Busy(str(path))
            if not told and on_wait is not None:
                on_wait()
                told = True
            time.sleep(_POLL)
        _tidy(Path(data_dir).resolve())
        yield
    finally:
        handle.close()  # releases the lock


def _staging(data_dir: Path) -> Path:
    return data_dir.parent / f".{data_dir.name}.import-{os.getpid()}"


def _tidy(data_dir: Path) -> None:
    """Remove what a killed import left beside data/ (the lock is held: no other import runs)."""
    for path in data_dir.parent.glob(f".{data_dir.name}.import-*"):
        shutil.rmtree(path, ignore_errors=True)


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def write_all(files: list[tuple[Path, bytes]], data_dir: Path) -> list[Path]:
    """Write every (path, content) under `data_dir`, all or none; return the paths written."""
    data_dir = Path(data_dir).resolve()
    stage = _staging(data_dir)
    shutil.rmtree(stage, ignore_errors=True)
    try:
        stage.mkdir()
    except OSError as error:
        raise WriteError(data_dir, _reason(error)) from None
    try:
        staged = []
        for i, (target, content) in enumerate(files):
            part = stage / str(i)
            try:
                with open(part, "wb") as handle:
                    handle.write(content)
                    handle.flush()
                    os.fsync(handle.fileno())
            except OSError as error:
                raise WriteError(target, _reason(error)) from None
            staged.append((part, Path(target)))
        moved: list[tuple[Path, Path | None]] = []
        for i, (part, target) in enumerate(staged):
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                previous = None
                if target.exists():
                    previous = stage / f"{i}.previous"
                    try:
                        os.link(target, previous)  # the old bytes kept aside; the target never goes missing
                    except OSError:  # a file system without hard links (FAT32 on a USB stick)
                        shutil.copy2(target, previous)
                os.replace(part, target)
                moved.append((target, previous))
            except OSError as error:
                _roll_back(moved)
                raise WriteError(target, _reason(error)) from None
        return [target for target, _ in moved]
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _roll_back(moved: list[tuple[Path, Path | None]]) -> None:
    for target, previous in reversed(moved):
        if previous is not None:
            os.replace(previous, target)
        else:
            target.unlink(missing_ok=True)
