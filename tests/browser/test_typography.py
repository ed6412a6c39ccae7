"""Vietnamese typography: every stacked diacritic drawn by the site's fonts, inside its line, never clipped,
on a machine with Noto Sans and Noto Serif and on one with no Noto font at all (the shipped fonts then serve)."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from .conftest import ARTIFACTS

# Every vowel with every tone mark, capitals (the tallest stacks) and small letters, and đ.
TONES = "ẤẦẨẪẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰ ấầẩẫậắằẳẵặếềểễệốồổỗộớờởỡợứừửữự ÝỲỶỸỴ ýỳỷỹỵ Đđ"
# Where text is set on the site: running text, headings, the header title (which hides overflow), a tab.
# The tallest stacks, short enough for the header's title and a tab (they cut long text with "…").
SHORT = "ẤẬẶỆỘỢỰỸ ấậặệộợựỹ Đđ"
# Where text is set on the site: running text, headings, the header title (which hides overflow),
# a navigation tab: (container, new element or None to use the container, sample).
PLACES = {
    "paragraph": ("article.md-content__inner", "p", TONES),
    "heading": ("article.md-content__inner", "h1", TONES),
    "header title": (".md-header__topic:first-child .md-ellipsis", None, SHORT),
    "tab": (".md-tabs__item:not(.md-tabs__item--active) .md-tabs__link", None, SHORT),
}


def ink(drawn: bytes, blank: bytes, inside: tuple[int, int] | None = None) -> tuple[int, int]:
    """Pixels where two screenshots differ: (within the rows `inside`, outside them)."""
    a = Image.open(io.BytesIO(drawn)).convert("L")
    b = Image.open(io.BytesIO(blank)).convert("L")
    diff = ImageChops.difference(a, b).point(lambda v: 255 if v > 40 else 0)
    width, height = diff.size
    top, bottom = inside or (0, height)
    within = diff.crop((0, top, width, bottom)).histogram()[255]
    return within, diff.histogram()[255] - within


def place_sample(page, container: str, tag: str | None, text: str = TONES) -> str:
    """Puts the sample line in `container` (in a new `tag` element, or in place of its text); returns a selector."""
    page.evaluate(
        """([container, tag, text]) => {
             const host = document.querySelector(container);
             let el = host;
             if (tag) { el = document.createElement(tag); host.prepend(el); }
             el.id = 'td-tones'; el.textContent = text; el.style.whiteSpace = 'nowrap';
             el.style.margin = '0'; el.style.padding = '0'; el.style.width = 'max-content';
           }""",
        [container, tag, text],
    )
    return "#td-tones"


# The machine's fonts (tests/browser/conftest.py): with Noto Sans and Noto Serif, or with no Noto at all.
MACHINES = ["Noto", "no Noto"]
# What the stacks may name before the shipped font: system fonts known to draw every Vietnamese letter.
SYSTEM_FONTS = {"Segoe UI", "-apple-system", "BlinkMacSystemFont", "Roboto", "Noto Sans", "Noto Serif"}


def platform_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium drew the element's text with: [{familyName, isCustomFont, glyphCount}]."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def family_list(stack: str) -> list[str]:
    return [name.strip().strip('"') for name in stack.split(",")]


@pytest.mark.parametrize("fonts", MACHINES)
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_stacked_diacritics_stay_inside_their_line_and_are_not_clipped(open_page, place, lang, fonts) -> None:
    page, _ = open_page("" if lang == "vi" else "en/", fonts=fonts)
    selector = place_sample(page, *PLACES[place])
    page.evaluate("document.fonts.ready")
    sample = page.locator(selector)
    box = sample.bounding_box()
    margin = 24
    top = min(margin, int(box["y"]))
    region = {"x": box["x"], "y": box["y"] - top, "width": box["width"], "height": box["height"] + top + margin}
    inside = (top, top + round(box["height"]))

    def shot() -> tuple[bytes, bytes]:
        drawn = page.screenshot(clip=region)
        sample.evaluate("el => el.style.color = 'transparent'")
        blank = page.screenshot(clip=region)
        sample.evaluate("el => el.style.color = ''")
        return drawn, blank

    drawn, blank = shot()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"typography-{lang}-{place.replace(' ', '-')}-{fonts.replace(' ', '-')}.png").write_bytes(drawn)
    within, outside = ink(drawn, blank, inside)
    assert within > 500, "the sample line was not drawn"
    # Marks reaching out of the element's own line box would run into the lines around it.
    assert outside <= 2, f"{outside} pixels of the marks fall outside the line"
    # Clipping: once every ancestor lets its content overflow, the marks must not grow.
    sample.evaluate("el => { for (; el; el = el.parentElement) el.style.overflow = 'visible'; }")
    assert sum(ink(*shot())) == within + outside


@pytest.mark.parametrize("fonts", MACHINES)
@pytest.mark.parametrize(
    "path, container, shipped",
    [("", "article.md-content__inner", "Thidua Sans"), ("ke-hoach/", "article.td-doc", "Thidua Serif")],
    ids=["sans-serif text", "the plan in serif"],
)
def test_one_font_of_the_stack_draws_every_vietnamese_letter(open_page, path, container, shipped, fonts) -> None:
    page, watch = open_page(path, fonts=fonts)
    selector = place_sample(page, container, "p")
    page.evaluate("document.fonts.ready")
    drawn = platform_fonts(page, selector)
    stack = family_list(page.evaluate("getComputedStyle(document.querySelector('#td-tones')).fontFamily"))
    # No fallback font: all the glyphs come from one font, and it is one the stylesheet names.
    assert len(drawn) == 1, drawn
    assert drawn[0]["glyphCount"] == len(TONES), drawn
    downloaded = [url for url in watch.urls() if "/assets/fonts/" in url]
    if fonts == "Noto":
        # The system's Noto serves: nothing is downloaded.
        assert not drawn[0]["isCustomFont"] and drawn[0]["familyName"] in stack, (drawn, stack)
        assert downloaded == []
    else:
        # No system font of the stack exists: the shipped one serves, downloaded from the site.
        assert drawn[0]["isCustomFont"] and shipped in stack, (drawn, stack)
        assert downloaded and all(url.rsplit("/", 1)[1].startswith(("NotoSans-", "NotoSerif-")) for url in downloaded)


@pytest.mark.parametrize(
    "path, container, shipped",
    [("", "article.md-content__inner", "Thidua Sans"), ("ke-hoach/", "article.td-doc", "Thidua Serif")],
    ids=["sans-serif text", "the plan in serif"],
)
def test_before_the_shipped_font_the_stack_names_only_fonts_with_every_vietnamese_letter(open_page, path, container, shipped) -> None:
    page, _ = open_page(path)
    stack = family_list(page.evaluate(f"getComputedStyle(document.querySelector('{container}')).fontFamily"))
    assert shipped in stack, stack
    before = stack[: stack.index(shipped)]
    # Arial, Helvetica and Times New Roman are Liberation fonts on Linux, which lack the stacked marks.
    assert before and set(before) <= SYSTEM_FONTS, before


def test_a_honouree_page_downloads_the_shipped_font_only_where_no_system_font_serves(open_page, served) -> None:
    honouree = next(p for p in sorted((served.site / "ton-vinh").iterdir()) if (p / "index.html").is_file())
    path = f"ton-vinh/{honouree.name}/"
    fetched = {}
    for fonts in MACHINES:
        page, watch = open_page(path, fonts=fonts)
        page.evaluate("document.fonts.ready")
        page.wait_for_load_state("networkidle")
        fetched[fonts] = sorted(url.rsplit("/", 1)[1] for url in watch.urls() if "/assets/fonts/" in url)
    assert fetched["Noto"] == []
    # Running text, bold and the italic citation: no serif, no signs, no font the page does not set text in.
    assert fetched["no Noto"] == ["NotoSans-Bold.woff2", "NotoSans-Italic.woff2", "NotoSans-Regular.woff2"]


@pytest.mark.parametrize("fonts, family", [("Noto", "Noto Sans"), ("no Noto", None)])
def test_the_machines_of_these_tests_have_noto_or_none(open_page, fonts, family) -> None:
    """The fixtures are what the tests above take them for: text asking for Noto Sans gets the system's
    Noto Sans, or, on the machine without Noto, another font of the system."""
    page, _ = open_page("", fonts=fonts)
    page.evaluate("""() => { const el = document.createElement('p'); el.id = 'td-noto';
      el.style.fontFamily = '"Noto Sans", "Noto Serif", monospace'; el.textContent = 'Gương tiêu biểu';
      document.querySelector('article').prepend(el); }""")
    drawn = platform_fonts(page, "#td-noto")
    assert drawn and not any(font["isCustomFont"] for font in drawn), drawn
    names = {font["familyName"] for font in drawn}
    if family:
        assert names == {family}, names
    else:
        assert not any(name.startswith("Noto") for name in names), names
