"""File sizes as readers of a language read them: "62 KB", "1,4 MB" (the size Windows Explorer shows)."""

from __future__ import annotations

import math

from babel.numbers import format_decimal

from thidua.model.strings import tn

KB = 1024
MB = 1024 * 1024


def file_size(size: int, lang: str) -> str:
    """`size` bytes for a reader: bytes below 1 KB, whole kilobytes rounded up below 1 MB (as Windows
    Explorer shows a file), megabytes with one decimal above, in the language's digits and separators."""
    if size < KB:
        return tn(lang, "size.bytes", size, number=format_decimal(size, locale=lang))
    if size < MB:
        return tn(lang, "size.kb", math.ceil(size / KB), number=format_decimal(math.ceil(size / KB), locale=lang))
    megabytes = math.ceil(size / MB * 10) / 10
    return tn(lang, "size.mb", 2, number=format_decimal(megabytes, format="#,##0.0", locale=lang))
