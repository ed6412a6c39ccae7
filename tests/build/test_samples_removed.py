"""After `thidua samples remove`, the site builds with --strict, with no honouree, no decision and no sample notice."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_project, page_text, run_build
from thidua.office.cli import main


def test_the_site_builds_once_the_samples_are_removed(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    assert main(["samples", "remove", "--yes", "--project", str(project)]) == 0
    assert main(["check", "--strict", "--project", str(project)]) == 0
    result = run_build(project)
    assert result.returncode == 0, result.output
    assert not list((result.site / "ton-vinh").glob("nguyen-van-a*"))
    for path in ("", "ton-vinh/", "ket-qua/", "en/ton-vinh/"):
        text = page_text(result.html(path))
        assert "Nguyễn Văn A" not in text and "dữ liệu mẫu" not in text.lower() and "sample data" not in text.lower(), path
