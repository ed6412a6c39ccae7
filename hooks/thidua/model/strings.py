"""Interface text (labels, notices) for each language, looked up by key with a fallback."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from thidua.model.data import Text
from thidua.model.languages import DEFAULT_LANGUAGE, LANGUAGES

STRINGS_DIR = Path(__file__).parent / "strings"


@lru_cache(maxsize=None)
def _table(lang: str) -> dict[str, str]:
    path = STRINGS_DIR / f"{lang}.yaml"
    table = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {str(k): str(v) for k, v in (table or {}).items()}


def refresh() -> None:
    """Read the tables again on next use: called once per build, so an edit shows on the next
    `mkdocs serve` rebuild (which keeps the process and its imported modules)."""
    _table.cache_clear()


def t(lang: str, key: str, **params: object) -> str:
    """The interface text `key` in `lang`; falls back to Vietnamese, then to the key itself."""
    template = _table(lang).get(key) or _table(DEFAULT_LANGUAGE).get(key) or key
    return template.format(**params) if params else template


def text(key: str, **params: object) -> Text:
    """The interface text `key` in every language, as a Text."""
    return Text(**{lang: t(lang, key, **params) for lang in LANGUAGES})


def keys(lang: str) -> set[str]:
    return set(_table(lang))
