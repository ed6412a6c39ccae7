"""Python's cycle collector during a build.

A large campaign's build holds millions of small objects for its whole run: the loaded data, the facts, the store's
entries read back. Python's cycle collector walks every one of them at each of its full collections, about ten in a
build of 5,000 honourees that one edit changed (2.4 s of 27 s, for almost nothing collected), and at the process's
exit, where it walked them again for 3.5 s. Almost all of that memory is freed by reference counts as the build goes;
the few cycles its parts make (MkDocs' pages and their navigation, Jinja's contexts) are young and die young.

So a build asks for full collections ten times less often (the young generations are collected as before), and a
`mkdocs build` (one build per process) moves what it has loaded out of the collector's reach once it is checked, and
everything at its end, when nothing is left to collect that the process's exit would not free. `mkdocs serve`, whose
process loads again after each edit, only gets the rarer full collections: what an old load leaves is collected.
"""

from __future__ import annotations

import gc

# Full collections once the middle generation has been collected this many times (Python's default is 10).
FULL_EVERY = 100

_before: tuple[int, int, int] | None = None
_settles = False


def start(command: str) -> None:
    """At the start of an MkDocs command: rarer full collections; a one-build process settles its loads."""
    global _before, _settles
    if _before is None:
        _before = gc.get_threshold()
        first, second, _ = _before
        gc.set_threshold(first, second, FULL_EVERY)
    _settles = command in ("build", "gh-deploy")


def settle() -> None:
    """What the build holds now stays until its end: out of the collector's reach (in a one-build process only)."""
    if _settles:
        gc.freeze()


def stop() -> None:
    """At the command's end: the thresholds as they were, and (in a one-build process) nothing left to walk."""
    global _before
    settle()
    if _before is not None:
        gc.set_threshold(*_before)
        _before = None
