"""The header search box in Chromium: accents optional (đ too), exact spellings first, one language at a time."""

from __future__ import annotations

import fnmatch
import itertools
import json
import re

import pytest

from .conftest import SHOE_HONOUREE

SEARCH = "[data-td-search]"


def search(page, query: str, *, key: str | None = "/") -> list[dict]:
    """Types `query` into the header search box as a person would; returns the results shown.

    `key` opens the box with a keyboard shortcut; None types into the box already open, anew."""
    box = page.locator("[data-td-search-query]")
    if key:
        page.keyboard.press(key)
        assert box.evaluate("el => el === document.activeElement"), f"{key!r} did not focus the search box"
    else:
        assert page.locator("#__search").is_checked()
        box.click()
    box.fill("")
    page.keyboard.type(query, delay=15)
    page.wait_for_function(
        """q => { const s = document.querySelector('[data-td-search]');
                  return s.dataset.query === q && !['loading', 'hint'].includes(s.dataset.state); }""",
        arg=query,
    )
    return page.evaluate(
        """[...document.querySelectorAll('[data-td-search-results] > li')].map(li => ({
             url: new URL(li.querySelector('a').href).pathname,
             title: li.querySelector('.td-search-result__title').textContent,
             text: li.textContent,
             marks: [...li.querySelectorAll('mark')].map(m => m.textContent.replace(/[.,;:!?)(“”"]/g, '').toLowerCase()),
             passage: li.querySelector('a p').textContent,
             sections: [...li.querySelectorAll('a')].slice(1).map(a => ({
               hash: new URL(a.href).hash, passage: a.querySelector('p').textContent })),
           }))"""
    )


@pytest.mark.parametrize(
    "query, words",
    [
        ("nguoi tot viec tot", {"người", "tốt", "việc"}),
        ("giay khen", {"giấy", "khen"}),
        ("nguyen van a", {"nguyễn", "văn"}),
        ("duong", {"đường"}),
        ("giam doc", {"giám", "đốc"}),
    ],
)
def test_a_query_without_accents_finds_and_marks_the_accented_words(open_page, query, words) -> None:
    page, watch = open_page("")
    results = search(page, query)
    assert results, f"nothing found for {query!r}"
    marked = {mark for result in results for mark in result["marks"]}
    assert words <= marked
    assert all(not r["url"].startswith("/en/") for r in results)
    assert watch.console_errors == [] and watch.foreign == []


def test_a_name_typed_without_accents_finds_the_honouree_first(open_page) -> None:
    page, _ = open_page("ke-hoach/")
    results = search(page, "nguyen van a")
    assert results[0]["title"] == "Nguyễn Văn A"
    assert results[0]["url"] == "/ton-vinh/nguyen-van-a/"


def test_an_accented_query_ranks_exact_spellings_first(open_page) -> None:
    page, _ = open_page("")
    shoe = f"/ton-vinh/{SHOE_HONOUREE}/"
    results = search(page, "giày")
    assert results[0]["url"] == shoe
    assert "giày" in results[0]["marks"]
    results = search(page, "giấy khen", key=None)
    urls = [r["url"] for r in results]
    assert "giấy" in results[0]["marks"]
    exact = [i for i, r in enumerate(results) if "giấy" in r["marks"]]
    assert shoe not in urls or max(exact) < urls.index(shoe), urls


def test_english_pages_search_english_pages_only(open_page) -> None:
    page, _ = open_page("en/tieu-chuan/")
    results = search(page, "certificate of merit")
    assert results and all(r["url"].startswith("/en/") for r in results)
    assert "certificate" in {m for r in results for m in r["marks"]}
    results = search(page, "nguyen van a", key=None)
    assert results[0]["url"] == "/en/ton-vinh/nguyen-van-a/"


def test_vietnamese_pages_do_not_find_english_pages(open_page) -> None:
    page, _ = open_page("tieu-chuan/")
    assert search(page, "certificate of merit") == []
    assert page.locator("[data-td-search-meta]").inner_text().strip() == "Không tìm thấy trang nào phù hợp."


def test_the_s_key_opens_search_escape_closes_it_and_enter_opens_the_first_result(open_page, served) -> None:
    page, _ = open_page("en/")
    results = search(page, "timeline", key="s")
    assert results
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    page.keyboard.press("s")
    assert page.locator("#__search").is_checked()
    page.keyboard.press("Enter")
    page.wait_for_url(served.url(results[0]["url"].lstrip("/")) + "*")


def test_a_first_search_downloads_little_and_only_from_the_site(open_page, record_property) -> None:
    page, watch = open_page("")
    page.wait_for_load_state("networkidle")
    start = len(watch.finished)
    search(page, "giay khen")
    page.wait_for_load_state("networkidle")
    fetched = watch.bytes_since(start)
    record_property("first_search_bytes", fetched)
    print(f"first search downloaded {fetched} bytes")
    assert [u for u in watch.urls()[start:] if "/pagefind/" not in u] == []
    assert 0 < fetched < 500_000
    assert watch.foreign == []


def test_search_works_at_phone_width(open_page) -> None:
    page, _ = open_page("thoi-gian/", width=360, height=740)
    page.locator("label.td-search__open").click()
    box = page.locator("[data-td-search-query]")
    assert box.is_visible()
    page.keyboard.type("giam doc", delay=15)
    page.wait_for_function("document.querySelector('[data-td-search]').dataset.state === 'other'")
    first = page.locator("[data-td-search-results] a").first
    assert first.is_visible()
    # The box has slid in by now and fills the width, no more.
    form = page.locator(".md-search__form").bounding_box()
    assert form["x"] >= 0 and form["x"] + form["width"] <= 360 + 0.5
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_opened_from_files_the_search_box_says_it_needs_a_web_server(browser, served) -> None:
    page = browser.new_page()
    try:
        page.goto((served.site / "index.html").as_uri())
        page.keyboard.press("/")
        page.keyboard.type("giay khen", delay=15)
        page.wait_for_function("document.querySelector('[data-td-search]').dataset.state === 'file'")
        message = page.locator("[data-td-search-meta]")
        assert message.is_visible()
        assert "python -m http.server" in message.inner_text()
    finally:
        page.close()


def test_results_come_ten_at_a_time_and_more_loads_the_next_ten(open_page) -> None:
    page, watch = open_page("")
    results = search(page, "thi dua")
    total = int("".join(ch for ch in page.locator("[data-td-search-meta]").inner_text() if ch.isdigit()))
    assert total > 10, "the query should find more pages than one step shows"
    assert len(results) == 10
    more = page.locator(".td-search-more")
    assert more.is_visible()
    fragments = sum("/pagefind/fragment/" in u for u in watch.urls())
    assert fragments == 10  # only the passages of the results shown were downloaded
    more.click()
    page.wait_for_function("n => document.querySelectorAll('[data-td-search-results] > li').length > n", arg=10)
    shown = page.locator("[data-td-search-results] > li").count()
    assert shown == min(total, 20)
    assert more.is_visible() == (total > 20)
    # The keyboard goes on from the first result added.
    assert page.evaluate("document.activeElement.closest('li') === document.querySelectorAll('[data-td-search-results] > li')[10]")
    assert watch.console_errors == []


# The bundled campaign's content (a Department that replaces data/ replaces these): queries a reader
# types, without accents as most do, or with them, and the first three pages the search box shows.
# "ton-vinh/*/" stands for any honouree page where several rank alike.
FIRST_THREE = [
    ("", "nguyen van a", ["/ton-vinh/nguyen-van-a/", "/ton-vinh/", "/"]),
    ("", "giay khen", ["/ket-qua/", "/ton-vinh/", "/thoi-gian/"]),
    ("", "bằng khen", ["/ket-qua/", "/ton-vinh/", "/thoi-gian/"]),
    ("", "tran thi b", ["/ton-vinh/tran-thi-b/", "/ton-vinh/", "/"]),
    ("", "phong ke hoach tai chinh", ["/ton-vinh/phong-ke-hoach-tai-chinh/", "/ton-vinh/", "/ket-qua/"]),
    ("", "khuyen cong", ["/ton-vinh/vu-thi-g/", "/ton-vinh/tran-thi-b/", "/ket-qua/"]),
    ("", "ngay truyen thong", ["/", "/ke-hoach/", "/thoi-gian/"]),
    ("", "tieu chuan ca nhan", ["/tieu-chuan/", "/ton-vinh/*/", "/ton-vinh/*/"]),
    ("", "du lieu mo", ["/du-lieu/", "/", "/ton-vinh/hoang-van-e/"]),
    ("", "thoi gian", ["/thoi-gian/", "/ke-hoach/", "/"]),
    ("en/", "nguyen van a", ["/en/ton-vinh/nguyen-van-a/", "/en/ton-vinh/", "/en/"]),
    ("en/", "certificate of merit", ["/en/ket-qua/", "/en/ton-vinh/", "/en/thoi-gian/"]),
    ("en/", "certificate of commendation", ["/en/ket-qua/", "/en/ton-vinh/", "/en/thoi-gian/"]),
    ("en/", "le van c", ["/en/ton-vinh/le-van-c/", "/en/ton-vinh/", "/en/ton-vinh/*/"]),
    ("en/", "e-commerce team", ["/en/ton-vinh/to-thuong-mai-dien-tu/", "/en/ton-vinh/", "/en/"]),
    ("en/", "timeline", ["/en/thoi-gian/", "/en/", "/en/an-ban/"]),
    ("en/", "award criteria", ["/en/tieu-chuan/", "/en/ton-vinh/*/", "/en/ton-vinh/*/"]),
    ("en/", "open data", ["/en/du-lieu/", "/en/", "/en/an-ban/"]),
    ("en/", "award results", ["/en/ket-qua/", "/en/", "/en/ton-vinh/*/"]),
    ("en/", "department office", ["/en/ton-vinh/to-dich-vu-cong-truc-tuyen/", "/en/ton-vinh/", "/en/ton-vinh/nguyen-van-a/"]),
]
def starts_a_sentence(passage: str) -> bool:
    """A passage starts as a sentence or a list item does (a capital, a number, "a)", "-"), or with "…"."""
    text = passage.strip().lstrip("\"“‘(")
    if passage.strip().startswith("…") or re.match(r"[a-zđ]\)\s|[-*•]\s", text):
        return True
    return bool(text) and (text[0].isupper() or text[0].isdigit())


@pytest.mark.parametrize("start, query, expected", FIRST_THREE, ids=[f"{s or 'vi/'}{q}" for s, q, _ in FIRST_THREE])
def test_the_bundled_campaign_first_three_results(open_page, start, query, expected) -> None:
    page, watch = open_page(start)
    results = search(page, query)
    urls = [r["url"] for r in results[:3]]
    assert len(urls) == 3 and all(fnmatch.fnmatch(u, e) for u, e in zip(urls, expected)), urls
    for result in results:
        for passage in [result["passage"], *(s["passage"] for s in result["sections"])]:
            assert starts_a_sentence(passage), f"{query!r}: {result['url']}: a passage starts mid-sentence: {passage[:60]!r}"
    assert watch.console_errors == []


def test_cells_and_labels_are_read_apart_in_passages(open_page) -> None:
    page, _ = open_page("")
    first = search(page, "nguyen van a")[0]
    assert "vai trò Chuyên viên" in first["passage"] and "Đơn vị Văn phòng Sở" in first["passage"]
    third = search(page, "phong ke hoach tai chinh", key=None)[2]
    # A results table's row: its cells (STT, name, unit, kind) read apart.
    assert third["url"] == "/ket-qua/" and "Tài chính. Tập thể. 2. Phạm Thị D" in third["passage"]
    # No word runs into the next one (a lower-case letter followed by a capital, as in "TênĐơn").
    for passage in [first["passage"], third["passage"], *(s["passage"] for s in first["sections"] + third["sections"])]:
        assert not any(a.islower() and b.isupper() for a, b in itertools.pairwise(passage)), passage


def test_pages_about_the_site_rank_below_the_pages_about_a_person(open_page) -> None:
    page, _ = open_page("")
    urls = [r["url"] for r in search(page, "nguyen van a")]
    # The colophon ("nguyên văn", "ấn bản") and About match every word of a name folded.
    for site_page in ("/an-ban/", "/gioi-thieu/"):
        assert site_page not in urls[:6], urls


def test_an_award_form_shows_its_own_section_first(open_page) -> None:
    page, _ = open_page("")
    first = search(page, "giay khen")[0]
    assert first["url"] == "/ket-qua/"
    # The results page holds both award forms, Bằng khen first: its passage is the Giấy khen section,
    # and no section of Bằng khen is listed before one that names Giấy khen.
    assert first["passage"].startswith("Giấy khen của Giám đốc Sở"), first["passage"]
    hashes = [s["hash"] for s in first["sections"]]
    assert "#kq-giay-khen-giam-doc" not in hashes  # it is the passage shown
    first = search(page, "bang khen", key=None)[0]
    assert first["passage"].startswith("Bằng khen của Bộ trưởng"), first["passage"]


def test_a_search_while_the_index_is_refreshed_says_so_and_answers_once_it_is_in_place(open_page, served) -> None:
    # What `mkdocs serve` writes while it makes the index after an edit (thidua.search.index.Refresh).
    manifest = served.site / "pagefind" / "thidua-shards.json"
    published = manifest.read_bytes()
    assert json.loads(published) == {"refreshing": False, "shards": {"en": [], "vi": []}}  # one bundle per language
    manifest.write_text(json.dumps({"refreshing": True, "shards": {}}), encoding="utf-8")
    try:
        page, watch = open_page("")
        page.keyboard.press("/")
        page.keyboard.type("giay khen", delay=15)
        page.wait_for_function("() => document.querySelector('[data-td-search]').dataset.state === 'refreshing'")
        assert "đang được làm mới" in page.locator("[data-td-search-meta]").text_content()
        manifest.write_bytes(published)
        page.wait_for_function(
            "() => ['one', 'other'].includes(document.querySelector('[data-td-search]').dataset.state)", timeout=20_000
        )
        assert page.locator("[data-td-search-results] > li").count() > 0
        assert watch.console_errors == [] and watch.page_errors == []
    finally:
        manifest.write_bytes(published)
