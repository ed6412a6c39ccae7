"""Links and metadata of the built site: no broken link or anchor, the URL map, sitemap, hreflang, 404."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selectolax.parser import HTMLParser

from conftest import BILINGUAL, REPO
from thidua.archive.links import absolute_url, check_site, page_link
from thidua.publish.pages import SECTION_PAGES

SITE_URL = "http://127.0.0.1:8000/"
ARCHITECTURE = REPO / "ARCHITECTURE.md"
XHTML = "{http://www.w3.org/1999/xhtml}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HONOUREES = sorted(p.stem for p in (BILINGUAL / "honourees").glob("*.yaml"))


def pages_of(site: Path) -> list[str]:
    """Every page of a built site as its URL path from the site root ("", "ke-hoach/", "en/ton-vinh/x/")."""
    return sorted(
        p.parent.relative_to(site).as_posix().replace(".", "", 1).strip("/") + "/"
        if p.parent != site
        else ""
        for p in site.rglob("index.html")
        if "pagefind" not in p.relative_to(site).parts
    )


def design_url_map() -> list[str]:
    """The paths of the URL map table in ARCHITECTURE.md, e.g. ["/", "/ke-hoach/", ..., "/ton-vinh/<id>/"]."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("## URL map", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `(/[^`]*)` \|", section, flags=re.M)


def test_the_link_checker_finds_missing_pages_anchors_images_and_folder_links(tmp_path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="a/#nowhere">bad anchor</a>'
        '<a href="b/">no page</a><img src="x.png"><img srcset="a/p.webp 1x, y.webp 2x">'
        f'<link rel="canonical" href="{SITE_URL}missing/"><a href="https://example.org/x">other host</a>',
        encoding="utf-8",
    )
    (site / "a" / "index.html").write_text('<h2 id="here">x</h2><a href="../">up</a>', encoding="utf-8")
    (site / "a" / "p.webp").write_bytes(b"")
    broken = {(b.page, b.url) for b in check_site(site, site_url=SITE_URL)}
    assert broken == {
        ("index.html", "a/#nowhere"),
        ("index.html", "b/"),
        ("index.html", "x.png"),
        ("index.html", "y.webp"),
        ("index.html", f"{SITE_URL}missing/"),
    }
    # Read from file://, a link to a folder opens a listing, not its index.html.
    from_disc = {(b.page, b.url) for b in check_site(site, site_url=SITE_URL, file_urls=True)}
    assert ("index.html", "a/") in from_disc and ("a/index.html", "../") in from_disc


@pytest.mark.parametrize(
    "path, directory_urls, expected",
    [
        ("ton-vinh/", True, "ton-vinh/"),
        ("ton-vinh/", False, "ton-vinh/index.html"),
        ("../ke-hoach/#muc-iii", False, "../ke-hoach/index.html#muc-iii"),
        ("ton-vinh/a/", False, "ton-vinh/a/index.html"),
        ("", False, "index.html"),
        ("feed.xml", False, "feed.xml"),
    ],
)
def test_page_links_name_index_html_only_without_directory_urls(path, directory_urls, expected) -> None:
    assert page_link(path, directory_urls) == expected


@pytest.mark.parametrize(
    "link, site_url, expected",
    [
        ("/", "http://127.0.0.1:8000/", "http://127.0.0.1:8000/"),
        ("/en/", "http://127.0.0.1:8000/", "http://127.0.0.1:8000/en/"),
        ("en/ton-vinh/a/", "http://127.0.0.1:8000/", "http://127.0.0.1:8000/en/ton-vinh/a/"),
        # A site published under a path: the i18n plugin's home links start with it.
        ("/thidua/en/", "https://congthuong.example.gov.vn/thidua/", "https://congthuong.example.gov.vn/thidua/en/"),
        ("ke-hoach/", "https://congthuong.example.gov.vn/thidua", "https://congthuong.example.gov.vn/thidua/ke-hoach/"),
    ],
)
def test_alternates_are_absolute_addresses_under_the_site_url(link, site_url, expected) -> None:
    assert absolute_url(link, site_url) == expected


def test_no_broken_internal_link_anchor_or_image_in_either_language(built) -> None:
    pages = pages_of(built.site)
    assert "ke-hoach/" in pages and "en/ke-hoach/" in pages and len(pages) > 40
    assert [str(b) for b in check_site(built.site, site_url=SITE_URL)] == []


def test_the_url_map_of_the_design_is_built_in_both_languages(built) -> None:
    design = design_url_map()
    # The map as agreed: changing it is a decision, made here and in ARCHITECTURE.md together.
    assert design == ["/", "/ke-hoach/", "/thoi-gian/", "/tieu-chuan/", "/ton-vinh/", "/ton-vinh/<id>/",
                      "/ket-qua/", "/du-lieu/", "/gioi-thieu/"]  # fmt: skip
    # The code's page list gives the same paths.
    assert {"/" + spec.path for spec in SECTION_PAGES} == set(design) - {"/ton-vinh/<id>/"}
    expected = [p for p in design if "<id>" not in p] + [f"/ton-vinh/{hid}/" for hid in HONOUREES]
    assert len(HONOUREES) >= 3
    built_pages = set(pages_of(built.site))
    for path in expected:
        for lang, prefix in (("vi", ""), ("en", "en/")):
            page = prefix + path.lstrip("/")
            assert page in built_pages, f"{page} is not built"
            assert built.html(page).css_first("html").attributes["lang"] == lang


def test_the_sitemap_lists_every_page_with_its_twin_and_x_default(built) -> None:
    root = ET.parse(built.site / "sitemap.xml").getroot()
    entries = {}
    for url in root.iter(f"{SITEMAP}url"):
        loc = url.find(f"{SITEMAP}loc").text.strip()
        entries[loc] = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
    assert set(entries) == {SITE_URL + p for p in pages_of(built.site)}
    for loc, alternates in entries.items():
        path = loc[len(SITE_URL):]
        vi_path = path[3:] if path.startswith("en/") else path
        assert alternates == {"vi": SITE_URL + vi_path, "en": SITE_URL + "en/" + vi_path, "x-default": SITE_URL + vi_path}, loc


def test_every_page_has_its_canonical_url_and_alternates_to_its_twin(built) -> None:
    for page in pages_of(built.site):
        tree = built.html(page)
        canonical = tree.css_first('link[rel="canonical"]')
        assert canonical is not None and canonical.attributes["href"] == SITE_URL + page, page
        links = {n.attributes["hreflang"]: n.attributes["href"] for n in tree.css('head link[rel="alternate"][hreflang]')}
        vi_page = page[3:] if page.startswith("en/") else page
        # Absolute addresses under SITE_URL, as search engines require.
        assert links == {"vi": SITE_URL + vi_page, "en": SITE_URL + "en/" + vi_page, "x-default": SITE_URL + vi_page}, page


@pytest.mark.parametrize(
    "file, lang, heading, other",
    [("404.html", "vi", "Không tìm thấy trang", "Page not found"), ("en/404.html", "en", "Page not found", "Không tìm thấy trang")],
)
def test_the_404_page_speaks_the_readers_language_first(built, file, lang, heading, other) -> None:
    tree = HTMLParser((built.site / file).read_text(encoding="utf-8"))
    assert tree.css_first("html").attributes["lang"] == lang
    sections = tree.css("section.td-notfound")
    assert [s.attributes["lang"] for s in sections] == [lang, "en" if lang == "vi" else "vi"]
    assert heading in tree.css_first("article h1").text()
    assert other in sections[1].text()
    # Shown at any address: its links start at the site's path, and the switch leads to the homes.
    switch = {a.attributes["hreflang"]: a.attributes["href"] for a in tree.css("a.md-select__link")}
    assert switch == {"vi": "/", "en": "/en/"}
    assert all(urlsplit(n.attributes["href"]).path.startswith("/") for n in tree.css("link[rel=stylesheet]"))


def test_a_vietnamese_only_site_has_no_broken_link_and_nothing_in_english(built_vi) -> None:
    pages = pages_of(built_vi.site)
    assert "ke-hoach/" in pages and "gioi-thieu/" in pages and not any(p.startswith("en/") for p in pages)
    assert [str(b) for b in check_site(built_vi.site, site_url=SITE_URL)] == []
    for page in pages:
        tree = built_vi.html(page)
        assert tree.css_first("html").attributes["lang"] == "vi", page
        assert tree.css('[hreflang="en"]') == [] and tree.css("a.md-select__link") == [], page
    notfound = HTMLParser((built_vi.site / "404.html").read_text(encoding="utf-8"))
    assert [s.attributes["lang"] for s in notfound.css("section.td-notfound")] == ["vi"]
    assert not (built_vi.site / "en").exists()
