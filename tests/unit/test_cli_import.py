"""`thidua template` and `thidua import`: row-level messages, all-or-nothing writes, NFC, idempotence, --update."""

from __future__ import annotations

import csv
import hashlib
import os
import unicodedata
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from conftest import copy_project
from thidua.office.cli import main
from thidua.office.sheet import COLUMNS, header

VALID = {
    "kind": "Cá nhân",
    "name": "Trần Văn Đức",
    "position": "Chuyên viên",
    "position_en": "Officer",
    "unit": "Trung tâm Xúc tiến thương mại",
    "award_form": "Bằng khen của Bộ trưởng Bộ Công Thương",
    "date": "16/04/2021",
    "citation": "Tổ chức 12 hội chợ kết nối cung cầu.",
    "citation_en": "Organised 12 supply-and-demand fairs.",
    "achievements": "Tổ chức 12 hội chợ\nKết nối 300 doanh nghiệp",
    "achievements_en": "Organised 12 fairs\nConnected 300 businesses",
    "story": "Đoạn một.\n\nĐoạn hai.",
    "story_en": "Paragraph one.\n\nParagraph two.",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def run(project: Path, *args: str) -> int:
    return main([*args, "--project", str(project)])


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` with a hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def make_sheet(project: Path, rows: list[dict[str, object]], name: str = "filled.xlsx") -> Path:
    """The template with `rows` (by column key) filled in below its example row."""
    path = project / name
    if path.suffix == ".csv":
        assert run(project, "template", str(path)) == 0
        with path.open("a", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            for row in rows:
                writer.writerow([row.get(k) or "" for k in COLUMNS])
        return path
    assert run(project, "template", str(path)) == 0
    wb = load_workbook(path)
    ws = wb[wb.sheetnames[0]]
    for row in rows:
        ws.append([row.get(k) for k in COLUMNS])
    wb.save(path)
    return path


def row(**changes: object) -> dict[str, object]:
    return {**VALID, **changes}


def test_the_template_has_both_header_rows_lists_and_an_example(project: Path) -> None:
    path = project / "mau.xlsx"
    assert run(project, "template", str(path)) == 0
    wb = load_workbook(path)
    ws = wb["Đề nghị"]
    assert [c.value for c in ws[1]] == [header(k, "vi") for k in COLUMNS]
    assert [c.value for c in ws[2]] == [header(k, "en") for k in COLUMNS]
    assert ws["A3"].value == "Ví dụ"
    assert ws["B1"].comment is not None and "Tập thể" in ws["B1"].comment.text
    formulas = {str(dv.sqref)[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert formulas == {
        "B": "'Danh mục'!$E$2:$E$3",
        "G": "'Danh mục'!$A$2:$A$8",
        "I": "'Danh mục'!$A$2:$A$8",
        "H": "'Danh mục'!$C$2:$C$3",
        "Q": "'Danh mục'!$F$2:$F$8",  # criteria: "all", then the plan's six
        "R": "'Danh mục'!$G$2:$G$3",  # featured: Có, Không
    }
    criteria = ws.data_validations.dataValidation[4]
    assert str(criteria.sqref).startswith("Q") and criteria.errorStyle == "information"  # several may be typed
    lists = wb["Danh mục"]
    assert [lists.cell(row=i, column=1).value for i in range(2, 9)][0] == "Văn phòng Sở"
    assert lists["C2"].value == "Bằng khen của Bộ trưởng Bộ Công Thương"
    assert [lists.cell(row=i, column=6).value for i in (2, 3)] == [
        "Tất cả tiêu chuẩn",
        "tt-chap-hanh: Gương mẫu chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước, nội bộ đoàn kết;",
    ]
    assert (lists["G2"].value, lists["G3"].value) == ("Có", "Không")


def test_the_template_is_never_overwritten_without_force(project: Path, capsys) -> None:
    path = project / "mau.xlsx"
    path.write_text("keep me", encoding="utf-8")
    assert run(project, "template", str(path)) == 1
    assert path.read_text(encoding="utf-8") == "keep me"
    assert "đã có" in capsys.readouterr().err


def test_the_example_row_alone_is_an_empty_sheet(project: Path, capsys) -> None:
    path = make_sheet(project, [])
    assert run(project, "import", str(path), "--lang", "en") == 1
    assert "filled.xlsx: the sheet has no filled rows" in capsys.readouterr().out


def test_import_writes_one_file_per_row_with_its_nomination(project: Path, capsys) -> None:
    team_row = row(kind="Tập thể", name="Tổ Xúc tiến đầu tư", name_en="Investment Promotion Team", award_form="Giấy khen của Giám đốc Sở")
    path = make_sheet(project, [row(), team_row])
    assert run(project, "import", str(path)) == 0
    person = yaml.safe_load((project / "data/honourees/tran-van-duc.yaml").read_text(encoding="utf-8"))
    assert person["name"] == "Trần Văn Đức"
    assert person["nomination"] == {"award_form": "bang-khen-bo-truong", "proposed_by": "trung-tam-xuc-tien-thuong-mai", "date": __import__("datetime").date(2021, 4, 16)}
    assert person["achievements"] == [{"vi": "Tổ chức 12 hội chợ", "en": "Organised 12 fairs"}, {"vi": "Kết nối 300 doanh nghiệp", "en": "Connected 300 businesses"}]
    assert person["photo"]["file"] == "tran-van-duc.jpg" and "TĐ" in person["photo"]["alt"]["vi"]
    assert (project / "data/photos/tran-van-duc.jpg").read_bytes()[:2] == b"\xff\xd8"
    team = yaml.safe_load((project / "data/honourees/to-xuc-tien-dau-tu.yaml").read_text(encoding="utf-8"))
    assert team["name"] == {"vi": "Tổ Xúc tiến đầu tư", "en": "Investment Promotion Team"}
    text = (project / "data/honourees/tran-van-duc.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/honouree.schema.json\nsample: false\nkind: individual\n")
    assert "&id" not in text
    assert run(project, "check") == 0


def test_a_csv_sheet_imports_like_an_xlsx(project: Path) -> None:
    path = make_sheet(project, [row()], name="filled.csv")
    assert run(project, "import", str(path)) == 0
    assert yaml.safe_load((project / "data/honourees/tran-van-duc.yaml").read_text(encoding="utf-8"))["unit"] == "trung-tam-xuc-tien-thuong-mai"


def test_nfd_cells_are_stored_as_nfc(project: Path) -> None:
    nfd = {k: unicodedata.normalize("NFD", v) for k, v in VALID.items()}
    assert nfd["name"] != VALID["name"]
    path = make_sheet(project, [nfd])
    assert run(project, "import", str(path)) == 0
    text = (project / "data/honourees/tran-van-duc.yaml").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert "name: Trần Văn Đức\n" in text


def test_running_the_same_sheet_again_changes_nothing(project: Path, capsys) -> None:
    path = make_sheet(project, [row(), row(name="Lê Thị Hoa", unit="Văn phòng Sở", award_form="Giấy khen của Giám đốc Sở")])
    assert run(project, "import", str(path)) == 0
    before = snapshot(project / "data")
    capsys.readouterr()
    assert run(project, "import", str(path), "--lang", "en") == 0
    assert snapshot(project / "data") == before
    assert "0 new, 0 updated, 2 unchanged; 0 file(s) written." in capsys.readouterr().out


def test_a_changed_row_is_refused_without_update_and_applied_with_it(project: Path, capsys) -> None:
    first = make_sheet(project, [row()], name="a.xlsx")
    assert run(project, "import", str(first)) == 0
    (project / "data/honourees/tran-van-duc.yaml").write_text(
        (project / "data/honourees/tran-van-duc.yaml").read_text(encoding="utf-8").replace("featured: false", "featured: true"), encoding="utf-8"
    )
    changed = make_sheet(project, [row(citation="Tổ chức 15 hội chợ.")], name="b.xlsx")
    before = snapshot(project / "data")
    capsys.readouterr()
    assert run(project, "import", str(changed), "--lang", "en") == 1
    assert snapshot(project / "data") == before
    out = capsys.readouterr().out
    hint = "(run again with --update to replace it with the sheet's content, or make the cell match the file)"
    assert [line.strip() for line in out.splitlines()[1:-1]] == [
        f"b.xlsx, row 4, column “{COL['citation']}”: differs from data/honourees/tran-van-duc.yaml: 'Tổ chức 12 hội chợ kết nối cung cầu.' → 'Tổ chức 15 hội chợ.' {hint}"
    ]
    assert run(project, "import", str(changed), "--update") == 0
    data = yaml.safe_load((project / "data/honourees/tran-van-duc.yaml").read_text(encoding="utf-8"))
    assert data["citation"]["vi"] == "Tổ chức 15 hội chợ."
    assert data["featured"] is True  # what the sheet does not hold is kept


def test_an_update_refusal_names_each_changed_column_old_and_new(project: Path, capsys) -> None:
    first = make_sheet(project, [row(date_of_birth="01/02/1985")], name="a.xlsx")
    assert run(project, "import", str(first)) == 0
    long_story = "Một câu chuyện dài " + "rất " * 30 + "dài."
    changed = make_sheet(
        project,
        [row(unit="Trung tâm Xúc tiến thương mại", award_form="Giấy khen của Giám đốc Sở", date="17/04/2021", story=long_story, achievements_en=None, date_of_birth="02/02/1985")],
        name="b.xlsx",
    )
    capsys.readouterr()
    assert run(project, "import", str(changed)) == 1
    lines = [line.strip() for line in capsys.readouterr().out.splitlines()[1:-1]]
    file = "data/honourees/tran-van-duc.yaml"
    assert [line.split(" (chạy lại với --update")[0] for line in lines] == [
        f"b.xlsx, dòng 4, cột “{COL['award_form']}”: khác với {file}: 'Bằng khen của Bộ trưởng Bộ Công Thương' → 'Giấy khen của Giám đốc Sở Công Thương'",
        f"b.xlsx, dòng 4, cột “{COL['date']}”: khác với {file}: 16/04/2021 → 17/04/2021",
        f"b.xlsx, dòng 4, cột “{COL['story']}”: khác với {file}: 'Đoạn một. Đoạn hai.' → '{long_story[:59]}…'",
        f"b.xlsx, dòng 4, cột “{COL['date_of_birth']}”: khác với ngày sinh trong {file} (không hiện: thông tin riêng)",
    ]
    assert "1985" not in "\n".join(lines)


def test_a_namesake_in_another_unit_gets_its_own_id(project: Path) -> None:
    path = make_sheet(project, [row(), row(unit="Văn phòng Sở", award_form="Giấy khen của Giám đốc Sở")])
    assert run(project, "import", str(path)) == 0
    assert yaml.safe_load((project / "data/honourees/tran-van-duc-2.yaml").read_text(encoding="utf-8"))["unit"] == "van-phong"
    assert run(project, "import", str(path)) == 0  # still matched to the same two files
    assert len(list((project / "data/honourees").glob("tran-van-duc*.yaml"))) == 2


A_THIRD_FORM = """          individual: 5
      - id: giay-khen-cong-doan
        name:
          vi: Giấy khen của Công đoàn Sở
          en: Certificate of the Department's Trade Union
        short_name:
          vi: Giấy khen Công đoàn
          en: Trade Union Certificate
        conferred_by:
          vi: Chủ tịch Công đoàn Sở
          en: Chair of the Department's Trade Union
        quota:
          collective: 0
          individual: 3
"""

COL = {k: header(k, "vi") for k in COLUMNS}
BAD_ROWS = {
    "missing-name": (
        [row(name=None)],
        [f"filled.xlsx, row 4, column “{COL['name']}”: this cell is empty (this column is required)"],
    ),
    "unknown-unit": (
        [row(unit="Phòng Quản lý Thương mạ")],
        [f"filled.xlsx, row 4, column “{COL['unit']}”: unknown unit 'Phòng Quản lý Thương mạ' (did you mean 'Phòng Quản lý Thương mại'? pick one from the list (sheet Danh mục))"],
    ),
    "unknown-award-form": (
        [row(award_form="Huân chương Lao động")],
        [f"filled.xlsx, row 4, column “{COL['award_form']}”: unknown award form 'Huân chương Lao động' (pick one from the list (sheet Danh mục))"],
    ),
    "wrong-kind-for-the-form": (
        [row(kind="Tập thể", name="Tổ Công đoàn", award_form="Giấy khen của Công đoàn Sở")],
        [f"filled.xlsx, row 4, column “{COL['award_form']}”: 'Giấy khen của Công đoàn Sở' is not given to collectives (pick an award form with a quota for them; quotas are in campaign.yaml)"],
    ),
    "duplicate-person": (
        [row(), row(name="TRẦN VĂN ĐỨC", position="Phó Giám đốc")],
        [f"filled.xlsx, row 5, column “{COL['name']}”: the same as row 4 (TRẦN VĂN ĐỨC, Trung tâm Xúc tiến thương mại) (keep one row per person or collective)"],
    ),
    "not-a-date": (
        [row(date="31/04/2021"), row(name="Lê Văn Tám", date="sáng thứ Hai", date_of_birth="1990-13-01")],
        [
            f"filled.xlsx, row 4, column “{COL['date']}”: '31/04/2021' is not a date (write it as 16/04/2021, or format the cell as a date)",
            f"filled.xlsx, row 5, column “{COL['date']}”: 'sáng thứ Hai' is not a date (write it as 16/04/2021, or format the cell as a date)",
            f"filled.xlsx, row 5, column “{COL['date_of_birth']}”: '1990-13-01' is not a date (write it as 16/04/2021, or format the cell as a date)",
        ],
    ),
    "over-quota": (
        [row(name="Nguyễn Văn Một"), row(name="Nguyễn Văn Hai"), row(name="Nguyễn Văn Ba")],
        [f"filled.xlsx, row 6, column “{COL['award_form']}”: Trung tâm Xúc tiến thương mại proposes 3 individuals for 'Bằng khen của Bộ trưởng Bộ Công Thương', over its quota of 2 (a unit proposes at most the plan's quota of each award form (campaign.yaml))"],
    ),
    "every-problem-of-a-row-at-once": (
        [row(name="Nguyễn Văn Một"), row(name="Nguyễn Văn Hai"), row(name="Nguyễn Văn Ba", date="31/04/2021", photo="khong-co.jpg")],
        [
            f"filled.xlsx, row 6, column “{COL['date']}”: '31/04/2021' is not a date (write it as 16/04/2021, or format the cell as a date)",
            f"filled.xlsx, row 6, column “{COL['photo']}”: photo 'khong-co.jpg' is neither in the sheet's folder nor in data/photos/ (put the file beside the sheet, or leave the cell empty for a placeholder)",
            f"filled.xlsx, row 6, column “{COL['award_form']}”: Trung tâm Xúc tiến thương mại proposes 3 individuals for 'Bằng khen của Bộ trưởng Bộ Công Thương', over its quota of 2 (a unit proposes at most the plan's quota of each award form (campaign.yaml))",
        ],
    ),
    "a-row-with-problems-still-counts-for-the-quota": (
        [row(name="Nguyễn Văn Một", citation=None), row(name="Nguyễn Văn Hai"), row(name="Nguyễn Văn Ba")],
        [
            f"filled.xlsx, row 4, column “{COL['citation']}”: this cell is empty (this column is required)",
            f"filled.xlsx, row 6, column “{COL['award_form']}”: Trung tâm Xúc tiến thương mại proposes 3 individuals for 'Bằng khen của Bộ trưởng Bộ Công Thương', over its quota of 2 (a unit proposes at most the plan's quota of each award form (campaign.yaml))",
        ],
    ),
    "nominated-before-the-campaign": (
        [row(date="01/01/2021")],
        [f"filled.xlsx, row 4, column “{COL['date']}”: nomination dated 2021-01-01, before the campaign starts (2021-02-01) (nominations fall inside or after the campaign period)"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_a_bad_row_is_reported_by_row_and_column_and_nothing_is_written(case: str, project: Path, capsys) -> None:
    campaign = project / "data/campaign.yaml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace("          individual: 5\n", A_THIRD_FORM, 1), encoding="utf-8")
    rows, expected = BAD_ROWS[case]
    path = make_sheet(project, rows)
    before = snapshot(project / "data")
    capsys.readouterr()
    assert run(project, "import", str(path), "--lang", "en") == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.strip() for line in out[1:-1]] == expected
    assert out[-1] == "Nothing was written. Fix the rows above and run again (or add --skip-invalid to import the valid rows)."
    assert snapshot(project / "data") == before


def test_the_row_messages_are_in_vietnamese_by_default(project: Path, capsys) -> None:
    path = make_sheet(project, [row(unit="Phòng Không Có")])
    capsys.readouterr()
    assert run(project, "import", str(path)) == 1
    out = capsys.readouterr().out
    assert f"filled.xlsx, dòng 4, cột “{COL['unit']}”: không có đơn vị 'Phòng Không Có' (chọn trong danh sách (trang Danh mục))" in out
    assert "Chưa ghi tệp nào." in out


def test_skip_invalid_writes_the_valid_rows_only(project: Path) -> None:
    path = make_sheet(project, [row(), row(name="Lê Văn Tám", unit="Không Có")])
    assert run(project, "import", str(path), "--skip-invalid") == 1
    assert (project / "data/honourees/tran-van-duc.yaml").is_file()
    assert not (project / "data/honourees/le-van-tam.yaml").exists()


def test_dry_run_writes_nothing(project: Path) -> None:
    path = make_sheet(project, [row()])
    before = snapshot(project / "data")
    assert run(project, "import", str(path), "--dry-run") == 0
    assert snapshot(project / "data") == before


def test_a_photo_beside_the_sheet_is_copied_under_the_honourees_id(project: Path) -> None:
    (project / "anh-duc.JPG").write_bytes((project / "data/photos/le-van-c.jpg").read_bytes())
    path = make_sheet(project, [row(photo="anh-duc.JPG", photo_alt="Anh Đức đứng trước gian hàng hội chợ")])
    assert run(project, "import", str(path)) == 0
    data = yaml.safe_load((project / "data/honourees/tran-van-duc.yaml").read_text(encoding="utf-8"))
    assert data["photo"] == {"file": "tran-van-duc.jpg", "alt": {"vi": "Anh Đức đứng trước gian hàng hội chợ"}}
    assert (project / "data/photos/tran-van-duc.jpg").read_bytes() == (project / "anh-duc.JPG").read_bytes()


def test_a_missing_photo_is_a_row_problem(project: Path, capsys) -> None:
    path = make_sheet(project, [row(photo="khong-co.jpg")])
    capsys.readouterr()
    assert run(project, "import", str(path), "--lang", "en") == 1
    assert "photo 'khong-co.jpg' is neither in the sheet's folder nor in data/photos/" in capsys.readouterr().out


def test_a_file_that_is_not_a_sheet_is_refused(project: Path, capsys) -> None:
    (project / "list.txt").write_text("x", encoding="utf-8")
    assert run(project, "import", str(project / "list.txt"), "--lang", "en") == 1
    assert "cannot read '.txt' files: save the sheet as .xlsx (Excel) or .csv" in capsys.readouterr().err


def test_a_sheet_without_the_required_columns_is_refused(project: Path, capsys) -> None:
    path = project / "other.csv"
    path.write_text("STT,Họ và tên,Đơn vị,Chức vụ, vai trò\n1,A,B,C\n", encoding="utf-8")
    assert run(project, "import", str(path), "--lang", "en") == 1
    err = capsys.readouterr().err
    assert "no header row found" in err or "the sheet has no column" in err


def test_imported_files_are_readable_by_everyone_like_those_new_writes(project: Path) -> None:
    path = make_sheet(project, [row()])
    umask = os.umask(0o022)
    try:
        assert run(project, "import", str(path)) == 0
    finally:
        os.umask(umask)
    for name in ("honourees/tran-van-duc.yaml", "photos/tran-van-duc.jpg"):
        assert (project / "data" / name).stat().st_mode & 0o777 == 0o644, name


@pytest.mark.parametrize(
    ("cell", "criteria"),
    [
        ("Tất cả tiêu chuẩn", ["cn-chap-hanh", "cn-tham-gia", "cn-thanh-tich"]),
        ("cn-thanh-tich, CN-CHAP-HANH", ["cn-chap-hanh", "cn-thanh-tich"]),
        ("cn-tham-gia: Tham gia đợt thi đua có hiệu quả, thiết thực, gắn kết chặt chẽ với việc thực hiện nhiệm vụ chính trị của đơn vị;", ["cn-tham-gia"]),
        ("gương mẫu chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước\ncn-tham-gia", ["cn-chap-hanh", "cn-tham-gia"]),
    ],
)
def test_the_criteria_column_takes_ids_texts_or_all(project: Path, cell: str, criteria: list[str]) -> None:
    path = make_sheet(project, [row(criteria=cell, featured="Có")])
    assert run(project, "import", str(path)) == 0
    data = yaml.safe_load((project / "data/honourees/tran-van-duc.yaml").read_text(encoding="utf-8"))
    assert (data["criteria"], data["featured"]) == (criteria, True)


def test_bad_criteria_and_featured_cells_are_row_problems(project: Path, capsys) -> None:
    path = make_sheet(project, [row(criteria="cn-chap-hanh, tt-to-chuc, gương sáng", featured="có lẽ")])
    capsys.readouterr()
    assert run(project, "import", str(path), "--lang", "en") == 1
    lines = [line.strip() for line in capsys.readouterr().out.splitlines()[1:-1]]
    assert lines == [
        f"filled.xlsx, row 4, column “{COL['criteria']}”: criterion 'tt-to-chuc' is for collectives, not individuals (use one of cn-chap-hanh, cn-tham-gia, cn-thanh-tich)",
        f"filled.xlsx, row 4, column “{COL['criteria']}”: unknown criterion 'gương sáng' (use the id or the text of a criterion: cn-chap-hanh, cn-tham-gia, cn-thanh-tich; or “Tất cả tiêu chuẩn”)",
        f"filled.xlsx, row 4, column “{COL['featured']}”: 'có lẽ' is neither Có (yes) nor Không (no) (pick Có or Không from the list, or leave the cell empty)",
    ]


def test_an_update_keeps_criteria_and_featured_the_sheet_leaves_empty(project: Path) -> None:
    first = make_sheet(project, [row(criteria="cn-chap-hanh", featured="Có")], name="a.xlsx")
    assert run(project, "import", str(first)) == 0
    again = make_sheet(project, [row(citation="Tổ chức 15 hội chợ.")], name="b.xlsx")
    assert run(project, "import", str(again), "--update") == 0
    data = yaml.safe_load((project / "data/honourees/tran-van-duc.yaml").read_text(encoding="utf-8"))
    assert (data["criteria"], data["featured"], data["citation"]["vi"]) == (["cn-chap-hanh"], True, "Tổ chức 15 hội chợ.")
    later = make_sheet(project, [row(citation="Tổ chức 15 hội chợ.", criteria="Tất cả", featured="Không")], name="c.xlsx")
    assert run(project, "import", str(later), "--update") == 0
    data = yaml.safe_load((project / "data/honourees/tran-van-duc.yaml").read_text(encoding="utf-8"))
    assert (data["criteria"], data["featured"]) == (["cn-chap-hanh", "cn-tham-gia", "cn-thanh-tich"], False)


def test_an_unreadable_photo_of_a_row_with_other_problems_is_named_too(project: Path, capsys) -> None:
    # A row not planned further (its date is wrong) still has its photo checked: named, never a traceback.
    (project / "hong.jpg").write_bytes(b"\xff\xd8 not a picture")
    path = make_sheet(project, [row(date="31/04/2021", photo="hong.jpg")])
    capsys.readouterr()
    assert run(project, "import", str(path), "--lang", "en") == 1
    out = capsys.readouterr().out
    assert f"column “{COL['date']}”: '31/04/2021' is not a date" in out
    assert f"column “{COL['photo']}”: photo 'hong.jpg' is" in out
