"""Fragments: the costly, repeated parts of pages (a honouree's article and sharing tags, a card, a booklet entry),
rendered from the values handed to them alone and kept in the build's store by the key of everything they read.

A fragment's template is rendered with only the values passed to `render` (no page, no nav, no MkDocs config)
and the environment's language-bound helpers (interface text, filters), so its key is:

- the values, through thidua.keys.Digest (a view holds what the page shows: a changed honouree, unit, award,
  neighbour, photo or campaign changes it; the whole site's data cannot be part of it);
- the language, its interface text (thidua.model.strings' files: English falls back to Vietnamese), the
  templates (every file of the theme's custom folder), the URL style (the page_link filter);
- the engine: this package's code, the hooks, the libraries' versions (thidua.keys.engine_key).

tests/unit/test_fragments.py checks that the fragment templates read nothing else. A fragment found in the
store is the text rendered earlier from the same key; one not found is rendered and stored.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from thidua.forked import holds_lock
from thidua.keys import Digest, files_key, hash_text, tree_files
from thidua.model.languages import DEFAULT_LANGUAGE
from thidua.model.strings import STRINGS_DIR
from thidua.store import Store

# The templates rendered as fragments (overrides/thidua/), each with the values it is given.
HONOUREE_HEAD = "thidua/og-tags.html"
HONOUREE_BODY = "thidua/honouree-body.html"
CARD = "thidua/card.html"
BOOKLET_ENTRY = "thidua/booklet-entry.html"
FRAGMENT_TEMPLATES = (HONOUREE_HEAD, HONOUREE_BODY, CARD, BOOKLET_ENTRY)


def strings_key(lang: str) -> str:
    """The key of the interface text `lang` is shown in (a missing English text falls back to Vietnamese)."""
    names = {lang, DEFAULT_LANGUAGE}
    return files_key([STRINGS_DIR / f"{name}.yaml" for name in sorted(names)], STRINGS_DIR)


def templates_key(folder: Path | None) -> str:
    """The key of every file of the theme's custom folder (overrides/): our templates and what they import."""
    return files_key(tree_files(folder), folder) if folder else "no custom templates"


@dataclass
class Rendered:
    """What a language build rendered and took from the store, by kind of fragment (for the build's log)."""

    rendered: dict[str, list[str]] = field(default_factory=dict)
    reused: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, label: str, hit: bool) -> None:
        if hit:
            self.reused[kind] = self.reused.get(kind, 0) + 1
        else:
            self.rendered.setdefault(kind, []).append(label)

    def merge(self, rendered: dict[str, list[str]], reused: dict[str, int]) -> None:
        """Adds another's counts (a forked copy's: thidua.forked)."""
        for kind, labels in rendered.items():
            self.rendered.setdefault(kind, []).extend(labels)
        for kind, count in reused.items():
            self.reused[kind] = self.reused.get(kind, 0) + count

    def summary(self, shown: int = 8) -> str:
        """e.g. 'honouree pages: 3 rendered (a, b, c), 4,997 from the cache; cards: ...'."""
        parts = []
        for kind in sorted(set(self.rendered) | set(self.reused)):
            made = self.rendered.get(kind, [])
            text = f"{kind}: {len(made):,} rendered"
            if made and len(made) <= shown:
                text += f" ({', '.join(made)})"
            text += f", {self.reused.get(kind, 0):,} from the cache"
            parts.append(text)
        return "; ".join(parts) or "nothing"


@dataclass
class PageFragments:
    """The fragments one section page rendered when it was last built, by their keys, and those it renders now,
    in order: a page takes each unchanged card or booklet entry from one read of the store instead of one read
    per fragment. Each fragment is found by its own key (thidua.publish.fragments.Fragments.key: every value it
    is rendered from), so what the page was built from before does not matter: an edit of one honouree renders
    that honouree's card and finds the others."""

    slot: str
    stored: list[list[str]]  # [key, html] of each fragment, in the order the page last rendered them
    found: dict[str, str] = field(init=False)
    made: list[list[str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.found = {key: html for key, html in self.stored}

    def same(self) -> bool:
        """Whether the page rendered exactly the fragments kept, in the same order."""
        return len(self.made) == len(self.stored) and all(a[0] == b[0] for a, b in zip(self.made, self.stored))


class Fragments:
    """Renders fragment templates of one language build through the build's store."""

    def __init__(
        self,
        env,
        store: Store | None,
        digest: Digest,
        *,
        lang: str,
        engine: str,
        templates: str,
        directory_urls: bool,
    ) -> None:
        self.env = env
        self.store = store
        self.digest = digest
        self.lang = lang
        self.base = hash_text("fragments", engine, templates, strings_key(lang), lang, str(bool(directory_urls)))
        self.log = Rendered()
        self._lock = threading.Lock()
        holds_lock(self)  # free in a forked copy (thidua.forked)
        self._page: PageFragments | None = None

    def key(self, names: tuple[str, ...], values: dict) -> str:
        return hash_text(self.base, "\n".join(names), self.digest.of(values))

    def render(
        self, names: Iterable[str], *, kind: str, label: str, known_key: str | None = None, **values
    ) -> tuple[Markup, ...]:
        """The templates `names`, each rendered with `values` only: from the store when rendered before.
        `known_key`: their key, when the caller made it already (`key(names, values)`)."""
        names = tuple(names)
        key = known_key or self.key(names, values)
        if self.store is not None:
            stored = self.store.get(key)
            if stored is not None:
                with self._lock:
                    self.log.add(kind, label, True)
                return tuple(Markup(part) for part in json.loads(stored))
        parts = tuple(self.env.get_template(name).render(**values) for name in names)
        if self.store is not None:
            self.store.put(key, json.dumps(parts, ensure_ascii=False).encode("utf-8"))
        with self._lock:
            self.log.add(kind, label, False)
        return tuple(Markup(part) for part in parts)

    def reused(self, kind: str, label: str) -> None:
        """Counts, for the log, a page made of fragments that was taken from the store whole."""
        with self._lock:
            self.log.add(kind, label, True)

    def one(self, name: str, *, kind: str, label: str, **values) -> Markup:
        return self.render((name,), kind=kind, label=label, **values)[0]

    def begin_page(self, page: str | None) -> None:
        """A section page starts rendering. `page`: what names it (its kind, path and language), under which its
        fragments are kept; None: none kept."""
        self._page = None
        if page is None or self.store is None:
            return
        slot = hash_text(self.base, "page fragments", page)
        stored = self.store.get(slot)
        self._page = PageFragments(slot, json.loads(stored) if stored is not None else [])

    def end_page(self) -> None:
        """The section page is rendered: its fragments are kept unless they are exactly those kept already."""
        page, self._page = self._page, None
        if page is None or self.store is None:
            return
        if page.same():
            return
        self.store.put(page.slot, json.dumps(page.made, ensure_ascii=False).encode("utf-8"))

    def _in_page(self, page: PageFragments, name: str, kind: str, label: str, values: dict) -> Markup:
        key = self.key((name,), values)
        html = page.found.get(key)
        if html is not None:
            with self._lock:
                self.log.add(kind, label, True)
        else:
            html = str(self.one(name, kind=kind, label=label, known_key=key, **values))
        page.made.append([key, html])
        return Markup(html)

    def template_global(self) -> Callable[..., Markup]:
        """`td_fragment(name, **values)` for the section pages' templates: a card or a booklet entry."""
        kinds = {CARD: "cards", BOOKLET_ENTRY: "booklet entries"}

        def td_fragment(name: str, **values) -> Markup:
            if name not in kinds:
                raise ValueError(f"{name} is not a fragment template")
            label = str(getattr(values.get("c") or values.get("e"), "id", None) or getattr(values.get("e"), "hid", ""))
            if self._page is not None:
                return self._in_page(self._page, name, kinds[name], label, values)
            return self.one(name, kind=kinds[name], label=label, **values)

        return td_fragment
