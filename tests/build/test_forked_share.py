"""A language's honouree pages shared with a forked copy of the build (thidua.forked; THIDUA_FORK=2 makes the
fixture's 11 pages enough to share, as 400 are in a real build): the site is the one a build in one process makes,
byte for byte, and what the copy published and used counts as the build's own (the sweep of a carried folder keeps
the links it made, the store keeps its entries and the map of the language's pages)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import BILINGUAL, copy_project, run_build


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def built(project: Path, site: Path) -> str:
    result = run_build(project, site=site)
    assert result.returncode == 0, result.output
    return result.output


def edit_citation(project: Path, hid: str, text: str) -> None:
    path = project / "data" / "honourees" / f"{hid}.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("citation:"))
    assert lines[at + 1].startswith("  vi: "), lines[at : at + 2]
    lines[at + 1] = f"  vi: {text}"
    path.write_text("\n".join(lines), encoding="utf-8")


def test_pages_made_by_a_forked_copy_are_the_pages_one_process_makes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, site = copy_project(tmp_path / "project", BILINGUAL), tmp_path / "site"
    monkeypatch.setenv("THIDUA_FORK", "2")
    output = built(project, site)
    for lang in ("vi", "en"):  # an empty store: half of each language's pages made by the copy, all counted
        assert f"honouree pages ({lang}): 6 of 11 made by a second process" in output, output
        assert f"pages ({lang}): " in output and "honouree pages: 11 rendered" in output
    # Two edits, one build each: the second starts from the spare (the first site), whose unchanged pages are
    # already the store's files; only the record of the links the copy made keeps them through the sweep.
    edit_citation(project, "le-van-c", "Đã sửa lần một.")
    built(project, site)
    edit_citation(project, "vu-thi-g", "Đã sửa lần hai.")
    output = built(project, site)
    assert "made by a second process" in output
    # The edited page and its neighbours' made again, the copy's unchanged pages taken from the store: all counted.
    assert output.count("honouree pages: 3 rendered (hoang-van-e, vu-thi-g, dang-van-h), 8 from the cache") == 2, output
    shared = hashes(site)

    monkeypatch.setenv("THIDUA_FORK", "0")
    fresh = copy_project(tmp_path / "fresh", BILINGUAL)
    edit_citation(fresh, "le-van-c", "Đã sửa lần một.")
    edit_citation(fresh, "vu-thi-g", "Đã sửa lần hai.")
    output = built(fresh, tmp_path / "fresh-site")
    assert "second process" not in output
    assert hashes(tmp_path / "fresh-site") == shared

    # The map of each language's pages, the copy's included, was kept: nothing changed, every page taken whole
    # (into another folder: a build of the same folder with nothing changed keeps the published site).
    monkeypatch.setenv("THIDUA_FORK", "2")
    output = built(project, tmp_path / "again")
    for lang in ("vi", "en"):
        assert f"honouree pages ({lang}): nothing they are made of changed, all 11 taken whole from the store" in output
    assert hashes(tmp_path / "again") == shared
