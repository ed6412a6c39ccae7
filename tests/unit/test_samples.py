"""`thidua samples remove`: every sample honouree, its photo and the sample results go, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import copy_project
from thidua.load.files import load_site
from thidua.office import samples
from thidua.office.cli import build_parser, cmd_samples, Console, main

BUNDLED_SAMPLES = 11


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def run(project: Path, *args: str) -> int:
    return main([*args, "--project", str(project)])


def add_real_honouree(project: Path) -> None:
    """A real honouree beside the samples: a sample's file made real, with its own photo."""
    data = project / "data"
    text = (data / "honourees/le-van-c.yaml").read_text(encoding="utf-8")
    (data / "honourees/dinh-van-that.yaml").write_text(
        text.replace("sample: true", "sample: false").replace("name: Lê Văn C", "name: Đinh Văn Thật").replace("file: le-van-c.jpg", "file: dinh-van-that.jpg"),
        encoding="utf-8",
    )
    (data / "photos/dinh-van-that.jpg").write_bytes((data / "photos/le-van-c.jpg").read_bytes())


def test_remove_lists_asks_then_deletes_every_sample_and_resets_the_results(project: Path, capsys) -> None:
    add_real_honouree(project)
    capsys.readouterr()
    args = build_parser("vi").parse_args(["samples", "remove", "--project", str(project)])
    prompts: list[str] = []
    assert cmd_samples(args, Console("vi"), ask=lambda p: prompts.append(p) or "có") == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"Sẽ xoá {2 * BUNDLED_SAMPLES} tệp dữ liệu mẫu:"
    assert "  data/honourees/nguyen-van-a.yaml" in out and "  data/photos/nguyen-van-a.jpg" in out
    assert "và đặt lại data/results.yaml (kết quả mẫu) thành: chưa có quyết định (status: pending)." in out
    assert prompts == ["Xoá? (gõ có hoặc không; Enter: không): "]
    assert sorted(p.name for p in (project / "data/honourees").iterdir()) == ["dinh-van-that.yaml"]
    assert sorted(p.name for p in (project / "data/photos").iterdir()) == ["dinh-van-that.jpg"]
    assert not any(p.name.startswith(".samples-removed-") for p in (project / "data").iterdir())
    results = yaml.safe_load((project / "data/results.yaml").read_text(encoding="utf-8"))
    assert results == {"sample": False, "status": "pending", "decisions": []}
    site = load_site(project / "data", root=project)
    assert [hid for hid, _ in site.honourees] == ["dinh-van-that"] and not site.results.sample


def test_answering_no_or_enter_deletes_nothing(project: Path, capsys) -> None:
    before = sorted(p.name for p in (project / "data").rglob("*"))
    args = build_parser("en").parse_args(["samples", "remove", "--project", str(project)])
    for answer in ("", "không", "2"):
        assert cmd_samples(args, Console("en"), ask=lambda p: answer) == 1
    assert capsys.readouterr().out.rstrip().endswith("Nothing was deleted.")
    assert sorted(p.name for p in (project / "data").rglob("*")) == before


def test_without_a_terminal_it_needs_yes(project: Path, capsys) -> None:
    assert run(project, "samples", "remove", "--lang", "en") == 1
    assert "this needs a confirmation: run the command in a terminal to be asked, or add --yes" in capsys.readouterr().err
    assert (project / "data/honourees/nguyen-van-a.yaml").exists()
    assert run(project, "samples", "remove", "--yes") == 0
    assert not (project / "data/honourees/nguyen-van-a.yaml").exists()
    capsys.readouterr()
    assert run(project, "samples", "remove", "--yes", "--lang", "en") == 0
    assert capsys.readouterr().out.strip() == "There is no sample data (sample: true) in data."


def test_a_photo_a_real_honouree_uses_is_kept(project: Path) -> None:
    add_real_honouree(project)
    path = project / "data/honourees/dinh-van-that.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("file: dinh-van-that.jpg", "file: nguyen-van-a.jpg"), encoding="utf-8")
    assert run(project, "samples", "remove", "--yes") == 0
    assert (project / "data/photos/nguyen-van-a.jpg").is_file()
    assert not (project / "data/photos/tran-thi-b.jpg").exists()


def test_real_results_naming_a_sample_stop_it_before_anything_is_deleted(project: Path, capsys) -> None:
    results = project / "data/results.yaml"
    results.write_text(results.read_text(encoding="utf-8").replace("sample: true", "sample: false"), encoding="utf-8")
    before = sorted(p.name for p in (project / "data").rglob("*"))
    assert run(project, "samples", "remove", "--yes", "--lang", "en") == 1
    out = capsys.readouterr().out
    assert "data/results.yaml holds real results (sample: false) that still name sample honourees: bui-thi-k, dang-van-h," in out
    assert sorted(p.name for p in (project / "data").rglob("*")) == before


def test_a_failure_halfway_puts_every_file_back(project: Path, monkeypatch) -> None:
    before = {p.relative_to(project).as_posix(): p.read_bytes() for p in (project / "data").rglob("*") if p.is_file()}

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(samples, "write_atomic", fail)  # the last step: the results are rewritten
    with pytest.raises(OSError):
        samples.apply_removal(samples.plan_removal(project / "data"))
    after = {p.relative_to(project).as_posix(): p.read_bytes() for p in (project / "data").rglob("*") if p.is_file()}
    assert after == before


def test_an_unreadable_honouree_file_is_named_and_kept(project: Path, capsys) -> None:
    bad = project / "data/honourees/nguyen-van-a.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("unit: van-phong", "unit van-phong"), encoding="utf-8")
    assert run(project, "samples", "remove", "--yes", "--lang", "en") == 0
    assert "Note: data/honourees/nguyen-van-a.yaml cannot be read, so whether it is sample data is unknown; it is kept" in capsys.readouterr().out
    assert [p.name for p in (project / "data/honourees").iterdir()] == ["nguyen-van-a.yaml"]
