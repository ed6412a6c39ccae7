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


# --- YAML -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ATTACKS["yaml_bombs"]))
def test_yaml_anchors_aliases_and_merge_keys_are_refused_before_anything_is_built(name: str, tmp_path: Path) -> None:
    from thidua.load import yamlfile

    path = tmp_path / "x.yaml"
    path.write_text(ATTACKS["yaml_bombs"][name], encoding="utf-8")
    built = []
    original = yamlfile._build
    yamlfile._build = lambda *args: built.append(args) or original(*args)
    try:
        located, problems = yamlfile.read_yaml(path, "x.yaml")
    finally:
        yamlfile._build = original
    assert located is None and built == []  # refused from the parser's events: no node was built
    assert [p.format() for p in problems] == [
        "x.yaml:1: YAML anchors (&name), aliases (*name) and merge keys (<<) are not allowed in the data "
        "(write the value out in full where it is used)"
    ]


@pytest.mark.parametrize("char", ATTACKS["control_characters"])
def test_a_control_character_written_as_a_yaml_escape_is_refused_with_its_field(char: str, tmp_path: Path) -> None:
    from thidua.load.yamlfile import read_yaml

    path = tmp_path / "x.yaml"
    escape = char.encode("unicode_escape").decode("ascii")  # e.g. \x0b, \r, \ufffe: YAML escapes too
    path.write_text(f'units:\n  - id: a\n    name: {{vi: "Văn{escape}phòng"}}\n', encoding="utf-8")
    located, problems = read_yaml(path, "x.yaml")
    assert located is None
    assert [p.format() for p in problems] == [
        f"x.yaml:3: units › item 1 › name › vi: the text holds an invisible control character (U+{ord(char):04X}) "
        "(delete it and type the text again; such characters come from copying out of another program)"
    ]


def test_text_is_read_in_nfc(tmp_path: Path) -> None:
    import unicodedata

    from thidua.load.yamlfile import read_yaml

    nfd = unicodedata.normalize("NFD", "Nguyễn Văn Đức")
    assert nfd != "Nguyễn Văn Đức"
    path = tmp_path / "x.yaml"
    path.write_text(f"name: {nfd}\n{nfd}: x\n", encoding="utf-8")
    located, problems = read_yaml(path, "x.yaml")
    assert problems == []
    assert located.data == {"name": "Nguyễn Văn Đức", "Nguyễn Văn Đức": "x"}


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    from thidua.load.yamlfile import MAX_BYTES, read_yaml

    path = tmp_path / "x.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no 5 MB written
    located, problems = read_yaml(path, "x.yaml")
    assert located is None
    assert [p.format("vi") for p in problems] == [
        f"x.yaml: tệp nặng {MAX_BYTES + 1} byte, quá giới hạn {MAX_BYTES} byte của một tệp dữ liệu "
        "(tệp dữ liệu chỉ là văn bản vài trang: kiểm tra xem có đúng tệp không)"
    ]


# --- photos ---------------------------------------------------------------------------------------


def copy_data(tmp_path: Path) -> Path:
    import shutil

    from conftest import BILINGUAL

    data = tmp_path / "project" / "data"
    shutil.copytree(BILINGUAL, data)
    return data


def test_a_photo_linked_from_outside_the_data_folder_is_refused(tmp_path: Path) -> None:
    from thidua.load.files import load_site
    from thidua.model.problems import DataError

    data = copy_data(tmp_path)
    secret = tmp_path / "secret.jpg"
    secret.write_bytes((data / "photos" / "nguyen-van-a.jpg").read_bytes())
    (data / "photos" / "nguyen-van-a.jpg").unlink()
    (data / "photos" / "nguyen-van-a.jpg").symlink_to(secret)
    # A link inside the data folder is fine.
    (data / "photos" / "tran-thi-b.jpg").unlink()
    (data / "photos" / "tran-thi-b.jpg").symlink_to(data / "photos" / "le-van-c.jpg")
    with pytest.raises(DataError) as caught:
        load_site(data, root=data.parent)
    assert [p.format("vi") for p in caught.value.problems] == [
        "data/honourees/nguyen-van-a.yaml:10: photo › file: ảnh 'nguyen-van-a.jpg' là liên kết tới một tệp nằm ngoài "
        "thư mục dữ liệu (sao chép chính tệp ảnh vào data/photos/)"
    ]


def test_a_honouree_file_linked_from_outside_the_data_folder_is_refused(tmp_path: Path) -> None:
    from thidua.load.files import load_site
    from thidua.model.problems import DataError

    data = copy_data(tmp_path)
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text((data / "honourees" / "le-van-c.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (data / "honourees" / "le-van-c.yaml").unlink()
    (data / "honourees" / "le-van-c.yaml").symlink_to(elsewhere)
    with pytest.raises(DataError) as caught:
        load_site(data, root=data.parent)
    assert [p.format() for p in caught.value.problems] == [
        "data/honourees/le-van-c.yaml: the file is a link to a file outside the data folder "
        "(copy the file itself into the data folder)"
    ]


def test_resizing_never_decodes_a_photo_over_the_pixel_limit(tmp_path: Path) -> None:
    from thidua.publish.photos import PhotoError, process_photos

    bomb = Path(__file__).parent / "cases" / "photo-decompression-bomb" / "files" / "photos" / "nguyen-van-a.jpg"
    big = Path(__file__).parent / "cases" / "photo-over-pixel-limit" / "files" / "photos" / "nguyen-van-a.jpg"
    assert bomb.stat().st_size < 100
    with pytest.raises(PhotoError, match="claims more than 50 megapixels"):
        process_photos([("a", bomb)], tmp_path / "cache")
    with pytest.raises(PhotoError, match=r"is 9000 × 7000 pixels \(63.0 megapixels\), over the limit of 50 megapixels"):
        process_photos([("b", big)], tmp_path / "cache")


def test_a_large_png_is_box_reduced_before_it_is_copied(tmp_path: Path) -> None:
    from PIL import Image

    from thidua.publish.photos import _draft_box, _reduced

    img = Image.new("P", (6400, 4800))
    out = _reduced(img, _draft_box(*img.size))
    assert out.size == (1600, 1200) and out.mode == "RGBA"  # a quarter each way: still twice the 800 px page size
    small = Image.new("RGB", (1200, 900))
    assert _reduced(small, _draft_box(*small.size)) is small


def test_a_story_over_the_size_limit_is_a_data_error_with_its_field(tmp_path: Path) -> None:
    from thidua.load.files import load_site
    from thidua.model.problems import DataError
    from thidua.model.story import MAX_STORY_CHARS

    data = copy_data(tmp_path)
    file = data / "honourees" / "le-van-c.yaml"
    text = file.read_text(encoding="utf-8")
    marker = "story:\n  vi: |\n"
    line = text[: text.index(marker)].count("\n") + 2
    file.write_text(text.replace(marker, marker + "    " + "Đoạn dài. " * (MAX_STORY_CHARS // 10) + "\n\n", 1), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_site(data, root=data.parent)
    [problem] = caught.value.problems
    assert problem.format().startswith(f"data/honourees/le-van-c.yaml:{line}: story › vi: the story is ")
    assert problem.format().endswith(f"characters long, over the limit of {MAX_STORY_CHARS} (shorten it; a story is a few paragraphs)")
