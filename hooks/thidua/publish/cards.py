"""Sharing cards: a 1200 × 630 picture per honouree and per section page, drawn with Pillow in the shipped fonts, cached by content.

A link pasted into Zalo or Facebook shows its page's card (og:image). Material's social plugin draws
boxes for Vietnamese marks; these are drawn here in fonts with every Vietnamese letter. A card is named
by the digest of everything drawn on it (texts, fonts, the photo's cached rendition, the recipe, the
Pillow version), so an unchanged card is never drawn again, and the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont, ImageOps, features

from thidua.fs import atomic_path
from thidua.model import fonts
from thidua.model.strings import t
from thidua.publish.facts import Award, BuildContext, is_own_unit

# Bump when the drawing changes: cards drawn by an older recipe are not reused.
RECIPE = "v2"
WIDTH, HEIGHT = 1200, 630  # Facebook's and Zalo's large card, 1.91:1
PUBLIC_DIR = "anh-chia-se"
FORMAT = ("PNG", {"compress_level": 6})  # optimize=True: 2 % smaller, four times slower

# The fonts the cards are drawn in: the shipped Noto Sans (docs/assets/fonts/), every Vietnamese letter,
# the same on every machine.
FONT_FILES = {bold: fonts.truetype(fonts.SANS, bold=bold) for bold in (False, True)}

RED = (165, 28, 28)  # the header's red (docs/assets/css/thidua.css)
INK = (26, 26, 26)
GREY = (84, 84, 84)
PAPER = (255, 255, 255)
FOOT = (243, 239, 233)
SAMPLE_BG = (255, 224, 130)
SAMPLE_INK = (77, 56, 0)

MARGIN = 60
BAND = 118  # the campaign's band at the top
FOOTER = 64  # the publisher's band at the bottom
PHOTO = 400  # the honouree's photo, square, on the left
GAP = 48


@dataclass(frozen=True)
class Line:
    """A paragraph of a card's text block: its text, bold or not, its colour, its largest and smallest size, its most lines."""

    text: str
    bold: bool
    colour: tuple[int, int, int]
    size: int
    least: int
    lines: int


@dataclass(frozen=True)
class CardSpec:
    """What one card shows. `stem` names its public file (under PUBLIC_DIR) before the digest."""

    stem: str
    campaign: str  # the band at the top
    block: tuple[Line, ...]  # the text block: a name or a page's title, then the award, the unit...
    footer: str  # who publishes the site
    sample: str = ""  # the sample label, for a card that shows sample data
    photo: Path | None = None  # a cached rendition of the honouree's photo, named by its content

    def key(self) -> str:
        drawn = {
            "recipe": RECIPE,
            "pillow": PIL.__version__,
            "layout": int(LAYOUT),
            "fonts": _font_digests(),
            "campaign": self.campaign,
            "block": [vars(line) for line in self.block],
            "footer": self.footer,
            "sample": self.sample,
            "photo": self.photo.name if self.photo else None,
        }
        return hashlib.sha256(json.dumps(drawn, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CardImage:
    """A drawn card: the cached file, its path under the site root, its size."""

    cached: Path
    public: str
    width: int = WIDTH
    height: int = HEIGHT

    def __key__(self) -> str:
        """What a key holds of it (thidua.keys): every field, as its repr (as thidua.publish.photos.PhotoSet)."""
        return repr(self)


@dataclass
class CardResult:
    cards: dict[str, CardImage] = field(default_factory=dict)  # by spec stem
    drawn: int = 0


@lru_cache(maxsize=None)
def _font_digests() -> tuple[str, ...]:
    return tuple(hashlib.sha256(FONT_FILES[bold].read_bytes()).hexdigest()[:16] for bold in (False, True))


# Text is laid out by libraqm where Pillow has it (its wheels do), else by Pillow's basic layout: both
# draw every Vietnamese letter (the text is NFC, each letter one precomposed glyph), basic layout many
# times slower. The engine is part of a card's digest.
LAYOUT = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC


@lru_cache(maxsize=256)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_FILES[bold]), size, layout_engine=LAYOUT)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """`text` in lines no wider than `width` (a word wider than the line is a line of its own)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and font.getlength(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _shorten(lines: list[str], most: int, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """At most `most` lines, the last one ended with an ellipsis when text is left out."""
    if len(lines) <= most:
        return lines
    kept = lines[:most]
    last = kept[-1] + " …"
    while font.getlength(last) > width and " " in last[:-2]:
        last = last[:-2].rsplit(" ", 1)[0] + " …"
    kept[-1] = last
    return kept


def fit(line: Line, width: int, scale: float = 1.0) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size from line.size (times `scale`) down to line.least at which the text takes at most
    line.lines lines."""
    size = max(line.least, round(line.size * scale))
    while True:
        font = _font(line.bold, size)
        lines = wrap(line.text, font, width)
        if len(lines) <= line.lines or size <= line.least:
            return font, _shorten(lines, line.lines, font, width)
        size -= 2


def fit_block(block: tuple[Line, ...], width: int, height: int) -> list[tuple[ImageFont.FreeTypeFont, list[str], Line]]:
    """A text block laid out in `width` and at most `height`: every paragraph made smaller together until
    it fits, then the last paragraphs cut short (an ellipsis) if it still does not."""
    lines = [line for line in block if line.text]
    for step in range(9):
        laid = [(*fit(line, width, 1 - step / 20), line) for line in lines]
        if _block_height(laid) <= height:
            return laid
    while _block_height(laid) > height:
        font, text, line = laid[-1]
        if len(text) > 1:
            laid[-1] = (font, _shorten(text, len(text) - 1, font, width), line)
        elif len(laid) > 1:
            laid.pop()
        else:
            break
    return laid


GAP_AFTER_TITLE = 40  # below the red rule under the name or the title
GAP_BETWEEN = 18


def _block_height(laid) -> int:
    gaps = (GAP_AFTER_TITLE if len(laid) > 1 else 0) + GAP_BETWEEN * max(len(laid) - 2, 0)
    return sum(_line_height(font) * len(text) for font, text, _ in laid) + gaps


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    return round(font.size * 1.25)


def draw(spec: CardSpec) -> Image.Image:
    """The card, 1200 × 630, RGB."""
    img = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    pen = ImageDraw.Draw(img)

    # The campaign, white on the header's red.
    # On one line if it fits at 26 px or more, else on two.
    band_font, band_lines = fit(Line(spec.campaign, True, PAPER, 32, 26, 1), WIDTH - 2 * MARGIN)
    if band_lines and band_lines[-1].endswith("…"):
        band_font, band_lines = fit(Line(spec.campaign, True, PAPER, 32, 24, 2), WIDTH - 2 * MARGIN)
    pen.rectangle((0, 0, WIDTH, BAND), fill=RED)
    step = _line_height(band_font)
    y = (BAND - step * len(band_lines)) // 2
    for text in band_lines:
        pen.text((MARGIN, y + step // 2), text, font=band_font, fill=PAPER, anchor="lm")
        y += step

    # Who publishes it, and the sample label, in the footer.
    top = HEIGHT - FOOTER
    pen.rectangle((0, top, WIDTH, HEIGHT), fill=FOOT)
    foot_font, foot_lines = fit(Line(spec.footer, False, GREY, 24, 18, 1), WIDTH - 2 * MARGIN - (360 if spec.sample else 0))
    pen.text((MARGIN, top + FOOTER // 2), foot_lines[0] if foot_lines else "", font=foot_font, fill=GREY, anchor="lm")
    if spec.sample:
        label_font = _font(True, 24)
        label_width = round(label_font.getlength(spec.sample))
        box = (WIDTH - MARGIN - label_width - 32, top + 12, WIDTH - MARGIN, HEIGHT - 12)
        pen.rounded_rectangle(box, radius=8, fill=SAMPLE_BG)
        pen.text(((box[0] + box[2]) // 2, (box[1] + box[3]) // 2), spec.sample, font=label_font, fill=SAMPLE_INK, anchor="mm")

    # The photo, square, on the left; the text block beside it (or across the card without one).
    body_top, body_bottom = BAND, top
    left = MARGIN
    if spec.photo is not None:
        with Image.open(spec.photo) as source:
            source.draft("RGB", (PHOTO, PHOTO))  # a JPEG decoded straight at the least scale that covers the square
            square = ImageOps.fit(source.convert("RGB"), (PHOTO, PHOTO), Image.Resampling.LANCZOS, centering=(0.5, 0.35))
        photo_top = body_top + (body_bottom - body_top - PHOTO) // 2
        img.paste(square, (MARGIN, photo_top))
        pen.rectangle((MARGIN - 1, photo_top - 1, MARGIN + PHOTO, photo_top + PHOTO), outline=(210, 204, 196), width=1)
        left = MARGIN + PHOTO + GAP
    width = WIDTH - MARGIN - left
    room = body_bottom - body_top - 2 * 28
    laid = fit_block(spec.block, width, room)
    y = body_top + 28 + max((room - _block_height(laid)) // 2, 0)
    for i, (font, lines, line) in enumerate(laid):
        step = _line_height(font)
        for text in lines:
            pen.text((left, y + step // 2), text, font=font, fill=line.colour, anchor="lm")
            y += step
        if i == 0:
            # A short rule in the header's red under the name or the title.
            pen.rectangle((left, y + 10, left + 96, y + 15), fill=RED)
            y += GAP_AFTER_TITLE
        else:
            y += GAP_BETWEEN
    return img


def _image(spec: CardSpec, folder: Path) -> CardImage:
    key = spec.key()
    return CardImage(folder / f"{key[:32]}.png", f"{PUBLIC_DIR}/{spec.stem}-{key[:10]}.png")


def _make(spec: CardSpec, folder: Path) -> tuple[CardImage, bool]:
    image = _image(spec, folder)
    cached = image.cached
    if cached.exists():
        return image, False
    img = draw(spec)
    # Read-only: published cards are hard links to these files (hook_photos.publish_cached).
    with atomic_path(cached, mode=0o444, suffix=".png") as partial:
        img.save(partial, FORMAT[0], **FORMAT[1])
    return image, True


def make_cards(specs: list[CardSpec], folder: Path) -> CardResult:
    """Every card, drawn on every core (Pillow releases the GIL as it draws and encodes) or reused from `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    result = CardResult()
    # The cards drawn already are found in one listing of the cache (thousands of honourees: a check and a
    # thread's turn for each cost more than the rest); only the others go to the threads.
    present = set(os.listdir(folder))
    missing = []
    for spec in specs:
        image = _image(spec, folder)
        if image.cached.name in present:
            result.cards[spec.stem] = image
        else:
            missing.append(spec)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for spec, (image, drawn) in zip(missing, pool.map(lambda s: _make(s, folder), missing)):
            result.cards[spec.stem] = image
            result.drawn += drawn
    result.cards = {spec.stem: result.cards[spec.stem] for spec in specs}  # in the specs' order, as before
    return result


def keep_cards(store, key: str, cards: dict[tuple[str, str | None], CardImage]) -> None:
    """Keeps a language's cards (by page: its kind and honouree id) in the build's store under `key`."""
    rows = [[kind, hid, image.cached.name, image.public, image.width, image.height] for (kind, hid), image in cards.items()]
    store.put(key, json.dumps(rows, ensure_ascii=False).encode("utf-8"))


def cards_from_store(store, key: str, folder: Path) -> dict[tuple[str, str | None], CardImage] | None:
    """The cards kept under `key` (keep_cards), each still in the cards' cache `folder`; None otherwise."""
    stored = store.get(key)
    if stored is None:
        return None
    try:
        rows = json.loads(stored)
        present = set(os.listdir(folder))
    except (ValueError, OSError):
        return None
    cards = {}
    for kind, hid, name, public, width, height in rows:
        if name not in present:
            return None  # removed from the cache meanwhile: drawn again
        cards[(kind, hid)] = CardImage(folder / name, public, width, height)
    return cards


# --- what each card shows -------------------------------------------------------------------------


def award_line(award: Award, lang: str) -> str:
    """Where a honouree stands, as their card says it: the award once final, the award proposed before."""
    if award.final and award.awarded:
        return t(lang, "honouree.awarded", form=award.awarded.name.get(lang))
    if not award.final and award.nominated:
        return t(lang, "honouree.nominated", form=award.nominated.name.get(lang))
    return ""


def honouree_card(ctx: BuildContext, hid: str, lang: str, campaign: str) -> CardSpec:
    """A honouree's card: photo, name, award, position and unit, the campaign."""
    h = ctx.site.honouree(hid)
    unit = ctx.site.unit(h.unit)
    unit_name = unit.name.get(lang) if unit is not None and not is_own_unit(hid, h, unit) else ""
    photo = ctx.photos.get(hid)
    cached = next((path for path, public in photo.files if public == photo.page.jpg), None) if photo else None
    return CardSpec(
        stem=f"ton-vinh/{hid}-{lang}",
        campaign=campaign,
        block=(
            Line(h.display_name(lang), True, INK, 64, 44, 3),
            Line(award_line(ctx.award(hid), lang), True, RED, 36, 28, 3),
            Line(h.position.get(lang), False, GREY, 30, 24, 2),
            Line(unit_name, False, GREY, 30, 24, 2),
        ),
        footer=ctx.site.info.publisher.name.get(lang),
        sample=t(lang, "sample.notice.title") if h.sample else "",
        photo=cached,
    )


def page_card(ctx: BuildContext, kind: str, title: str, description: str, lang: str, campaign: str) -> CardSpec:
    """A section page's card: its title and what it holds (the home page: the plan's title), the campaign."""
    if kind == "home":
        block = (Line(ctx.site.campaign.document.title.get(lang), True, INK, 52, 36, 5),)
    else:
        block = (Line(title, True, INK, 64, 44, 3), Line(description, False, GREY, 34, 26, 5))
    return CardSpec(
        stem=f"{kind}-{lang}",
        campaign=campaign,
        block=block,
        footer=ctx.site.info.publisher.name.get(lang),
    )
