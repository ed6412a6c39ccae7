"""Links of the built site: page URLs for the build's URL style, and a check that every internal link resolves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from selectolax.parser import HTMLParser

from thidua.progress import Progress

# Attributes that point at another file (srcset is a list of "url width" items).
LINK_ATTRIBUTES = (("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
                   ("source", "src"), ("iframe", "src"), ("img", "srcset"), ("source", "srcset"))  # fmt: skip
IGNORED_SCHEMES = ("mailto", "tel", "javascript", "data", "blob")


def page_link(path: str, directory_urls: bool) -> str:
    """A link to a page written as its folder ("ton-vinh/x/#y"), as this build's URL style needs it.

    With directory URLs (the published site) it is unchanged; without them (the archive edition,
    read from file://) the folder's index.html is named, since a browser shows a bare folder as a listing.
    """
    if directory_urls:
        return path
    base, hash_, fragment = path.partition("#")
    if base == "" or base.endswith("/"):
        base = f"{base}index.html" if base else ("" if hash_ else "index.html")
    elif base in (".", ".."):
        base = f"{base}/index.html"
    return base + hash_ + fragment


def absolute_url(link: str, site_url: str) -> str:
    """A link from the site root, as the i18n plugin gives the alternates ("/en/" from the site's path, or
    "en/ke-hoach/"), as an absolute address under `site_url`."""
    base = site_url.rstrip("/") + "/"
    path = link
    if path.startswith("/"):
        root = urlsplit(base).path
        path = path[len(root) :] if path.startswith(root) else path.lstrip("/")
    return base + path


@dataclass(frozen=True)
class BrokenLink:
    """A link of a built page that leads nowhere."""

    page: str  # the page's path in the site, e.g. "en/ke-hoach/index.html"
    url: str  # the link as written
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.url} ({self.reason})"


def _urls(node, attr: str) -> list[str]:
    value = node.attributes.get(attr)
    if not value:
        return []
    if attr != "srcset":
        return [value.strip()]
    return [item.strip().split()[0] for item in value.split(",") if item.strip()]


def _anchors(tree: HTMLParser) -> set[str]:
    ids = {node.attributes.get("id") for node in tree.css("[id]")}
    ids |= {node.attributes.get("name") for node in tree.css("a[name]")}
    return {i for i in ids if i}


def check_site(
    site: Path, *, site_url: str = "", file_urls: bool = False, progress: Callable[[int], Progress] | None = None
) -> list[BrokenLink]:
    """Every internal link, anchor and image of every page of `site`, checked against the files.

    Links to `site_url` (canonical, sharing tags) count as internal. With `file_urls`, links must work
    when the folder is opened from the disc: no link from the site root ("/..."), none to a bare folder;
    the 404 pages, which only a web server shows, are left out then. `progress(count)` gives the
    Progress that counts the pages checked (thousands of honourees: a minute or more).
    """
    site = site.resolve()
    base = urlsplit(site_url) if site_url else None
    root_path = (base.path if base else "/") or "/"
    pages = sorted(p for p in site.rglob("*.html") if p.is_file())
    anchors: dict[Path, set[str]] = {}
    broken: list[BrokenLink] = []

    def anchors_of(file: Path) -> set[str]:
        if file not in anchors:
            anchors[file] = _anchors(HTMLParser(file.read_text(encoding="utf-8")))
        return anchors[file]

    shown = progress(len(pages)) if progress is not None else None
    for page in pages:
        if shown is not None:
            shown.advance()
        rel = page.relative_to(site).as_posix()
        if file_urls and page.name == "404.html":
            continue
        tree = HTMLParser(page.read_text(encoding="utf-8"))
        anchors.setdefault(page, _anchors(tree))
        seen: set[str] = set()
        for tag, attr in LINK_ATTRIBUTES:
            for node in tree.css(f"{tag}[{attr}]"):
                for url in _urls(node, attr):
                    if url in seen:
                        continue
                    seen.add(url)
                    problem = _check(site, page, url, base, root_path, file_urls, anchors_of)
                    if problem:
                        broken.append(BrokenLink(rel, url, problem))
    if shown is not None:
        shown.finish()
    return broken


def _check(site, page, url, base, root_path, file_urls, anchors_of) -> str | None:
    parts = urlsplit(url)
    if parts.scheme in IGNORED_SCHEMES:
        return None
    if parts.scheme or parts.netloc:
        if base is None or (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            return None  # another host: not ours to check (a build test forbids loading from one)
        if not parts.path.startswith(root_path):
            return "outside the site"
        target = site / unquote(parts.path[len(root_path) :])
    elif parts.path.startswith("/"):
        if file_urls:
            return "from the site root: does not work from file://"
        if not parts.path.startswith(root_path):
            return "outside the site"
        target = site / unquote(parts.path[len(root_path) :])
    elif parts.path == "":
        target = page
    else:
        target = page.parent / PurePosixPath(unquote(parts.path))
    try:
        target = target.resolve()
        target.relative_to(site)
    except ValueError:
        return "outside the site"
    if target.is_dir():
        if file_urls and not (parts.scheme or parts.netloc):
            return "a folder: from file:// the browser lists it instead of opening index.html"
        target = target / "index.html"
    if not target.is_file():
        return "no such file"
    if parts.fragment and target.suffix == ".html":
        if unquote(parts.fragment) not in anchors_of(target):
            return f"no anchor #{parts.fragment} in {target.relative_to(site).as_posix()}"
    return None
