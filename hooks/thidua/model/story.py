"""Stories and other Markdown of the data: formatting rendered, raw HTML shown as text, unsafe links dropped."""

from __future__ import annotations

from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

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
