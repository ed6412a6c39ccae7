"""The fonts shipped with the project: every Vietnamese letter, the files fonts.css and thidua.model.fonts name,
under their licence; Pillow draws with them."""

from __future__ import annotations

import re
import unicodedata

import pytest
from fontTools.ttLib import TTFont
from PIL import ImageFont

from conftest import FONTS, REPO
from thidua.model import fonts
from thidua.office import placeholder

CSS = REPO / "docs" / "assets" / "css" / "fonts.css"
# Every letter of Vietnamese, in capitals and small letters: the base letters with their marks (â ê ô ă ơ ư
# đ), each vowel with each of the five tones, and the combining marks of text typed in decomposed form.
VOWELS = "aăâeêioôơuưy"
TONES = "\u0300\u0301\u0303\u0309\u0323"
LETTERS = sorted(
    {
        unicodedata.normalize("NFC", text)
        for base in [*"abcdefghijklmnopqrstuvwxyz", "ă", "â", "ê", "ô", "ơ", "ư", "đ"]
        for text in (base, base.upper())
    }
    | {unicodedata.normalize("NFC", v + tone) for v in VOWELS + VOWELS.upper() for tone in TONES}
    | set(TONES)
)
TEXT_FACES = [face for face in fonts.FACES if face.family != fonts.SYMBOLS]


def cmap(path) -> set[int]:
    return set(TTFont(path).getBestCmap())


def font_faces() -> list[dict]:
    """The @font-face rules of fonts.css, as {descriptor: value}."""
    rules = re.findall(r"@font-face\s*\{(.*?)\}", CSS.read_text(encoding="utf-8"), flags=re.S)
    return [{k.strip(): v.strip() for k, v in re.findall(r"([\w-]+)\s*:\s*([^;]+);", rule)} for rule in rules]


def code_points(unicode_range: str) -> set[int]:
    points: set[int] = set()
    for part in unicode_range.split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


def test_the_letters_to_draw_are_191() -> None:
    # 26 + 7 letters in two cases, 12 vowels x 5 tones in two cases, 5 combining marks; no duplicate.
    assert len(LETTERS) == len(set(LETTERS)) == 2 * 33 + 2 * 60 + 5


@pytest.mark.parametrize("face", TEXT_FACES, ids=lambda face: face.stem)
def test_every_text_face_draws_every_vietnamese_letter_in_both_formats(face) -> None:
    woff2, ttf = cmap(face.woff2), cmap(face.ttf)
    assert woff2 == ttf
    missing = [letter for letter in LETTERS if ord(letter) not in woff2]
    assert missing == []


@pytest.mark.parametrize("face", fonts.FACES, ids=lambda face: face.stem)
def test_each_face_is_named_as_thidua_model_fonts_says(face) -> None:
    names = TTFont(face.woff2)["name"]
    assert names.getDebugName(6) == face.stem  # the PostScript name: the name a PDF gives the font
    assert "SIL Open Font License" in names.getDebugName(13)
    assert (face.ttf is not None) == face.truetype and (face.ttf is None or face.ttf.is_file())


def test_the_folder_holds_the_listed_fonts_their_licence_and_where_they_came_from() -> None:
    listed = {face.woff2.name for face in fonts.FACES} | {face.ttf.name for face in fonts.FACES if face.ttf}
    assert {p.name for p in FONTS.iterdir()} == listed | {"OFL.txt", "README.txt"}
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FONTS / "OFL.txt").read_text(encoding="utf-8")
    readme = (FONTS / "README.txt").read_text(encoding="utf-8")
    assert "fonts-noto-core" in readme and "pyftsubset" in readme
    for face in fonts.FACES:
        assert f"  {face.stem}.ttf" in readme, f"README.txt does not give the source of {face.stem}"


def test_fonts_css_declares_each_face_once_from_the_site_only_and_swaps() -> None:
    declared = {}
    for rule in font_faces():
        family = rule["font-family"].strip('"')
        url = re.fullmatch(r'url\("\.\./fonts/([\w-]+)\.woff2"\) format\("woff2"\)', rule["src"])
        # No local(): a font of the machine with the same name must never stand in for a shipped one.
        assert url, rule["src"]
        assert rule["font-display"] == "swap"
        declared[url.group(1)] = (family, int(rule["font-weight"]), rule["font-style"] == "italic", rule["unicode-range"])
    assert {stem: value[:3] for stem, value in declared.items()} == {
        face.stem: (face.family, face.weight, face.italic) for face in fonts.FACES
    }
    for face in fonts.FACES:
        covered = code_points(declared[face.stem][3])
        # The browser downloads a face for the letters of its range: every letter it draws is in it.
        assert cmap(face.woff2) - {0x20, 0xA0} <= covered | {0x0D}, face.stem
        if face.family != fonts.SYMBOLS:
            assert {ord(letter) for letter in LETTERS} <= covered, face.stem


def test_pillow_loads_the_ttf_of_each_style() -> None:
    for bold in (False, True):
        for italic in (False, True):
            font = ImageFont.truetype(str(fonts.truetype(fonts.SERIF, bold=bold, italic=italic)), 40)
            assert font.getname() == ("Noto Serif", {(0, 0): "Regular", (1, 0): "Bold", (0, 1): "Italic", (1, 1): "Bold Italic"}[bold, italic])
    with pytest.raises(KeyError):
        fonts.truetype(fonts.SYMBOLS)


def test_placeholder_photos_are_drawn_in_the_shipped_noto_sans_bold() -> None:
    font = placeholder._font(120)
    assert font.path == str(fonts.truetype(fonts.SANS, bold=True))
    assert font.getname() == ("Noto Sans", "Bold")
