"""Interface text (labels, notices) for each language, looked up by key with a fallback."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale

from thidua.model.data import Text
from thidua.model.languages import DEFAULT_LANGUAGE, LANGUAGES

STRINGS_DIR = Path(__file__).parent / "strings"


# libyaml where PyYAML has it (the same values as the pure-Python loader, many times faster).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def _table(lang: str) -> dict[str, str]:
    path = STRINGS_DIR / f"{lang}.yaml"
    return _parsed(path.read_bytes()) if path.exists() else {}


@lru_cache(maxsize=8)
def _parsed(data: bytes) -> dict[str, str]:
    """A table from its file's bytes: a rebuild whose interface text did not change parses nothing."""
    table = yaml.load(data.decode("utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
    return {str(k): str(v) for k, v in (table or {}).items()}


def refresh() -> None:
    """Read the tables again on next use: called once per build, so an edit shows on the next
    `mkdocs serve` rebuild (which keeps the process and its imported modules); a file whose bytes
    did not change is not parsed again."""
    _table.cache_clear()


def template(lang: str, key: str) -> str:
    """The interface text `key` in `lang` before its parameters are filled in (falls back as `t`).
    An empty text is a text (e.g. nothing to add for a Vietnamese-only site), not a missing one."""
    for table in (_table(lang), _table(DEFAULT_LANGUAGE)):
        if key in table:
            return table[key]
    return key


def t(lang: str, key: str, **params: object) -> str:
    """The interface text `key` in `lang`; falls back to Vietnamese, then to the key itself."""
    text_ = template(lang, key)
    return text_.format(**params) if params else text_


def plural(lang: str, key: str, count: int) -> str:
    """The key of `key`'s form for `count` in `lang`, by the language's plural rules (CLDR, through Babel):
    English has `key.one` and `key.other`, Vietnamese only `key.other`. Never "(s)"."""
    form = Locale.parse(lang).plural_form(count)
    return f"{key}.{form}" if f"{key}.{form}" in _table(lang) else f"{key}.other"


def tn(lang: str, key: str, count: int, **params: object) -> str:
    """The interface text `key` in the form for `count` (see plural), with {count} and `params` filled in."""
    return t(lang, plural(lang, key, count), count=count, **params)


def text(key: str, **params: object) -> Text:
    """The interface text `key` in every language, as a Text."""
    return Text(**{lang: t(lang, key, **params) for lang in LANGUAGES})


def keys(lang: str) -> set[str]:
    return set(_table(lang))


@dataclass(frozen=True)
class Phrase:
    """Interface text with parts from the data, e.g. "Kỷ niệm {years} năm {name}" with the anniversary's
    name: in a language it is translated only when every part is (the interface text always is).

    Read like a Text (`get`, `is_translated`, `vi`); pages mark each untranslated part on its own.
    """

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, **params: Any) -> "Phrase":
        return cls(key, tuple(params.items()))

    def get(self, lang: str) -> str:
        values = {name: v.get(lang) if isinstance(v, (Text, Phrase)) else v for name, v in self.params}
        return t(lang, self.key, **values)

    def is_translated(self, lang: str) -> bool:
        return all(v.is_translated(lang) for _, v in self.params if isinstance(v, (Text, Phrase)))

    @property
    def vi(self) -> str:
        return self.get(DEFAULT_LANGUAGE)

    @property
    def en(self) -> str | None:
        """The English text, or None while a part has no English (as Text.en)."""
        return self.get("en") if self.is_translated("en") else None
