"""Whether a photo of the data is an image that can be read."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError


def check_image(path: Path) -> str | None:
    """None when `path` is a readable image, else what is wrong with it."""
    try:
        with Image.open(path) as img:
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        return f"not a readable image ({type(exc).__name__})"
    return None
