"""Pages of one shape, rendered once by the theme and filled in per honouree.

Every honouree page of a language has the same chrome: Material's header, tabs, navigation,
footer and scripts, at the same depth (/ton-vinh/<id>/), so with the same relative links. Only the
page's path, its title, its sharing tags and its article differ. Rendering Material's full
template for each of thousands of honourees cost more than everything else in a build (issue 7's
profile: Jinja 33% of the build at N = 1,000).

So MkDocs renders one page, the shell, at /ton-vinh/td-shell-slot/, with a marker where each of
those parts goes; the shell is split at its markers once, and each honouree's page is the shell's
pieces joined with its own values: the HTML the theme would have rendered for it. The shell page
itself is never written. The sitemap lists each honouree in the shell's place (overrides/sitemap.xml).

The filled pages' files go through the build's store (`PageFiles`): a page is kept under the key of all it is
made of (the shell's pieces, its fragments' key, its path segment and title), and a build that finds that key
publishes the file an earlier build wrote as a hard link instead of filling and writing it again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from thidua.keys import hash_text
from thidua.store import Store

# The shell's path segment (/ton-vinh/td-shell-slot/): canonical URL, alternates, language switch.
SLOT = "td-shell-slot"
# The page title, wherever the theme prints it (<title> and the header print the page's meta title
# as it is: the stub's escaped title, thidua.publish.pages.stub).
TITLE = "TDSHELLTITLE"
# The page's own additions to <head> (sharing tags).
HEAD = "TDSHELLHEAD"
# The page's content (the article).
BODY = "TDSHELLBODY"

_MARKERS = re.compile(f"({SLOT}|{TITLE}|{HEAD}|{BODY})")


class ShellError(Exception):
    """The theme's rendering of the shell lost or repeated a marker (a theme change)."""


@dataclass(frozen=True)
class Shell:
    """A rendered page split at its markers: parts[0], slot 0, parts[1], slot 1, ..., parts[-1]."""

    parts: tuple[str, ...]
    slots: tuple[str, ...]

    @classmethod
    def parse(cls, html: str) -> "Shell":
        pieces = _MARKERS.split(html)
        parts = tuple(pieces[0::2])
        slots = pieces[1::2]
        for marker, expected in ((HEAD, 1), (BODY, 1)):
            if slots.count(marker) != expected:
                raise ShellError(f"the theme printed the {marker} marker {slots.count(marker)} times, expected {expected}")
        if TITLE not in slots:
            raise ShellError(f"the theme did not print the page title marker {TITLE}")
        return cls(parts, tuple(slots))

    def fill(self, slug: str, title_html: str, head: str, body: str) -> str:
        """One page: the shell with this page's path segment, title, head additions and content."""
        values = {
            SLOT: slug,
            TITLE: title_html,
            HEAD: head,
            BODY: body,
        }
        out = [self.parts[0]]
        for slot, part in zip(self.slots, self.parts[1:]):
            out.append(values[slot])
            out.append(part)
        return "".join(out)


def encode(html: str) -> bytes:
    """A page's bytes as written (characters UTF-8 cannot hold as references)."""
    return html.encode("utf-8", errors="xmlcharrefreplace")


class PageFiles:
    """Writes the pages filled from one shell, through the build's store when there is one."""

    def __init__(self, store: Store | None, shell: Shell) -> None:
        self.store = store
        # The shell's every piece: a change of the theme's chrome (navigation, site name...) makes every key new.
        self.base = hash_text("shell page", "\n".join(shell.slots), *shell.parts)

    def publish(self, dest: Path, inputs: tuple[str, ...], fill: Callable[[], str]) -> tuple[bool, str | None, str | None]:
        """Puts the page at `dest`: the stored file when one has the key of the shell and `inputs` (every other
        input of the page: the key of its fragments, its path segment, its title), else `fill()`. The file is
        stored by the key of its bytes, so a page filled again with the very same bytes (an input changed that
        it does not show) is not written again either. Returns whether it was taken from the store unfilled,
        the key of its bytes in the store and the key of its inputs (None without a store)."""
        dest.parent.mkdir(parents=True, exist_ok=True)
        if self.store is None:
            dest.write_bytes(encode(fill()))
            return False, None, None
        key = hash_text(self.base, *inputs)
        pointer = self.store.get(key)
        if pointer is not None:
            content = pointer.decode("ascii")
            if self.linked(content, dest):
                return True, content, key
        data = encode(fill())
        content = hash_text("page bytes", data)
        if not self.store.has(content):
            self.store.put(content, data)
        self.store.publish(content, dest)
        self.store.put(key, content.encode("ascii"))
        return False, content, key

    def linked(self, content: str, dest: Path) -> bool:
        """Puts the stored page bytes `content` at `dest` (its folder made when missing); False when the store no
        longer has them."""
        try:
            self.store.publish(content, dest)
        except FileNotFoundError:
            if dest.parent.is_dir():
                return False  # removed meanwhile (another build's prune): made again
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                self.store.publish(content, dest)
            except FileNotFoundError:
                return False
        self.store.has(content)  # used by this build (kept by the store's pruning)
        return True
