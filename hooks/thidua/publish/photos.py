"""Honouree photos: resized WebP and JPEG versions with every metadata block stripped, cached by content."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from thidua.fs import atomic_path, write_atomic
from thidua.load.images import MAX_PIXELS, too_large
from thidua.progress import Progress

# Bump when the recipe changes: cached versions made by an older recipe are not reused.
RECIPE = "v3"
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
    sha256: str = ""  # of the source file (the edition's data digest reuses it)

    def __key__(self) -> str:
        """What a key holds of it (thidua.keys): every field, as its repr (a build's facts hold thousands, walked
        once per build: one string each instead of a walk of its parts)."""
        return repr(self)


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


def _draft_box(width: int, height: int) -> tuple[int, int]:
    """The least decoded size that still covers every rendition, in the file's stored orientation."""
    long_side = max(max(w, h) for w, h, _ in SIZES.values())  # a fit-inside rendition needs the long side
    short_side = max((max(w, h) for w, h, crop in SIZES.values() if crop), default=1)  # a crop, the short one
    return (short_side, long_side) if width < height else (long_side, short_side)


def _reduced(img: Image.Image, box: tuple[int, int]) -> Image.Image:
    """`img` box-reduced by the largest whole factor that keeps twice `box` (its EXIF kept for the orientation)."""
    factor = min(img.width // (2 * box[0]), img.height // (2 * box[1]))
    if factor < 2:
        return img
    if img.mode not in ("L", "LA", "RGB", "RGBA", "RGBa", "La", "I", "F"):
        img = img.convert("RGBA" if "transparency" in img.info or img.mode in ("PA", "P") else "RGB")
    return img.reduce(factor)  # the image's info, EXIF orientation included, goes along


def _render(img: Image.Image, width: int, height: int, crop: bool) -> Image.Image:
    if crop:
        # Box-reduce by a whole factor first, keeping at least twice the target size, then Lanczos
        # (what Image.thumbnail does with its reducing_gap): same look, a fraction of the work.
        factor = min(img.width // (2 * width), img.height // (2 * height))
        source = img.reduce(factor) if factor > 1 else img
        out = ImageOps.fit(source, (width, height), Image.Resampling.LANCZOS)
    else:
        out = img.copy()
        out.thumbnail((width, height), Image.Resampling.LANCZOS)
    out.info.clear()  # no EXIF, XMP, ICC or comment travels to the public file
    return out


def _save(img: Image.Image, path: Path, fmt: str, options: dict) -> None:
    # Read-only: published renditions may be hard links to these files (hook_photos), so nothing
    # may change one in place.
    with atomic_path(path, mode=0o444) as partial:
        img.save(partial, fmt, **options)


def _cached_sizes(folder: Path, key: str, present: set[str] | None = None) -> dict[str, tuple[int, int]] | None:
    """The sizes of a photo's renditions in the cache, or None when any is missing (`present`: the names in the
    cache folder, listed once for thousands of photos, instead of a check of each file)."""
    wanted = [f"{key}.json", *(f"{key}-{s}.{ext}" for s in SIZES for ext in FORMATS)]
    if present is not None:
        if not all(name in present for name in wanted):
            return None
    elif not all(os.path.exists(os.path.join(folder, name)) for name in wanted):
        return None
    try:
        with open(os.path.join(folder, wanted[0]), encoding="utf-8") as fh:
            sizes = json.load(fh)
    except (FileNotFoundError, ValueError):
        return None
    return {k: tuple(v) for k, v in sizes.items()}


def process_photo(
    source: Path, public_stem: str, cache_dir: Path, index: dict, *, cached_only: bool = False,
    present: set[str] | None = None,
) -> tuple[PhotoSet | None, bool]:
    """Make (or reuse from the cache) every version of one photo; return them and whether work was
    done. With cached_only, a photo not in the cache gives (None, False) and nothing is made."""
    content = _content_key(source, index)
    key = f"{content[:32]}-{RECIPE}"
    sizes = _cached_sizes(cache_dir, key, present)
    worked = sizes is None
    if sizes is None and cached_only:
        return None, False
    if sizes is None:
        try:
            with Image.open(source) as original:
                if original.width * original.height > MAX_PIXELS:  # the data check refuses it first
                    raise PhotoError(too_large(source.name, original.width, original.height)[0].render("en"))
                box = _draft_box(*original.size)
                # A JPEG decodes straight to the smallest scale (1/2, 1/4, 1/8) that still covers
                # the largest rendition: a 12 MP phone photo decodes several times faster, in a
                # fraction of the memory.
                original.draft("RGB", box)
                img = _reduced(original, box)  # other formats: box-reduced once decoded, before any copy
                img = ImageOps.exif_transpose(img)  # honour the phone's orientation, then drop EXIF
                img = img.convert("RGB")
        except Image.DecompressionBombError as exc:
            raise PhotoError(f"{source.name}: claims more than {MAX_PIXELS // 1_000_000} megapixels") from exc
        except (UnidentifiedImageError, OSError, SyntaxError) as exc:
            raise PhotoError(f"{source.name}: not a readable image ({type(exc).__name__})") from exc
        sizes = {}
        for name, (width, height, crop) in SIZES.items():
            out = _render(img, width, height, crop)
            sizes[name] = out.size
            for ext, (fmt, options) in FORMATS.items():
                _save(out, cache_dir / f"{key}-{name}.{ext}", fmt, options)
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
    return PhotoSet(renditions["thumb"], renditions["page"], tuple(files), content), worked


def process_photos(
    items: list[tuple[str, Path]], cache_dir: Path, progress: Callable[[int], Progress] | None = None
) -> tuple[dict[str, PhotoSet], int]:
    """Process every (id, source) photo; return the sets by id and how many were actually processed.

    `progress(count)` gives the Progress that counts the photos not in the cache (the long part: about
    a tenth of a second of CPU per phone photo), when there are any."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    index_path = cache_dir / "index.json"
    try:
        index = json.loads(index_path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        index = {}
    before = dict(index)  # _content_key replaces entries, never changes one in place
    for _, source in items:  # fill the index first: the workers below only read it
        if source.is_file():
            _content_key(source, index)
    # Photos in the cache are looked up here, one after the other (a few file checks each: handing
    # thousands of them to threads cost more than the checks). The others are made on every core:
    # Pillow releases the GIL while it decodes, resizes and encodes. Results are kept in the items'
    # order, so the first bad photo is the one reported.
    present = set(os.listdir(cache_dir))
    found = [process_photo(source, hid, cache_dir, index, cached_only=True, present=present) for hid, source in items]
    missing = [i for i, (photo_set, _) in enumerate(found) if photo_set is None]
    if missing:
        shown = progress(len(missing)) if progress is not None else None

        def make(i: int) -> tuple[PhotoSet | None, bool]:
            made = process_photo(items[i][1], items[i][0], cache_dir, index)
            if shown is not None:
                shown.advance()
            return made

        try:
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                for i, result in zip(missing, pool.map(make, missing)):
                    found[i] = result
        finally:
            if shown is not None:
                shown.finish()
    out = {hid: photo_set for (hid, _), (photo_set, _) in zip(items, found)}
    processed = sum(worked for _, worked in found)
    if not processed and index == before:
        return out, processed  # nothing new to remember
    write_atomic(index_path, json.dumps(index, sort_keys=True).encode("utf-8"))
    return out, processed
