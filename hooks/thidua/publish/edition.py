"""Which edition a build makes (web or archive): its date, the version of its data, its PDFs; no MkDocs here."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from thidua.fs import real_path
from thidua.model.languages import DEFAULT_LANGUAGE, lang_root
from thidua.model.strings import t

# The printed pages: the plan, and the honourees' booklet; each PDF sits beside its page.
PDF_PAGES = {"plan": "ke-hoach/", "booklet": "ky-yeu/"}


@dataclass(frozen=True)
class Pdf:
    """One PDF of the edition: which page it prints, in which language, and where it is written."""

    kind: str  # plan, booklet
    lang: str
    page: str  # the printed page's folder from the site root, e.g. "en/ke-hoach/"
    file: str  # the PDF's file name, beside the page

    @property
    def path(self) -> str:
        """The PDF's path from the site root."""
        return self.page + self.file


def edition_pdfs(languages: tuple[str, ...], slug: str) -> tuple[Pdf, ...]:
    """The PDFs of an edition that has them: the plan and the booklet, in every language the site
    publishes, named after the campaign's slug (data/site.yaml), e.g. ke-hoach-<slug>.pdf."""
    return tuple(
        Pdf(kind, lang, lang_root(lang) + page, t(lang, f"pdf.{kind}.file", slug=slug))
        for kind, page in PDF_PAGES.items()
        for lang in languages
    )


@dataclass(frozen=True)
class Edition:
    """What the colophon says about this build, and which PDFs it makes."""

    archive: bool  # the archive edition (read from file://), or the published web site
    built: dt.date  # the day the site is built as of
    epoch: int | None  # SOURCE_DATE_EPOCH, when the build was pinned to it
    commit: str | None  # the git commit of the sources, when built from a git checkout
    dirty: bool  # data/ has changes the commit does not hold
    data_digest: str  # SHA-256 over every file of data/ (names and contents)
    pdfs: tuple[Pdf, ...] = ()
    data_date: dt.date | None = None  # the day data/ last changed: its last commit's, else the build date

    def pdf(self, kind: str, lang: str) -> Pdf | None:
        return next((p for p in self.pdfs if p.kind == kind and p.lang == lang), None)

    @property
    def short_commit(self) -> str | None:
        return self.commit[:12] if self.commit else None


def source_epoch(environ: Mapping[str, str]) -> int | None:
    """SOURCE_DATE_EPOCH as an integer, or None when unset (thidua.model.dates.build_date validates it)."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def data_digest(folder: Path, known: Mapping[str, str] | None = None) -> str:
    """A SHA-256 over every file under `folder`: its path from there and its contents' hash, in path order.

    `known` gives the hash of files already hashed in this build, by their real path (os.path.realpath): the
    photos (thousands of phone photos are gigabytes to read again) and the honourees' files the load read.
    """
    known = known or {}
    digest = hashlib.sha256()
    folders: dict[str, str] = {}
    found: list[tuple[str, str]] = []
    _files(os.fspath(folder), "", found)
    found.sort(key=lambda item: item[0].split("/"))  # path order, part by part (as sorted paths are)
    for rel, path in found:
        content = known.get(real_path(path, folders)) if known else None
        if content is None:
            with open(path, "rb") as fh:
                content = hashlib.sha256(fh.read()).hexdigest()
        digest.update(f"{content}  {rel}\n".encode("utf-8"))
    return digest.hexdigest()


def _files(folder: str, rel: str, found: list[tuple[str, str]]) -> None:
    """Every file under `folder` (links followed, as Path.rglob does; no __pycache__): (path from the top, path)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name == "__pycache__":
                continue
            if entry.is_dir():
                _files(entry.path, f"{rel}{entry.name}/", found)
            elif entry.is_file():
                found.append((rel + entry.name, entry.path))


def _git(root: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, encoding="utf-8", timeout=20
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def git_version(root: Path, data_dir: Path) -> tuple[str | None, bool]:
    """The commit checked out at `root`, and whether `data_dir` differs from it; (None, False) outside git."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None or Path(top.strip()).resolve() != root.resolve():
        return None, False  # not a checkout of this project (e.g. a copy inside another repository)
    commit = (_git(root, "rev-parse", "HEAD") or "").strip() or None
    status = _git(root, "status", "--porcelain", "--", str(data_dir))
    return commit, bool(status and status.strip())


def data_changed(root: Path, data_dir: Path) -> dt.date | None:
    """The day of the last commit that changed `data_dir`, or None outside git (or before any commit)."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None or Path(top.strip()).resolve() != root.resolve():
        return None
    day = (_git(root, "log", "-1", "--format=%cs", "--", str(data_dir)) or "").strip()
    try:
        return dt.date.fromisoformat(day)
    except ValueError:
        return None


def make_edition(
    root: Path,
    data_dir: Path,
    built: dt.date,
    environ: Mapping[str, str],
    *,
    archive: bool,
    pdfs: bool,
    languages: tuple[str, ...] = (DEFAULT_LANGUAGE,),
    slug: str = "thidua",
    known_hashes: Mapping[str, str] | None = None,
) -> Edition:
    """The edition a build of the project at `root` makes."""
    commit, dirty = git_version(root, data_dir)
    # Data changed since its last commit is as of the build.
    changed = None if dirty else data_changed(root, data_dir)
    return Edition(
        archive=archive,
        built=built,
        epoch=source_epoch(environ),
        commit=commit,
        dirty=dirty,
        data_digest=data_digest(data_dir, known_hashes),
        pdfs=edition_pdfs(languages, slug) if pdfs else (),
        data_date=changed or built,
    )

