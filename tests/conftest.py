"""Shared fixtures: copies of the project in a temporary folder, real MkDocs builds, parsed HTML."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from selectolax.parser import HTMLParser

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "source" / "ke-hoach-thi-dua-70-nam.txt"
FONTS = REPO / "docs" / "assets" / "fonts"

# 2021-03-01 00:00 in Viet Nam: a day inside the campaign period.
DURING = "1614531600"


def copy_project(dest: Path) -> Path:
    """A working copy of the project: data copied (tests edit it), code and pages linked."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "data", dest / "data")
    for name in ("docs", "hooks", "overrides"):
        (dest / name).symlink_to(REPO / name, target_is_directory=True)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path

    def html(self, path: str) -> HTMLParser:
        """Parse a built page, e.g. html("en/ke-hoach/")."""
        file = self.site / path
        if path.endswith("/") or not path:
            file = file / "index.html"
        return HTMLParser(file.read_text(encoding="utf-8"))


def run_build(project: Path, *, site: Path | None = None, strict: bool = True, epoch: str | None = DURING) -> BuildResult:
    """Run a real `mkdocs build` of `project` in a fresh process, as a person would."""
    site = site or project / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    if strict:
        cmd.append("--strict")
    proc = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, encoding="utf-8")
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site)


def fontconfig_file(folder: Path, *, noto: bool) -> Path:
    """A fontconfig configuration for a browser's process (FONTCONFIG_FILE): the machine's fonts with every
    Noto font removed (noto=False), or with Noto Sans and Noto Serif installed (noto=True: the shipped TTF
    copies, Noto 2.004, as system fonts). Chromium loads no web font at all where the system has no font,
    so the machine's other fonts stay (fontconfig always comes with one)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cache").mkdir(exist_ok=True)
    if noto:
        change = f"<dir>{FONTS}</dir>"
    else:
        change = "<selectfont><rejectfont><glob>*/noto/*</glob><glob>*Noto*</glob></rejectfont></selectfont>"
    file = folder / ("with-noto.conf" if noto else "without-noto.conf")
    file.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <cachedir>{folder / 'cache'}</cachedir>\n"
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  {change}\n</fontconfig>\n",
        encoding="utf-8",
    )
    return file


def page_text(tree: HTMLParser, selector: str = "article") -> str:
    """The visible text of the first node matching `selector`, whitespace collapsed."""
    node = tree.css_first(selector)
    assert node is not None, f"no {selector} in page"
    return " ".join(node.text(separator=" ").split())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> BuildResult:
    """The bundled site, built once for the session as of a day inside the campaign period."""
    project = copy_project(tmp_path_factory.mktemp("bundled") / "project")
    result = run_build(project)
    assert result.returncode == 0, result.output
    return result
