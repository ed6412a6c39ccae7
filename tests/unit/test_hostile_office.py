"""Hostile or broken sheets and spreadsheet output: formulas never run, broken files give one line in the clerk's language."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_cli_import import make_sheet, row, run, snapshot
from test_hostile import ATTACKS

from thidua.model.text import excel_text
from thidua.office.sheet import MAX_ROWS, MAX_SHEET_BYTES, SheetError, read_sheet


@pytest.fixture
def project(tmp_path: Path) -> Path:
    from conftest import copy_project

    return copy_project(tmp_path / "project")


# --- formulas ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ATTACKS["formula_cells"])
def test_a_cell_that_would_be_a_formula_is_written_for_excel_as_text(cell: str) -> None:
    from thidua.publish.exports import _csv

    assert excel_text(cell) == "'" + cell
    written = _csv(["a", "b"], [[cell, "ok"]]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(written, newline="")))[1] == ["'" + cell, "ok"]


@pytest.mark.parametrize("cell", ["Nguyễn Văn A", "2021-04-16", "x=1", "'=1"])
def test_other_cells_are_written_as_they_are(cell: str) -> None:
    assert excel_text(cell) == cell


def test_the_template_writes_a_unit_named_like_a_formula_as_text(project: Path) -> None:
    units = project / "data" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("vi: Văn phòng Sở", "vi: '=HYPERLINK(\"x\")'", 1), encoding="utf-8")
    assert run(project, "check") == 0
    assert run(project, "template", str(project / "mau.xlsx")) == 0
    wb = load_workbook(project / "mau.xlsx")
    lists = wb["Danh mục"]
    assert (lists["A2"].value, lists["A2"].data_type) == ('=HYPERLINK("x")', "s")
    example = wb["Đề nghị"]
    assert example["G3"].data_type == "s" and example["G3"].value.startswith("=")
    # Every text column is formatted as text: what the clerk types there stays text.
    assert example["C3"].number_format == "@" and example.column_dimensions["C"].number_format == "@"
    assert run(project, "template", str(project / "mau.csv")) == 0
    rows = list(csv.reader(io.StringIO((project / "mau.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert rows[2][6] == "'" + '=HYPERLINK("x")'


def test_an_imported_formula_cell_is_an_error_naming_row_and_column(project: Path, capsys) -> None:
    path = make_sheet(project, [row(position='=HYPERLINK("https://tracker.example/","Bấm")')])
    before = snapshot(project / "data")
    capsys.readouterr()
    assert run(project, "import", str(path)) == 1
    assert snapshot(project / "data") == before
    assert capsys.readouterr().err.strip() == (
        "lỗi: filled.xlsx, dòng 4, cột “Chức vụ, vai trò”: ô chứa công thức "
        '(=HYPERLINK("https://tracker.example/","Bấm")); lệnh nhập đọc mọi ô như chữ: gõ chính giá trị, '
        "hoặc sao chép ô rồi dán chỉ lấy giá trị"
    )


def test_a_text_cell_that_looks_like_a_formula_is_imported_as_text(project: Path) -> None:
    import yaml
    from openpyxl import load_workbook as load

    path = make_sheet(project, [row()])
    wb = load(path)
    ws = wb.worksheets[0]
    ws["E4"].value = "=1+1"
    ws["E4"].data_type = "s"
    wb.save(path)
    assert run(project, "import", str(path)) == 0
    data = yaml.safe_load((project / "data/honourees/tran-van-duc.yaml").read_text(encoding="utf-8"))
    assert data["position"]["vi"] == "=1+1"


@pytest.mark.parametrize("char", [c for c in ATTACKS["control_characters"] if c not in "\r\x00"])
def test_a_control_character_in_a_cell_stops_the_import_with_row_and_column(project: Path, char: str, capsys) -> None:
    path = make_sheet(project, [row(name=f"Trần{char}Văn Đức")], name="filled.csv")
    before = snapshot(project / "data")
    capsys.readouterr()
    assert run(project, "import", str(path), "--lang", "en") == 1
    assert snapshot(project / "data") == before
    assert capsys.readouterr().err.strip() == (
        f"error: filled.csv, row 4, column “Tên tập thể hoặc họ và tên”: the cell holds an invisible control character "
        f"(U+{ord(char):04X}): delete it and type the text again"
    )


# --- files that are no sheet -----------------------------------------------------------------------


def message(path: Path, lang: str = "vi") -> str:
    with pytest.raises(SheetError) as caught:
        read_sheet(path)
    return caught.value.msg.render(lang)


def test_a_csv_renamed_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "de-nghi.xlsx"
    path.write_text("Loại,Tên\nCá nhân,Nguyễn Văn A\n", encoding="utf-8")
    assert message(path) == (
        "de-nghi.xlsx không phải là tệp Excel (có thể là tệp CSV hay tệp khác bị đổi đuôi thành .xlsx): "
        "mở bằng Excel rồi lưu lại dạng .xlsx, hoặc đặt đuôi .csv cho tệp CSV"
    )


def test_an_empty_file(tmp_path: Path) -> None:
    for name in ("de-nghi.xlsx", "de-nghi.csv"):
        (tmp_path / name).write_bytes(b"")
        assert message(tmp_path / name, "en") == f"{name} is empty (0 bytes): save the sheet again in Excel, or copy it again"


def test_a_truncated_sheet(project: Path, tmp_path: Path) -> None:
    full = make_sheet(project, [row()])
    path = tmp_path / "de-nghi.xlsx"
    path.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    assert message(path) == (
        "de-nghi.xlsx bị hỏng hoặc không đầy đủ (BadZipFile): sao chép lại tệp, hoặc mở bằng Excel rồi lưu lại dạng .xlsx"
    )


def test_a_password_protected_sheet(tmp_path: Path) -> None:
    # What Excel writes when a workbook is saved with a password: an OLE compound file (signature
    # D0 CF 11 E0 A1 B1 1A E1) whose directory names the EncryptedInfo and EncryptedPackage streams.
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    directory = "EncryptionInfo".encode("utf-16-le").ljust(128, b"\0") + "EncryptedPackage".encode("utf-16-le").ljust(128, b"\0")
    path = tmp_path / "mat-khau.xlsx"
    path.write_bytes(header + directory + bytes(4096))
    assert message(path) == "mat-khau.xlsx: tệp được bảo vệ bằng mật khẩu: mở bằng Excel rồi lưu lại không có mật khẩu"
    assert message(path, "en") == "mat-khau.xlsx: the file is protected by a password: open it in Excel and save it without one"


def test_an_old_xls_renamed_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "cu.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + "Workbook".encode("utf-16-le").ljust(4096, b"\0"))
    assert message(path, "en") == "cu.xlsx is an old Excel file (.xls): open it in Excel and save it as .xlsx"


def test_a_zip_that_is_no_workbook(tmp_path: Path) -> None:
    path = tmp_path / "anh.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8")
    assert message(path, "en").startswith("anh.xlsx is not an Excel file")


def test_a_zip_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = bytes(1 << 20)
            for _ in range(210):  # 210 MB of zeros, about 200 KB zipped
                member.write(chunk)
    assert path.stat().st_size < 1_000_000
    assert message(path, "en").startswith("bom.xlsx is too large for a nomination sheet")


def test_an_over_large_file(tmp_path: Path) -> None:
    path = tmp_path / "lon.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_SHEET_BYTES + 1)  # sparse
    assert message(path, "en") == (
        f"lon.csv is too large for a nomination sheet ({MAX_SHEET_BYTES + 1} bytes; the limit is {MAX_SHEET_BYTES}): "
        "check that it is the right file"
    )


def test_a_sheet_with_too_many_rows(tmp_path: Path) -> None:
    path = tmp_path / "dai.csv"
    path.write_text("Loại\n" + "\n".join("," for _ in range(MAX_ROWS + 1)), encoding="utf-8")
    assert message(path, "en") == (
        f"dai.csv has more than {MAX_ROWS} rows: delete the empty rows below the table, or split the sheet"
    )


def test_each_broken_sheet_is_one_line_from_the_command(project: Path, tmp_path: Path, capsys) -> None:
    path = tmp_path / "de-nghi.xlsx"
    path.write_text("Loại,Tên\n", encoding="utf-8")
    assert run(project, "import", str(path)) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.err.startswith("lỗi: de-nghi.xlsx không phải là tệp Excel")


# --- the import: stories, all or none, one at a time ------------------------------------------------


@pytest.mark.parametrize("story", ATTACKS["script_links"][:6] + ATTACKS["foreign_images"][:3])
def test_an_imported_story_with_a_script_link_or_foreign_picture_is_refused(project: Path, story: str, capsys) -> None:
    import markdown

    from thidua.model.story import StoryRenderer

    expected = StoryRenderer().check(story)
    path = make_sheet(project, [row(story_en=story)])
    before = snapshot(project / "data")
    capsys.readouterr()
    code = run(project, "import", str(path), "--lang", "en")
    out = capsys.readouterr().out
    if not expected and "<a " not in markdown.markdown(story):
        assert code == 0  # Markdown shows it as text: nothing to click
        return
    assert code == 1
    assert snapshot(project / "data") == before
    column = "“Câu chuyện bằng tiếng Anh”"
    assert f"filled.xlsx, row 4, column {column}: " in out
    assert ("link to '" in out) or ("picture " in out)


def test_a_full_disk_half_way_leaves_data_as_it_was_and_names_the_file(project: Path, monkeypatch, capsys) -> None:
    import errno

    from thidua.office import transaction

    path = make_sheet(project, [row(), row(name="Lê Thị Hoa", unit="Văn phòng Sở", award_form="Giấy khen của Giám đốc Sở"), row(name="Phạm Văn Bình")])
    before = snapshot(project / "data")
    real_open, calls = open, []

    def disk_fills_up(file, mode="r", *args, **kwargs):  # the fourth file staged finds the disk full
        if "w" in mode and Path(file).parent.name.startswith(".data.import-"):
            calls.append(file)
            if len(calls) == 4:
                raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(transaction, "open", disk_fills_up, raising=False)
    capsys.readouterr()
    assert run(project, "import", str(path), "--lang", "en") == 1
    assert snapshot(project / "data") == before
    assert not list(project.glob(".data.import-*"))
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: could not write data/")
    assert "(No space left on device): nothing was changed in data/;" in err


def test_a_move_that_fails_half_way_is_rolled_back(project: Path) -> None:
    """A real failure: the third file's place has become a folder between planning and writing."""
    from thidua.load.files import load_site
    from thidua.office.nominations import apply_plan, plan_import
    from thidua.office.transaction import WriteError

    path = make_sheet(project, [row(), row(name="Lê Thị Hoa", unit="Văn phòng Sở", award_form="Giấy khen của Giám đốc Sở")])
    data = project / "data"
    existing = data / "honourees" / "le-van-c.yaml"
    original = existing.read_bytes()
    site = load_site(data, root=project)
    plan = plan_import(read_sheet(path), site, data)
    targets = [target for target, _ in plan.files()]
    assert len(targets) == 4  # two placeholders, two honouree files
    blocked = targets[-1]
    plan.planned[-1].files.insert(-1, (existing, b"changed"))  # an existing file replaced just before the failing move
    before = snapshot(data)
    blocked.mkdir(parents=True)
    with pytest.raises(WriteError) as caught:
        apply_plan(plan, data)
    assert caught.value.path == blocked
    blocked.rmdir()
    assert snapshot(data) == before
    assert existing.read_bytes() == original


def test_a_second_import_waits_then_stops_with_a_message(project: Path, monkeypatch, capsys) -> None:
    from thidua.office import transaction

    path = make_sheet(project, [row()])
    monkeypatch.setattr(transaction, "LOCK_WAIT", 0.5)
    before = snapshot(project / "data")
    capsys.readouterr()
    with transaction.exclusive(project / "data"):
        assert run(project, "import", str(path)) == 1
    captured = capsys.readouterr()
    assert captured.out.strip() == "Đang có một lệnh nhập khác ghi vào dữ liệu này: chờ lệnh đó xong…"
    assert captured.err.strip() == "lỗi: một lệnh nhập khác vẫn đang ghi vào dữ liệu này: chạy lại lệnh này khi lệnh kia đã xong"
    assert snapshot(project / "data") == before
    assert run(project, "import", str(path)) == 0  # the lock is released with its holder


def test_two_imports_at_once_keep_both_honourees(project: Path) -> None:
    """Two real processes, each importing a Trần Văn Đức of another unit: the second plans from what the first wrote."""
    import os
    import subprocess
    import sys

    from conftest import REPO

    first = make_sheet(project, [row()], name="a.xlsx")
    second = make_sheet(project, [row(unit="Văn phòng Sở", award_form="Giấy khen của Giám đốc Sở")], name="b.xlsx")
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks")}
    cmd = [sys.executable, "-m", "thidua", "import", "--project", str(project), "--lang", "en"]
    procs = [subprocess.Popen([*cmd, str(sheet)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for sheet in (first, second)]
    outputs = [proc.communicate(timeout=300) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], outputs
    files = sorted(p.name for p in (project / "data" / "honourees").glob("tran-van-duc*.yaml"))
    assert files == ["tran-van-duc-2.yaml", "tran-van-duc.yaml"]
    units = {yaml_unit(project / "data" / "honourees" / name) for name in files}
    assert units == {"trung-tam-xuc-tien-thuong-mai", "van-phong"}


def yaml_unit(path: Path) -> str:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))["unit"]
