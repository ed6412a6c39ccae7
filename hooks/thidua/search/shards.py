"""Which Pagefind bundle indexes each page: a language's pages in one, or, for thousands of honourees, its section
pages in one and its honouree pages in shards by a hash of their id; and the list of shards the browser merges.

Pagefind has no incremental mode, but its browser API merges several bundles at query time (`mergeIndex`), and a
bundle made from the same staged pages is the same: each bundle is kept in the build's store by the key of its
pages' staged text, and an edit runs Pagefind again only for the bundles that hold a changed page (the section
pages, which list every honouree, and the one shard of the edited honouree), not for the whole language.

site/pagefind/ holds the *primary* bundles, every language's first one, merged as before (one entry file that
lists every language); each further shard is a bundle of its own at site/pagefind/<lang>-<n>/, listed by language
in site/pagefind/thidua-shards.json, which docs/assets/js/search.js reads before the first query. A language of up
to SHARD_PAGES honouree pages is one bundle: small sites are indexed exactly as before (same ranking, same files), and so is
the bundled campaign. A shard of at most about SHARD_PAGES pages also bounds a Pagefind run's memory.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from thidua.model.languages import DEFAULT_LANGUAGE

# Pages of one language past which its honouree pages are indexed in shards of about this many.
SHARD_PAGES = 1000
MANIFEST = "thidua-shards.json"
HONOUREES = "ton-vinh"
NOT_HONOUREES = frozenset({"anh", "td-shell-slot"})


@dataclass(frozen=True)
class Group:
    """The pages one Pagefind run indexes into one bundle."""

    folder: str  # the language folder ("" for the default language's pages at the root)
    name: str  # "" for the language's primary bundle (merged into site/pagefind/), else the shard's folder ("vi-2")
    pages: tuple[PurePosixPath, ...]

    @property
    def lang(self) -> str:
        return self.folder or DEFAULT_LANGUAGE

    @property
    def label(self) -> str:
        return self.name or f"{self.lang}"


def honouree_id(page: PurePosixPath, folder: str) -> str | None:
    """The id of a honouree page (ton-vinh/<id>/index.html under its language folder), else None."""
    parts = page.parts[1:] if folder else page.parts
    if len(parts) == 3 and parts[0] == HONOUREES and parts[2] == "index.html" and parts[1] not in NOT_HONOUREES:
        return parts[1]
    return None


def shard_of(hid: str, count: int) -> int:
    """A honouree's shard among `count`: a hash of its id, so adding or editing one leaves the others in place."""
    return int.from_bytes(hashlib.sha256(hid.encode("utf-8")).digest()[:8], "big") % count


def plan(folder: str, pages: list[PurePosixPath], limit: int | None = None) -> list[Group]:
    """The bundles of one language folder's pages (in the pages' order within each): one bundle while
    its honouree pages would fill one shard at most (a single shard would be rebuilt on any edit anyway)."""
    limit = SHARD_PAGES if limit is None else limit
    sections = [page for page in pages if honouree_id(page, folder) is None]
    honourees = [page for page in pages if honouree_id(page, folder) is not None]
    count = math.ceil(len(honourees) / limit)
    if count < 2:
        return [Group(folder, "", tuple(pages))]
    shards: list[list[PurePosixPath]] = [[] for _ in range(count)]
    for page in honourees:
        shards[shard_of(honouree_id(page, folder), count)].append(page)
    lang = folder or DEFAULT_LANGUAGE
    return [Group(folder, "", tuple(sections))] + [
        Group(folder, f"{lang}-{n + 1}", tuple(shard)) for n, shard in enumerate(shards) if shard
    ]


def manifest(groups: list[Group], *, refreshing: bool = False) -> dict:
    """What search.js reads first: the shards to merge for a page's language, or that the index is being made."""
    shards: dict[str, list[str]] = {}
    for group in groups:
        shards.setdefault(group.lang, [])
        if group.name:
            shards[group.lang].append(group.name + "/")
    return {"refreshing": refreshing, "shards": shards}


def write_manifest(bundle: Path, content: dict) -> None:
    """Writes the manifest whole (a reader under `mkdocs serve` may read it meanwhile)."""
    bundle.mkdir(parents=True, exist_ok=True)
    partial = bundle / f".{MANIFEST}.tmp"
    partial.write_text(json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    partial.replace(bundle / MANIFEST)
