"""Vietnamese text folded for ids and filters (no diacritics, đ read as d), the rule of an id, and text a spreadsheet shows as text."""

from __future__ import annotations

import re
import unicodedata

# An id (a honouree's file name, a unit, an award form, a criterion...): lower-case ASCII words joined by
# single hyphens, at most SLUG_MAX characters. The data model's Slug and the loader's file-name check
# both keep this rule.
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_MAX = 80
_SLUG_RE = re.compile(SLUG_PATTERN)


def fold(value: str) -> str:
    """Lower-case text without diacritics, đ read as d: "Nguyễn Văn Đức" -> "nguyen van duc"."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


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
