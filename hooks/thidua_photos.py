"""Honouree photos: resized WebP and JPEG versions with every metadata block stripped, cached by content."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

# Bump when the recipe changes: cached versions made by an older recipe are not reused.
RECIPE = "v1"
# name: (width, height, crop to fill) — the thumbnail is square for even cards.
SIZES = {"thumb": (320, 320, True), "page": (800, 800, False)}
FORMATS = {"webp": ("WEBP", {"quality": 80, "method": 4}), "jpg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True})}
PUBLIC_DIR = "ton-vinh/anh"


class PhotoError(Exception):
    """A photo that cannot be read as an image."""


@dataclass(frozen=True)
class Rendition:
    """One resized version of a photo, in both formats."""

    width: int
    height: int
    webp: str  # path under the site root
    jpg: str


@dataclass(frozen=True)
class PhotoSet:
    thumb: Rendition
    page: Rendition
    files: tuple[tuple[Path, str], ...]  # (cached file, path under the site root)


def check_image(path: Path) -> str | None:
    """None when `path` is a readable image, else what is wrong with it."""
    try:
        with Image.open(path) as img:
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        return f"not a readable image ({type(exc).__name__})"
    return None


def _content_key(source: Path, index: dict) -> str:
    """sha256 of the file's bytes; a file whose size and mtime are unchanged is not read again."""
    stat = source.stat()
    stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
    entry = index.get(str(source))
    if entry and entry.get("stamp") == stamp:
        return entry["sha256"]
    digest = hashlib.sha256()
    with source.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    index[str(source)] = {"stamp": stamp, "sha256": digest.hexdigest()}
    return digest.hexdigest()


def _render(img: Image.Image, width: int, height: int, crop: bool) -> Image.Image:
    if crop:
        out = ImageOps.fit(img, (width, height), Image.Resampling.LANCZOS)
    else:
        out = img.copy()
        out.thumbnail((width, height), Image.Resampling.LANCZOS)
    out.info.clear()  # no EXIF, XMP, ICC or comment travels to the public file
    return out


def _atomic_save(img: Image.Image, path: Path, fmt: str, options: dict) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        img.save(tmp, fmt, **options)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _cached_sizes(folder: Path, key: str) -> dict[str, tuple[int, int]] | None:
    meta = folder / f"{key}.json"
    if not meta.exists():
        return None
    sizes = json.loads(meta.read_text(encoding="utf-8"))
    wanted = [folder / f"{key}-{s}.{ext}" for s in SIZES for ext in FORMATS]
    return {k: tuple(v) for k, v in sizes.items()} if all(p.exists() for p in wanted) else None


def process_photo(source: Path, public_stem: str, cache_dir: Path, index: dict) -> tuple[PhotoSet, bool]:
    """Make (or reuse from the cache) every version of one photo; return them and whether work was done."""
    key = f"{_content_key(source, index)[:32]}-{RECIPE}"
    sizes = _cached_sizes(cache_dir, key)
    worked = sizes is None
    if sizes is None:
        try:
            with Image.open(source) as original:
                img = ImageOps.exif_transpose(original)  # honour the phone's orientation, then drop EXIF
                img = img.convert("RGB")
        except (UnidentifiedImageError, OSError, SyntaxError) as exc:
            raise PhotoError(f"{source.name}: not a readable image ({type(exc).__name__})") from exc
        sizes = {}
        for name, (width, height, crop) in SIZES.items():
            out = _render(img, width, height, crop)
            sizes[name] = out.size
            for ext, (fmt, options) in FORMATS.items():
                _atomic_save(out, cache_dir / f"{key}-{name}.{ext}", fmt, options)
        (cache_dir / f"{key}.json").write_text(json.dumps({k: list(v) for k, v in sizes.items()}), encoding="utf-8")
    short = key[:10]
    files = []
    renditions = {}
    for name in SIZES:
        paths = {}
        for ext in FORMATS:
            public = f"{PUBLIC_DIR}/{public_stem}-{short}-{name}.{ext}"
            files.append((cache_dir / f"{key}-{name}.{ext}", public))
            paths[ext] = public
        renditions[name] = Rendition(sizes[name][0], sizes[name][1], paths["webp"], paths["jpg"])
    return PhotoSet(renditions["thumb"], renditions["page"], tuple(files)), worked


def process_photos(items: list[tuple[str, Path]], cache_dir: Path) -> tuple[dict[str, PhotoSet], int]:
    """Process every (id, source) photo; return the sets by id and how many were actually processed."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    index_path = cache_dir / "index.json"
    try:
        index = json.loads(index_path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        index = {}
    out: dict[str, PhotoSet] = {}
    processed = 0
    for hid, source in items:
        out[hid], worked = process_photo(source, hid, cache_dir, index)
        processed += worked
    fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(index, fh, sort_keys=True)
    os.replace(tmp, index_path)
    return out, processed
