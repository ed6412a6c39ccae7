"""Stories and other Markdown of the data: formatting rendered, raw HTML shown as text, links and images allow-listed.

Two walls stand between a story and a reader's browser:

1. the Markdown tree: every link and image target is decoded the way a browser decodes it (character
   references, then the URL parser's dropping of tabs, newlines and surrounding controls) and kept
   only when the decoded target is on the allow-list (`classify`);
2. the rendered HTML goes through nh3 (Rust's ammonia), which parses it as a browser does and keeps
   only the tags, attributes and URL schemes listed here, so a quirk of the Markdown renderer
   cannot reopen what the first wall closed.

The same decoding tells the data checks (thidua.load.stories) which links and images a story holds.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

# Link schemes a story may use; a target without a scheme is relative (a page or file of the site).
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# The longest story text a data file may hold (characters; a long story is a few thousand).
MAX_STORY_CHARS = 50_000

_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# What the WHATWG URL parser drops: leading/trailing C0 controls and spaces, every tab and newline.
_EDGE = "".join(chr(c) for c in range(0x21))
_TAB_NEWLINE = str.maketrans("", "", "\t\n\r")

# What the Markdown of a story renders to (sane_lists, no raw HTML): the second wall keeps only these.
_TAGS = {
    "p", "a", "img", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}


def decode_url(raw: str) -> str:
    """A link or image target as the browser will use it, decoded until nothing changes.

    Character references are decoded repeatedly (``&amp;#106;`` is ``&#106;`` is ``j``), which is
    stricter than a browser's single pass: whatever any number of passes would make of the target is
    what is checked. Then tabs and newlines go and the ends are stripped, as the URL parser does.
    """
    value = raw
    for _ in range(10):
        decoded = html.unescape(value)
        if decoded == value:
            break
        value = decoded
    value = unicodedata.normalize("NFC", value)
    return value.translate(_TAB_NEWLINE).strip(_EDGE)


def scheme_of(url: str) -> str | None:
    """The scheme of a decoded target, lower-case, or None for a relative one."""
    match = _SCHEME_RE.match(url)
    return match.group(1).lower() if match else None


def has_control(url: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in url)


def is_foreign(url: str) -> bool:
    """Whether a decoded target points at another host (any scheme, or a scheme-relative //host)."""
    return scheme_of(url) is not None or url.startswith(("//", "\\\\", "/\\", "\\/"))


@dataclass(frozen=True)
class Target:
    """A link (`a`) or image (`img`) target of a story: as written, as decoded, and whether it is allowed."""

    tag: str
    raw: str
    url: str
    problem: str = ""  # "" (allowed), "scheme", "control", "foreign" or "unknown" (an image not among the photos)

    @property
    def shown(self) -> str:
        """The decoded target for a message: invisible characters written as \\u escapes, at most 80 characters."""
        text = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in self.url)
        return text if len(text) <= 80 else text[:77] + "..."


def classify(tag: str, raw: str, image_src: Callable[[str], str | None] | None = None) -> tuple[Target, str | None]:
    """Check one target against the allow-list; return it and what to write in the page (None: drop it).

    Links: http, https, mailto, tel or relative. Images: only the pictures `image_src` knows (the
    honourees' photos), never from another host.
    """
    url = decode_url(raw)
    if has_control(url):
        return Target(tag, raw, url, "control"), None
    if tag == "img":
        if is_foreign(url):
            return Target(tag, raw, url, "foreign"), None
        local = image_src(url) if image_src is not None else None
        return (Target(tag, raw, url), local) if local else (Target(tag, raw, url, "unknown"), None)
    scheme = scheme_of(url)
    if scheme is not None and scheme not in SAFE_SCHEMES:
        return Target(tag, raw, url, "scheme"), None
    return Target(tag, raw, url), url


class _SafeTargets(Treeprocessor):
    """First wall: every href and src decoded and allow-listed; an image not allowed becomes its alt text."""

    def __init__(self, md: markdown.Markdown, renderer: "StoryRenderer"):
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: Element) -> None:
        for element in root.iter():
            attr = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            if attr is None or element.get(attr) is None:
                continue
            target, keep = classify(element.tag, element.get(attr), self.renderer.current_image_src)
            self.renderer.targets.append(target)
            if keep is not None:
                element.set(attr, keep)
                if element.tag == "img":
                    self.renderer.images.add(keep)
            elif element.tag == "img":
                alt = element.get("alt", "")
                element.tag, element.text = "span", alt
                element.attrib.clear()
            else:
                del element.attrib[attr]


def sanitise(rendered: str, images: set[str] = frozenset()) -> str:
    """Second wall: `rendered` HTML parsed as a browser would (nh3) and kept only where allowed.

    Tags and attributes of the list above; links checked again on the parser's decoded values; an
    image only when its source is one of `images` (what the first wall let through).
    """

    def attribute(tag: str, attr: str, value: str) -> str | None:
        if tag == "img" and attr == "src":
            return value if value in images else None
        if tag == "a" and attr == "href":
            target, keep = classify("a", value)
            return value if keep is not None and not target.problem else None
        return value

    return nh3.clean(
        rendered,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=set(SAFE_SCHEMES),
        link_rel=None,
        strip_comments=True,
        attribute_filter=attribute,
    )


# The HTML of texts without a picture, by text (a text's HTML depends on nothing else: a picture's source is the
# only thing a renderer's `image_src` changes). The data checks render every story once; the honouree pages then
# take the same HTML instead of running Markdown and the sanitiser again. The most recent texts are kept.
_PLAIN: OrderedDict[str, tuple[str, tuple[Target, ...]]] = OrderedDict()
PLAIN_KEPT = 25_000
_PLAIN_LOCK = threading.Lock()


@dataclass
class StoryRenderer:
    """Markdown for data fields: formatting is rendered, raw HTML is shown as text, never run.

    `image_src` maps an image target as written in a story (a photo's file name) to the URL the page
    shows it at; without it a story shows no picture at all.
    """

    image_src: Callable[[str], str | None] | None = None
    current_image_src: Callable[[str], str | None] | None = field(default=None, init=False)
    targets: list[Target] = field(default_factory=list, init=False)
    images: set[str] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        self._md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._md.treeprocessors.register(_SafeTargets(self._md, self), "thidua_safe_targets", 0)

    def render(self, text: str, image_src: Callable[[str], str | None] | None = None) -> Markup:
        """`text` as safe HTML; `image_src`, when given, stands for the renderer's own for this call."""
        with _PLAIN_LOCK:
            known = _PLAIN.get(text)
            if known is not None:
                _PLAIN.move_to_end(text)
        if known is not None:
            self.targets, self.images = list(known[1]), set()
            return Markup(known[0])
        self._md.reset()
        self.targets, self.images = [], set()
        self.current_image_src = image_src or self.image_src
        rendered = sanitise(self._md.convert(text), self.images)
        if not any(target.tag == "img" for target in self.targets):
            with _PLAIN_LOCK:
                _PLAIN[text] = (rendered, tuple(self.targets))
                while len(_PLAIN) > PLAIN_KEPT:
                    _PLAIN.popitem(last=False)
        return Markup(rendered)

    def check(self, text: str, image_src: Callable[[str], str | None] | None = None) -> list[Target]:
        """Every link and image target of `text` that is not allowed (the data checks report them)."""
        self.render(text, image_src)
        return [target for target in self.targets if target.problem]
