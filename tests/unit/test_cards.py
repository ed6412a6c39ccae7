"""Sharing cards: 1200 × 630, every Vietnamese letter in the fonts they are drawn in, the text kept in its box, cached by content, the same bytes every time."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image

from thidua.publish.cards import FONT_FILES, GREY, INK, RED, CardSpec, Line, _block_height, fit_block, make_cards

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
VOWELS = "aăâeêioôơuưy"
TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng


def spec(name: str = "Nguyễn Thị Ánh Tuyết", photo: Path | None = None) -> CardSpec:
    return CardSpec(
        stem=f"ton-vinh/tuyet-{len(name)}-vi",
        campaign="Thi đua chào mừng 70 năm Ngày truyền thống ngành Công Thương",
        block=(
            Line(name, True, INK, 64, 44, 3),
            Line("Đã được tặng Bằng khen của Bộ trưởng Bộ Công Thương", True, RED, 36, 28, 3),
            Line("Phòng Quản lý thương mại", False, GREY, 30, 24, 2),
        ),
        footer="Sở Công Thương",
        sample="Dữ liệu mẫu",
        photo=photo,
    )


def test_every_vietnamese_letter_with_every_tone_is_in_both_faces() -> None:
    letters = set(VIETNAMESE + VIETNAMESE.upper())
    letters |= {unicodedata.normalize("NFC", c + tone) for c in VOWELS + VOWELS.upper() for tone in TONES}
    letters |= set("–…·“”")
    for path in FONT_FILES.values():
        cmap = TTFont(path).getBestCmap()
        missing = sorted(c for c in letters if len(c) == 1 and ord(c) not in cmap)
        assert not missing, f"{path.name} has no glyph for {missing}"
    assert all(len(c) == 1 for c in letters)  # every toned letter is one precomposed character


def test_a_card_is_1200_by_630_and_the_same_bytes_from_the_same_inputs(tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    Image.new("RGB", (600, 800), (40, 120, 200)).save(photo)
    first = make_cards([spec(photo=photo)], tmp_path / "a")
    second = make_cards([spec(photo=photo)], tmp_path / "b")
    (card_a,), (card_b,) = first.cards.values(), second.cards.values()
    assert first.drawn == second.drawn == 1
    assert card_a.public == card_b.public and card_a.public.startswith("anh-chia-se/ton-vinh/tuyet-20-vi-")
    assert card_a.cached.read_bytes() == card_b.cached.read_bytes()
    with Image.open(card_a.cached) as img:
        assert (img.format, img.size) == ("PNG", (1200, 630))
        assert img.convert("RGB").getpixel((100, 315)) == (40, 120, 200)  # the photo, at the left


def test_an_unchanged_card_is_reused_and_a_changed_one_drawn_under_a_new_name(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    first = make_cards([spec()], folder)
    again = make_cards([spec()], folder)
    assert (first.drawn, again.drawn) == (1, 0)
    assert again.cards == first.cards
    changed = make_cards([spec("Nguyễn Thị Ánh Tuyết Hai")], folder)
    assert changed.drawn == 1
    assert next(iter(changed.cards.values())).cached != next(iter(first.cards.values())).cached


def test_a_text_too_long_for_the_card_is_made_smaller_then_cut_short_within_its_box() -> None:
    long_name = " ".join(["Nguyễn Thị Ánh Tuyết"] * 30)
    laid = fit_block(spec(long_name).block, 600, 400)

    assert _block_height(laid) <= 400
    name_font, name_lines, _ = laid[0]
    assert name_font.size == 44 and len(name_lines) <= 3 and name_lines[-1].endswith("…")
    short = fit_block(spec().block, 600, 400)
    assert short[0][0].size == 64 and [line.text for _, _, line in short][1:] == [l.text for l in spec().block][1:]
