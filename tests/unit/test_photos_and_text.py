"""Photos lose every metadata block and are cached by content; names fold; stories never run HTML."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from thidua.model.story import StoryRenderer
from thidua.model.text import fold, person_sort_key, slugify, sort_key
from thidua.publish.photos import process_photos


def phone_photo(path: Path, size=(1200, 900)) -> Path:
    """A JPEG like a phone's: EXIF with GPS position, camera model and an orientation to honour."""
    img = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    exif[0x0110] = "PhoneCam 3000"  # Model
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (21.0, 1.0, 42.0)
    gps[3], gps[4] = "E", (105.0, 51.0, 12.0)
    img.save(path, "JPEG", exif=exif, comment=b"secret comment")
    return path


def test_renditions_carry_no_exif_gps_or_comment_and_honour_orientation(tmp_path: Path) -> None:
    source = phone_photo(tmp_path / "a.jpg")
    photos, processed = process_photos([("nguyen-van-a", source)], tmp_path / "cache")
    assert processed == 1
    photo = photos["nguyen-van-a"]
    # Orientation 6 on a 1200×900 landscape capture displays as 900×1200 portrait.
    assert (photo.page.width, photo.page.height) == (600, 800)
    assert (photo.thumb.width, photo.thumb.height) == (320, 320)
    assert len(photo.files) == 4
    for cached, public in photo.files:
        data = cached.read_bytes()
        with Image.open(cached) as img:
            assert dict(img.getexif()) == {}
            assert "exif" not in img.info and "xmp" not in img.info and "icc_profile" not in img.info
        assert b"PhoneCam" not in data and b"secret comment" not in data and b"Exif" not in data
        assert public.startswith("ton-vinh/anh/nguyen-van-a-")


def test_unchanged_photos_are_not_processed_again(tmp_path: Path) -> None:
    source = phone_photo(tmp_path / "a.jpg")
    cache = tmp_path / "cache"
    first, _ = process_photos([("a", source)], cache)
    mtimes = {p: p.stat().st_mtime_ns for p, _ in first["a"].files}
    second, processed = process_photos([("a", source)], cache)
    assert processed == 0
    assert second == first
    assert {p: p.stat().st_mtime_ns for p, _ in second["a"].files} == mtimes
    # Same bytes under another name: same content key, nothing to do.
    copy = tmp_path / "b.jpg"
    copy.write_bytes(source.read_bytes())
    _, processed = process_photos([("b", copy)], cache)
    assert processed == 0
    # A changed photo is processed again.
    phone_photo(source, size=(1000, 1000))
    _, processed = process_photos([("a", source)], cache)
    assert processed == 1


def test_names_fold_without_diacritics_and_d() -> None:
    assert fold("Nguyễn Văn  A") == "nguyen van a"
    assert fold("Đặng Văn H, Giám đốc") == "dang van h, giam doc"
    assert slugify("Đặng Văn H") == "dang-van-h"
    assert slugify("Tổ Thương mại điện tử") == "to-thuong-mai-dien-tu"


def test_vietnamese_order_is_folded_letters_then_marks_then_tones() -> None:
    words = ["Dũng", "Đức", "Ánh", "ăn", "Bình", "Anh", "Ạnh", "Ảnh", "an", "Đo", "Do"]
    assert sorted(words, key=sort_key) == ["an", "ăn", "Anh", "Ảnh", "Ánh", "Ạnh", "Bình", "Do", "Đo", "Đức", "Dũng"]


def test_people_are_ordered_by_given_name_then_the_rest_of_the_name() -> None:
    names = ["Nguyễn Văn Bình", "Trần Thị An", "Lê Văn An", "Đỗ Thị Ánh", "Bùi Minh Anh"]
    assert sorted(names, key=person_sort_key) == [
        "Lê Văn An", "Trần Thị An", "Bùi Minh Anh", "Đỗ Thị Ánh", "Nguyễn Văn Bình",
    ]  # fmt: skip


def test_story_markdown_renders_formatting_but_shows_raw_html_as_text() -> None:
    html = StoryRenderer().render(
        "**Đậm** <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
        "[xấu](javascript:alert(1)) [tốt](https://example.org/)"
    )
    assert "<strong>Đậm</strong>" in html
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "javascript:" not in html
    assert '<a href="https://example.org/">tốt</a>' in html


def test_a_text_without_a_picture_is_rendered_once_and_one_with_a_picture_by_each_renderer() -> None:
    text = "Một **câu chuyện** có [liên kết](https://example.org) và <script>alert(1)</script> " + str(id(object()))
    checker = StoryRenderer(image_src=lambda url: url)
    first = checker.render(text)
    assert "<strong>câu chuyện</strong>" in first and "<script>" not in first
    page = StoryRenderer()
    page._md.convert = lambda _: (_ for _ in ()).throw(AssertionError("Markdown run again"))
    assert page.render(text, lambda url: f"/anh/{url}") == first  # the same HTML, without Markdown
    assert [t.url for t in page.targets] == ["https://example.org"]  # and the same targets for the checks
    picture = "Ảnh: ![chân dung](a.jpg) " + str(id(object()))
    assert 'src="a.jpg"' in checker.render(picture)
    assert 'src="/anh/a.jpg"' in StoryRenderer().render(picture, lambda url: f"/anh/{url}")  # its own source
