"""The languages a site is built in: Vietnamese at the root, each other under /<lang>/."""

from __future__ import annotations

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


def lang_root(lang: str) -> str:
    """The path prefix of a language's pages from the site root: "" for Vietnamese, "en/" for English."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
