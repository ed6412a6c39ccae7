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
import json
import os
import shutil
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from thidua.search import chunks, elsewhere, staging
from thidua.search.chunks import ENTRY_FILE, read_entry, write_entry
from thidua.search.runner import PagefindError, run_pagefind

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


def page_url(relative: PurePosixPath) -> str:
    """The URL of a written page from the site root: ke-hoach/index.html -> /ke-hoach/."""
    if relative.name == "index.html":
        parent = relative.parent.as_posix()
        return "/" if parent == "." else f"/{parent}/"
    return f"/{relative.as_posix()}"


def html_pages(site_dir: Path) -> list[PurePosixPath]:
    """Every page of the written site to index, as paths from the site root, in a stable order."""
    pages = []
    for path in site_dir.rglob("*.html"):
        relative = PurePosixPath(path.relative_to(site_dir).as_posix())
        if relative.parts[0] == BUNDLE_DIR or relative.as_posix() in SKIPPED_PAGES:
            continue
        pages.append(relative)
    return sorted(pages)


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
    return language_groups(html_pages(Path(site_dir)), languages).get("", [])


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
    """One Pagefind run's bundle, in a temporary folder until published."""

    bundle: Path
    pages: int  # pages handed to Pagefind
    indexed: int  # pages Pagefind reports indexed
    warnings: list[str]
    seconds: dict[str, float] = field(default_factory=dict)
    copied_into: Path | None = None  # the published bundle folder its files were copied into
    _cleanup: weakref.finalize | None = field(default=None, repr=False, compare=False)

    def copy_into(self, bundle: Path) -> None:
        """Copies the run's files (not its entry file, see publish) into the published bundle.
        Files are named by content (and language): the runs' only common files are Pagefind's own
        scripts and WebAssembly, the same bytes from each run."""
        clock = time.perf_counter()
        shutil.copytree(self.bundle, bundle, dirs_exist_ok=True, ignore=shutil.ignore_patterns(ENTRY_FILE, *UNUSED_UI))
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


def index_pages(site_dir: Path, pages: list[PurePosixPath], *, folder: str = "", workers: int = 1) -> PartialIndex:
    """Indexes these pages of the written site, of one language folder ("" for the root's), with one
    Pagefind run, into a temporary bundle; `workers` processes stage the pages (a run in the
    background leaves the other core to the build)."""
    site_dir = Path(site_dir)
    work = Path(tempfile.mkdtemp(prefix="thidua-search-", dir=_scratch()))
    partial = PartialIndex(bundle=work / BUNDLE_DIR, pages=len(pages), indexed=0, warnings=[])
    # The folder goes when the bundle is published or dropped, or at the latest when the process
    # ends (a build that failed after this run started never publishes it).
    partial._cleanup = weakref.finalize(partial, shutil.rmtree, work, ignore_errors=True)
    try:
        clock = time.perf_counter()
        stage = work / "stage"
        partial.warnings = _stage(site_dir, pages, stage, low_weights(pages, folder), workers)
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
    except BaseException:
        partial.discard()
        raise
    return partial


class BackgroundIndex:
    """index_pages in a thread: staging reads and writes files, Pagefind works in its own process,
    so the build goes on meanwhile. result() waits for it and returns the PartialIndex or raises
    what it raised. Not a daemon thread: an interpreter that exits waits for the run to end, and
    then removes its temporary folder."""

    def __init__(self, site_dir: Path, pages: list[PurePosixPath], *, publish_early: bool = False) -> None:
        """With publish_early, site_dir/pagefind/ is emptied now and the run's files are copied
        into it as soon as they are ready (the copy of thousands of files is off the build's
        critical path); publish() then adds the other runs' files and the entry file."""
        self.pages = list(pages)
        self._outcome: PartialIndex | BaseException | None = None
        target = None
        if publish_early:
            target = reset_bundle(Path(site_dir))
        self._thread = threading.Thread(
            target=self._work, args=(Path(site_dir), self.pages, target), name="thidua-search-index"
        )
        self._thread.start()

    def _work(self, site_dir: Path, pages: list[PurePosixPath], target: Path | None) -> None:
        try:
            partial = index_pages(site_dir, pages)
            try:
                if target is not None:
                    partial.copy_into(target)
            except BaseException:
                partial.discard()
                raise
            self._outcome = partial
        except BaseException as error:  # noqa: BLE001 - handed to result()
            self._outcome = error

    def result(self) -> PartialIndex:
        self._thread.join()
        if isinstance(self._outcome, BaseException):
            raise self._outcome
        assert self._outcome is not None
        return self._outcome

    def discard(self) -> None:
        """Drops the run's result (a build that failed): waits for the run, removes its files."""
        try:
            self.result().discard()
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


def publish(site_dir: Path, partials: list[PartialIndex], languages: list[str] | None = None) -> IndexReport:
    """Replaces site_dir/pagefind/ with the runs' bundles merged, and reports what was indexed."""
    site_dir = Path(site_dir)
    bundle = site_dir / BUNDLE_DIR
    if not any(partial.copied_into == bundle for partial in partials):
        reset_bundle(site_dir)
    warnings: list[str] = []
    entries = []
    try:
        for partial in partials:
            warnings.extend(partial.warnings)
            if partial.indexed != partial.pages:
                warnings.append(f"Pagefind indexed {partial.indexed} of {partial.pages} pages")
            entry_file = partial.bundle / ENTRY_FILE
            if not entry_file.exists():
                raise SearchIndexError([f"Pagefind wrote no index to {partial.bundle}"])
            entries.append(read_entry(entry_file))
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
    report = IndexReport(
        pages={lang: info.get("page_count", 0) for lang, info in entry.get("languages", {}).items()},
        warnings=warnings,
    )
    for lang in languages or []:
        if not report.pages.get(lang):
            report.warnings.append(f"no page in language '{lang}' was indexed: its search finds nothing")
    for lang in sorted(set(report.pages) - set(languages or report.pages)):
        report.warnings.append(
            f"{report.pages[lang]} page(s) indexed as language '{lang}', which the site does not build "
            "(a page without <html lang>, or an untranslated page copied with another language?)"
        )
    return report


def build_index(
    site_dir: Path,
    languages: list[str] | None = None,
    *,
    started: dict[str, BackgroundIndex] | None = None,
) -> IndexReport:
    """Index every page of the written site into site_dir/pagefind/; checks each language has pages.

    One Pagefind run per language folder (the root's pages, then each /<lang>/), one after the
    other. `started` holds runs already under way for some folders ("" for the root's pages, see
    BackgroundIndex): those folders are not indexed again, their runs are awaited."""
    site_dir = Path(site_dir)
    started = dict(started or {})
    try:
        pages = html_pages(site_dir)
        if not pages and not started:
            raise SearchIndexError([f"{site_dir}: no HTML page to index"])
        groups = language_groups(pages, languages)
        partials = []
        seconds: dict[str, float] = {}
        try:
            for folder in sorted(groups, key=lambda f: (f != "", f)):
                if folder not in started:
                    partials.append(index_pages(site_dir, groups[folder], folder=folder, workers=os.cpu_count() or 1))
                    seconds.update({f"{folder or 'root'} {k}": v for k, v in partials[-1].seconds.items()})
            for folder in sorted(started, key=lambda f: (f != "", f)):
                clock = time.perf_counter()
                partials.append(started.pop(folder).result())
                seconds[f"{folder or 'root'} waited"] = time.perf_counter() - clock
                seconds.update({f"{folder or 'root'} {k}": v for k, v in partials[-1].seconds.items()})
        except BaseException:
            for partial in partials:
                partial.discard()
            raise
    finally:
        for job in started.values():
            job.discard()
    clock = time.perf_counter()
    report = publish(site_dir, partials, languages)
    report.seconds = {**seconds, "publish": time.perf_counter() - clock}
    return report
