"""`thidua init`: a new campaign's data files from a few answers, that `thidua check` then names field by field."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import copy_project, fill_blanks
from thidua.load.files import load_site
from thidua.office.cli import Console, build_parser, cmd_init, main

FLAGS = [
    "--number", "45/KH-SCT", "--date", "01/03/2022", "--issuer", "Sở Công Thương tỉnh Sơn La",
    "--title", "Phát động thi đua chào mừng 65 năm Ngày thành lập tỉnh",
    "--start", "01/03/2022", "--end", "31/12/2022",
    "--award-form", "Bằng khen của Chủ tịch UBND tỉnh; Chủ tịch UBND tỉnh; 1; 2",
    "--award-form", "Cờ thi đua của UBND tỉnh; Chủ tịch UBND tỉnh; 1; 0",
    "--award-form", "Giấy khen của Giám đốc Sở Công Thương | Giám đốc Sở Công Thương | 3 | 5",
]  # fmt: skip


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    """A project whose data folder holds no campaign yet (only the Department's units)."""
    project = copy_project(tmp_path / "project")
    for name in ("campaign.yaml", "results.yaml"):
        (project / "data" / name).unlink()
    for name in ("honourees", "photos"):
        shutil.rmtree(project / "data" / name)
    return project


def run(project: Path, *args: str) -> int:
    return main([*args, "--project", str(project)])


def test_init_writes_the_campaign_and_check_names_each_field_to_copy(empty: Path, capsys) -> None:
    assert run(empty, "init", *FLAGS) == 0
    out = capsys.readouterr().out
    assert "Dùng lại danh sách đơn vị data/units.yaml." in out
    assert "Đã tạo data/campaign.yaml, data/results.yaml. Tiếp theo: mở data/campaign.yaml" in out
    text = (empty / "data/campaign.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=schema/campaign.schema.json\n")
    assert "# Số văn bản; null nếu văn bản không ghi số / the document's number; null when it has none" in text
    campaign = yaml.safe_load(text)
    assert campaign["document"]["number"] == "45/KH-SCT" and campaign["document"]["date"] == dt.date(2022, 3, 1)
    assert campaign["awards"]["period"]["start"] == dt.date(2022, 3, 1)
    forms = campaign["awards"]["forms"]["items"]
    assert [(f["id"], f["quota"]) for f in forms] == [
        ("bang-khen-cua-chu-tich-ubnd-tinh", {"collective": 1, "individual": 2}),
        ("co-thi-dua-cua-ubnd-tinh", {"collective": 1, "individual": 0}),
        ("giay-khen-cua-giam-doc-so-cong-thuong", {"collective": 3, "individual": 5}),
    ]
    assert (empty / "data/honourees").is_dir() and (empty / "data/photos").is_dir()
    assert run(empty, "check", "--lang", "en") == 1
    lines = [line.strip() for line in capsys.readouterr().out.splitlines()]
    for field in ("purposes › heading › vi", "purposes › number", "document › basis › date", "signatory › name", "awards › standards › criteria › individual › items › entry 'cn-1' › text › vi"):
        assert any(f": {field}: " in line for line in lines), field
    assert not any("written wrongly" in line for line in lines)  # the file reads: only blanks are reported


def test_filling_every_blank_makes_a_valid_campaign(empty: Path) -> None:
    assert run(empty, "init", *FLAGS) == 0
    path = empty / "data/campaign.yaml"
    data = fill_blanks(yaml.safe_load(path.read_text(encoding="utf-8")))
    data["document"]["basis"]["date"] = dt.date(2022, 1, 5)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    site = load_site(empty / "data", root=empty)
    assert [f.id for f in site.campaign.award_forms][1] == "co-thi-dua-cua-ubnd-tinh" and site.honourees == ()


def test_init_asks_what_the_flags_leave_out(empty: Path, capsys) -> None:
    answers = iter([
        "", "", "",  # kind (Kế hoạch), no number, no date
        "Sở Công Thương tỉnh Điện Biên", "", "Phát động thi đua năm 2023",  # issuer; an empty title is asked again
        "01/01/2023", "31/12/2022", "31/12/2023",  # the start; an end before it is asked again
        "không", "1", "Giấy khen của Giám đốc Sở", "Giám đốc Sở Công Thương", "x", "2", "4",
    ])  # fmt: skip
    args = build_parser("vi").parse_args(["init", "--project", str(empty)])
    assert cmd_init(args, Console("vi"), ask=lambda prompt: next(answers)) == 0
    campaign = yaml.safe_load((empty / "data/campaign.yaml").read_text(encoding="utf-8"))
    assert campaign["document"]["kind"] == {"vi": "Kế hoạch"} and campaign["document"]["number"] is None
    assert campaign["awards"]["period"] == {**campaign["awards"]["period"], "start": dt.date(2023, 1, 1), "end": dt.date(2023, 12, 31)}
    assert campaign["awards"]["forms"]["items"][0]["quota"] == {"collective": 2, "individual": 4}
    out = capsys.readouterr().out
    assert "Mục này bắt buộc, hãy gõ nội dung." in out
    assert "ngày kết thúc (31/12/2022) trước ngày bắt đầu (01/01/2023); gõ lại ngày kết thúc" in out
    assert "'không' không phải là một số từ 1 trở lên; gõ lại." in out and "'x' không phải là một số từ 0 trở lên; gõ lại." in out


def test_init_never_overwrites_a_campaign_and_can_move_the_old_one_aside(tmp_path: Path, capsys) -> None:
    project = copy_project(tmp_path / "project")
    with (project / "data/site.yaml").open("a", encoding="utf-8") as fh:
        fh.write("licence:\n  name:\n    vi: Giấy phép CC BY 4.0\n  url: https://creativecommons.org/licenses/by/4.0/\n")
    before = (project / "data/campaign.yaml").read_bytes()
    assert run(project, "init", *FLAGS, "--lang", "en") == 1
    assert "data holds a campaign already (campaign.yaml); nothing is overwritten." in capsys.readouterr().err
    assert (project / "data/campaign.yaml").read_bytes() == before
    assert run(project, "init", *FLAGS, "--move-old-to", "luu-tru/70-nam") == 0
    old = project / "luu-tru/70-nam"
    assert (old / "campaign.yaml").read_bytes() == before and (old / "honourees/nguyen-van-a.yaml").is_file()
    assert (project / "data/units.yaml").is_file() and not list((project / "data/honourees").iterdir())
    assert yaml.safe_load((project / "data/results.yaml").read_text(encoding="utf-8"))["status"] == "pending"
    # The new site.yaml names the new campaign and keeps the Department's publisher, contact, licence and languages.
    site = yaml.safe_load((project / "data/site.yaml").read_text(encoding="utf-8"))
    previous = yaml.safe_load((old / "site.yaml").read_text(encoding="utf-8"))
    assert site["slug"] == "phat-dong-thi-dua-chao-mung-65-nam-ngay-thanh-lap-tinh" != previous["slug"]
    assert site["name"] == {"vi": "Phát động thi đua chào mừng 65 năm Ngày thành lập tỉnh"}
    assert site["publisher"] == previous["publisher"] and site["contact"] == previous["contact"]
    assert site["licence"] == previous["licence"] and previous["licence"]["url"].startswith("https://")
    assert site["english"] == {True: "on", False: "off"}.get(previous["english"], previous["english"])


def test_init_can_write_a_campaign_in_another_folder(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    assert run(project, "init", *FLAGS, "--to", "data/campaigns/son-la-2022") == 0
    folder = project / "data/campaigns/son-la-2022"
    assert (folder / "campaign.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../schema/campaign.schema.json\n")
    assert (folder / "units.yaml").read_bytes() == (project / "data/units.yaml").read_bytes()  # the same Department
    assert yaml.safe_load((folder / "site.yaml").read_text(encoding="utf-8"))["publisher"] == yaml.safe_load((project / "data/site.yaml").read_text(encoding="utf-8"))["publisher"]


def test_init_without_a_terminal_names_the_missing_flags(empty: Path, capsys) -> None:
    assert run(empty, "init", "--issuer", "Sở Công Thương", "--lang", "en") == 1
    assert "missing --title, --start, --end, --award-form" in capsys.readouterr().err
