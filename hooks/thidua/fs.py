"""Writing a file whole or not at all: a temporary file beside the target, renamed onto it once complete.

Every wing writes files through here (honouree files, cached photos and their index, the archive's zip):
a reader never sees a half-written file, and a failure leaves the previous file as it was. It imports
nothing of ours, so every wing may use it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _default_mode() -> int:
    """The permissions a file created with open() gets (mkstemp's own are private to the user)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_path(target: Path, *, mode: int | None = None, suffix: str = ".tmp") -> Iterator[Path]:
    """A temporary path beside `target` to write to: renamed onto `target` when the block ends without an
    error, removed when it raises. The file gets `mode` (default: what open() would give it)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=suffix)
    os.close(fd)
    partial = Path(name)
    try:
        yield partial
        os.chmod(partial, _default_mode() if mode is None else mode)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def write_atomic(target: Path, content: bytes, *, mode: int | None = None) -> None:
    """Write `content` to `target` whole or not at all (see atomic_path)."""
    with atomic_path(target, mode=mode) as partial:
        partial.write_bytes(content)
