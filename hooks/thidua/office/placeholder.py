"""Placeholder photos for honourees who have none yet: their initials on a soft colour, as a JPEG."""

from __future__ import annotations

import colorsys
import hashlib
import io

from PIL import Image, ImageDraw, ImageFont

from thidua.model import fonts

SIZE = 600
QUALITY = 85

# Leading words of a collective's name that say what it is rather than which one it is.
_COLLECTIVE_WORDS = {"phòng", "tổ", "trung", "tâm", "văn", "ban", "đội", "nhóm", "chi", "cục", "sở", "-"}


def initials(name: str, kind: str) -> str:
    """"Nguyễn Văn An" -> "NA"; "Phòng Kế hoạch - Tài chính" -> "KHTC" (at most four letters)."""
    words = [w for w in name.replace("-", " - ").split() if w[:1].isalnum()]
    if kind == "individual":
        picked = [words[0], words[-1]] if len(words) > 1 else words
    else:
        rest = [w for w in words if w.lower() not in _COLLECTIVE_WORDS]
        picked = (rest or words)[:4]
    return "".join(w[0] for w in picked).upper() or "?"


def _font(size: int) -> ImageFont.FreeTypeFont:
    """The shipped Noto Sans Bold (every Vietnamese letter, the same on every machine)."""
    return ImageFont.truetype(str(fonts.truetype(fonts.SANS, bold=True)), size)


def render(text: str, seed: str) -> bytes:
    """A square JPEG with `text` in white on a light colour chosen from `seed`; the same input gives the same bytes."""
    hue = int.from_bytes(hashlib.sha256(seed.encode("utf-8")).digest()[:2], "big") % 360 / 360
    r, g, b = colorsys.hls_to_rgb(hue, 0.62, 0.45)
    img = Image.new("RGB", (SIZE, SIZE), (round(r * 255), round(g * 255), round(b * 255)))
    draw = ImageDraw.Draw(img)
    size = 260 if len(text) <= 2 else 200 if len(text) == 3 else 150
    draw.text((SIZE // 2, SIZE // 2), text, font=_font(size), fill=(255, 255, 255), anchor="mm")
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=QUALITY, optimize=True)
    return buf.getvalue()
