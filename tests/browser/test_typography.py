"""Vietnamese typography: every stacked diacritic drawn by the site's fonts, inside its line, never clipped."""

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


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_stacked_diacritics_stay_inside_their_line_and_are_not_clipped(open_page, place, lang) -> None:
    page, _ = open_page("" if lang == "vi" else "en/")
    selector = place_sample(page, *PLACES[place])
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
    (ARTIFACTS / f"typography-{lang}-{place.replace(' ', '-')}.png").write_bytes(drawn)
    within, outside = ink(drawn, blank, inside)
    assert within > 500, "the sample line was not drawn"
    # Marks reaching out of the element's own line box would run into the lines around it.
    assert outside <= 2, f"{outside} pixels of the marks fall outside the line"
    # Clipping: once every ancestor lets its content overflow, the marks must not grow.
    sample.evaluate("el => { for (; el; el = el.parentElement) el.style.overflow = 'visible'; }")
    assert sum(ink(*shot())) == within + outside


@pytest.mark.parametrize(
    "path, container",
    [("", "article.md-content__inner"), ("ke-hoach/", "article.td-doc")],
    ids=["sans-serif text", "the plan in serif"],
)
def test_one_font_of_the_stack_draws_every_vietnamese_letter(open_page, path, container) -> None:
    page, _ = open_page(path)
    selector = place_sample(page, container, "p")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    stack = page.evaluate("getComputedStyle(document.querySelector('#td-tones')).fontFamily")
    families = [font["familyName"] for font in fonts]
    # No fallback font: all the glyphs come from one family, and it is one the stylesheet names.
    assert len(families) == 1, fonts
    assert families[0] in stack, (families, stack)
    assert fonts[0]["glyphCount"] == len(TONES), fonts
