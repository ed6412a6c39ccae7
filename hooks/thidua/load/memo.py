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
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

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


def photo_stamp(path: Path) -> str | None:
    """A photo's path, size, modification time and where its links lead; None when it cannot be read."""
    try:
        stat = path.stat()
        real = os.path.realpath(path)
    except OSError:
        return None
    return f"{path}\0{real}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}"


class LoadMemo:
    """The load's entries in the build's store (none without a store: everything is parsed and checked)."""

    def __init__(self, store: Store | None, engine: str) -> None:
        self.store = store
        self.engine = engine
        self.parsed = 0  # files parsed (not found in the store)
        self.checked = 0  # honourees checked (not found in the store)
        # Each model read from or kept in the store, with its file's key (thidua.keys.Digest.know: a model
        # validated from the same bytes by the same engine is the same model, so that key is the model's).
        self.models: dict[int, tuple[Honouree, str]] = {}

    def file_key(self, shown_as: str, content: bytes) -> str:
        return hash_text("honouree file", self.engine, shown_as, content_key(content))

    def model(self, key: str) -> tuple[Honouree, dict[bool, tuple[int, list[Problem]]]] | None:
        """A file's model and its English gaps by `required`, as kept by keep_model, or None."""
        if self.store is None:
            return None
        value = self.store.get_object(key)
        if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], Honouree) and isinstance(value[1], dict)):
            return None
        self.models[id(value[0])] = (value[0], key)
        return value

    def keep_model(self, key: str, honouree: Honouree, gaps: dict[bool, tuple[int, list[Problem]]]) -> None:
        if self.store is not None:
            self.store.put_object(key, (honouree, gaps))
            self.models[id(honouree)] = (honouree, key)

    def check_key(self, file_key: str, honouree: Honouree, plan: str, data_dir: Path, photo_names: str) -> str | None:
        """The key of one honouree's checks, or None when they cannot be remembered (its photo is missing)."""
        stamp = photo_stamp(Path(data_dir) / "photos" / honouree.photo.file)
        if stamp is None:
            return None
        stories = (honouree.story.vi or "") + "\0" + (honouree.story.en or "")
        pictures = photo_names if "![" in stories else ""
        return hash_text("honouree checks", self.engine, file_key, plan, str(data_dir), stamp, pictures)

    def passed(self, key: str | None) -> bool:
        return key is not None and self.store is not None and self.store.get(key) == OK

    def keep_passed(self, key: str | None) -> None:
        if key is not None and self.store is not None:
            self.store.put(key, OK)
