"""Keys of the build's store: a hash of every input of a thing made, so that a changed input can never find a stale entry.

- `engine_key`: the code that makes things (this package's every file, the hook files, the versions of the
  libraries that render, Python's): a change to any of them changes every key.
- `files_key`: the bytes of some files (templates, interface text), by their paths.
- `Digest`: the hash of a value built from the data (pydantic models, dataclasses such as the page views,
  lists, dates...). It refuses any type it does not know, so a view that gains a field of a new kind
  cannot silently be left out of its key; models, immutable, are hashed once per build.

It imports nothing of ours, so every wing may use it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import platform
from collections.abc import Iterable
from pathlib import Path, PurePath

from pydantic import BaseModel

PACKAGE = Path(__file__).resolve().parent
# The libraries whose versions change what a build makes.
LIBRARIES = (
    "mkdocs", "mkdocs-material", "mkdocs-static-i18n", "markdown", "jinja2", "markupsafe", "pydantic",
    "pydantic-core", "babel", "pyyaml", "pillow", "pagefind", "selectolax", "icalendar", "nh3",
)  # fmt: skip
# Files of the package that are not code the build runs: they are inputs of their own (interface text:
# thidua.model.strings, hashed per language where it is shown).
NOT_CODE = ("model/strings/",)


def hash_text(*parts: str | bytes) -> str:
    """A key from some parts (each part's length is hashed too, so parts cannot run into each other)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()[:40]


def _versions() -> list[str]:
    out = [f"python {platform.python_implementation()} {platform.python_version()}"]
    for name in LIBRARIES:
        try:
            out.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            out.append(f"{name} -")
    return out


def files_key(paths: Iterable[Path], root: Path | None = None) -> str:
    """A key of files' names (from `root`) and bytes, in name order; a missing file counts as empty."""
    digest = hashlib.sha256()
    items = []
    for path in paths:
        path = Path(path)
        name = path.relative_to(root).as_posix() if root else path.as_posix()
        items.append((name, path))
    for name, path in sorted(items):
        try:
            data = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            data = b""
        digest.update(hash_text(name, data).encode("ascii"))
    return digest.hexdigest()[:40]


def tree_files(folder: Path, suffixes: tuple[str, ...] | None = None) -> list[Path]:
    """Every file under `folder` (not caches of compiled Python), optionally of some suffixes only."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and (suffixes is None or p.suffix in suffixes)
    )


def engine_key(hook_files: Iterable[Path] = ()) -> str:
    """The key of the code that makes a build's output: this package (its version and every file but the
    interface text), the given hook files, the libraries' and Python's versions."""
    from thidua import __version__

    code = [p for p in tree_files(PACKAGE) if not any(p.relative_to(PACKAGE).as_posix().startswith(n) for n in NOT_CODE)]
    hooks = [Path(p).resolve() for p in hook_files]
    return hash_text(
        "engine", __version__, files_key(code, PACKAGE), files_key(hooks), "\n".join(_versions())
    )


def _joined(parts: list[str]) -> str:
    """The hash of a walk's parts, each with its length: parts cannot run into each other (as hash_text, in
    one update)."""
    return hashlib.sha256("".join([f"{len(part)}:{part}" for part in parts]).encode("utf-8")).hexdigest()[:40]


class UnkeyedValue(TypeError):
    """A value a key may not hold: of a type Digest does not know, or one that says it is not a key's
    input (`__unkeyed__`, e.g. the whole site's data: a key holds what a page shows, not everything)."""


class Digest:
    """Hashes of values made from the data, for keys. One per build: models are frozen, so the hash of a
    model is computed once (by identity: the build keeps every model alive). How a value is walked is
    decided once per type (a build walks hundreds of thousands of values)."""

    def __init__(self) -> None:
        self._models: dict[int, tuple[object, str]] = {}
        self._frozen: dict[int, tuple[object, str]] = {}
        self._ways: dict[type, object] = {}

    def of(self, value: object) -> str:
        """The key of `value` (see the module's docstring for the types it takes)."""
        out: list[str] = []
        self._walk(value, out)
        return _joined(out)

    def know(self, models: dict[int, tuple[BaseModel, str]]) -> None:
        """Takes the keys of some models as known (by identity: id -> (model, key)), e.g. each honouree's
        file key from loading (the hash of the bytes it was validated from, and of the engine), instead of
        hashing each model's dump again."""
        for ident, (model, key) in models.items():
            self._models[ident] = (model, hash_text("known model", type(model).__qualname__, key))

    def know_value(self, value: object, key: str) -> None:
        """Takes `key` as the part of a frozen dataclass `value` (by identity, as _once keeps a walked one): for a
        view made from known inputs (a honouree's card: its own facts and the ones every page shares, whose keys
        the build has), so that the thousands of keys that hold it do not walk it. `key` must be made from every
        input of the value: a part from fewer inputs would let a key stay the same when the value changed."""
        kind = type(value)
        if not (dataclasses.is_dataclass(kind) and kind.__dataclass_params__.frozen) or hasattr(kind, "__key__"):
            raise TypeError(f"only a frozen dataclass's part can be known, not a {kind.__qualname__}'s")
        self._frozen[id(value)] = (value, "f:" + hash_text("known value", kind.__qualname__, key))

    def model(self, model: BaseModel) -> str:
        kept = self._models.get(id(model))
        if kept is not None and kept[0] is model:
            return kept[1]
        key = hash_text(type(model).__qualname__, model.model_dump_json())
        self._models[id(model)] = (model, key)
        return key

    def _walk(self, value: object, out: list[str]) -> None:
        kind = type(value)
        way = self._ways.get(kind)
        if way is None:
            way = self._ways[kind] = self._way(kind)
        way(value, out)

    def _way(self, kind: type):
        """How a value of this type is walked (or UnkeyedValue, raised for each such value)."""
        reason = getattr(kind, "__unkeyed__", None)
        if reason:
            message = f"{kind.__qualname__} cannot be part of a key: {reason}"

            def refused(value, out):
                raise UnkeyedValue(message)

            return refused
        if kind is type(None) or issubclass(kind, (bool, int, float)):
            name = kind.__name__
            return lambda value, out: out.append(f"{name}:{value!r}")
        if issubclass(kind, str):  # Markup too: its text is what is shown
            return lambda value, out: out.append("s:" + value)
        if issubclass(kind, BaseModel):
            return lambda value, out: out.append("m:" + self.model(value))
        if issubclass(kind, (dt.date, dt.datetime, dt.time)):
            name = kind.__name__
            return lambda value, out: out.append(f"{name}:{value.isoformat()}")
        if issubclass(kind, PurePath):
            return lambda value, out: out.append("p:" + value.as_posix())
        walk = self._walk
        if issubclass(kind, (list, tuple)):

            def sequence(value, out):
                out.append(f"[{len(value)}")
                for item in value:
                    walk(item, out)

            return sequence
        if issubclass(kind, dict):

            def mapping(value, out):
                out.append(f"{{{len(value)}")
                for name in sorted(value, key=repr):
                    walk(name, out)
                    walk(value[name], out)

            return mapping
        if hasattr(kind, "__key__"):  # a value that says what it is made from (e.g. a story not yet rendered)
            label = f"k:{kind.__qualname__}"

            def made_from(value, out):
                out.append(label)
                walk(value.__key__(), out)

            frozen = dataclasses.is_dataclass(kind) and kind.__dataclass_params__.frozen
            return self._once(made_from) if frozen else made_from
        if dataclasses.is_dataclass(kind):
            label = f"d:{kind.__qualname__}"
            names = tuple(f.name for f in dataclasses.fields(kind))

            def fields(value, out):
                out.append(label)
                for name in names:
                    out.append(name)
                    walk(getattr(value, name), out)

            return self._once(fields) if kind.__dataclass_params__.frozen else fields
        message = f"no key for a value of type {kind.__qualname__}: add it to thidua.keys.Digest"

        def unknown(value, out):
            raise UnkeyedValue(message)

        return unknown

    def _once(self, walk_value):
        """`walk_value` for a frozen value (a card, an award, a photo's renditions: one object that many views of a
        build hold), walked once: its part is the hash of its walk, kept by identity (and the value with it, so
        that its id is not reused while the build runs)."""
        kept = self._frozen

        def once(value, out):
            known = kept.get(id(value))
            if known is not None and known[0] is value:
                out.append(known[1])
                return
            inner: list[str] = []
            walk_value(value, inner)
            part = "f:" + _joined(inner)
            kept[id(value)] = (value, part)
            out.append(part)

        return once
