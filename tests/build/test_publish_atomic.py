"""Publishing is atomic: a killed or failing build (strict mode included) leaves the previous site/ complete, byte for byte."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DURING, copy_project, run_build


def hashes(folder: Path) -> dict[str, str]:
    """Every file under `folder` (links followed) with the SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A project and its site, built once; each test gets the site's hashes to compare with."""
    project = copy_project(tmp_path_factory.mktemp("atomic") / "project")
    site = project.parent / "site"
    result = run_build(project, site=site)
    assert result.returncode == 0, result.output
    assert not list(site.parent.glob(".site.*")), "a staging folder was left beside the site"
    return project, site


def test_a_build_killed_half_way_leaves_the_previous_site_complete(published) -> None:
    project, site = published
    before = hashes(site)
    assert len(before) > 150 and "en/index.html" in before
    # The next day: a full build (with nothing changed, a build keeps the published site and writes nothing).
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(int(DURING) + 86400)}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staging = site.parent / f".site.building-{proc.pid}"
    written = 0
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            written = sum(1 for p in staging.rglob("*") if p.is_file()) if staging.is_dir() else 0
            if written >= 40:
                break
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert 40 <= written < len(before), f"killed after {written} files"
    assert proc.returncode == -signal.SIGKILL
    assert hashes(site) == before  # every file of the previous site, unchanged, and nothing else
    assert staging.is_dir()  # the killed build's half site is beside it, never in its place
    # The next build tidies it away; with the published site's inputs, it keeps that site, complete.
    result = run_build(project, site=site)
    assert result.returncode == 0, result.output
    assert not staging.exists() and not list(site.parent.glob(".site.*"))
    assert hashes(site) == before  # same sources, same date: the same bytes


def with_a_warning(project: Path) -> str:
    """Make the next build warn (a navigation entry to a page that does not exist); returns mkdocs.yml as it
    was. Missing English is no warning (it is a coverage report): the navigation is what a person edits."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - Giới thiệu: gioi-thieu/index.md\n" in text
    config.write_text(text.replace("  - Giới thiệu: gioi-thieu/index.md\n", "  - Giới thiệu: gioi-thieu/index.md\n  - Không có: khong-co.md\n"), encoding="utf-8")
    return text


def test_a_failing_strict_build_leaves_the_previous_site_unchanged(published, tmp_path: Path) -> None:
    project, site = published
    before = hashes(site)
    # A warning: MkDocs' strict mode aborts, but only after writing.
    text = with_a_warning(project)
    try:
        result = run_build(project, site=site)
    finally:
        (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    assert result.returncode != 0
    assert "Aborted with 1 warnings in strict mode!" in result.output
    assert "'khong-co.md' is included in the 'nav' configuration" in result.output
    assert hashes(site) == before
    assert not list(site.parent.glob(".site.*"))


def test_a_build_with_warnings_but_without_strict_publishes(published) -> None:
    project, site = published
    text = with_a_warning(project)
    try:
        result = run_build(project, site=site, strict=False)
    finally:
        (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    assert result.returncode == 0, result.output
    assert "'khong-co.md' is included in the 'nav' configuration" in result.output
    assert "khong-co.md" in (site / "index.html").read_text(encoding="utf-8")  # this build's site, put in place
    assert not list(site.parent.glob(".site.*"))
