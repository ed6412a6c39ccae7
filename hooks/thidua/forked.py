"""Work shared with a forked copy of the build's process, on the machine's second core.

A language's honouree pages are thousands of independent renderings into the build's store (content-addressed: a
page's bytes, whoever wrote them, are the same for the same key). On Linux, with more than one core, `Share` runs part of such work in a copy of the process made by `os.fork`: the copy
starts with everything the build has in memory (the facts, the templates, the store's index), does its part, and
hands back what the build must know of it (a JSON value: the keys it used, the files it published, what it
rendered) through a file; it reports its progress through a pipe, one byte per item. Nothing else of the copy
survives it (`os._exit`: no handler, no buffer of the build's is run or flushed twice).

A copy that fails, or is killed, hands back nothing: the build then does that part itself, as it would have without
a copy. Only on Linux: Windows has no fork, and macOS's system libraries are not safe in a forked copy of a process
with threads; there the work is all done in the build's process, as before.

It imports nothing of ours but thidua.fs.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import weakref
from collections.abc import Callable
from pathlib import Path

from thidua.fs import write_atomic

# `THIDUA_FORK=0` in the environment: no copy is made (to compare, or where a fork misbehaves); `THIDUA_FORK=N`:
# work of N items or more is shared (the tests' small sites).
ENV = "THIDUA_FORK"

# Objects holding a lock another thread of the build may hold at the moment of the fork (the search index runs in
# a thread while the next language builds): the copy, which has no such thread, gets each a new lock.
_locked: weakref.WeakSet = weakref.WeakSet()


def holds_lock(obj) -> None:
    """Registers `obj`, whose lock is its `_lock` attribute, to have a free lock in a forked copy."""
    _locked.add(obj)


def _fresh_locks() -> None:
    for obj in list(_locked):
        obj._lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_fresh_locks)


def shared_from(least: int) -> int | None:
    """From how many items work is shared with a forked copy here (`least`, unless THIDUA_FORK says otherwise);
    None when it is not (a system without fork, one core, THIDUA_FORK=0)."""
    # Linux only: macOS forks, but its system libraries are not safe in a forked copy of a process with threads.
    if not sys.platform.startswith("linux") or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return None
    asked = os.environ.get(ENV, "").strip()
    if not asked:
        return least
    try:
        number = int(asked)
    except ValueError:
        return least
    return number if number > 0 else None


class Share:
    """Runs `work(advance)` in a forked copy of this process; `result()` is its JSON value, None when it failed."""

    def __init__(self, work: Callable[[Callable[[int], None]], object], folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._read, write = os.pipe()
        self._path = folder / f".share-{os.getpid()}-{threading.get_ident()}-{id(self)}.json"
        self._path.unlink(missing_ok=True)
        pid = os.fork()
        if pid == 0:  # the copy
            code = 1
            try:
                os.close(self._read)
                os.set_blocking(write, False)

                def advance(count: int = 1) -> None:
                    try:
                        os.write(write, b"\1" * count)
                    except (BlockingIOError, BrokenPipeError):
                        pass  # nobody reading: the progress is only shown

                value = work(advance)
                write_atomic(self._path, json.dumps(value).encode("utf-8"))
                code = 0
            except BaseException:  # noqa: BLE001 - the build does this part itself
                code = 1
            finally:
                os._exit(code)
        os.close(write)
        os.set_blocking(self._read, False)
        self.pid: int | None = pid

    def progress(self) -> int:
        """Items the copy has done since the last call (never waits)."""
        done = 0
        while True:
            try:
                chunk = os.read(self._read, 65536)
            except BlockingIOError:
                return done
            if not chunk:
                return done
            done += len(chunk)

    def result(self):
        """Waits for the copy; its value, or None when it failed."""
        if self.pid is None:
            return None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        os.close(self._read)
        try:
            if os.waitstatus_to_exitcode(status) != 0:
                return None
            return json.loads(self._path.read_bytes())
        except (OSError, ValueError):
            return None
        finally:
            self._path.unlink(missing_ok=True)

    def stop(self) -> None:
        """Ends the copy (the build failed meanwhile) and waits for it."""
        if self.pid is None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.result()
