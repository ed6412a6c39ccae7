"""Hostile or broken input, tried against the corpus of tests/fixtures/attacks.yaml: nothing runs, leaks or crashes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from selectolax.parser import HTMLParser

from thidua.model.story import SAFE_SCHEMES, StoryRenderer, decode_url, sanitise, scheme_of

ATTACKS = yaml.safe_load((Path(__file__).parent.parent / "fixtures" / "attacks.yaml").read_text(encoding="utf-8"))
PHOTO_URL = "../../ton-vinh/anh/nguyen-van-a-0123456789-page.jpg"


def own_photo(url: str) -> str | None:
    return PHOTO_URL if url == "nguyen-van-a.jpg" else None


def targets(html: str) -> list[tuple[str, str]]:
    """Every (tag, attribute value) a browser would follow in `html`, as its parser decodes them."""
    tree = HTMLParser(html)
    out = []
    for node in tree.css("[href], [src], [action], [formaction], [srcset], [style]"):
        for attr in ("href", "src", "action", "formaction", "srcset", "style"):
            if node.attributes.get(attr) is not None:
                out.append((node.tag, node.attributes[attr]))
    return out


def assert_runs_nothing(html: str) -> None:
    tree = HTMLParser(html)
    assert tree.css("script, iframe, object, embed, form, svg, math, style") == []
    for node in tree.css("*"):
        assert not any(name.lower().startswith("on") for name in node.attributes), node.html
    for tag, value in targets(html):
        assert tag in ("a", "img"), (tag, value)
        assert scheme_of(decode_url(value)) in SAFE_SCHEMES | {None}, (tag, value)


@pytest.mark.parametrize("story", ATTACKS["script_links"])
def test_a_script_link_is_dropped_from_the_page_and_reported_by_the_check(story: str) -> None:
    import markdown

    renderer = StoryRenderer(image_src=own_photo)
    html = renderer.render(story)
    assert_runs_nothing(html)
    # The link text stays; its target is gone (no href at all, not a neutralised one).
    assert [value for tag, value in targets(html) if tag == "a"] == []
    problems = renderer.check(story)
    if targets(markdown.markdown(story)):  # Markdown makes a link of it (not <javascript:...>, shown as text)
        assert problems and {p.tag for p in problems} == {"a"}
        assert {p.problem for p in problems} <= {"scheme", "control"}


@pytest.mark.parametrize("story", ATTACKS["script_links"])
def test_the_sanitiser_alone_stops_each_script_link(story: str) -> None:
    """The second wall on its own: Markdown rendered with no link filter at all, then nh3."""
    import markdown

    raw = markdown.markdown(story)
    assert_runs_nothing(sanitise(raw))


@pytest.mark.parametrize("story", ATTACKS["foreign_images"])
def test_a_picture_from_another_host_is_never_an_image_and_is_reported(story: str) -> None:
    renderer = StoryRenderer(image_src=own_photo)
    html = renderer.render(story)
    assert HTMLParser(html).css("img") == []
    problems = renderer.check(story)
    assert [p.tag for p in problems] == ["img"]
    assert problems[0].problem in ("foreign", "unknown")
    if "tracker.example" in decode_url(story):
        assert problems[0].problem == "foreign"


@pytest.mark.parametrize("story", ATTACKS["foreign_images"])
def test_the_sanitiser_alone_drops_each_foreign_picture(story: str) -> None:
    import markdown

    # No source an image could load (an <img> without src requests nothing).
    assert [node.attributes for node in HTMLParser(sanitise(markdown.markdown(story))).css("img[src], img[srcset]")] == []


@pytest.mark.parametrize("story, href", ATTACKS["safe_links"])
def test_safe_links_stay_as_written(story: str, href: str) -> None:
    renderer = StoryRenderer()
    assert targets(renderer.render(story)) == [("a", href)]
    assert renderer.check(story) == []


def test_the_honourees_own_photo_is_shown_from_the_site() -> None:
    renderer = StoryRenderer(image_src=own_photo)
    html = renderer.render("![Anh A](nguyen-van-a.jpg)")
    assert targets(html) == [("img", PHOTO_URL)]
    assert HTMLParser(html).css_first("img").attributes["alt"] == "Anh A"
    assert renderer.check("![Anh A](nguyen-van-a.jpg)") == []
