"""The fonts shipped with the project (docs/assets/fonts/): each face's files, its CSS family and its name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# In the repository, beside the site's other assets (MkDocs publishes the WOFF2 files; the TTF files,
# for Pillow, are excluded from the site in mkdocs.yml). docs/assets/fonts/README.txt says where they
# come from and the command that made them.
FONTS_DIR = Path(__file__).resolve().parents[3] / "docs" / "assets" / "fonts"

SANS = "Thidua Sans"
SERIF = "Thidua Serif"
SYMBOLS = "Thidua Symbols"


@dataclass(frozen=True)
class Face:
    """One shipped face: its family as docs/assets/css/fonts.css names it, its style, and its file stem,
    which is also its PostScript name (the name a PDF gives the fonts it embeds)."""

    family: str
    weight: int
    italic: bool
    stem: str
    truetype: bool = True  # a TTF ships beside the WOFF2 (not for the signs: the PDFs only need them)

    @property
    def woff2(self) -> Path:
        return FONTS_DIR / f"{self.stem}.woff2"

    @property
    def ttf(self) -> Path | None:
        return FONTS_DIR / f"{self.stem}.ttf" if self.truetype else None


def _faces(family: str, stem: str) -> tuple[Face, ...]:
    return (
        Face(family, 400, False, f"{stem}-Regular"),
        Face(family, 400, True, f"{stem}-Italic"),
        Face(family, 700, False, f"{stem}-Bold"),
        Face(family, 700, True, f"{stem}-BoldItalic"),
    )


FACES: tuple[Face, ...] = (
    *_faces(SANS, "NotoSans"),
    *_faces(SERIF, "NotoSerif"),
    Face(SYMBOLS, 400, False, "NotoSansMath-Regular", truetype=False),
    Face(SYMBOLS, 400, False, "NotoSansSymbols2-Regular", truetype=False),
)

# The names of every shipped face: a PDF whose fonts are all among these was set in the shipped fonts.
POSTSCRIPT_NAMES = frozenset(face.stem for face in FACES)


def truetype(family: str = SANS, *, bold: bool = False, italic: bool = False) -> Path:
    """The TTF of a shipped face, for Pillow: ImageFont.truetype(str(truetype(bold=True)), size)."""
    weight = 700 if bold else 400
    for face in FACES:
        if face.family == family and face.weight == weight and face.italic == italic and face.ttf:
            return face.ttf
    raise KeyError(f"no shipped TTF for {family} {weight}{' italic' if italic else ''}")
