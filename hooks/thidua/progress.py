"""Progress of long work: n of N and the time left, as a bar on a terminal or a plain line now and then in a log.

The first processing of thousands of phone photos takes minutes; a build, the archive command and the office's
import say how far they are instead of staying silent. `advance()` only counts and reads the clock: what is
shown is drawn at most a few times a second on a terminal, every `every` seconds in a log (none at all for
work that ends before the first line is due), so the work is not slowed.

It imports nothing of ours (every wing may use it); the words come from the caller (`line`), so the
office's commands speak the clerk's language while the build's log stays in English.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO

BAR_WIDTH = 24
TERMINAL_REFRESH = 0.2  # seconds between two drawings of the bar
LOG_EVERY = 10.0  # seconds between two lines in a log


def duration(seconds: float) -> str:
    """A duration as a person reads it: '45 s', '3 min 20 s', '1 h 05 min'."""
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def english(what: str, done: int, total: int, left: float | None) -> str:
    """The default line: 'photos: 1,234 of 5,000 (25%), about 3 min 20 s left'."""
    percent = 100 * done // total if total else 100
    text = f"{what}: {done:,} of {total:,} ({percent}%)"
    return text + (f", about {duration(left)} left" if left is not None and done < total else "")


class Progress:
    """Counts work done out of `total`; shows it on `stream` when a terminal, else hands a line to `log`."""

    def __init__(
        self,
        what: str,
        total: int,
        *,
        log: Callable[[str], None] | None = None,
        stream: TextIO | None = None,
        line: Callable[[str, int, int, float | None], str] = english,
        every: float = LOG_EVERY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.what = what
        self.total = max(0, int(total))
        self.done = 0
        self._log = log
        self._stream = stream if stream is not None else sys.stderr
        self._line = line
        self._every = every
        self._clock = clock
        self._started = clock()
        self._next = self._started + (TERMINAL_REFRESH if self._terminal() else every)
        self._drawn = False
        self._lock = threading.Lock()

    def _terminal(self) -> bool:
        try:
            return bool(self._stream.isatty())
        except (AttributeError, ValueError):
            return False

    def left(self, now: float | None = None) -> float | None:
        """Seconds left at the pace so far, or None before there is a pace to go by."""
        now = self._clock() if now is None else now
        elapsed = now - self._started
        if self.done <= 0 or elapsed <= 0 or self.total <= self.done:
            return None if self.done < self.total else 0.0
        return elapsed / self.done * (self.total - self.done)

    def advance(self, count: int = 1) -> None:
        with self._lock:
            self.done = min(self.total, self.done + count)
            now = self._clock()
            if now < self._next:
                return
            self._next = now + (TERMINAL_REFRESH if self._terminal() else self._every)
            self._show(now)

    def _show(self, now: float) -> None:
        text = self._line(self.what, self.done, self.total, self.left(now))
        if self._terminal():
            filled = BAR_WIDTH * self.done // self.total if self.total else BAR_WIDTH
            self._stream.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {text}\x1b[K")
            self._stream.flush()
            self._drawn = True
        elif self._log is not None:
            self._log(text)
        else:
            self._stream.write(text + "\n")
            self._stream.flush()

    def finish(self) -> None:
        """Ends the bar's line on a terminal (the caller logs what was done)."""
        with self._lock:
            if self._drawn:
                self._stream.write("\r\x1b[K")
                self._stream.flush()
                self._drawn = False

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.finish()
