"""What loading keeps in the build's store: each honouree file's validated model by its bytes, and which honourees
passed their checks with the same inputs, so an unchanged file is neither parsed nor checked again.

- A file's entry is keyed by its bytes (the very bytes then parsed), the name it is shown by in messages,
  and the engine (thidua.keys.engine_key): the model and its English gaps (thidua.load.checks.translation_gaps,
  for a campaign that requires English and one that does not). Only files that parsed and validated are kept.
- A honouree's checks (check_honouree, check_story) are keyed by its file's key, the plan's and the
  units' bytes, the data folder, its photo (path, size, modification time, where its links lead: the
  photos' cache trusts the same stamp) and, for a story that shows pictures, every photo name. Only
  checks that found nothing are remembered: a file with a problem is checked, and reported, every time.

Checks across files (results, the same person twice, quotas per unit) always run. Messages need the
lines of a file taken from the store: `LazyLocated` parses it only when a message is written.

A process that loads again (`mkdocs serve`) hands the next load what this one found (`Warm`): the same keys
give the same values, so they are taken from memory instead of being read and unpickled from the store again.
A preview under serve (thidua.publish.preview) knows more: which honourees' files are unchanged since the build
that made the `Warm` (`trusted`: their size and modification time, and those of every other data file, the same in
the server's snapshot). Such a file is taken as that load found it, with no call to the file system: its key, its
real path, where it is, its checks' key (while the plan, the units and the photo names are the same).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from thidua.fs import real_path
from thidua.keys import hash_text
from thidua.load.yamlfile import Located
from thidua.model.data import Honouree
from thidua.model.problems import Problem
from thidua.store import Store

OK = b"passed"


class LazyLocated:
    """The lines of a file taken from the store, parsed on first use (only when a problem is reported)."""

    def __init__(self, parse: Callable[[], Located | None]) -> None:
        self._parse = parse
        self._located: Located | None = None

    def _get(self) -> Located:
        if self._located is None:
            self._located = self._parse() or Located({}, {})
        return self._located

    def __getattr__(self, name: str):
        # Everything a Located has (data, lines, line_of, where...), from the file parsed on first use.
        return getattr(self._get(), name)


def content_key(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def photo_stamp(path: Path | str, real_folders: dict[str, str] | None = None) -> str | None:
    """A photo's path, size, modification time and where its links lead; None when it cannot be read.

    `real_folders` (one load's: thidua.fs.real_path) keeps each folder's real path, so only links are resolved
    in full."""
    try:
        stat = os.stat(path)
        real = os.path.realpath(path) if real_folders is None else real_path(path, real_folders)
    except OSError:
        return None
    return f"{path}\0{real}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}"


@dataclass
class Warm:
    """What one load found by key (each file's model and gaps, the checks passed), for the same process's next."""

    values: dict[str, tuple] = field(default_factory=dict)
    passed: set[str] = field(default_factory=set)
    # Each honouree file's key by the name it is shown by, with its stamp when read (size, modification time,
    # inode): the same process's next load takes the key of a file whose stamp is unchanged without reading it.
    files: dict[str, tuple[tuple[int, int, int], str, str]] = field(default_factory=dict)  # (stamp, key, SHA-256)
    # Each honouree file's SHA-256 by its real path (the edition's digest of data/ does not read them again).
    hashes: dict[str, str] = field(default_factory=dict)
    # Each honouree file's real path, and its checks' key with what it was made from besides the file (the plan's
    # key, the photo names' key), by the name it is shown by: what a preview takes for a trusted file.
    real: dict[str, str] = field(default_factory=dict)
    checks: dict[str, tuple[str, str, str]] = field(default_factory=dict)


class LoadMemo:
    """The load's entries in the build's store (none without a store: everything is parsed and checked)."""

    def __init__(
        self, store: Store | None, engine: str, warm: Warm | None = None, again: bool = False,
        trusted: frozenset[str] = frozenset(),
    ) -> None:  # fmt: skip
        self.store = store
        self.engine = engine
        self._before = warm if store is not None else None  # the last load's: taken instead of the store's copies
        # Honourees' files (as shown) known unchanged since the load that made `warm` (a preview's): see the top.
        self._trusted = trusted if self._before is not None else frozenset()
        self._stamps = store is not None and (again or warm is not None)  # files' stamps, for a load to come
        self.warm = Warm()  # what this load found, for the next (Warm)
        self.real_folders: dict[str, str] = {}  # each folder's real path, resolved once (thidua.fs.real_path)
        self.parsed = 0  # files parsed (not found in the store)
        self.checked = 0  # honourees checked (not found in the store)
        # Each model read from or kept in the store, with its file's key (thidua.keys.Digest.know: a model
        # validated from the same bytes by the same engine is the same model, so that key is the model's).
        self.models: dict[int, tuple[Honouree, str]] = {}

    def file_key(self, shown_as: str, content: bytes, stamp: tuple[int, int, int] | None = None, path: Path | None = None) -> str:
        sha = content_key(content)
        key = hash_text("honouree file", self.engine, shown_as, sha)
        if stamp is not None:
            self.warm.files[shown_as] = (stamp, key, sha)
        self._hashed(path, sha, shown_as)
        return key

    def _hashed(self, path: Path | None, sha: str, shown_as: str | None = None) -> None:
        if path is None:
            return
        real = self._before.real.get(shown_as) if shown_as in self._trusted else None
        if real is None:
            try:
                real = real_path(path, self.real_folders)
            except OSError:
                return
        self.warm.hashes[real] = sha
        if shown_as is not None:
            self.warm.real[shown_as] = real

    def trusts(self, shown_as: str) -> bool:
        """Whether the file is one the last load found as it is now (a preview's `trusted`, with that load's entry)."""
        return shown_as in self._trusted and shown_as in self._before.files and shown_as in self._before.real

    def file_stamp(self, path: Path, shown_as: str | None = None) -> tuple[int, int, int] | None:
        """A file's size, modification time and inode, when a later load in this process may trust them."""
        if not self._stamps:
            return None
        if shown_as is not None and self.trusts(shown_as):
            return self._before.files[shown_as][0]
        try:
            stat = os.stat(path)
        except OSError:
            return None
        return (stat.st_size, stat.st_mtime_ns, stat.st_ino)

    def known_file_key(self, shown_as: str, stamp: tuple[int, int, int] | None, path: Path | None = None) -> str | None:
        """The key the last load in this process gave the file, when its stamp is the same (Warm.files)."""
        if stamp is None or self._before is None:
            return None
        known = self._before.files.get(shown_as)
        if known is None or known[0] != stamp:
            return None
        self.warm.files[shown_as] = known
        self._hashed(path, known[2], shown_as)
        return known[1]

    def model(self, key: str) -> tuple[Honouree, dict[bool, tuple[int, list[Problem]]]] | None:
        """A file's model and its English gaps by `required`, as kept by keep_model, or None."""
        if self.store is None:
            return None
        value = self._before.values.get(key) if self._before is not None else None
        if value is not None:
            self.store.mark_used(key)
        else:
            value = self.store.get_object(key)
            if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], Honouree) and isinstance(value[1], dict)):
                return None
        self.models[id(value[0])] = (value[0], key)
        self.warm.values[key] = value
        return value

    def keep_model(self, key: str, honouree: Honouree, gaps: dict[bool, tuple[int, list[Problem]]]) -> None:
        if self.store is not None:
            self.store.put_object(key, (honouree, gaps))
            self.models[id(honouree)] = (honouree, key)
            self.warm.values[key] = (honouree, gaps)

    def check_key(
        self, file_key: str, honouree: Honouree, plan: str, data_dir: Path, photo_names: str, shown_as: str | None = None
    ) -> str | None:
        """The key of one honouree's checks, or None when they cannot be remembered (its photo is missing)."""
        known = self._before.checks.get(shown_as) if shown_as is not None and self.trusts(shown_as) else None
        if known is not None and known[0] == plan and known[1] == photo_names:
            self.warm.checks[shown_as] = known
            return known[2]
        stamp = photo_stamp(os.path.join(data_dir, "photos", honouree.photo.file), self.real_folders)
        if stamp is None:
            return None
        stories = (honouree.story.vi or "") + "\0" + (honouree.story.en or "")
        pictures = photo_names if "![" in stories else ""
        key = hash_text("honouree checks", self.engine, file_key, plan, str(data_dir), stamp, pictures)
        if shown_as is not None:
            self.warm.checks[shown_as] = (plan, photo_names, key)
        return key

    def passed(self, key: str | None) -> bool:
        if key is None or self.store is None:
            return False
        if self._before is not None and key in self._before.passed:
            self.store.mark_used(key)
        elif self.store.get(key) != OK:
            return False
        self.warm.passed.add(key)
        return True

    def keep_passed(self, key: str | None) -> None:
        if key is not None and self.store is not None:
            self.store.put(key, OK)
            self.warm.passed.add(key)
