"""Site search: the Pagefind index of the written site, one index per <html lang>, with đ findable as d."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import shutil
import tempfile
import time
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
# Parts of the article that are not its content: permalink signs, the sample-data notice (it names
# "Nguyễn Văn A" on every page), the previous/next links, the directory's filter form.
EXCLUDE_SELECTORS = (".headerlink", ".td-sample", ".td-pager", ".td-filter", ".md-source-file")
# Pages that are not content, by path from the site root.
SKIPPED_PAGES = frozenset({"404.html", "en/404.html"})


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


def index_config(bundle: Path) -> dict:
    """Pagefind's settings for this site."""
    return {
        "root_selector": ROOT_SELECTOR,
        "exclude_selectors": list(EXCLUDE_SELECTORS),
        "output_path": str(bundle),
    }


def stage_pages(site_dir: Path, pages: list[PurePosixPath], stage: Path) -> list[str]:
    """Copies the pages into `stage` in their index form; returns warnings about their text."""
    warnings = []
    for relative in pages:
        html = (site_dir / relative).read_text(encoding="utf-8")
        for letter in INDEX_LETTERS.values():
            if letter in html:
                warnings.append(f"{relative}: contains '{letter}', which search results will show as 'đ'")
        target = stage / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(index_form(html), encoding="utf-8")
    return warnings


UNUSED_UI = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*")


async def _index(stage: Path, bundle: Path) -> int:
    from pagefind.service import PagefindService

    # One add_directory call: the Python API answers one message per 0.1 s, so adding pages one
    # by one would take 1,000 s for 10,000 pages; a folder of staged copies takes one message.
    # The service is used directly rather than the PagefindIndex context manager, whose exit writes
    # the files and stops the Pagefind process straight away: once in 17 large builds the entry file
    # was read empty. Here the files are written, then awaited complete, then the process stops.
    async with PagefindService() as service:
        index = await service.create_index(index_config(bundle))
        response = await index.add_directory(str(stage))
        await index.write_files()
        await _complete(bundle / "pagefind-entry.json")
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


def build_index(site_dir: Path, languages: list[str] | None = None) -> IndexReport:
    """Index every page of the written site into site_dir/pagefind/; checks each language has pages."""
    site_dir = Path(site_dir)
    pages = html_pages(site_dir)
    if not pages:
        raise SearchIndexError([f"{site_dir}: no HTML page to index"])
    bundle = site_dir / BUNDLE_DIR
    if bundle.exists():
        shutil.rmtree(bundle)
    with tempfile.TemporaryDirectory(prefix="thidua-search-") as stage:
        warnings = stage_pages(site_dir, pages, Path(stage))
        try:
            indexed = _run(_index(Path(stage), bundle))
        except Exception as error:  # noqa: BLE001 - Pagefind's API raises bare Exception with its message
            raise SearchIndexError([f"Pagefind failed: {error}"]) from error
    if indexed != len(pages):
        warnings.append(f"Pagefind indexed {indexed} of {len(pages)} pages")
    # Pagefind's ready-made interfaces are not used (docs/assets/js/search.js talks to pagefind.js),
    # and their bytes were seen to differ between two builds of the same sources: not published.
    for unused in UNUSED_UI:
        for path in bundle.glob(unused):
            path.unlink()
    entry_file = bundle / "pagefind-entry.json"
    if not entry_file.exists():
        raise SearchIndexError([f"Pagefind wrote no index to {bundle}"])
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    # Pagefind lists the languages in a different order from run to run: sorted, two builds of the
    # same sources give the same bytes (reproducible archives).
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
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
