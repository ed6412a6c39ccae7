"""Real builds with hostile data: safe links and own photos in stories work, formulas reach Excel as text, script links stop the build."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import copy_project, run_build

STORY_MARKER = "story:\n  vi: |\n"
SAFE_STORY = (
    "    ![Ảnh anh Lê Văn C](le-van-c.jpg) Xem [kế hoạch](../../ke-hoach/) và [trang Bộ](https://moit.gov.vn/?a=1&b=2).\n\n"
)


def edit(project: Path, hid: str, find: str, replace: str) -> None:
    file = project / "data" / "honourees" / f"{hid}.yaml"
    text = file.read_text(encoding="utf-8")
    assert find in text, f"{file}: {find!r}"
    file.write_text(text.replace(find, replace, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The bundled site with a story showing its own photo and links, and a position that starts like a formula."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    edit(project, "le-van-c", STORY_MARKER, STORY_MARKER + SAFE_STORY)
    edit(project, "le-van-c", "position:\n  vi: ", "position:\n  vi: =HYPERLINK(0) ")
    result = run_build(project)
    assert result.returncode == 0, result.output
    return result


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_a_story_shows_the_honourees_own_photo_from_the_site(hostile, prefix: str) -> None:
    page = hostile.html(prefix + "ton-vinh/le-van-c/")
    story = page.css_first(".td-story")
    images = [img.attributes["src"] for img in story.css("img")] if prefix == "" else []
    if prefix == "":
        assert len(images) == 1 and images[0].startswith("../../ton-vinh/anh/le-van-c-") and images[0].endswith("-page.jpg")
        assert (hostile.site / "ton-vinh" / "le-van-c" / images[0]).resolve().is_file()
        links = [a.attributes["href"] for a in story.css("a")]
        assert links[:2] == ["../../ke-hoach/", "https://moit.gov.vn/?a=1&b=2"]
    # The booklet shows the same picture from its own depth.
    booklet = hostile.html(prefix + "ky-yeu/")
    srcs = [img.attributes["src"] for img in booklet.css(".td-story img")]
    if prefix == "":
        assert len(srcs) == 1 and (hostile.site / "ky-yeu" / srcs[0]).resolve().is_file()


def test_a_cell_that_would_be_a_formula_reaches_excel_as_text_and_json_as_it_is(hostile) -> None:
    rows = list(csv.reader(io.StringIO((hostile.site / "du-lieu/honourees.csv").read_text(encoding="utf-8-sig"), newline="")))
    row = next(r for r in rows if r[0] == "le-van-c")
    position = row[rows[0].index("Chức vụ (Position)")]
    assert position.startswith("'=HYPERLINK(0) ")
    records = json.loads((hostile.site / "du-lieu/honourees.json").read_text(encoding="utf-8"))["honourees"]
    assert next(r for r in records if r["id"] == "le-van-c")["position"]["vi"].startswith("=HYPERLINK(0) ")
    note = hostile.html("du-lieu/").css_first(".td-data-csv").text()
    assert "dấu nháy đơn" in note
    assert "apostrophe" in hostile.html("en/du-lieu/").css_first(".td-data-csv").text()


def test_a_script_link_in_a_story_stops_the_strict_build_with_file_line_and_field(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    edit(project, "le-van-c", STORY_MARKER, STORY_MARKER + "    [hồ sơ](&#106;avascript:alert(1)) ![x](https://tracker.example/p.png)\n\n")
    result = run_build(project, site=tmp_path / "site")
    assert result.returncode != 0
    assert "data/honourees/le-van-c.yaml:18: story › vi: link to 'javascript:alert(1)'" in result.output
    assert "data/honourees/le-van-c.yaml:18: story › vi: picture from another address ('https://tracker.example/p.png')" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists() or not any((tmp_path / "site").iterdir())
