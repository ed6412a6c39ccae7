"""Vietnamese text folded for ids and filters: no diacritics, đ read as d."""

from __future__ import annotations

import re
import unicodedata


def fold(value: str) -> str:
    """Lower-case text without diacritics, đ read as d: "Nguyễn Văn Đức" -> "nguyen van duc"."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def slugify(value: str) -> str:
    """An ASCII id from a name: "Nguyễn Văn A" -> "nguyen-van-a"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-")


