"""A `mkdocs build` with nothing changed since the build that published the site keeps that site (the data still
loaded and checked), and any change, a replaced site folder or a build that warned makes the next build a full one
(thidua.publish.unchanged)."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from conftest import BILINGUAL, REPO, run_build

KEPT = "Nothing the site is made of changed since the build that published"


def project_copy(dest: Path) -> Path:
    """The fixture campaign with the repository's docs/ copied (the test edits a page), code and templates linked."""
    dest.mkdir(parents=True)
    shutil.copytree(BILINGUAL, dest / "data")
    shutil.copytree(REPO / "docs", dest / "docs")
    for name in ("hooks", "overrides"):
        (dest / name).symlink_to(REPO / name, target_is_directory=True)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(project: Path, site: Path, **kw) -> str:
    result = run_build(project, site=site, **kw)
    assert result.returncode == 0, result.output
    return result.output


def test_an_unchanged_build_keeps_the_site_and_a_change_builds_it_again(tmp_path: Path) -> None:
    project, site = project_copy(tmp_path / "project"), tmp_path / "site"
    assert KEPT not in build(project, site)
    published, folder = hashes(site), os.stat(site).st_ino
    output = build(project, site)
    assert KEPT in output and "Published the site" not in output
    assert os.stat(site).st_ino == folder and hashes(site) == published  # nothing written
    # A problem in the data is still found: the build stops with it, and the site stays.
    honouree = project / "data" / "honourees" / "le-van-c.yaml"
    text = honouree.read_text(encoding="utf-8")
    honouree.write_text(text.replace("published: 2021-04-28", "published: 2021-02-30"), encoding="utf-8")
    broken = run_build(project, site=site)
    assert broken.returncode != 0 and "le-van-c.yaml" in broken.output and KEPT not in broken.output
    honouree.write_text(text, encoding="utf-8")
    assert KEPT in build(project, site)  # restored: the same inputs as the published site's
    # An edit of a file of docs/: built again, and the site has it.
    css = project / "docs" / "assets" / "css" / "thidua.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* một dòng thêm vào */\n", encoding="utf-8")
    output = build(project, site)
    assert KEPT not in output and "một dòng thêm vào" in (site / "assets" / "css" / "thidua.css").read_text(encoding="utf-8")
    assert KEPT in build(project, site)
    # Another build date, another site folder, the site folder removed: each a full build.
    assert KEPT not in build(project, site, epoch="1617235200")
    assert KEPT not in build(project, tmp_path / "other-site", epoch="1617235200")
    shutil.rmtree(site)
    assert KEPT not in build(project, site, epoch="1617235200") and (site / "index.html").is_file()


def test_a_site_built_with_a_warning_is_built_again(tmp_path: Path) -> None:
    project, site = project_copy(tmp_path / "project"), tmp_path / "site"
    # A page of docs/ outside the navigation, with a link to a page that does not exist: two warnings.
    (project / "docs" / "ghi-chu.md").write_text("# Ghi chú\n\n[Một liên kết hỏng](khong-co.md)\n", encoding="utf-8")
    for _ in range(2):  # not strict: published with its warning, and never kept, so the warning is seen again
        output = build(project, site, strict=False)
        assert "khong-co.md" in output and "WARNING" in output and KEPT not in output
