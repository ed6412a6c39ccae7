"""Writing a file whole or not at all: a temporary file beside the target, renamed onto it once complete.

Every wing writes files through here (honouree files, cached photos and their index, the archive's zip):
a reader never sees a half-written file, and a failure leaves the previous file as it was. A file gets
the permissions open() would give it (0644 under the usual umask), never the private 0600 of the
temporary file it was written as. It imports nothing of ours, so every wing may use it.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import stat as stat_module
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_UMASK: int | None = None
_UMASK_LOCK = threading.Lock()


def _read_umask() -> int:
    """The process's umask. Linux shows it in /proc; elsewhere it can only be read by setting it, which
    is done once (setting it while another thread creates a file would give that file the wrong mode)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def default_mode() -> int:
    """The permissions a file created with open() gets (mkstemp's own are private to the user)."""
    global _UMASK
    if _UMASK is None:
        with _UMASK_LOCK:
            if _UMASK is None:
                _UMASK = _read_umask()
    return 0o666 & ~_UMASK


def _publish(partial: Path | str, target: Path | str, exclusive: bool) -> None:
    """Move the complete `partial` onto `target`; with `exclusive`, fail (FileExistsError) rather than
    replace a file that exists, with no moment where another writer could slip in between."""
    if not exclusive:
        os.replace(partial, target)
    elif os.name == "nt":
        os.rename(partial, target)  # Windows: rename never replaces a file
    else:
        os.link(partial, target)  # POSIX: link fails if the name is taken; the temporary name is removed after


@contextmanager
def atomic_path(target: Path, *, mode: int | None = None, suffix: str = ".tmp", exclusive: bool = False) -> Iterator[Path]:
    """A temporary path beside `target` to write to: renamed onto `target` when the block ends without an
    error, removed when it raises. The file gets `mode` (default: what open() would give it). With
    `exclusive`, an existing `target` is never replaced: FileExistsError is raised instead."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=suffix)
    os.close(fd)
    partial = Path(name)
    try:
        yield partial
        os.chmod(partial, default_mode() if mode is None else mode)
        _publish(partial, target, exclusive)
    finally:
        partial.unlink(missing_ok=True)


_names = itertools.count()


def write_atomic(target: Path, content: bytes, *, mode: int | None = None, exclusive: bool = False) -> None:
    """Write `content` to `target` whole or not at all (as atomic_path does: a build writes tens of thousands of
    entries, so here with a temporary name of this process's own, one open and no path object)."""
    target = os.fspath(target)
    folder, name = os.path.split(target)
    partial = os.path.join(folder, f".{name}.{os.getpid()}.{threading.get_ident()}.{next(_names)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(partial, flags, 0o600)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
        fd = os.open(partial, flags, 0o600)
    except FileExistsError:  # left by a process of the same number that was killed: the slower, random name
        with atomic_path(Path(target), mode=mode, exclusive=exclusive) as other:
            other.write_bytes(content)
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.chmod(partial, default_mode() if mode is None else mode)
        _publish(partial, target, exclusive)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise
    if exclusive and os.name != "nt":
        os.unlink(partial)  # linked to its name: the temporary name goes


def real_path(path: str | os.PathLike, folders: dict[str, str]) -> str:
    """`path` with every link resolved (os.path.realpath), for thousands of files in a few folders: a file that is
    not a link is where its folder really is, so each folder is resolved once (`folders`, kept by the caller for
    one build) and only links in full. Raises OSError when `path` does not exist."""
    text = os.fspath(path)
    if stat_module.S_ISLNK(os.lstat(text).st_mode):
        return os.path.realpath(text)
    folder, name = os.path.split(os.path.abspath(text))
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder)
    return os.path.join(real, name)


# Where link_or_copy put files while a build records them (record_links): a staging folder that starts from an
# older site keeps, in the folders it carried over, only what this build published or wrote (thidua.publish.folder).
_links: set[str] | None = None


def record_links() -> set[str]:
    """Starts recording every target link_or_copy is given (normalised absolute paths), until stop_recording."""
    global _links
    _links = set()
    return _links


def recorded() -> set[str] | None:
    """The links recorded so far (the live set), or None when no build records them."""
    return _links


def stop_recording() -> None:
    global _links
    _links = None


def link_or_copy(source: str | os.PathLike, target: str | os.PathLike) -> None:
    """Puts `source` at `target` as a hard link (a copy where the file systems differ). A file at `target` is
    replaced, never written through: it may itself be a link to a store's or a cache's read-only copy. A
    target that is already a link to `source` (a folder carried over from an earlier build) is left as it is."""
    links = _links
    if links is not None:
        links.add(os.path.normpath(os.path.abspath(target)))
    try:
        there = os.lstat(target)
    except FileNotFoundError:
        there = None
    if there is not None:
        if stat_module.S_ISREG(there.st_mode) and there.st_nlink > 1 and os.path.samestat(there, os.stat(source)):
            return
        os.unlink(target)
    try:
        os.link(source, target)
    except OSError:  # another file system (or a name taken meanwhile: copied over, as a copy would be)
        shutil.copyfile(source, target)
