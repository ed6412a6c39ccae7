"""What Pagefind reads of a written page: a copy cut down to its language, title and article, đ spelled ḏ.

The copies are staged in a folder of their own, which Pagefind indexes (thidua.search.runner); the
published pages are not changed. thidua.search.index runs it as `python -m thidua.search.staging`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path, PurePosixPath

from selectolax.lexbor import LexborHTMLParser

# Pagefind folds tone marks (it drops combining marks after NFD) but not đ, a letter of its own
# that does not decompose: "duong" would miss "đường". The text handed to Pagefind spells đ as ḏ
# (d with line below), which does decompose to d + a combining mark: "duong" finds it, and a query
# typed with đ, spelled the same way by docs/assets/js/search.js, still ranks exact spellings
# first. The script turns ḏ back into đ in what it shows.
INDEX_LETTERS = {"đ": "\u1e0f", "Đ": "\u1e0e"}
# Only the article is indexed: navigation, header and footer repeat on every page.
ROOT_SELECTOR = "article.md-content__inner"
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
# What the staged copy keeps of the page's <head>.
HEAD_KEPT = "meta[charset], title"


def pagefind_settings() -> dict:
    """Pagefind's settings for the staged pages: what of them it indexes."""
    return {"root_selector": ROOT_SELECTOR, "exclude_selectors": list(EXCLUDE_SELECTORS)}


def index_form(text: str) -> str:
    """Text as Pagefind indexes it: đ spelled ḏ, so that folding tone marks also folds đ to d."""
    # str.replace, not str.translate with a table: translate looks up every character of the page
    # (several seconds for a site of thousands of pages), replace searches for two letters.
    for letter, spelled in INDEX_LETTERS.items():
        text = text.replace(letter, spelled)
    return text


def _keep_only(tree: LexborHTMLParser, kept: list) -> None:
    """Removes every element, text and comment of the document that is neither one of `kept`,
    nor inside one, nor an ancestor of one (the ancestors stay, without their other children)."""
    keep = {node.mem_id for node in kept}
    ancestors = set()
    for node in kept:
        parent = node.parent
        while parent is not None:
            ancestors.add(parent.mem_id)
            parent = parent.parent
    pending = [tree.root]
    while pending:
        node = pending.pop()
        for child in list(node.iter(include_text=True)):
            if child.mem_id in keep:
                continue
            if child.mem_id in ancestors:
                pending.append(child)
            else:
                child.decompose()


def staged_page(html: str | bytes) -> str:
    """What Pagefind needs of a written page: its <html> tag (the language), its charset and title,
    and the article it indexes, nothing of the header, navigation, footer or scripts around them (a
    honouree page is five times its article). Pagefind reads the same article either way, so the
    index is the same; it just has less to read and hold. A page without that article is kept whole."""
    tree = LexborHTMLParser(html)  # bytes are read as UTF-8, without decoding them first
    root = tree.css_first(ROOT_SELECTOR)
    if root is None:
        return html.decode("utf-8") if isinstance(html, bytes) else html
    _keep_only(tree, [root, *tree.css(HEAD_KEPT)])
    # The article's ancestors in <body> (Material's containers) are only wrappers now.
    ancestor = root.parent
    while ancestor is not None and ancestor.tag != "body":
        above = ancestor.parent
        ancestor.unwrap()
        ancestor = above
    return tree.html


def lay_out(pages: list[PurePosixPath], stage: Path) -> None:
    """Makes the staged copies' folders and (empty) files in the order of `pages`. Pagefind reads a
    folder in the order its file system lists it, which on some (tmpfs) is the order its entries
    were made, and numbers the pages in that order: made in one order, whichever process then
    writes them, the index is the same."""
    made: set[Path] = set()
    for relative in pages:
        target = stage / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.touch()


def stage_pages(site_dir: Path, pages: list[PurePosixPath], stage: Path) -> list[str]:
    """Copies the pages into `stage` in their index form; returns warnings about their text."""
    warnings = []
    made: set[Path] = set()
    for relative in pages:
        text = staged_page((site_dir / relative).read_bytes())
        for letter in INDEX_LETTERS.values():
            if letter in text:
                warnings.append(f"{relative}: contains '{letter}', which search results will show as 'đ'")
        target = stage / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_text(index_form(text), encoding="utf-8")
    return warnings


def main(argv: list[str]) -> int:
    """`python -m thidua.search.staging SITE STAGE`: stage_pages of the pages listed on standard
    input (one path from SITE a line); prints the warnings as JSON."""
    if len(argv) != 2:
        print("usage: python -m thidua.search.staging SITE STAGE < pages", file=sys.stderr)
        return 2
    pages = [PurePosixPath(line) for line in sys.stdin.read().splitlines() if line]
    print(json.dumps(stage_pages(Path(argv[0]), pages, Path(argv[1]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
