"""Round trip: the template, filled in, imported, checked and built shows the new honourees in both languages."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from conftest import copy_project, page_text, run_build
from thidua.office.cli import main
from thidua.office.sheet import COLUMNS

ROWS = [
    {
        "no": 1,
        "kind": "Cá nhân",
        "name": "Trần Văn Đức",
        "position": "Chuyên viên",
        "position_en": "Officer",
        "unit": "Trung tâm Xúc tiến thương mại",
        "award_form": "Giấy khen của Giám đốc Sở Công Thương",
        "date": "16/04/2021",
        "citation": "Tổ chức 12 hội chợ kết nối cung cầu.",
        "citation_en": "Organised 12 supply-and-demand fairs.",
        "achievements": "Tổ chức 12 hội chợ\nKết nối 300 doanh nghiệp",
        "achievements_en": "Organised 12 fairs\nConnected 300 businesses",
        "story": "Anh Đức phụ trách hội chợ.\n\nĐoạn hai.",
        "story_en": "Mr Đức runs the fairs.\n\nParagraph two.",
        "criteria": "Tất cả tiêu chuẩn",
        "featured": "Có",
    },
    {
        "no": 2,
        "kind": "Tập thể",
        "name": "Tổ Kiểm tra chất lượng",
        "name_en": "Quality Inspection Team",
        "position": "Tổ chuyên môn",
        "position_en": "Specialist team",
        "unit": "Phòng Quản lý Công nghiệp",
        "award_form": "Giấy khen của Giám đốc Sở",
        "date": "20/04/2021",
        "citation": "Kiểm tra 40 cơ sở sản xuất.",
        "citation_en": "Inspected 40 production sites.",
        "achievements": "Kiểm tra 40 cơ sở",
        "achievements_en": "Inspected 40 sites",
        "story": "Tổ có năm người.",
        "story_en": "The team has five people.",
        "criteria": "tt-chap-hanh, tt-thanh-tich",
    },
]


def test_template_fill_import_check_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    sheet = project / "de-nghi.xlsx"
    assert main(["template", str(sheet), "--project", str(project)]) == 0
    wb = load_workbook(sheet)
    ws = wb.worksheets[0]
    for row in ROWS:
        ws.append([row.get(k) for k in COLUMNS])
    wb.save(sheet)

    assert main(["import", str(sheet), "--project", str(project)]) == 0
    assert main(["check", "--strict", "--project", str(project)]) == 0

    result = run_build(project)
    assert result.returncode == 0, result.output
    person = result.html("ton-vinh/tran-van-duc/")
    assert "Trần Văn Đức" in page_text(person, "h1")
    assert "Tổ chức 12 hội chợ kết nối cung cầu." in page_text(person)
    assert "Mr Đức runs the fairs." in page_text(result.html("en/ton-vinh/tran-van-duc/"))
    assert "Quality Inspection Team" in page_text(result.html("en/ton-vinh/to-kiem-tra-chat-luong/"), "h1")
    directory = page_text(result.html("ton-vinh/"))
    assert "Trần Văn Đức" in directory and "Tổ Kiểm tra chất lượng" in directory
    # the sheet's criteria and featured columns reach the pages
    assert page_text(person).count("Đạt:") == 3 and "Chưa ghi nhận" not in page_text(person)
    team = page_text(result.html("ton-vinh/to-kiem-tra-chat-luong/"))
    assert team.count("Đạt:") == 2 and team.count("Chưa ghi nhận:") == 1
