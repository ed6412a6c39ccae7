"""The search index builder (thidua_search), on small written sites made here, with the real Pagefind."""

from __future__ import annotations

import gzip
import json
from pathlib import Path, PurePosixPath

import pytest

from thidua_search import (
    BUNDLE_DIR,
    SearchIndexError,
    build_index,
    html_pages,
    index_form,
    page_url,
)


def write_page(site: Path, path: str, lang: str, body: str, nav: str = "") -> None:
    file = site / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>t</title></head><body>'
        f"<nav>{nav}</nav>"
        f'<article class="md-content__inner md-typeset"><h1>{body.split(".")[0]}</h1><p>{body}</p>'
        f'<div class="admonition td-sample"><p>Nguyễn Văn A, Trần Thị B</p></div></article></body></html>',
        encoding="utf-8",
    )


def fragments(site: Path) -> str:
    """The text of every result fragment Pagefind wrote (gzip, a short signature, then JSON)."""
    texts = []
    for file in (site / BUNDLE_DIR / "fragment").iterdir():
        raw = gzip.decompress(file.read_bytes())
        texts.append(raw[raw.index(b"{") :].decode("utf-8"))
    return "\n".join(texts)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    write_page(site, "index.html", "vi", "Trang chủ. Con đường phát triển của Giám đốc Sở.", nav="Điều hướng")
    write_page(site, "ke-hoach/index.html", "vi", "Kế hoạch. Giấy khen của Giám đốc Sở.")
    write_page(site, "en/index.html", "en", "Home. The road to development.")
    write_page(site, "en/ke-hoach/index.html", "en", "Plan. Certificate of Merit.")
    write_page(site, "404.html", "vi", "Không tìm thấy trang.")
    return site


def test_index_form_spells_d_with_stroke_as_a_letter_that_folds_to_d() -> None:
    assert index_form("Đường đi") == "\u1e0eường \u1e0fi"
    # Pagefind folds by dropping combining marks after NFD: the index form then reads as plain d.
    import unicodedata

    folded = "".join(c for c in unicodedata.normalize("NFD", index_form("Đường")) if not unicodedata.combining(c))
    assert folded == "Duong"
    assert index_form("Nguyễn Văn A") == "Nguyễn Văn A"


@pytest.mark.parametrize(
    "path, url",
    [("index.html", "/"), ("ke-hoach/index.html", "/ke-hoach/"), ("en/ton-vinh/a/index.html", "/en/ton-vinh/a/"), ("x.html", "/x.html")],
)
def test_page_url_is_the_directory_url_from_the_site_root(path: str, url: str) -> None:
    assert page_url(PurePosixPath(path)) == url


def test_the_404_page_and_the_bundle_itself_are_not_indexed(site: Path) -> None:
    (site / BUNDLE_DIR).mkdir()
    (site / BUNDLE_DIR / "old.html").write_text("<html></html>", encoding="utf-8")
    assert [p.as_posix() for p in html_pages(site)] == [
        "en/index.html",
        "en/ke-hoach/index.html",
        "index.html",
        "ke-hoach/index.html",
    ]


def test_each_language_gets_its_own_index_and_only_the_article_is_indexed(site: Path) -> None:
    report = build_index(site, ["vi", "en"])
    assert report.pages == {"vi": 2, "en": 2}
    assert report.warnings == []
    entry = json.loads((site / BUNDLE_DIR / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"vi", "en"}
    text = fragments(site)
    # đ is stored in its index form; the published page keeps đ.
    assert "Con \u1e0fường" in text and "đường" not in text
    assert "đường" in (site / "index.html").read_text(encoding="utf-8")
    # Navigation outside the article and the sample notice are not indexed.
    assert "iều hướng" not in text
    assert "Trần Thị B" not in text


def test_a_rebuild_replaces_the_previous_bundle(site: Path) -> None:
    build_index(site, ["vi", "en"])
    stale = site / BUNDLE_DIR / "fragment" / "stale.pf_fragment"
    stale.write_bytes(b"old")
    build_index(site, ["vi", "en"])
    assert not stale.exists()


def test_a_language_without_pages_and_a_page_in_an_unbuilt_language_are_reported(site: Path) -> None:
    write_page(site, "fr/index.html", "fr", "Accueil. Le chemin.")
    report = build_index(site, ["vi", "en", "zh"])
    assert "no page in language 'zh' was indexed: its search finds nothing" in report.warnings
    assert any("1 page(s) indexed as language 'fr'" in w for w in report.warnings)


def test_a_page_already_holding_the_index_letter_is_reported(site: Path) -> None:
    write_page(site, "ton-vinh/index.html", "vi", "Tên lạ. Aḏam.")
    report = build_index(site, ["vi", "en"])
    assert report.warnings == ["ton-vinh/index.html: contains '\u1e0f', which search results will show as 'đ'"]


def test_a_site_without_pages_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match="no HTML page to index"):
        build_index(tmp_path, ["vi"])
