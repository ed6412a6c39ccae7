"""Draw the photos of the SAMPLE honourees: data/photos/<id>.jpg.

The sample honourees (data/honourees/*.yaml, all `sample: true`) are fictitious, so their
"photos" are drawn illustrations that depict no real person: a soft coloured background (one hue
per honouree), a flat geometric figure (individuals) or building silhouette (collectives), and
the initials in large white letters. Each file is a 1200x1200 baseline JPEG, quality 85, without
EXIF or any other metadata that changes between runs.

The output is deterministic: no randomness, no timestamps, so the same Pillow build and the same
font give the same bytes on every run. A benchmark reuses this module to get realistic image
inputs: import `SAMPLES`, `render` and `encode`, or call `main(out_dir)`.

Keep `SAMPLES` in step with data/honourees/: the `photo.alt` text of each honouree describes
the initials, the shape and the colour named here.

Usage:
    python benchmarks/make_sample_photos.py [OUT_DIR]      (default: data/photos)
"""

from __future__ import annotations

import colorsys
import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

# The engine's package is in hooks/ (MkDocs and pytest put it on the path; a script run alone does not).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
from thidua.model import fonts  # noqa: E402

SIZE = 1200
SUPERSAMPLE = 2  # draw at 2x and downscale, for smooth edges without anti-aliasing support
QUALITY = 85
MAX_BYTES = 250_000

Shape = Literal["figure", "building"]


@dataclass(frozen=True)
class Sample:
    """One sample photo: the honouree id, its initials, the shape drawn and the background hue."""

    id: str
    initials: str
    shape: Shape
    hue: float  # degrees, 0-360
    colour_vi: str  # colour name as used in the alt text
    colour_en: str


SAMPLES: tuple[Sample, ...] = (
    # collectives: a building silhouette
    Sample("to-dich-vu-cong-truc-tuyen", "DVC", "building", 220, "xanh lam nhạt", "light blue"),
    Sample("to-thuong-mai-dien-tu", "TMĐT", "building", 28, "cam nhạt", "light orange"),
    Sample("phong-ke-hoach-tai-chinh", "KHTC", "building", 170, "xanh ngọc nhạt", "light teal"),
    # individuals: a flat figure
    Sample("nguyen-van-a", "NA", "figure", 197, "xanh da trời nhạt", "light sky-blue"),
    Sample("tran-thi-b", "TB", "figure", 130, "xanh lá nhạt", "light green"),
    Sample("le-van-c", "LC", "figure", 248, "chàm nhạt", "light indigo"),
    Sample("pham-thi-d", "PD", "figure", 48, "vàng nhạt", "light yellow"),
    Sample("hoang-van-e", "HE", "figure", 2, "đỏ nhạt", "light red"),
    Sample("vu-thi-g", "VG", "figure", 280, "tím nhạt", "light purple"),
    Sample("dang-van-h", "ĐH", "figure", 88, "xanh nõn chuối nhạt", "light lime-green"),
    Sample("bui-thi-k", "BK", "figure", 325, "hồng nhạt", "light pink"),
)


def _rgb(hue: float, lightness: float, saturation: float) -> tuple[int, int, int]:
    r, g, b = colorsys.hls_to_rgb((hue % 360) / 360, lightness, saturation)
    return round(r * 255), round(g * 255), round(b * 255)


def _font(size: int) -> ImageFont.FreeTypeFont:
    """The project's own Noto Sans Bold (docs/assets/fonts/): the same letters on every machine."""
    return ImageFont.truetype(str(fonts.truetype(fonts.SANS, bold=True)), size)


def _fitted_font(draw: ImageDraw.ImageDraw, text: str, start: int, max_width: int):
    """The largest font (from `start` down) in which `text` is at most `max_width` wide."""
    size = start
    while True:
        font = _font(size)
        left, _, right, _ = draw.textbbox((0, 0), text, font=font, anchor="mm")
        if right - left <= max_width or size <= 40:
            return font
        size -= 8


def render(initials: str, hue: float, shape: Shape, size: int = SIZE) -> Image.Image:
    """Draw one illustration as an RGB image of `size` x `size` pixels."""
    s = size * SUPERSAMPLE
    u = s / 1200  # drawing unit: coordinates below are on a 1200 grid

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
        return round(x0 * u), round(y0 * u), round(x1 * u), round(y1 * u)

    def pt(x: float, y: float) -> tuple[int, int]:
        return round(x * u), round(y * u)

    background = _rgb(hue, 0.82, 0.55)
    halo = _rgb(hue, 0.90, 0.60)
    dark = _rgb(hue, 0.36, 0.45)
    mid = _rgb(hue, 0.50, 0.40)
    white = (255, 255, 255)

    img = Image.new("RGB", (s, s), background)
    draw = ImageDraw.Draw(img)
    # soft halo and two discreet background circles
    draw.ellipse(box(150, 110, 1050, 1010), fill=halo)
    draw.ellipse(box(-160, 880, 260, 1300), fill=_rgb(hue, 0.78, 0.50))
    draw.ellipse(box(980, -120, 1320, 220), fill=_rgb(hue, 0.78, 0.50))

    if shape == "figure":
        # head and shoulders, cut by the bottom edge
        draw.ellipse(box(430, 200, 770, 540), fill=dark)
        draw.rounded_rectangle(box(230, 600, 970, 1400), radius=round(300 * u), fill=dark)
        draw.rectangle(box(0, 1130, 1200, 1200), fill=mid)
        text_y, text_width, text_start = 880, 560, 300
    else:
        # a public building: pediment, façade, columns, steps
        draw.polygon([pt(190, 560), pt(600, 300), pt(1010, 560)], fill=dark)
        draw.ellipse(box(560, 410, 640, 490), fill=halo)
        draw.rectangle(box(230, 560, 970, 1060), fill=dark)
        for i in range(5):
            x = 290 + i * 140
            draw.rectangle(box(x, 860, x + 60, 1060), fill=mid)
        draw.rectangle(box(190, 1060, 1010, 1100), fill=mid)
        draw.rectangle(box(150, 1100, 1050, 1140), fill=dark)
        draw.rectangle(box(0, 1140, 1200, 1200), fill=mid)
        text_y, text_width, text_start = 710, 640, 260

    font = _fitted_font(draw, initials, round(text_start * u), round(text_width * u))
    draw.text((round(600 * u), round(text_y * u)), initials, font=font, fill=white, anchor="mm")

    return img.resize((size, size), Image.Resampling.LANCZOS) if SUPERSAMPLE != 1 else img


def encode(img: Image.Image, quality: int = QUALITY) -> bytes:
    """The image as JPEG bytes: no EXIF, no ICC profile, no comment, fixed settings."""
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=quality, optimize=True, progressive=False, subsampling="4:2:0")
    return buf.getvalue()


def main(out_dir: Path | str = "data/photos") -> list[Path]:
    """Write every sample photo into `out_dir`; return the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for sample in SAMPLES:
        data = encode(render(sample.initials, sample.hue, sample.shape))
        if len(data) > MAX_BYTES:
            raise SystemExit(f"{sample.id}.jpg is {len(data)} bytes, over {MAX_BYTES}")
        path = out / f"{sample.id}.jpg"
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    for p in main(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "data" / "photos"):
        print(p, p.stat().st_size)
