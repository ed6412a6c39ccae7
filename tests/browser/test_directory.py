"""The honourees directory's filters in a real browser: kind, unit, award form, name without diacritics, URL state."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import localized


def visible_names(page) -> list[str]:
    return page.eval_on_selector_all(".td-hcard:not([hidden]) .td-hcard__name", "els => els.map(e => e.textContent.trim())")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_name_filter_matches_without_diacritics_and_the_url_keeps_it(open_page, lang) -> None:
    page, watch = open_page(localized("ton-vinh/", lang))
    assert page.is_visible("form[data-td-filter]")
    assert len(visible_names(page)) == 11
    page.fill("#td-f-ten", "nguyen van a")
    assert visible_names(page) == ["Nguyễn Văn A"]
    assert parse_qs(urlsplit(page.url).query) == {"ten": ["nguyen van a"]}
    page.fill("#td-f-ten", "dang van")  # đ typed as d
    assert visible_names(page) == ["Đặng Văn H"]
    assert "1" in page.inner_text("[data-td-count]")
    assert watch.console_errors == [] and watch.page_errors == []


def test_kind_unit_and_award_filters_combine_and_a_shared_link_restores_them(open_page, context, served) -> None:
    page, _ = open_page("ton-vinh/")
    page.select_option("#td-f-loai", "individual")
    assert len(visible_names(page)) == 8
    assert page.is_hidden('[data-td-group="collective"]')
    page.select_option("#td-f-don-vi", "trung-tam-khuyen-cong")
    assert sorted(visible_names(page)) == ["Trần Thị B", "Vũ Thị G"]
    page.select_option("#td-f-khen-thuong", "bang-khen-bo-truong")
    assert visible_names(page) == ["Trần Thị B"]
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"loai": ["individual"], "don-vi": ["trung-tam-khuyen-cong"], "khen-thuong": ["bang-khen-bo-truong"]}

    # The shared link opens with the same filters applied.
    shared, _ = open_page("ton-vinh/?" + urlsplit(page.url).query)
    assert visible_names(shared) == ["Trần Thị B"]
    assert shared.input_value("#td-f-don-vi") == "trung-tam-khuyen-cong"

    # "Not awarded" (results are final) and clearing the filters.
    shared.select_option("#td-f-khen-thuong", "none")
    shared.select_option("#td-f-don-vi", "")
    assert visible_names(shared) == ["Lê Văn C"]
    shared.click("form[data-td-filter] button[type=reset]")
    shared.wait_for_function("document.querySelectorAll('.td-hcard:not([hidden])').length === 11")
    assert urlsplit(shared.url).query == ""


def test_a_filter_with_no_match_says_so(open_page) -> None:
    page, _ = open_page("en/ton-vinh/?ten=zzzz")
    assert visible_names(page) == []
    assert page.is_visible("[data-td-empty]")


def test_without_javascript_the_full_list_shows(browser, served) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served.url("ton-vinh/?ten=nguyen"))
        assert page.locator(".td-hcard").count() == 11
        assert page.is_hidden("form[data-td-filter]")
    finally:
        context.close()
