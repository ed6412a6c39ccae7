"""In Chromium: a honouree page whose story holds every encoded script link of the corpus, each link clicked, no dialog.

The data checks refuse such a story before a build (tests/unit/test_hostile.py), so the page is made
here from a built honouree page with its story replaced by what each wall would publish: the story
renderer (both walls), and the sanitiser alone over Markdown rendered with no link filter at all.
"""

from __future__ import annotations

import markdown
import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError
from selectolax.parser import HTMLParser

from conftest import REPO
from thidua.model.story import StoryRenderer, sanitise

ATTACKS = yaml.safe_load((REPO / "tests" / "fixtures" / "attacks.yaml").read_text(encoding="utf-8"))

HONOUREE = "le-van-c"
STORY = "\n\n".join(ATTACKS["script_links"] + ATTACKS["foreign_images"] + [story for story, _ in ATTACKS["safe_links"]])
VARIANTS = {
    "renderer": lambda: str(StoryRenderer().render(STORY)),
    "sanitiser-alone": lambda: sanitise(markdown.markdown(STORY)),
    # No wall at all: what the test must catch (Python-Markdown writes the encoded links out as they are).
    "no-wall": lambda: markdown.markdown("\n\n".join(ATTACKS["script_links"][:3])),
}


def hostile_page(served, variant: str, lang: str) -> str:
    """The honouree's built page with the hostile story in place of its own, written beside it; its path."""
    prefix = "" if lang == "vi" else "en/"
    page = served.site / prefix / "ton-vinh" / HONOUREE / "index.html"
    tree = HTMLParser(page.read_text(encoding="utf-8"))
    story = HTMLParser(f'<div class="td-story">{VARIANTS[variant]()}</div>').css_first("div.td-story")
    tree.css_first(".td-story").replace_with(story)
    path = f"{prefix}ton-vinh/{HONOUREE}/hostile-{variant}.html"
    (served.site / path).write_text(tree.html, encoding="utf-8")
    return path


def click_every_link(open_page, served, path: str) -> tuple[int, list[str], object]:
    """Open `path`, click each link of the story in turn (the page loaded again before each); the dialogs seen."""
    page, watch = open_page(path)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(f"{dialog.type}: {dialog.message}"), dialog.dismiss()))
    count = page.locator(".td-story a").count()
    for i in range(count):
        if i:
            for attempt in range(3):  # a blocked link's error page may still be on its way
                try:
                    page.goto(served.url(path), wait_until="load")
                    break
                except PlaywrightError:
                    page.wait_for_timeout(200)
        page.locator(".td-story a").nth(i).click(no_wait_after=True, timeout=5000)
        page.wait_for_timeout(100)
    return count, dialogs, watch


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("variant", ["renderer", "sanitiser-alone"])
def test_clicking_every_link_of_a_hostile_story_opens_no_dialog(open_page, served, variant: str, lang: str) -> None:
    count, dialogs, watch = click_every_link(open_page, served, hostile_page(served, variant, lang))
    assert count >= len(ATTACKS["script_links"])  # every link's text is there to click
    assert dialogs == []
    assert watch.page_errors == []
    # No picture of the story was requested from another host (the context aborts and records such requests).
    assert [url for url in watch.foreign if "tracker.example" in url] == []


def test_without_the_walls_the_same_clicks_open_dialogs(open_page, served) -> None:
    count, dialogs, _ = click_every_link(open_page, served, hostile_page(served, "no-wall", "vi"))
    assert count == 3 and dialogs == ["alert: 1"] * 3
