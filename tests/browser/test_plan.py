"""The plan page in Chromium: its contents list (folded on a phone), its heading block at every width, print."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from conftest import REPO

PDF_CSS = (REPO / "hooks" / "thidua" / "archive" / "pdf.css").read_text(encoding="utf-8")
# The lines that start a section or a group of the plan, in both languages (its headings as printed).
HEADING = re.compile(r"^(I|II|III|IV)\. |^\d\. [A-ZĐ]|^[ab]\) |^\* ")

CENTRES = """(selectors) => selectors.map(sel => {
  const el = document.querySelector(sel);
  const range = document.createRange(); range.selectNodeContents(el);
  const r = range.getBoundingClientRect();
  return [sel, (r.left + r.right) / 2, r.top, r.bottom];
})"""


@pytest.mark.parametrize("path", ["ke-hoach/", "en/ke-hoach/"])
def test_on_a_phone_the_contents_are_folded_and_open_on_a_tap(open_page, path) -> None:
    page, _ = open_page(path, width=390, height=800)
    toc = page.locator(".td-toc details")
    assert toc.is_visible() and toc.get_attribute("open") is None
    assert not page.locator('.td-toc a[href="#muc-iv"]').is_visible()
    page.click(".td-toc summary")
    assert page.locator('.td-toc a[href="#muc-iv"]').is_visible()
    targets = page.eval_on_selector_all(".td-toc a", "els => els.map(a => a.getAttribute('href'))")
    assert targets[:4] == ["#muc-i", "#muc-ii", "#muc-iii", "#muc-iii-1"]
    assert all(page.locator(target).count() == 1 for target in targets)
    page.click('.td-toc a[href="#muc-iv"]')
    assert page.locator("#muc-iv").is_visible()


def test_on_a_wide_screen_the_contents_are_in_the_sidebar(open_page) -> None:
    page, _ = open_page("ke-hoach/", width=1280)
    assert not page.locator(".td-toc").is_visible()
    sidebar = page.locator(".md-sidebar--secondary")
    for anchor in ("#muc-i", "#muc-ii", "#muc-iii", "#muc-iii-2", "#muc-iv"):
        assert sidebar.locator(f'a[href="{anchor}"]').is_visible(), anchor


@pytest.mark.parametrize("width", [390, 768, 1280])
def test_the_heading_block_is_two_centred_columns_that_stack_centred(open_page, width) -> None:
    page, _ = open_page("ke-hoach/", width=width)
    found = page.evaluate(CENTRES, [".td-doc__org", ".td-doc__number", ".td-doc__country", ".td-doc__slogan", ".td-doc__date"])
    (_, org, org_top, org_bottom), (_, number, *_), (_, country, country_top, _), (_, slogan, *_), (_, date, *_) = found
    # Each column's lines share one centre.
    assert abs(org - number) < 2 and abs(country - slogan) < 2 and abs(country - date) < 2, found
    if width >= 768:
        assert org < country and abs(org_top - country_top) < 2, found
    else:
        # Stacked: the motto below the issuer, both centred on the page.
        assert abs(org - country) < 2 and country_top >= org_bottom, found
    align = page.eval_on_selector(".td-doc__para", "el => getComputedStyle(el).textAlign")
    assert align == ("left" if width < 640 else "justify")


@pytest.mark.parametrize("path", ["ke-hoach/", "en/ke-hoach/"])
def test_printed_no_page_ends_with_a_heading_and_back_links_are_hidden(open_page, path) -> None:
    page, _ = open_page(path, media="print")
    assert page.locator(".td-backref").count() >= 1 and not page.locator(".td-backref").first.is_visible()
    assert not page.locator(".td-toc").is_visible()
    page.add_style_tag(content=PDF_CSS)
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    assert len(pdf.pages) >= 3
    for number, printed in enumerate(pdf.pages[:-1], start=1):
        lines = [line.strip() for line in printed.extract_text().splitlines() if line.strip()]
        assert not HEADING.match(lines[-1]), f"page {number} ends with the heading {lines[-1]!r}"
