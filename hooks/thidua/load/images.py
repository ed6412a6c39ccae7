"""Whether a photo of the data can be published: a readable image, within the pixel limit, inside the data folder."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from thidua.fs import real_path
from thidua.model.problems import Msg

# A phone's largest photos are about 50 megapixels (8160 × 6120): anything larger is refused before
# it is decoded (a few bytes can claim 20000 × 20000 pixels, gigabytes once decoded).
MAX_PIXELS = 50_000_000


def check_image(path: Path) -> str | None:
    """None when `path` is a readable image, else what is wrong with it (English, for logs)."""
    problem = photo_problem(path, path.name)
    return problem[0].render("en") if problem else None


def outside(path: Path, root: Path, real_folders: dict[str, str] | None = None) -> bool:
    """Whether `path`, its links followed, leaves the folder `root`.

    `real_folders` (one load's, for thousands of files in a few folders: thidua.fs.real_path) keeps each
    folder's real path, so only links are resolved in full."""
    try:
        if real_folders is None:
            return not path.resolve(strict=True).is_relative_to(Path(root).resolve())
        real = real_path(path, real_folders)
        if not os.path.exists(real):
            return True  # a broken link
        top = real_folders.get(f"root\0{root}")
        if top is None:
            top = real_folders[f"root\0{root}"] = os.path.realpath(root)
        return not (real == top or real.startswith(top.rstrip(os.sep) + os.sep))
    except (OSError, RuntimeError):  # a broken or looping link
        return True


def photo_problem(path: Path, file: str, root: Path | None = None) -> tuple[Msg, Msg] | None:
    """What is wrong with the photo at `path` (named `file` in messages), with its hint; None when all is well.

    With `root`, a photo that is a link to a file outside that folder is refused.
    """
    if root is not None and outside(path, root):
        return Msg.of("error.photo_outside", file=file), Msg.of("error.photo_outside.hint")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                width, height = img.size
                if width * height > MAX_PIXELS:
                    return too_large(file, width, height)
                img.verify()
    except Image.DecompressionBombError:
        limit = MAX_PIXELS // 1_000_000
        return Msg.of("error.photo_bomb", file=file, limit=limit), Msg.of("error.photo_bomb.hint")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        return (
            Msg.of("error.photo_unreadable", file=file, problem=f"not a readable image ({type(exc).__name__})"),
            Msg.of("error.photo_unreadable.hint"),
        )
    return None


def too_large(file: str, width: int, height: int) -> tuple[Msg, Msg]:
    megapixels = f"{width * height / 1_000_000:.1f}"
    return (
        Msg.of("error.photo_too_large", file=file, width=width, height=height, megapixels=megapixels, limit=MAX_PIXELS // 1_000_000),
        Msg.of("error.photo_too_large.hint"),
    )
