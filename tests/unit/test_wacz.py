"""The web archive's keys and addresses (thidua.archive.wacz): SURT keys as replay tools look URLs up, published URLs."""

from __future__ import annotations

import pytest

from thidua.archive.wacz import media_type, surt, url_of


# Expected keys as the `surt` library (the one pywb and cdxj-indexer use) gives them with its defaults.
@pytest.mark.parametrize("url, key", [
    ("https://thidua.example.gov.vn/", "vn,gov,example,thidua)/"),
    ("https://thidua.example.gov.vn/an-ban/", "vn,gov,example,thidua)/an-ban"),
    ("https://www.Example.gov.vn:8443/a/b/?y=1&x=2", "vn,gov,example:8443)/a/b?x=2&y=1"),
    ("http://127.0.0.1:8000/ke-hoach/", "1,0,0,127:8000)/ke-hoach"),
    ("https://so.gov.vn/thidua/ton-vinh/a-b/", "vn,gov,so)/thidua/ton-vinh/a-b"),
    ("https://x.vn:443/du-lieu/campaign.json", "vn,x)/du-lieu/campaign.json"),
])  # fmt: skip
def test_surt_keys_match_the_surt_library(url: str, key: str) -> None:
    assert surt(url) == key


def test_a_folders_index_is_published_at_the_folder() -> None:
    base = "https://so.gov.vn/thidua/"
    assert url_of(base, "index.html") == base
    assert url_of(base, "en/ton-vinh/nguyen-van-a/index.html") == base + "en/ton-vinh/nguyen-van-a/"
    assert url_of(base.rstrip("/"), "404.html") == base + "404.html"
    assert url_of(base, "du-lieu/a b.csv") == base + "du-lieu/a%20b.csv"


def test_media_types_are_fixed_not_read_from_the_machine() -> None:
    assert media_type("ke-hoach/index.html") == "text/html; charset=utf-8"
    assert media_type("sitemap.xml.gz") == "application/gzip"
    assert media_type("pagefind/index/vi_1.pf_index") == "application/octet-stream"
    assert media_type("ton-vinh/anh/a.webp") == "image/webp"
