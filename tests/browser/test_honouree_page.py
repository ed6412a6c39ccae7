"""A honouree's page in Chromium: its section's tab is the current one; previous, list and next on one line."""

from __future__ import annotations

import pytest

BOXES = """() => [...document.querySelectorAll('.td-pager a')].map(a => {
  const r = a.getBoundingClientRect(); return [a.className, r.left, r.right, r.bottom];
})"""


@pytest.mark.parametrize("path, tab", [("ton-vinh/tran-thi-b/", "Tôn vinh"), ("en/ton-vinh/tran-thi-b/", "Honourees")])
def test_the_directorys_tab_is_current_on_a_honouree_page(open_page, path, tab) -> None:
    page, _ = open_page(path)
    active = page.locator(".md-tabs__item--active .md-tabs__link")
    assert active.count() == 1 and active.inner_text().strip() == tab


@pytest.mark.parametrize("width", [1280, 768, 390])
def test_previous_list_and_next_share_their_last_line(open_page, width) -> None:
    page, _ = open_page("ton-vinh/tran-thi-b/", width=width)
    (_, prev_left, prev_right, prev_bottom), (_, up_left, up_right, up_bottom), (_, next_left, next_right, next_bottom) = page.evaluate(BOXES)
    nav = page.locator(".td-pager").bounding_box()
    assert prev_right <= next_left and prev_left >= nav["x"] - 0.5 and next_right <= nav["x"] + nav["width"] + 0.5
    assert abs(prev_bottom - next_bottom) < 1
    if width > 480:
        # One line: the list's link between the two, in the middle, its line level with theirs.
        assert prev_right <= up_left and up_right <= next_left
        assert abs((up_left + up_right) / 2 - (nav["x"] + nav["width"] / 2)) < 1
        assert abs(up_bottom - prev_bottom) < 1
    else:
        assert up_bottom > prev_bottom
