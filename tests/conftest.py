"""Shared fixtures: copies of the project with a fixture campaign as its data, real MkDocs builds, parsed HTML.

The engine's tests never read data/ (the bundled campaign, which a Department replaces with its own):
they run on the fixture campaigns under tests/fixtures/. Only tests/bundled/ reads data/.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from selectolax.parser import HTMLParser

REPO = Path(__file__).resolve().parent.parent
FONTS = REPO / "docs" / "assets" / "fonts"
FIXTURES = REPO / "tests" / "fixtures"
# The bundled campaign's shape, frozen: two award forms, English on and complete, eleven sample
# honourees, final sample results.
BILINGUAL = FIXTURES / "bilingual"
# Another Department's campaign in Vietnamese only: three award forms (a flag for collectives only),
# two decisions for one form, a period across two years, a superior body, a delegated signature.
VIETNAMESE_ONLY = FIXTURES / "vietnamese-only"

# 2021-03-01 00:00 in Viet Nam: a day inside the campaign period.
DURING = "1614531600"


def copy_project(dest: Path, data: Path = BILINGUAL) -> Path:
    """A working copy of the project with `data` (a fixture campaign) as its data/: the data copied
    (tests edit it), code and pages linked."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(data, dest / "data")
    for name in ("docs", "hooks", "overrides"):
        (dest / name).symlink_to(REPO / name, target_is_directory=True)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


# A Department's site of two campaigns (data/campaigns/): the Department's files and each campaign's own
# site.yaml are here; the campaigns' plans, honourees, photos and results are the two fixtures above.
DEPARTMENT = FIXTURES / "department"
DEPARTMENT_CAMPAIGNS = {"thi-dua-70-nam": BILINGUAL, "thi-dua-ai-quoc-2018": VIETNAMESE_ONLY}
# The same collective in both campaigns (a person id links their pages: "also honoured in").
TWICE = {"thi-dua-70-nam": "to-thuong-mai-dien-tu", "thi-dua-ai-quoc-2018": "phong-quan-ly-thuong-mai"}
TWICE_PERSON = "mau-tap-the-thuong-mai"


def copy_department(dest: Path) -> Path:
    """A working copy of the project whose data/ is the fixture Department of two campaigns."""
    project = copy_project(dest, DEPARTMENT)
    for slug, source in DEPARTMENT_CAMPAIGNS.items():
        folder = project / "data" / "campaigns" / slug
        for name in ("campaign.yaml", "results.yaml"):
            shutil.copy2(source / name, folder / name)
        for name in ("honourees", "photos"):
            shutil.copytree(source / name, folder / name)
        honouree = folder / "honourees" / f"{TWICE[slug]}.yaml"
        honouree.write_text(honouree.read_text(encoding="utf-8") + f"person: {TWICE_PERSON}\n", encoding="utf-8")
    return project


def fill_blanks(value, key: str = "", day: dt.date = dt.date(1952, 3, 1)):
    """What the office does after `thidua init`: every empty field of the new files written (dates as `day`)."""
    if isinstance(value, dict):
        return {k: fill_blanks(v, k, day) for k, v in value.items()}
    if isinstance(value, list):
        return [fill_blanks(v, key, day) for v in value]
    if value == "":
        return day if key in ("date", "founded") else "Nội dung"
    return value


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
    """The bilingual fixture campaign's site, built once for the session as of a day inside its period."""
    project = copy_project(tmp_path_factory.mktemp("bilingual") / "project")
    result = run_build(project)
    assert result.returncode == 0, result.output
    return result


# 2018-03-01 00:00 in Viet Nam: inside the Vietnamese-only fixture's period (15/12/2017-30/6/2018).
DURING_VI = "1519837200"


@pytest.fixture(scope="session")
def built_vi(tmp_path_factory) -> BuildResult:
    """The Vietnamese-only fixture campaign's site, built once for the session, inside its period."""
    project = copy_project(tmp_path_factory.mktemp("vietnamese-only") / "project", VIETNAMESE_ONLY)
    result = run_build(project, epoch=DURING_VI)
    assert result.returncode == 0, result.output
    return result
