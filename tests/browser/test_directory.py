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


CLS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 500);
})"""


@pytest.mark.parametrize("path", ["ton-vinh/", "en/ton-vinh/"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_directory_does_not_shift_when_its_script_runs(open_page, path, width) -> None:
    # On a machine with a Noto font, so no shipped font is swapped in (a swap's own shift, which the machine's fonts
    # and its load decide, is not the script's): what is measured is the script's filter form and list.
    page, _ = open_page(path, width=width, height=800, fonts="Noto")
    page.wait_for_load_state("networkidle")
    assert page.evaluate(CLS) < 0.01


def test_on_a_phone_the_filters_fold_behind_one_button_and_the_list_starts_on_the_first_screen(open_page) -> None:
    page, _ = open_page("ton-vinh/", width=390, height=800)
    summary = page.locator("[data-td-filters] > summary")
    assert summary.is_visible() and not page.is_visible("form[data-td-filter]")
    first = page.locator(".td-hcard").first.bounding_box()
    assert first["y"] < 800
    summary.click()
    assert page.is_visible("#td-f-ten")
    # A shared link with filters opens the box, so the reader sees what is applied.
    shared, _ = open_page("ton-vinh/?loai=individual", width=390, height=800)
    assert shared.is_visible("#td-f-loai") and shared.input_value("#td-f-loai") == "individual"
