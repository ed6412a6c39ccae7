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
    ".td-booklet-link",  # a link to the booklet (directory, results), like the pager: not the page's content
    ".td-filter",
    ".md-source-file",
    ".td-checklist",
    ".td-booklet__entry",
)
# What the staged copy keeps of the page's <head>.
HEAD_KEPT = "meta[charset], title"
# Pagefind ends a sentence (a space, and a full stop) after the text of h1-h6, p, td, div, ul, li,
# article and section only: the cells of a table heading, a term and its description, a card's
# title and text would run together ("TênĐơn vịLoại", "vai tròChuyên viên"). Elements side by side
# are separated by a space in the staged copy, and so are these blocks from text beside them.
BLOCKS = frozenset(
    {"address", "blockquote", "caption", "dd", "details", "dl", "dt", "figcaption", "figure", "footer", "header",
     "hr", "legend", "ol", "pre", "summary", "table", "tbody", "tfoot", "th", "thead", "tr"}
)
BLOCKS_SELECTOR = ", ".join(sorted(BLOCKS))
# Pagefind's own weights of headings (its default ranking), scaled on pages of low weight.
HEADING_WEIGHTS = {"h1": 7.0, "h2": 6.0, "h3": 5.0, "h4": 4.0, "h5": 3.0, "h6": 2.0}


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


def _drop_excluded(root) -> None:
    """Removes what Pagefind is told to leave out (EXCLUDE_SELECTORS), each element in place of a space: it would
    read past it anyway, and the booklet's thousands of entries then cost it and the rest of the staging nothing.
    Last match first, so that an element inside another goes before the one that holds it."""
    for element in reversed(root.css(", ".join(EXCLUDE_SELECTORS))):
        element.insert_before(" ")
        element.decompose()


def _separate_blocks(root) -> None:
    """Puts a space between elements side by side, and between a block and text beside it."""
    for element in root.css("*"):
        after = element.next
        if after is not None and after.is_element_node:
            element.insert_after(" ")
    for block in root.css(BLOCKS_SELECTOR):
        after, before = block.next, block.prev
        if after is not None and after.is_text_node and not after.text_content[:1].isspace():
            block.insert_after(" ")
        if before is not None and before.is_text_node and not before.text_content[-1:].isspace():
            block.insert_before(" ")


def _weigh(root, weight: float) -> None:
    """Gives the article's words `weight` (1 is Pagefind's default), its headings theirs times it."""
    root.attrs["data-pagefind-weight"] = f"{weight:g}"
    for heading in root.css(", ".join(HEADING_WEIGHTS)):
        heading.attrs["data-pagefind-weight"] = f"{HEADING_WEIGHTS[heading.tag] * weight:g}"


def staged_page(html: str | bytes, *, weight: float | None = None) -> str:
    """What Pagefind needs of a written page: its <html> tag (the language), its charset and title,
    and the article it indexes, nothing of the header, navigation, footer or scripts around them (a
    honouree page is five times its article). Pagefind reads the same article either way, so the
    index is the same; it just has less to read and hold. A page without that article is kept whole."""
    tree = LexborHTMLParser(html)  # bytes are read as UTF-8, without decoding them first
    root = tree.css_first(ROOT_SELECTOR)
    if root is None:
        return html.decode("utf-8") if isinstance(html, bytes) else html
    _keep_only(tree, [root, *tree.css(HEAD_KEPT)])
    _drop_excluded(root)
    _separate_blocks(root)
    if weight is not None:
        _weigh(root, weight)
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


def stage_pages(
    site_dir: Path, pages: list[PurePosixPath], stage: Path, weights: dict[PurePosixPath, float] | None = None
) -> list[str]:
    """Copies the pages into `stage` in their index form, the words of those in `weights` weighed
    so (see _weigh); returns warnings about their text."""
    warnings = []
    made: set[Path] = set()
    weights = weights or {}
    for relative in pages:
        text = staged_page((site_dir / relative).read_bytes(), weight=weights.get(relative))
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
    input, one path from SITE a line, followed by a tab and its weight where it has one; prints
    the warnings as JSON."""
    if len(argv) != 2:
        print("usage: python -m thidua.search.staging SITE STAGE < pages", file=sys.stderr)
        return 2
    pages, weights = [], {}
    for line in sys.stdin.read().splitlines():
        path, _, weight = line.partition("\t")
        if path:
            pages.append(PurePosixPath(path))
            if weight:
                weights[pages[-1]] = float(weight)
    print(json.dumps(stage_pages(Path(argv[0]), pages, Path(argv[1]), weights)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
