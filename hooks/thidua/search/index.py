"""Site search, the orchestration: which pages each Pagefind run indexes, the runs (one in the
background), and their bundles merged and published in site/pagefind/.

Each language is indexed by a Pagefind run of its own, from copies of its pages cut down to what
Pagefind reads (thidua.search.staging), its large word chunks cut smaller (thidua.search.chunks),
and the runs' bundles are merged into one folder, site/pagefind/: the browser reads one entry file
that lists every language, and each language's index files are named by language already. Two
smaller runs peak at about half the memory of one run over the whole site, and the language built
first can be indexed in the background while the next one renders (hooks/hook_search.py).
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from thidua.fs import link_or_copy
from thidua.keys import hash_text
from thidua.search import chunks, elsewhere, shards, staging
from thidua.search.chunks import ENTRY_FILE, read_entry, write_entry
from thidua.search.runner import PagefindError, run_pagefind
from thidua.search.shards import Group
from thidua.store import Store

BUNDLE_DIR = "pagefind"
# Pages that are not content, by path from the site root.
SKIPPED_PAGES = frozenset({"404.html", "en/404.html"})
# Pages about the site rather than the campaign, by path from their language's root: the colophon,
# About and the open-data page. They are found, but their words weigh little, so that a name or an
# award finds the pages about it first (a name folds to "nguyên văn", "ấn bản" of the colophon).
LOW_WEIGHT_PAGES = ("an-ban/index.html", "gioi-thieu/index.html", "du-lieu/index.html")
LOW_WEIGHT = 0.2
# Pagefind's ready-made interfaces: not used (docs/assets/js/search.js talks to pagefind.js), and
# their bytes were seen to differ between two builds of the same sources: not published.
UNUSED_UI = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*")
# What a shard's bundle does not need: the browser runs the primary bundle's script and WebAssembly for all.
SHARD_UNUSED = ("*.js", "*.css", "wasm.*")


class SearchIndexError(Exception):
    """The search index could not be built; carries every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class IndexReport:
    """What was indexed: pages per language, and anything a person should look at."""

    pages: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Seconds of each run's steps ("stage", "pagefind", "chunks", by language folder, "" for the
    # root's) and "waited" for runs started earlier: for the build's debug log.
    seconds: dict[str, float] = field(default_factory=dict)
    bundles: tuple[int, int] = (0, 0)  # bundles made by a Pagefind run, bundles taken from the build's store


def page_url(relative: PurePosixPath) -> str:
    """The URL of a written page from the site root: ke-hoach/index.html -> /ke-hoach/."""
    if relative.name == "index.html":
        parent = relative.parent.as_posix()
        return "/" if parent == "." else f"/{parent}/"
    return f"/{relative.as_posix()}"


def html_pages(site_dir: Path, under: str = "", skip: frozenset[str] | set[str] = frozenset()) -> list[PurePosixPath]:
    """Every page of the written site to index (or of its folder `under`; `skip`: folders of the site root left out,
    the other languages'), as paths from the site root, in a stable order (PurePosixPath's: part by part)."""
    pages = []
    root = os.fspath(site_dir).rstrip(os.sep) or os.sep
    cut = len(root) + (0 if root.endswith(os.sep) else 1)
    # os.walk, not Path.rglob, and text, not paths: a site of thousands of honourees has tens of thousands of
    # folders, photos and cards to pass.
    for folder, dirs, files in os.walk(os.path.join(root, under) if under else root):
        if folder == root:
            relative = ""
            dirs[:] = [name for name in dirs if name != BUNDLE_DIR and name not in skip]
        else:
            relative = folder[cut:]
            if os.sep != "/":
                relative = relative.replace(os.sep, "/")
        for name in files:
            if name.endswith(".html"):
                page = f"{relative}/{name}" if relative else name
                if page not in SKIPPED_PAGES:
                    pages.append(page)
    pages.sort(key=lambda page: page.split("/"))
    return [PurePosixPath(page) for page in pages]


def language_groups(pages: list[PurePosixPath], languages: list[str] | None) -> dict[str, list[PurePosixPath]]:
    """The pages by the folder of their language build: the languages built under /<lang>/, and ""
    for the pages at the root (the default language's). Each group is indexed by a run of its own."""
    folders = set(languages or [])
    groups: dict[str, list[PurePosixPath]] = {}
    for page in pages:
        folder = page.parts[0] if len(page.parts) > 1 and page.parts[0] in folders else ""
        groups.setdefault(folder, []).append(page)
    return groups


def root_pages(site_dir: Path, languages: list[str] | None) -> list[PurePosixPath]:
    """The pages of the default language's build (not under another language's folder)."""
    return language_groups(html_pages(Path(site_dir), skip=set(languages or ())), languages).get("", [])


SCRATCH_MIN_FREE = 1 << 30  # bytes free in /dev/shm for it to be used


def _scratch() -> str | None:
    """Where the staged pages and a run's bundle are written before publishing: a memory-backed
    folder where there is one (/dev/shm on Linux: thousands of small files are made and removed in
    a fraction of the seconds a disk's file system takes), else the usual temporary folder."""
    shm = Path("/dev/shm")
    try:
        # A container's /dev/shm may be as small as 64 MB: the staged pages of thousands of
        # honourees would not fit there.
        roomy = shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) and shutil.disk_usage(shm).free >= SCRATCH_MIN_FREE
    except OSError:
        roomy = False
    return str(shm) if roomy else None


@dataclass
class PartialIndex:
    """One Pagefind bundle: made by a run in a temporary folder until published, or taken from the build's store."""

    bundle: Path
    pages: int  # pages handed to Pagefind
    indexed: int  # pages Pagefind reports indexed
    warnings: list[str]
    seconds: dict[str, float] = field(default_factory=dict)
    copied_into: Path | None = None  # the published bundle folder its files were copied into
    group: Group | None = None  # the pages it indexes (None: a language's pages, in one bundle)
    reused: bool = False  # taken from the build's store, no Pagefind run
    _cleanup: weakref.finalize | None = field(default=None, repr=False, compare=False)

    @property
    def primary(self) -> bool:
        """A language's first bundle, merged into site/pagefind/ (the others are shards of their own)."""
        return self.group is None or not self.group.name

    def target(self, published: Path) -> Path:
        """Where its files go under the published site/pagefind/."""
        return published if self.primary else published / self.group.name

    def copy_into(self, bundle: Path) -> None:
        """Copies the run's files (not its entry file, see publish) into the published bundle.
        Files are named by content (and language): the runs' only common files are Pagefind's own
        scripts and WebAssembly, the same bytes from each run. A shard goes to a folder of its own,
        with its entry file (the browser merges it: mergeIndex)."""
        clock = time.perf_counter()
        ignored = (ENTRY_FILE, *UNUSED_UI) if self.primary else (*UNUSED_UI, *SHARD_UNUSED)
        shutil.copytree(
            self.bundle, self.target(bundle), dirs_exist_ok=True, ignore=shutil.ignore_patterns(*ignored),
            copy_function=link_or_copy,
        )
        self.copied_into = bundle
        self.seconds["copy"] = time.perf_counter() - clock

    def discard(self) -> None:
        if self._cleanup is not None:
            self._cleanup()


# Pages a staging process is given at least: below, starting a process costs more than it saves.
STAGE_SHARE_MIN = 200


# Staging and cutting chunks are pure Python (parsing releases the GIL, walking the trees does not):
# each runs in a Python process of its own (thidua.search.elsewhere), on the other core, while the
# build goes on in this process's main thread.
def low_weights(pages: list[PurePosixPath], folder: str) -> dict[PurePosixPath, float]:
    """The pages of LOW_WEIGHT_PAGES among those of a language folder ("" for the root's)."""
    low = {PurePosixPath(folder, page) for page in LOW_WEIGHT_PAGES}
    return {page: LOW_WEIGHT for page in pages if page in low}


def _stage(site_dir: Path, pages: list[PurePosixPath], stage: Path, weights: dict, workers: int = 1) -> list[str]:
    """staging.stage_pages, in `workers` processes of their own, each given a share of the pages
    (parsing a page costs about a millisecond: thousands of them are seconds)."""
    if not elsewhere.available():
        return staging.stage_pages(site_dir, pages, stage, weights)
    workers = max(1, min(workers, len(pages) // STAGE_SHARE_MIN))

    def run(share: list[PurePosixPath]) -> list[str]:
        listed = "".join(f"{page.as_posix()}\t{weights[page]:g}\n" if page in weights else f"{page.as_posix()}\n" for page in share)
        return json.loads(elsewhere.run_module(staging.__name__, [str(site_dir.resolve()), str(stage)], stdin=listed))

    try:
        if workers == 1:
            return run(pages)
        staging.lay_out(pages, stage)
        size = -(-len(pages) // workers)
        shares = [pages[k : k + size] for k in range(0, len(pages), size)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            return [warning for share in pool.map(run, shares) for warning in share]
    except elsewhere.ElsewhereError as error:
        raise SearchIndexError([f"staging the pages for the search index failed:\n{error}"]) from error


def _rechunk(bundle: Path) -> list[str]:
    """chunks.rechunk, in a process of its own: it walks millions of small numbers."""
    if not elsewhere.available():
        return chunks.rechunk(bundle)
    try:
        return json.loads(elsewhere.run_module(chunks.__name__, ["rechunk", str(bundle)]))
    except elsewhere.ElsewhereError as error:
        raise SearchIndexError([f"splitting the search index into smaller chunks failed:\n{error}"]) from error


def _indexed_pages(bundle: Path) -> int:
    """The pages a run's bundle holds, from its entry file (every language's page count)."""
    try:
        entry = read_entry(bundle / ENTRY_FILE)
        return sum(int(info.get("page_count", 0)) for info in entry.get("languages", {}).values())
    except (OSError, ValueError, AttributeError) as error:
        raise SearchIndexError([f"Pagefind wrote no complete index to {bundle}: {error}"]) from error


def _staged_key(engine: str, weight: float | None, content: bytes) -> str:
    return hash_text("staged page", engine, repr(weight), hashlib.sha256(content).digest())


def _bundle_key(engine: str, pages: list[PurePosixPath], keys: list[str]) -> str:
    return hash_text("search bundle", engine, *(f"{page.as_posix()}\0{key}" for page, key in zip(pages, keys)))


def staged_keys(site_dir: Path, pages: list[PurePosixPath] | tuple[PurePosixPath, ...], folder: str, engine: str) -> list[str]:
    """The key of each page's staged copy, from the written page's bytes (index_pages: what finds a bundle)."""
    weights = low_weights(list(pages), folder)
    root = os.fspath(site_dir)
    out = []
    for page in pages:
        with open(os.path.join(root, page.as_posix()), "rb") as fh:
            out.append(_staged_key(engine, weights.get(page), fh.read()))
    return out


def index_pages(
    site_dir: Path,
    pages: list[PurePosixPath],
    *,
    folder: str = "",
    workers: int = 1,
    store: Store | None = None,
    engine: str = "",
    group: Group | None = None,
    keys: list[str] | None = None,
) -> PartialIndex:
    """Indexes these pages of the written site, of one language folder ("" for the root's), with one
    Pagefind run, into a temporary bundle; `workers` processes stage the pages (a run in the
    background leaves the other core to the build).

    With the build's store, each page's staged copy is kept by the key of its bytes, and the bundle by
    the key of its pages' staged copies: a bundle whose pages are all unchanged is taken from the store
    (no Pagefind run), else only the changed pages are staged again. `keys`: those keys, when the caller made
    them already (staged_keys)."""
    site_dir = Path(site_dir)
    weights = low_weights(pages, folder)
    if store is None:
        keys = []
    else:
        clock = time.perf_counter()
        keys = keys if keys is not None else staged_keys(site_dir, pages, folder, engine)
        kept = store.tree(_bundle_key(engine, pages, keys))
        if kept is not None:
            info = store.get_object(_bundle_key(engine, pages, keys) + "-report") or {}
            for key in keys:  # its pages' staged text, not read: kept by the store's pruning for the next edit
                store.mark_used(key)
            return PartialIndex(
                bundle=kept, pages=len(pages), indexed=int(info.get("indexed", len(pages))),
                warnings=list(info.get("warnings", [])), seconds={"reused": time.perf_counter() - clock},
                group=group, reused=True,
            )  # fmt: skip
    work = Path(tempfile.mkdtemp(prefix="thidua-search-", dir=_scratch()))
    partial = PartialIndex(bundle=work / BUNDLE_DIR, pages=len(pages), indexed=0, warnings=[], group=group)
    # The folder goes when the bundle is published or dropped, or at the latest when the process
    # ends (a build that failed after this run started never publishes it).
    partial._cleanup = weakref.finalize(partial, shutil.rmtree, work, ignore_errors=True)
    try:
        clock = time.perf_counter()
        stage = work / "stage"
        missing = list(range(len(pages)))
        if store is not None:
            staging.lay_out(pages, stage)
            missing = []
            for i, (page, key) in enumerate(zip(pages, keys)):
                kept = store.get_object(key)
                if isinstance(kept, tuple) and len(kept) == 2:
                    (stage / page).write_bytes(kept[0])
                    partial.warnings.extend(kept[1])
                else:
                    missing.append(i)
        if missing:
            chosen = [pages[i] for i in missing]
            warnings = _stage(site_dir, chosen, stage, {p: w for p, w in weights.items() if p in set(chosen)}, workers)
            partial.warnings.extend(warnings)
            if store is not None:
                for i in missing:
                    page = pages[i]
                    own = [w for w in warnings if w.startswith(f"{page.as_posix()}: ")]
                    store.put_object(keys[i], ((stage / page).read_bytes(), own))
        partial.seconds["stage"] = time.perf_counter() - clock
        clock = time.perf_counter()
        try:
            run_pagefind(stage, partial.bundle, staging.pagefind_settings(), work=work)
        except PagefindError as error:
            raise SearchIndexError([f"Pagefind failed: {error}"]) from error
        partial.indexed = _indexed_pages(partial.bundle)
        partial.seconds["pagefind"] = time.perf_counter() - clock
        clock = time.perf_counter()
        partial.warnings += _rechunk(partial.bundle)
        partial.seconds["chunks"] = time.perf_counter() - clock
        shutil.rmtree(stage, ignore_errors=True)
        if store is not None:
            key = _bundle_key(engine, pages, keys)
            store.put_object(key + "-report", {"indexed": partial.indexed, "warnings": partial.warnings})
            store.put_tree(key, partial.bundle)
    except BaseException:
        partial.discard()
        raise
    return partial


def index_groups(
    site_dir: Path, groups: list[Group], *, workers: int = 1, store: Store | None = None, engine: str = "",
    target: Path | None = None, cancelled: threading.Event | None = None, keys: dict[str, list[str]] | None = None,
) -> list[PartialIndex]:
    """index_pages for each group, one after the other; with `target`, each bundle is copied into it as
    soon as it is ready (see BackgroundIndex). Stops between two groups once `cancelled` is set. `keys`: the
    staged keys of some groups' pages (by the group's label), made already."""
    partials: list[PartialIndex] = []
    try:
        for group in groups:
            if cancelled is not None and cancelled.is_set():
                raise SearchIndexError(["the search index was not finished: a newer build started"])
            partial = index_pages(
                site_dir, list(group.pages), folder=group.folder, workers=workers, store=store, engine=engine, group=group,
                keys=(keys or {}).get(group.label),
            )
            partials.append(partial)
            if target is not None:
                partial.copy_into(target)
    except BaseException:
        for partial in partials:
            partial.discard()
        raise
    return partials


class BackgroundIndex:
    """index_groups in a thread: staging reads and writes files, Pagefind works in its own process,
    so the build goes on meanwhile. result() waits for it and returns the PartialIndex list or raises
    what it raised. Not a daemon thread: an interpreter that exits waits for the run to end, and
    then removes its temporary folders."""

    def __init__(
        self, site_dir: Path, groups: list[Group] | list[PurePosixPath], *, publish_early: bool = False,
        store: Store | None = None, engine: str = "", later: tuple[Group, ...] = (),
    ) -> None:
        """With publish_early, site_dir/pagefind/ is emptied now and the runs' files are copied
        into it as soon as they are ready (the copy of thousands of files is off the build's
        critical path); publish() then adds the other runs' files and the entry file. `groups` may
        be a list of the default language's pages (one bundle). `later`: groups of the same folder left to
        whoever awaits this one (build_index runs them in its own thread, before waiting), listed first."""
        if groups and not isinstance(groups[0], Group):
            groups = [Group("", "", tuple(groups))]
        self.later = tuple(later)
        self.groups = list(groups)
        self.pages = [page for group in self.groups for page in group.pages]
        self.cancelled = threading.Event()
        self._outcome: list[PartialIndex] | BaseException | None = None
        target = reset_bundle(Path(site_dir)) if publish_early else None
        # Which bundles changed is found here, before the thread starts: reading and hashing thousands of pages
        # in a thread that shares the interpreter with a build at work waited for its turn at each page (seconds
        # behind the build's critical path, against a few tenths here).
        keys = None
        if store is not None:
            keys = {group.label: staged_keys(Path(site_dir), group.pages, group.folder, engine) for group in self.groups}
        self._thread = threading.Thread(
            target=self._work, args=(Path(site_dir), target, store, engine, keys), name="thidua-search-index"
        )
        self._thread.start()

    def _work(self, site_dir: Path, target: Path | None, store: Store | None, engine: str, keys) -> None:
        try:
            self._outcome = index_groups(
                site_dir, self.groups, store=store, engine=engine, target=target, cancelled=self.cancelled, keys=keys
            )
        except BaseException as error:  # noqa: BLE001 - handed to result()
            self._outcome = error

    def result(self) -> list[PartialIndex]:
        self._thread.join()
        if isinstance(self._outcome, BaseException):
            raise self._outcome
        assert self._outcome is not None
        return self._outcome

    def discard(self) -> None:
        """Drops the runs' results (a build that failed): waits for them, removes their files."""
        try:
            for partial in self.result():
                partial.discard()
        except BaseException:  # noqa: BLE001 - nothing to keep
            pass


def _merge_entries(entries: list[dict]) -> tuple[dict, list[str]]:
    """One entry file for the runs' bundles: every run's languages; the rest is the same in each."""
    merged = dict(entries[0])
    languages: dict[str, dict] = {}
    problems = []
    for entry in entries:
        if entry.get("version") != merged.get("version"):
            problems.append(f"Pagefind runs of different versions: {entry.get('version')} and {merged.get('version')}")
        for lang, info in entry.get("languages", {}).items():
            if lang in languages:
                # Two runs (two language folders) both hold pages in this <html lang>: the browser
                # can load one index per language, so the larger is kept.
                kept, dropped = sorted((languages[lang], info), key=lambda i: -i.get("page_count", 0))
                problems.append(
                    f"pages in language '{lang}' were found under two language folders: "
                    f"{dropped.get('page_count', 0)} of them are not searchable"
                )
                languages[lang] = kept
            else:
                languages[lang] = info
    merged["languages"] = languages
    return merged, problems


def reset_bundle(site_dir: Path) -> Path:
    """site_dir/pagefind/, emptied of a previous build's bundle."""
    bundle = Path(site_dir) / BUNDLE_DIR
    if bundle.exists():
        shutil.rmtree(bundle)
    bundle.mkdir(parents=True)
    return bundle


def publish(
    site_dir: Path, partials: list[PartialIndex], languages: list[str] | None = None, *, into: Path | None = None
) -> IndexReport:
    """Replaces site_dir/pagefind/ (or the folder `into`) with the runs' bundles (the primary ones
    merged, each shard in a folder of its own, the list of shards last), and reports what was indexed."""
    site_dir = Path(site_dir)
    bundle = Path(into) if into is not None else site_dir / BUNDLE_DIR
    if not any(partial.copied_into == bundle for partial in partials):
        if bundle.exists():
            shutil.rmtree(bundle)
        bundle.mkdir(parents=True)
    warnings: list[str] = []
    entries = []
    counts: dict[str, int] = {}
    try:
        for partial in partials:
            warnings.extend(partial.warnings)
            if partial.indexed != partial.pages:
                warnings.append(f"Pagefind indexed {partial.indexed} of {partial.pages} pages")
            entry_file = partial.bundle / ENTRY_FILE
            if not entry_file.exists():
                raise SearchIndexError([f"Pagefind wrote no index to {partial.bundle}"])
            entry = read_entry(entry_file)
            if partial.primary:
                entries.append(entry)
            else:
                for lang, info in entry.get("languages", {}).items():
                    counts[lang] = counts.get(lang, 0) + int(info.get("page_count", 0))
            if partial.copied_into != bundle:
                partial.copy_into(bundle)
    finally:
        for partial in partials:
            partial.discard()
    if not entries:
        raise SearchIndexError([f"Pagefind wrote no index to {bundle}"])
    entry, problems = _merge_entries(entries)
    warnings.extend(problems)
    write_entry(bundle / ENTRY_FILE, entry)
    shards.write_manifest(bundle, shards.manifest([p.group for p in partials if p.group is not None]))
    report = IndexReport(
        pages={
            lang: info.get("page_count", 0) + counts.pop(lang, 0) for lang, info in entry.get("languages", {}).items()
        },
        warnings=warnings,
    )
    for lang, count in counts.items():
        report.pages[lang] = report.pages.get(lang, 0) + count
    for lang in languages or []:
        if not report.pages.get(lang):
            report.warnings.append(f"no page in language '{lang}' was indexed: its search finds nothing")
    for lang in sorted(set(report.pages) - set(languages or report.pages)):
        report.warnings.append(
            f"{report.pages[lang]} page(s) indexed as language '{lang}', which the site does not build "
            "(a page without <html lang>, or an untranslated page copied with another language?)"
        )
    return report


def language_plans(site_dir: Path, languages: list[str] | None, folders: set[str] | None = None) -> dict[str, list[Group]]:
    """The bundles of each language folder's pages ("" for the root's): shards.plan."""
    groups = language_groups(html_pages(Path(site_dir)), languages)
    return {folder: shards.plan(folder, pages) for folder, pages in groups.items() if folders is None or folder in folders}


def build_index(
    site_dir: Path,
    languages: list[str] | None = None,
    *,
    started: dict[str, BackgroundIndex] | None = None,
    store: Store | None = None,
    engine: str = "",
    cancelled: threading.Event | None = None,
    into: Path | None = None,
) -> IndexReport:
    """Index every page of the written site into site_dir/pagefind/; checks each language has pages.

    One Pagefind run per bundle of each language folder (the root's pages, then each /<lang>/; a
    language of thousands of honourees in shards: thidua.search.shards), one after the other.
    `started` holds runs already under way for some folders ("" for the root's pages, see
    BackgroundIndex): those folders are not indexed again, their runs are awaited. With the build's
    store, a bundle whose pages are unchanged is taken from it. `cancelled` stops it between two
    runs; `into` is the folder to publish into instead of site_dir/pagefind/ (see refresh)."""
    site_dir = Path(site_dir)
    started = dict(started or {})
    try:
        if "" in started and languages:
            # The root's pages are being indexed already: only the other languages' folders are read.
            pages = [page for lang in languages for page in html_pages(site_dir, lang) if (site_dir / lang).is_dir()]
        else:
            pages = html_pages(site_dir)
        if not pages and not started:
            raise SearchIndexError([f"{site_dir}: no HTML page to index"])
        groups = language_groups(pages, languages)
        partials: list[PartialIndex] = []
        seconds: dict[str, float] = {}
        try:
            for folder in sorted(groups, key=lambda f: (f != "", f)):
                if folder not in started:
                    made = index_groups(
                        site_dir, shards.plan(folder, groups[folder]), workers=os.cpu_count() or 1, store=store,
                        engine=engine, cancelled=cancelled,
                    )
                    partials.extend(made)
                    for partial in made:
                        seconds.update({f"{partial.group.label} {k}": v for k, v in partial.seconds.items()})
            for folder in sorted(started, key=lambda f: (f != "", f)):
                job = started[folder]
                if job.later:
                    made = index_groups(
                        site_dir, list(job.later), workers=os.cpu_count() or 1, store=store, engine=engine, cancelled=cancelled
                    )
                    partials.extend(made)
                    for partial in made:
                        seconds.update({f"{partial.group.label} {k}": v for k, v in partial.seconds.items()})
                clock = time.perf_counter()
                made = started.pop(folder).result()
                partials.extend(made)
                seconds[f"{folder or 'root'} waited"] = time.perf_counter() - clock
                for partial in made:
                    seconds.update({f"{partial.group.label} {k}": v for k, v in partial.seconds.items()})
        except BaseException:
            for partial in partials:
                partial.discard()
            raise
    finally:
        for job in started.values():
            job.discard()
    reused = sum(partial.reused for partial in partials)
    ran = len(partials) - reused
    clock = time.perf_counter()
    report = publish(site_dir, partials, languages, into=into)
    report.seconds = {**seconds, "publish": time.perf_counter() - clock}
    report.bundles = (ran, reused)
    return report


REFRESHING = ".pagefind-refresh"


def mark_refreshing(site_dir: Path) -> None:
    """Says in site_dir/pagefind/ that the index is being made (docs/assets/js/search.js tells the reader)."""
    shards.write_manifest(Path(site_dir) / BUNDLE_DIR, shards.manifest([], refreshing=True))


class Refresh:
    """The search index of a site already written, made in a thread after the build (`mkdocs serve`: the
    page an edit changed is shown without waiting for Pagefind). It is published into a folder beside
    site/pagefind/, then put in its place; meanwhile the manifest says that the index is being
    refreshed. `cancel()` (a newer build is starting) stops it between two Pagefind runs and waits."""

    def __init__(self, site_dir: Path, languages: list[str] | None, *, store: Store | None, engine: str, done) -> None:
        self.site_dir = Path(site_dir)
        self.cancelled = threading.Event()
        self.report: IndexReport | None = None
        self.error: BaseException | None = None
        mark_refreshing(self.site_dir)
        self._thread = threading.Thread(
            target=self._work, args=(languages, store, engine, done), name="thidua-search-refresh"
        )
        self._thread.start()

    def _work(self, languages, store, engine, done) -> None:
        clock = time.perf_counter()
        fresh = self.site_dir / REFRESHING
        try:
            self.report = build_index(
                self.site_dir, languages, store=store, engine=engine, cancelled=self.cancelled, into=fresh
            )
            if self.cancelled.is_set():
                raise SearchIndexError(["the search index was not finished: a newer build started"])
            bundle = self.site_dir / BUNDLE_DIR
            old = self.site_dir / f"{REFRESHING}-old"
            if bundle.exists():
                os.rename(bundle, old)
            os.rename(fresh, bundle)
            shutil.rmtree(old, ignore_errors=True)
            if store is not None:
                store.remember("search")  # the keys of the bundles the next refresh reuses
        except BaseException as error:  # noqa: BLE001 - handed to `done`
            self.error = error
            shutil.rmtree(fresh, ignore_errors=True)
        done(self, time.perf_counter() - clock)

    def cancel(self) -> None:
        self.cancelled.set()
        self._thread.join()

    def wait(self) -> None:
        self._thread.join()
