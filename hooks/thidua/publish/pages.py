"""The site's generated pages: the URL map, and the small Markdown stub MkDocs reads for each."""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from markupsafe import escape

from thidua.model.data import KINDS
from thidua.model.site import SiteData
from thidua.model.strings import t
from thidua.model.text import person_sort_key, sort_key
from thidua.publish.shell import SLOT, TITLE


@dataclass(frozen=True)
class PageSpec:
    """One generated page, the same path in both languages (English under /en/)."""

    kind: str  # home, plan, timeline, criteria, directory, honouree, results, data, about
    path: str  # "" for home, else "ke-hoach/" etc.
    template: str
    in_nav: bool = True
    honouree: str | None = None

    def src_uri(self, lang: str) -> str:
        """The placeholder source path the i18n plugin sorts by language (suffix structure)."""
        return f"{self.path}index.{lang}.md"

    def title(self, site: SiteData | None, lang: str) -> str:
        if self.kind == "honouree":
            return site.honouree(self.honouree).display_name(lang) if self.honouree else TITLE
        return t(lang, f"page.{self.kind}.title")


# The URL map (ARCHITECTURE.md): tests, links and archives depend on it.
SECTION_PAGES = (
    PageSpec("home", "", "thidua/home.html"),
    PageSpec("plan", "ke-hoach/", "thidua/plan.html"),
    PageSpec("timeline", "thoi-gian/", "thidua/timeline.html"),
    PageSpec("criteria", "tieu-chuan/", "thidua/criteria.html"),
    PageSpec("directory", "ton-vinh/", "thidua/directory.html"),
    PageSpec("results", "ket-qua/", "thidua/results.html"),
    PageSpec("data", "du-lieu/", "thidua/data.html"),
    # Written from the data (data/site.yaml's about, or the plan's facts): nothing about a campaign
    # is hand-written under docs/.
    PageSpec("about", "gioi-thieu/", "thidua/about.html"),
)
DIRECTORY = "ton-vinh/"
# Outside the navigation: the page about this edition (linked from every page's footer) and the
# honourees' booklet, printable and printed to PDF (linked from the edition page).
EDITION_PAGES = (
    PageSpec("colophon", "an-ban/", "thidua/colophon.html", in_nav=False),
    PageSpec("booklet", "ky-yeu/", "thidua/booklet.html", in_nav=False),
)


def honouree_order(site: SiteData) -> list[str]:
    """Honouree ids as the directory lists them: collectives by name, then individuals by given name (tên),
    then the rest of the name, in Vietnamese order (thidua.model.text.sort_key)."""

    def key(item):
        hid, h = item
        name = h.display_name("vi")
        return (KINDS.index(h.kind), person_sort_key(name) if h.kind == "individual" else (sort_key(name),), hid)

    return [hid for hid, _ in sorted(site.honourees, key=key)]


def honouree_path(hid: str) -> str:
    return f"{DIRECTORY}{hid}/"


# The honouree pages' shell (thidua.publish.shell): the one honouree page MkDocs renders, with markers
# where each honouree's path, title, sharing tags and article go. It is never written itself.
HONOUREE_SHELL = PageSpec("honouree", honouree_path(SLOT), "thidua/honouree.html", in_nav=False)


def honouree_page(hid: str) -> PageSpec:
    """One honouree's page, written from the shell."""
    return PageSpec("honouree", honouree_path(hid), "thidua/honouree.html", in_nav=False, honouree=hid)


def site_pages(site: SiteData) -> list[PageSpec]:
    """The pages MkDocs renders: sections, the honourees' shell, edition pages (out of the nav)."""
    return [*SECTION_PAGES, HONOUREE_SHELL, *EDITION_PAGES]


def stub(spec: PageSpec, site: SiteData | None, lang: str) -> str:
    """The Markdown source of a generated page: front matter only; the template renders the data."""
    meta = {
        # MkDocs and Material treat a page title as HTML (as if taken from a rendered heading):
        # a name from the data is escaped here so it shows as text, never as markup.
        "title": str(escape(spec.title(site, lang))),
        "template": spec.template,
        "thidua_page": spec.kind,
    }
    if spec.honouree:
        meta["thidua_honouree"] = spec.honouree
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n"


def all_src_uris(pages: list[PageSpec], languages: tuple[str, ...]) -> dict[str, tuple[PageSpec, str]]:
    """Source path of every page in every language the site publishes."""
    return {spec.src_uri(lang): (spec, lang) for spec in pages for lang in languages}
