"""The build's content-addressed store: what a build made, kept under .cache/build/ by the key of everything it was made from.

A key is a hash of every input of the thing stored (thidua.keys): the same key always means the same bytes,
so a build that finds its key here may take the stored bytes instead of making them again, and a changed
input gives another key, never a stale entry. Entries are written whole (thidua.fs) and read-only: a
published page may be a hard link to one (as the photos' renditions are), so nothing may change one in
place. The store only grows while a build runs; `prune` removes what recent builds did not use.

It imports nothing of ours but thidua.fs and thidua.forked, so every wing may use it.
"""

from __future__ import annotations

import os
import pickle
import shutil
import threading
import time
from pathlib import Path

from thidua.forked import holds_lock
from thidua.fs import link_or_copy, write_atomic

# Bump to leave every entry of an older layout unused (keys are of this layout only).
LAYOUT = "1"
# The suffix of a folder entry (a search bundle) beside the files.
TREE = ".d"
# How many builds' lists of used keys prune() keeps entries for.
KEEP_BUILDS = 3


class Store:
    """Bytes by key, in a folder (objects/<first two hex digits>/<key>); thread-safe for distinct keys."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.objects = self.folder / f"objects-{LAYOUT}"
        self._root = str(self.objects)
        self._used: set[str] = set()
        self._lock = threading.Lock()
        holds_lock(self)  # free in a forked copy (thidua.forked), whichever thread held it
        self._made: set[str] = set()  # the sub-folders known to exist
        self.hits = 0
        self.misses = 0
        self._born = time.time_ns()  # entries written since are never pruned (a thread may be writing them)

    def path(self, key: str) -> Path:
        return self.objects / key[:2] / key

    def _file(self, key: str) -> str:
        """path(key) as text (a build looks up thousands of keys: pathlib's joins cost more than the reads)."""
        return os.path.join(self._root, key[:2], key)

    def _mark(self, key: str, hit: bool) -> None:
        with self._lock:
            self._used.add(key)
            if hit:
                self.hits += 1
            else:
                self.misses += 1

    def get(self, key: str) -> bytes | None:
        """The bytes stored under `key`, or None."""
        try:
            with open(self._file(key), "rb") as fh:
                data = fh.read()
        except (FileNotFoundError, NotADirectoryError):
            self._mark(key, False)
            return None
        self._mark(key, True)
        return data

    def mark_used(self, key: str) -> None:
        """Counts `key` as used by this build (its value was taken from memory: `prune` must keep it)."""
        self._mark(key, True)

    def mark_all_used(self, keys) -> None:
        """Counts every key of `keys` as used by this build (a forked copy's: thidua.forked)."""
        with self._lock:
            self._used.update(keys)

    def has(self, key: str) -> bool:
        found = os.path.isfile(self._file(key))
        self._mark(key, found)
        return found

    def put(self, key: str, content: bytes) -> Path:
        """Stores `content` under `key` (whole or not at all, read-only); returns its path."""
        path = self.path(key)
        folder = path.parent
        if folder not in self._made:
            folder.mkdir(parents=True, exist_ok=True)
            self._made.add(folder)
        write_atomic(path, content, mode=0o444)
        with self._lock:
            self._used.add(key)
        return path

    def get_object(self, key: str):
        """A Python value stored with put_object, or None (an entry that cannot be read counts as absent)."""
        data = self.get(key)
        if data is None:
            return None
        try:
            return pickle.loads(data)
        except Exception:  # noqa: BLE001 - an entry of another Python or library version: made again
            return None

    def put_object(self, key: str, value) -> None:
        """Stores a Python value (pickled: the store is the project's own folder, written by its own builds)."""
        self.put(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def publish(self, key: str, target: Path) -> None:
        """Puts the entry `key` at `target` as a hard link (a copy where the file systems differ)."""
        link_or_copy(self._file(key), target)

    # --- folders (a search index's bundle) -------------------------------------------------------

    def tree(self, key: str) -> Path | None:
        """The folder stored under `key` (read it, never change it), or None."""
        path = self.path(key).with_name(key + TREE)
        found = path.is_dir()
        self._mark(key, found)
        return path if found else None

    def put_tree(self, key: str, folder: Path) -> Path:
        """Stores a copy of `folder` under `key` (whole or not at all: copied beside, then renamed)."""
        final = self.path(key).with_name(key + TREE)
        final.parent.mkdir(parents=True, exist_ok=True)
        partial = final.with_name(f".{key}.{os.getpid()}.{threading.get_ident()}.tmp")
        if partial.exists():
            shutil.rmtree(partial)
        shutil.copytree(folder, partial, copy_function=shutil.copyfile)
        try:
            os.rename(partial, final)
        except OSError:  # stored meanwhile by another build: the same key, the same content
            shutil.rmtree(partial, ignore_errors=True)
        with self._lock:
            self._used.add(key)
        return final

    # --- what recent builds used, and removing the rest ------------------------------------------

    @property
    def used(self) -> set[str]:
        with self._lock:
            return set(self._used)

    def remember(self, name: str) -> None:
        """Records the keys used so far (name: what used them, "build" or "search") for prune()."""
        folder = self.folder / "builds"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = f"{time.time_ns():020d}"
        write_atomic(folder / f"{stamp}-{name}.txt", "\n".join(sorted(self.used)).encode("ascii"))
        lists = sorted(folder.glob(f"*-{name}.txt"))
        for old in lists[:-KEEP_BUILDS]:
            old.unlink(missing_ok=True)

    def prune(self) -> int:
        """Removes the entries that none of the last KEEP_BUILDS builds (nor searches) used, and that
        were not written while this store was open; returns how many."""
        keep: set[str] = set(self.used)
        for listed in (self.folder / "builds").glob("*.txt"):
            keep.update(listed.read_text(encoding="ascii").split())
        removed = 0
        if not self.objects.is_dir():
            return 0
        for sub in os.scandir(self.objects):
            if not sub.is_dir():
                continue
            for entry in os.scandir(sub.path):
                key = entry.name.removesuffix(TREE)
                if key in keep or entry.name.startswith("."):
                    continue
                try:
                    if entry.stat(follow_symlinks=False).st_mtime_ns >= self._born:
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        shutil.rmtree(entry.path)
                    else:
                        os.unlink(entry.path)
                    removed += 1
                except OSError:
                    pass
        # Entries of an older layout are never read again.
        for old in self.folder.glob("objects-*"):
            if old != self.objects and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
        return removed
