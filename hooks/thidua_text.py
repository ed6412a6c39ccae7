"""Text helpers: Vietnamese diacritic folding for ids and filters, and safe Markdown for stories."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup


def fold(value: str) -> str:
    """Lower-case text without diacritics, đ read as d: "Nguyễn Văn Đức" -> "nguyen van duc"."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def slugify(value: str) -> str:
    """An ASCII id from a name: "Nguyễn Văn A" -> "nguyen-van-a"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-")


SAFE_SCHEMES = {"", "http", "https", "mailto"}


class _SafeLinks(Treeprocessor):
    """Drops link and image targets with a scheme that could run code (javascript:, data:, ...)."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            for attr in ("href", "src"):
                value = element.get(attr)
                if value is not None and urlsplit(value.strip()).scheme.lower() not in SAFE_SCHEMES:
                    del element.attrib[attr]


class StoryRenderer:
    """Markdown for data fields: formatting is rendered, raw HTML is shown as text, never run."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._md.treeprocessors.register(_SafeLinks(self._md), "thidua_safe_links", 0)

    def render(self, text: str) -> Markup:
        self._md.reset()
        return Markup(self._md.convert(text))
