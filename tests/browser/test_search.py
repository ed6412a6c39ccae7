"""The header search box in Chromium: accents optional (đ too), exact spellings first, one language at a time."""

from __future__ import annotations

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
