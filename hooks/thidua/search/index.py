"""Site search: the Pagefind index of the written site, one index per <html lang>, with đ findable as d.

Each language is indexed by a Pagefind run of its own (its own service process), from copies of its
pages cut down to what Pagefind reads (the <html> tag, the title and the article), and the runs'
bundles are merged into one folder, site/pagefind/: the browser reads one entry file that lists
every language, and each language's index files are named by language already. Two smaller runs
peak at about half the memory of one run over the whole site, and the language built first can be
indexed in the background while the next one renders (hooks/hook_search.py).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

# Pagefind folds tone marks (it drops combining marks after NFD) but not đ, a letter of its own
# that does not decompose: "duong" would miss "đường". The text handed to Pagefind spells đ as ḏ
# (d with line below), which does decompose to d + a combining mark: "duong" finds it, and a query
# typed with đ, spelled the same way by docs/assets/js/search.js, still ranks exact spellings
# first. The script turns ḏ back into đ in what it shows. The published pages are not changed.
INDEX_LETTERS = {"đ": "\u1e0f", "Đ": "\u1e0e"}
BUNDLE_DIR = "pagefind"
# Only the article is indexed: navigation, header and footer repeat on every page.
ROOT_SELECTOR = "article.md-content__inner"
# How Material writes that element's start tag: the staged copy of a page keeps only it (below).
ROOT_START = '<article class="md-content__inner'
# Parts of the article that are not its own content, or repeat what other pages hold:
# - permalink signs, the sample-data notice (it names "Nguyễn Văn A" on every page), the
#   previous/next links, the directory's filter form, the source-file line;
# - a honouree's criteria checklist: the plan's criteria sentences, the same on every honouree
#   page (they are found on /tieu-chuan/ and /ke-hoach/, where they are the content);
# - the booklet's entries (/ky-yeu/): each repeats a honouree page's photo, citation and story,
#   which are found on that honouree's page. The booklet itself is still found by its title and
#   cover. Indexed, they made one page as large as all the honouree pages together, and the
#   index's lists of common words twice as long (larger downloads for every query).
EXCLUDE_SELECTORS = (
    ".headerlink",
    ".td-sample",
    ".td-pager",
    ".td-filter",
    ".md-source-file",
    ".td-checklist",
    ".td-booklet__entry",
)
# Pages that are not content, by path from the site root.
SKIPPED_PAGES = frozenset({"404.html", "en/404.html"})
# Pagefind's ready-made interfaces: not used (docs/assets/js/search.js talks to pagefind.js), and
# their bytes were seen to differ between two builds of the same sources: not published.
UNUSED_UI = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*")
ENTRY_FILE = "pagefind-entry.json"


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


def index_form(text: str) -> str:
    """Text as Pagefind indexes it: đ spelled ḏ, so that folding tone marks also folds đ to d."""
    # str.replace, not str.translate with a table: translate looks up every character of the page
    # (several seconds for a site of thousands of pages), replace searches for two letters.
    for letter, spelled in INDEX_LETTERS.items():
        text = text.replace(letter, spelled)
    return text


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


def index_config(bundle: Path) -> dict:
    """Pagefind's settings for this site."""
    return {
        "root_selector": ROOT_SELECTOR,
        "exclude_selectors": list(EXCLUDE_SELECTORS),
        "output_path": str(bundle),
    }


_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_TITLE = re.compile(r"<title\b[^>]*>.*?</title>", re.IGNORECASE | re.DOTALL)
_ARTICLE_TAG = re.compile(r"<(/?)article\b", re.IGNORECASE)


def _root_element(html: str) -> str | None:
    """The article Pagefind indexes (ROOT_SELECTOR), start to matching end tag, or None."""
    start = html.find(ROOT_START)
    if start < 0:
        return None
    depth = 0
    for tag in _ARTICLE_TAG.finditer(html, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            end = html.find(">", tag.end())
            return html[start : end + 1] if end >= 0 else None
    return None


def staged_page(html: str) -> str:
    """What Pagefind needs of a written page: its <html> tag (the language), its title and the
    article it indexes, nothing of the header, navigation, footer or scripts around them (a
    honouree page is five times its article). Pagefind reads the same article either way, so the
    index is the same; it just has less to read and hold. A page without that article is kept whole."""
    root = _root_element(html)
    if root is None:
        return html
    html_tag = _HTML_TAG.search(html)
    title = _TITLE.search(html)
    return (
        "<!doctype html>\n"
        f"{html_tag.group(0) if html_tag else '<html>'}"
        f'<head><meta charset="utf-8">{title.group(0) if title else ""}</head>'
        f"<body>{root}</body></html>"
    )


def stage_pages(site_dir: Path, pages: list[PurePosixPath], stage: Path) -> list[str]:
    """Copies the pages into `stage` in their index form; returns warnings about their text."""
    warnings = []
    made: set[Path] = set()
    for relative in pages:
        text = staged_page((site_dir / relative).read_text(encoding="utf-8"))
        for letter in INDEX_LETTERS.values():
            if letter in text:
                warnings.append(f"{relative}: contains '{letter}', which search results will show as 'đ'")
        target = stage / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_text(index_form(text), encoding="utf-8")
    return warnings


# Pagefind's binary allocates with jemalloc, which by default keeps freed memory for reuse in an
# arena per thread: one arena and freed pages returned at once lower its peak (5,000 honouree pages
# of one language: 1,080 -> 860 MiB) at no measured cost in time. Read by jemalloc at the start
# of the Pagefind process only (the prefixed name is Rust's jemallocator's).
PAGEFIND_ENVIRONMENT = {"_RJEM_MALLOC_CONF": "narenas:1,dirty_decay_ms:0,muzzy_decay_ms:0"}
_ENVIRONMENT_LOCK = threading.Lock()


async def _launch():
    """Pagefind's service process, started with PAGEFIND_ENVIRONMENT (the Python API passes on
    this process's environment: it is set for the moment of the start, then restored)."""
    from pagefind.service import PagefindService

    service = PagefindService()
    with _ENVIRONMENT_LOCK:
        saved = {name: os.environ.get(name) for name in PAGEFIND_ENVIRONMENT}
        os.environ.update({name: value for name, value in PAGEFIND_ENVIRONMENT.items() if saved[name] is None})
        try:
            await service.launch()
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
    return service


async def _index(stage: Path, bundle: Path) -> int:
    # One add_directory call: the Python API answers one message per 0.1 s, so adding pages one
    # by one would take 1,000 s for 10,000 pages; a folder of staged copies takes one message.
    # The service is used directly rather than the PagefindIndex context manager, whose exit writes
    # the files and stops the Pagefind process straight away: once in 17 large builds the entry file
    # was read empty. Here the files are written, then awaited complete, then the process stops.
    service = await _launch()
    try:
        index = await service.create_index(index_config(bundle))
        response = await index.add_directory(str(stage))
        await index.write_files()
        await _complete(bundle / ENTRY_FILE)
    finally:
        await service.close()
    return int(response.get("page_count", 0))


async def _complete(entry: Path, timeout: float = 120.0) -> None:
    """Wait until Pagefind's entry file (the one a browser reads first) holds complete JSON."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            json.loads(entry.read_text(encoding="utf-8"))
            return
        except (FileNotFoundError, ValueError):
            if time.monotonic() > deadline:
                raise SearchIndexError([f"Pagefind did not finish writing {entry} in {timeout:.0f} s"]) from None
            await asyncio.sleep(0.05)


def _run(coroutine):
    """Runs Pagefind's asyncio API to the end in a thread of its own: the caller may be running an
    event loop already (a test session driving a browser, a tool that embeds the build)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


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


# --- smaller index chunks -------------------------------------------------------------------------
#
# Pagefind cuts its word index into chunks (index/*.pf_index), and a query downloads the chunks that
# hold its words. It closes a chunk once the words in it occur 20,000 times, but counts only the
# occurrences spelled without any diacritic: in Vietnamese, where nearly every word has one, its
# chunks come out 10 to 25 times that size (a dozen chunks of 150-400 KB for 5,000 honourees, each
# query fetching two or three of them). Each chunk is a list of words with their pages; the words are
# left as Pagefind wrote them, byte for byte; chunks over twice CHUNK_BYTES are cut into pieces of
# about CHUNK_BYTES, in Pagefind's order, listed in the language's metadata file with the from/to
# bounds Pagefind computes, and only where no whole word's matches are split (_may_cut): a query
# finds the same pages in the same order, and downloads the words it needs and few others (at
# 1,000 honourees, 55 queries compared in Chromium: same results, 45% fewer bytes). Every step
# checks that the files are laid out as expected (written back unchanged, they give the same bytes),
# else the language's chunks are kept as Pagefind wrote them, with a warning.
CHUNK_BYTES = 32 * 1024  # of uncompressed CBOR: about 10 KB over the network
SIGNATURE = b"pagefind_dcd"


class _Layout(Exception):
    """A Pagefind file is not laid out as this code expects: its chunks are left alone."""


def _head(data: bytes, i: int) -> tuple[int, int, int]:
    """A CBOR item's major type, argument and the offset after its head."""
    if i >= len(data):
        raise _Layout("truncated")
    major, info = data[i] >> 5, data[i] & 31
    if info < 24:
        return major, info, i + 1
    if info > 27:
        raise _Layout("indefinite length or reserved")
    size = 1 << (info - 24)
    if i + 1 + size > len(data):
        raise _Layout("truncated")
    return major, int.from_bytes(data[i + 1 : i + 1 + size], "big"), i + 1 + size


# Fast paths for _skip, in C: an array of integers (word positions), and an array of Pagefind's
# page entries, each [page, [positions...], [weights...]], all integers. Arrays of positions are
# taken greedily (what follows one is an array, never an integer); a word list misread this way
# would not come out as Pagefind's sorted words, which _rechunk_language checks.
_INTEGER = rb"(?:[\x00-\x17\x20-\x37]|[\x18\x38][\x00-\xff]|[\x19\x39][\x00-\xff]{2}|[\x1a\x3a][\x00-\xff]{4}|[\x1b\x3b][\x00-\xff]{8})"
_ARRAY = rb"(?:[\x80-\x97]|\x98[\x00-\xff]|\x99[\x00-\xff]{2}|\x9a[\x00-\xff]{4})"
_PAGE = rb"(?:\x83" + _INTEGER + _ARRAY + _INTEGER + b"*" + _ARRAY + _INTEGER + b"*)"
_RUNS: dict[tuple[bytes, int], re.Pattern] = {}


def _run_of(item: bytes, count: int) -> re.Pattern:
    pattern = _RUNS.get((item, count))
    if pattern is None:
        pattern = _RUNS[(item, count)] = re.compile(item + b"{%d}" % count)
    return pattern


def _skip(data: bytes, i: int) -> int:
    """The offset after the CBOR item at i (a loop, not recursion: the word lists hold millions of
    numbers; an array of numbers is passed over by one regular expression)."""
    pending = 1
    while pending:
        pending -= 1
        byte = data[i]
        major, info = byte >> 5, byte & 31
        if info < 24:
            value, i = info, i + 1
        elif info == 24:
            value, i = data[i + 1], i + 2
        elif info == 25:
            value, i = data[i + 1] << 8 | data[i + 2], i + 3
        elif info == 26:
            value, i = int.from_bytes(data[i + 1 : i + 5], "big"), i + 5
        elif info == 27:
            value, i = int.from_bytes(data[i + 1 : i + 9], "big"), i + 9
        else:
            raise _Layout("indefinite length or reserved")
        if major == 4:
            run = None
            if value > 1 and i < len(data):
                if data[i] == 0x83:
                    run = _run_of(_PAGE, value).match(data, i)
                elif data[i] >> 5 < 2:
                    run = _run_of(_INTEGER, value).match(data, i)
            if run is not None:
                i = run.end()
            else:
                pending += value
        elif major == 5:
            pending += 2 * value
        elif major == 6:
            pending += 1
        elif major in (2, 3):
            i += value
    if i > len(data):
        raise _Layout("truncated")
    return i


def _items(data: bytes, i: int) -> tuple[list[tuple[int, int]], int]:
    """The spans of the items of the array at i, and the offset after it."""
    major, count, i = _head(data, i)
    if major != 4:
        raise _Layout("not an array")
    spans = []
    for _ in range(count):
        end = _skip(data, i)
        spans.append((i, end))
        i = end
    return spans, i


def _encode_head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise _Layout("too large")


def _encode_text(text: str) -> bytes:
    raw = text.encode("utf-8")
    return _encode_head(3, len(raw)) + raw


def _text(data: bytes, i: int) -> str:
    major, size, i = _head(data, i)
    if major != 3:
        raise _Layout("not a text")
    return data[i : i + size].decode("utf-8")


def _word(data: bytes, i: int) -> str:
    """The word of the word entry (an array starting with the word) at i."""
    major, _, i = _head(data, i)
    if major != 4:
        raise _Layout("word entry")
    return _text(data, i)


def _read_packed(path: Path) -> bytes:

    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise _Layout(f"{path.name}: no signature")
    return raw[len(SIGNATURE) :]


def _write_packed(path: Path, data: bytes) -> None:

    path.write_bytes(gzip.compress(SIGNATURE + data, compresslevel=6, mtime=0))


def _name(prefix: str, data: bytes, length: int, taken: set[str]) -> str:

    digest = hashlib.sha256(data).hexdigest()
    while f"{prefix}{digest[:length]}" in taken and length < len(digest):
        length += 1
    return f"{prefix}{digest[:length]}"


def _prefixes(a: str, b: str) -> tuple[str, str]:
    """Pagefind's chunk bounds between a chunk ending with word a and the next starting with b."""
    common = 0
    for x, y in zip(b, a):
        if x != y:
            break
        common += 1
    return a[: common + 1], b[: common + 1]


def _may_cut(a: str, b: str, words: set[str]) -> bool:
    """Whether two neighbouring words may end one chunk and start the next. A query loads the one
    chunk whose bounds hold each of its terms, and a term also matches the words it begins, in that
    chunk only: a cut between a and b would hide b's side from every term that begins both. Cut
    only where no such term is a word of the index (between "the..." and "thi...", not inside
    "thu...": "thu" is a word), so a query of whole words finds what it found in Pagefind's chunks."""
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return not any(a[:length] in words for length in range(1, common + 1))


def _chunk_list(chunks: list[tuple[str, str, str]]) -> bytes:
    out = [_encode_head(4, len(chunks))]
    for first, last, name in chunks:
        out += [_encode_head(4, 3), _encode_text(first), _encode_text(last), _encode_text(name)]
    return b"".join(out)


def _rechunk_language(bundle: Path, lang: str, meta_hash: str, target: int) -> str:
    """Regroups one language's word index into chunks of `target` bytes; returns the new meta hash."""
    meta_file = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = _read_packed(meta_file)
    fields, end = _items(meta, 0)
    if end != len(meta) or len(fields) < 3 or _encode_head(4, len(fields)) != meta[: fields[0][0]]:
        raise _Layout("metadata")
    chunk_list = meta[fields[2][0] : fields[2][1]]
    entries, _ = _items(chunk_list, 0)
    chunks = []
    for start, stop in entries:
        parts, _ = _items(chunk_list, start)
        if len(parts) != 3:
            raise _Layout("chunk entry")
        chunks.append(tuple(_text(chunk_list, s) for s, _ in parts))
    if _chunk_list(chunks) != chunk_list:
        raise _Layout("chunk list")
    # Each chunk larger than twice the target is cut into pieces of about the target; the others are
    # left as they are. A piece keeps the chunk's outer bounds (computed by Pagefind from the same
    # first and last words); the bounds between its pieces are computed as Pagefind does.
    bounds: list[list[str]] = []
    written: dict[str, bytes] = {}
    removed = []
    taken = {name for _, _, name in chunks}
    for first, last, name in chunks:
        data = _read_packed(bundle / "index" / f"{name}.pf_index")
        if len(data) <= 2 * target:
            bounds.append([first, last, name])
            continue
        outer, end = _items(data, 0)
        if len(outer) != 1 or end != len(data):
            raise _Layout("chunk")
        spans, end = _items(data, outer[0][0])
        if not spans or _encode_head(4, 1) + _encode_head(4, len(spans)) + data[spans[0][0] : end] != data:
            raise _Layout("chunk head")
        words = [_word(data, start) for start, _ in spans]
        encoded = [word.encode("utf-8") for word in words]
        if encoded != sorted(encoded):
            raise _Layout("words out of order")
        present = set(words)
        groups: list[list[tuple[int, int]]] = [[]]
        size = 0
        for k, span in enumerate(spans):  # a piece closes once it reaches the size, where it may
            groups[-1].append(span)
            size += span[1] - span[0]
            if size >= target and k + 1 < len(spans) and _may_cut(words[k], words[k + 1], present):
                groups.append([])
                size = 0
        if len(groups) == 1:  # no cut allowed: kept as it is
            bounds.append([first, last, name])
            continue
        pieces = []
        for group in groups:
            piece = _encode_head(4, 1) + _encode_head(4, len(group)) + data[group[0][0] : group[-1][1]]
            piece_name = _name(f"{lang}_", piece, 7, taken)
            taken.add(piece_name)
            written[piece_name] = piece
            pieces.append([_word(data, group[0][0]), _word(data, group[-1][0]), piece_name])
        for left, right in zip(pieces, pieces[1:]):
            left[1], right[0] = _prefixes(left[1], right[0])
        pieces[0][0], pieces[-1][1] = first, last
        bounds.extend(pieces)
        removed.append(name)
    if not removed:
        return meta_hash
    new_meta = (
        meta[: fields[2][0]] + _chunk_list([tuple(b) for b in bounds]) + meta[fields[2][1] :]
    )
    new_hash = _name(f"{lang}_", new_meta, 10, set())
    for name in removed:
        (bundle / "index" / f"{name}.pf_index").unlink()
    for name, data in written.items():
        _write_packed(bundle / "index" / f"{name}.pf_index", data)
    meta_file.unlink()
    _write_packed(bundle / f"pagefind.{new_hash}.pf_meta", new_meta)
    return new_hash


def rechunk(bundle: Path, target: int = CHUNK_BYTES) -> list[str]:
    """Regroups every language's word index of a bundle into chunks of about `target` bytes (see
    above); returns warnings (a language left as Pagefind wrote it, and why)."""
    entry_file = bundle / ENTRY_FILE
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    warnings = []
    for lang, info in entry.get("languages", {}).items():
        try:
            info["hash"] = _rechunk_language(bundle, lang, info["hash"], target)
        except (_Layout, OSError, KeyError, IndexError, ValueError) as error:
            warnings.append(f"search index chunks of language '{lang}' left as Pagefind wrote them ({error})")
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    return warnings


def _rechunk_elsewhere(bundle: Path) -> list[str]:
    """rechunk() in a Python process of its own: it walks millions of small numbers, seconds of
    pure Python that would hold this process's GIL while the other languages build."""

    if not sys.executable:
        return rechunk(bundle)
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "rechunk", str(bundle)],
        capture_output=True, text=True, encoding="utf-8",
    )
    if done.returncode != 0:
        raise SearchIndexError([f"splitting the search index into smaller chunks failed:\n{done.stderr.strip()}"])
    return json.loads(done.stdout)


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


def index_pages(site_dir: Path, pages: list[PurePosixPath]) -> PartialIndex:
    """Indexes these pages of the written site with one Pagefind run, into a temporary bundle."""
    site_dir = Path(site_dir)
    work = Path(tempfile.mkdtemp(prefix="thidua-search-", dir=_scratch()))
    partial = PartialIndex(bundle=work / BUNDLE_DIR, pages=len(pages), indexed=0, warnings=[])
    # The folder goes when the bundle is published or dropped, or at the latest when the process
    # ends (a build that failed after this run started never publishes it).
    partial._cleanup = weakref.finalize(partial, shutil.rmtree, work, ignore_errors=True)
    try:
        clock = time.perf_counter()
        stage = work / "stage"
        partial.warnings = stage_pages(site_dir, pages, stage)
        partial.seconds["stage"] = time.perf_counter() - clock
        clock = time.perf_counter()
        try:
            partial.indexed = _run(_index(stage, partial.bundle))
        except SearchIndexError:
            raise
        except Exception as error:  # noqa: BLE001 - Pagefind's API raises bare Exception with its message
            raise SearchIndexError([f"Pagefind failed: {error}"]) from error
        partial.seconds["pagefind"] = time.perf_counter() - clock
        clock = time.perf_counter()
        partial.warnings += _rechunk_elsewhere(partial.bundle)
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
            entries.append(json.loads(entry_file.read_text(encoding="utf-8")))
            if partial.copied_into != bundle:
                partial.copy_into(bundle)
    finally:
        for partial in partials:
            partial.discard()
    if not entries:
        raise SearchIndexError([f"Pagefind wrote no index to {bundle}"])
    entry, problems = _merge_entries(entries)
    warnings.extend(problems)
    # Pagefind lists the languages in a different order from run to run: sorted, two builds of the
    # same sources give the same bytes (reproducible archives).
    (bundle / ENTRY_FILE).write_text(
        json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8"
    )
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
                    partials.append(index_pages(site_dir, groups[folder]))
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


if __name__ == "__main__":  # python thidua_search.py rechunk BUNDLE (see _rechunk_elsewhere)
    if len(sys.argv) != 3 or sys.argv[1] != "rechunk":
        sys.exit("usage: python thidua_search.py rechunk BUNDLE")
    print(json.dumps(rechunk(Path(sys.argv[2]))))
