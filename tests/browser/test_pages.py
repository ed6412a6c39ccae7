"""Every page type in both languages, in Chromium: requests, console, language switch, phone width, print, accessibility."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

from .conftest import LANGUAGES, localized, page_types

# One page of each type, in the URL map's order (ARCHITECTURE.md), each checked by its own tests. A page
# type of the build that is not listed here is checked all the same, by test_unlisted_page_types_pass_every_check:
# list it here to get its own test names.
PAGE_TYPES = {
    "home": "",
    "plan": "ke-hoach/",
    "timeline": "thoi-gian/",
    "criteria": "tieu-chuan/",
    "directory": "ton-vinh/",
    "honouree": "ton-vinh/*",
    "results": "ket-qua/",
    "data": "du-lieu/",
    "about": "gioi-thieu/",
    "colophon": "an-ban/",
    "booklet": "ky-yeu/",
}
CASES = [pytest.param(kind, lang, id=f"{kind}-{lang}") for kind in PAGE_TYPES for lang in LANGUAGES]
AXE = files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
OTHER = {"vi": "en", "en": "vi"}


@pytest.fixture(scope="session")
def built_types(served) -> dict[str, str]:
    return page_types(served.site)


def path_of(built_types: dict[str, str], kind: str, lang: str) -> str:
    key = PAGE_TYPES[kind]
    assert key in built_types, f"page type {kind} ({key}) is not in the build's sitemap"
    return localized(built_types[key], lang)


def test_the_listed_page_types_are_built(built_types) -> None:
    assert set(PAGE_TYPES.values()) <= set(built_types)


def check_loads_everything_from_the_site_itself_without_errors(open_page, served, path: str, lang: str) -> None:
    page, watch = open_page(path)
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == lang
    assert watch.foreign == []
    assert watch.failed == []
    assert watch.console_errors == []
    assert watch.page_errors == []
    # The search bundle is loaded on first use only.
    assert [url for url in watch.urls() if "/pagefind/" in url] == []


def check_language_switch(open_page, served, path: str, lang: str) -> None:
    page, _ = open_page(path)
    other = OTHER[lang]
    twin = path.removeprefix("en/") if lang == "en" else f"en/{path}"
    page.locator(".md-header__option .md-select").hover()
    page.locator(f'.md-select__link[hreflang="{other}"]').click()
    page.wait_for_url(served.url(twin))
    assert page.locator("html").get_attribute("lang") == other


def check_phone_width(open_page, served, path: str, lang: str) -> None:
    page, _ = open_page(path, width=360, height=740)
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide in a {widths[1]} px window"
    nav = page.locator(".md-sidebar--primary")
    assert not nav.locator(".md-nav__link").first.is_visible() or nav.bounding_box()["x"] < 0
    page.locator('label.md-header__button[for="__drawer"]').click()
    # Material's drawer slides in.
    page.wait_for_function("document.querySelector('.md-sidebar--primary').getBoundingClientRect().x >= 0")
    box = nav.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360 + 1
    assert page.locator(".md-sidebar--primary .md-nav__link").first.is_visible()


def run_axe(page) -> dict:
    page.add_script_tag(content=AXE)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['impact']} {v['id']} ({v['help']}): " + ", ".join(" ".join(n["target"]) for n in v["nodes"][:8])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)
    return {v["id"]: (v["impact"], len(v["nodes"])) for v in result["violations"]}


def check_axe(open_page, served, path: str, lang: str) -> dict:
    page, _ = open_page(path)
    return run_axe(page)


def check_images_and_headings(open_page, served, path: str, lang: str) -> None:
    page, _ = open_page(path)
    without_alt = page.evaluate(
        """[...document.images].filter(img => !img.closest('[aria-hidden=true]'))
             .filter(img => (img.getAttribute('alt') || '').trim() === '').map(img => img.src)"""
    )
    assert without_alt == []
    levels = page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => [Number(h.tagName[1]), h.textContent.trim()])")
    assert [level for level, _ in levels].count(1) == 1, levels
    assert levels[0][0] == 1, levels
    jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b[0] > a[0] + 1]
    assert jumps == []


CHECKS = (
    check_loads_everything_from_the_site_itself_without_errors,
    check_language_switch,
    check_phone_width,
    check_axe,
    check_images_and_headings,
)


@pytest.mark.parametrize("kind, lang", CASES)
def test_page_loads_everything_from_the_site_itself_without_errors(open_page, served, built_types, kind, lang) -> None:
    check_loads_everything_from_the_site_itself_without_errors(open_page, served, path_of(built_types, kind, lang), lang)


@pytest.mark.parametrize("kind, lang", CASES)
def test_language_switch_lands_on_the_same_page_in_the_other_language(open_page, served, built_types, kind, lang) -> None:
    check_language_switch(open_page, served, path_of(built_types, kind, lang), lang)


@pytest.mark.parametrize("kind, lang", CASES)
def test_phone_width_has_no_sideways_scroll_and_the_navigation_opens(open_page, served, built_types, kind, lang) -> None:
    check_phone_width(open_page, served, path_of(built_types, kind, lang), lang)


@pytest.mark.parametrize("kind, lang", CASES)
def test_axe_finds_no_serious_or_critical_violation(open_page, served, built_types, kind, lang, record_property) -> None:
    record_property("axe", check_axe(open_page, served, path_of(built_types, kind, lang), lang))


@pytest.mark.parametrize("kind, lang", CASES)
def test_every_image_has_alt_text_and_headings_are_in_order(open_page, served, built_types, kind, lang) -> None:
    check_images_and_headings(open_page, served, path_of(built_types, kind, lang), lang)


def test_unlisted_page_types_pass_every_check(open_page, served, built_types) -> None:
    unlisted = sorted(set(built_types) - set(PAGE_TYPES.values()))
    problems = []
    for key in unlisted:
        for lang in LANGUAGES:
            path = localized(built_types[key], lang)
            for check in CHECKS:
                try:
                    check(open_page, served, path, lang)
                except AssertionError as error:
                    problems.append(f"/{path}: {check.__name__}: {error}")
    assert problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_printing_the_plan_hides_navigation_header_and_footer(open_page, built_types, lang) -> None:
    page, _ = open_page(path_of(built_types, "plan", lang), media="print")
    for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert page.locator(selector).count() == 0 or not page.locator(selector).first.is_visible(), selector
    assert page.locator("article.td-doc").is_visible()


@pytest.fixture(scope="session")
def dark(browser, served):
    """A browser context whose system asks for the dark scheme, as a phone in dark mode does."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark", service_workers="block")
    local = re.escape(served.origin + "/")
    context.route(re.compile(rf"^(?!{local}|data:|blob:|file:|about:)"), lambda route: route.abort())
    yield context
    context.close()


@pytest.mark.parametrize("kind, lang", CASES)
def test_the_dark_scheme_follows_the_system_and_axe_finds_no_serious_violation(dark, served, built_types, kind, lang, request) -> None:
    page = dark.new_page()
    request.node.thidua_page = page
    try:
        page.goto(served.url(path_of(built_types, kind, lang)), wait_until="load")
        assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        run_axe(page)
    finally:
        page.close()


@pytest.mark.parametrize("lang, label", [("vi", "Chuyển sang nền tối"), ("en", "Switch to the dark scheme")])
def test_the_scheme_switch_is_named_in_the_pages_language_and_remembered(open_page, lang, label) -> None:
    page, _ = open_page("" if lang == "vi" else "en/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
    try:
        page.locator(f'label.md-header__button[title="{label}"]').click()
        assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        page.reload(wait_until="load")
        assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        page.locator("label.md-header__button[for='__palette_0']").click()
        assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
    finally:
        page.evaluate("localStorage.clear()")  # the session's other pages follow the system again
