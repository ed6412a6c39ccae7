"""Vietnamese text folded for ids and filters (no diacritics, đ read as d), sorted as Vietnamese lists sort, the rule of an id, and text a spreadsheet shows as text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# An id (a honouree's file name, a unit, an award form, a criterion...): lower-case ASCII words joined by
# single hyphens, at most SLUG_MAX characters. The data model's Slug and the loader's file-name check
# both keep this rule.
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_MAX = 80
_SLUG_RE = re.compile(SLUG_PATTERN)


@lru_cache(maxsize=65536)  # names and units are folded again for every page that shows them
def fold(value: str) -> str:
    """Lower-case text without diacritics, đ read as d: "Nguyễn Văn Đức" -> "nguyen van duc"."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


# Vietnamese order within a folded letter: a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư; then the tones in
# CLDR's order for Vietnamese: none, huyền, hỏi, ngã, sắc, nặng (a à ả ã á ạ).
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve, circumflex, horn
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # grave, hook, tilde, acute, dot below


@lru_cache(maxsize=1 << 16)  # a build orders thousands of names, each language again; a rebuild the same names
def sort_key(value: str) -> tuple:
    """How Vietnamese lists order `value`: by its folded letters first ("Đức" before "Dung", as "duc"
    before "dung"), then by the letters' own marks where the folded words are equal (an < ăn, do < đo),
    then by the tones (anh < ảnh < ánh < ạnh), then as written."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", value.lower()):
        if ch in _LETTER_MARKS:
            letters[-1:] = [_LETTER_MARKS[ch]]
        elif ch in _TONES:
            tones[-1:] = [_TONES[ch]]
        elif unicodedata.category(ch) != "Mn":
            letters.append(1 if ch == "đ" else 0)
            tones.append(0)
    return (fold(value), tuple(letters), tuple(tones), value)


def person_sort_key(name: str) -> tuple:
    """How Vietnamese lists order people: by the given name (tên, the last word), then the rest of the name
    (họ and tên đệm), each as sort_key orders it: "Trần Thị B" before "Nguyễn Văn C"."""
    *rest, given = name.split() or [""]
    return (sort_key(given), sort_key(" ".join(rest)))


def slugify(value: str) -> str:
    """An ASCII id from a name: "Nguyễn Văn A" -> "nguyen-van-a"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-")


def is_slug(value: str) -> bool:
    """Whether `value` is a valid id: "nguyen-van-a" is, "Nguyen_Van_A" is not."""
    return len(value) <= SLUG_MAX and _SLUG_RE.match(value) is not None


# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def excel_text(value: str) -> str:
    """`value` as a spreadsheet shows it as text: a leading apostrophe before what would start a formula.

    The open data's JSON keeps every value as it is; only what is written for Excel carries the apostrophe.
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value
