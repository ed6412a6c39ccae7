"""`thidua check` and `thidua new`, their help in both languages, and the data messages in Vietnamese."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml
from test_data_errors import CASES, apply_case

from conftest import VIETNAMESE_ONLY, copy_project
from thidua.load.files import load_site
from thidua.model.dates import build_date
from thidua.model.problems import DataError, Msg, Problem
from thidua.model.strings import keys
from thidua.office.cli import Console, build_parser, cmd_new, main

VI_CASES = sorted(p.parent.name for p in CASES.glob("*/expected.vi.txt"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def run(project: Path, *args: str) -> int:
    return main([*args, "--project", str(project)])


def test_every_error_message_key_exists_in_both_languages() -> None:
    vi = {k for k in keys("vi") if k.startswith("error.")}
    en = {k for k in keys("en") if k.startswith("error.")}
    assert len(vi) > 100
    assert vi == en


def test_a_keyed_problem_keeps_its_english_text_and_renders_vietnamese() -> None:
    problem = Problem.keyed("data/units.yaml", 3, "units[0].id", Msg.of("error.unknown_unit", id="x"), Msg.of("error.suggest", where="units.yaml"))
    assert problem.message == "unknown unit 'x'"
    assert problem.format() == "data/units.yaml:3: units[0].id: unknown unit 'x' (ids are listed in units.yaml)"
    assert problem.format("vi") == "data/units.yaml:3: units[0].id: không có đơn vị 'x' (các mã có trong units.yaml)"


def test_there_are_vietnamese_golden_cases() -> None:
    assert len(VI_CASES) >= 2


@pytest.mark.parametrize("case", VI_CASES)
def test_data_problems_read_in_vietnamese(case: str, tmp_path: Path) -> None:
    lines = apply_case(CASES / case, tmp_path)
    expected = [line.format(**lines) for line in (CASES / case / "expected.vi.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    with pytest.raises(DataError) as caught:
        load_site(tmp_path / "data", root=tmp_path)
    assert [p.format("vi") for p in caught.value.problems] == expected
    assert caught.value.format("vi").splitlines()[0] == f"Có {len(expected)} lỗi trong dữ liệu của đợt thi đua:"


def test_check_passes_on_a_vietnamese_only_campaign_and_says_so(tmp_path: Path, capsys) -> None:
    project = copy_project(tmp_path / "p", VIETNAMESE_ONLY)
    assert run(project, "check") == 0
    assert run(project, "check", "--strict") == 0
    # The same two lines each time: no warning, nothing about translation but the languages.
    assert capsys.readouterr().out.splitlines() == 2 * [
        "Dữ liệu hợp lệ: 7 tập thể, cá nhân; 8 đơn vị; 3 hình thức khen thưởng.",
        "Ngôn ngữ: tiếng Việt (không xuất bản tiếng Anh).",
    ]


def test_check_reports_english_coverage_in_one_line_and_lists_it_on_request(project: Path, capsys) -> None:
    assert run(project, "check", "--lang", "en") == 0
    assert capsys.readouterr().out.splitlines()[1] == "English: all 153 texts translated"
    campaign = project / "data/campaign.yaml"
    text = campaign.read_text(encoding="utf-8")
    for english in ("    en: Purposes and requirements\n", "    en: Contents of the campaign\n", "      en: Award forms\n"):
        assert english in text
        text = text.replace(english, "", 1)
    campaign.write_text(text, encoding="utf-8")
    # Missing English is a report, not a failure, even with --strict.
    assert run(project, "check") == 0 and run(project, "check", "--strict") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "Tiếng Anh: thiếu 3 trên 153 đoạn, đã dịch 98 % (thidua check --list liệt kê từng chỗ)"
    assert len(out) == 4 and out[2] == out[0]
    assert run(project, "check", "--list", "--lang", "en") == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[1:3] == ["English: 3 of 153 texts missing, 98 % translated", "Texts with no English yet:"]
    assert [line.split(": ")[:2] for line in listed[3:]] == [
        ["  data/campaign.yaml:38", "purposes › heading › en"],
        ["  data/campaign.yaml:56", "contents › heading › en"],
        ["  data/campaign.yaml:99", "awards › forms › heading › en"],
    ]


def test_check_fails_on_missing_english_when_the_campaign_requires_it(project: Path, capsys) -> None:
    site = project / "data/site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("english: on", "english: required"), encoding="utf-8")
    campaign = project / "data/campaign.yaml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace("    en: Purposes and requirements\n", "", 1), encoding="utf-8")
    assert run(project, "check", "--lang", "en") == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        "1 problem in the campaign data:",
        "  data/campaign.yaml:38: purposes › heading › en: no English translation, and site.yaml says english: required (add an `en:` line, or set english: on in site.yaml)",
    ]


def test_check_lists_every_problem_in_vietnamese_then_english(project: Path, capsys) -> None:
    units = project / "data/units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("named_in_plan: true\n", "named_in_plan: true\n    shortname: VP\n", 1), encoding="utf-8")
    assert run(project, "check") == 1
    vi = capsys.readouterr().out.splitlines()
    assert vi[0] == "Có 1 lỗi trong dữ liệu của đợt thi đua:"
    assert vi[1].startswith("  data/units.yaml:16: units › mục 'van-phong' › shortname: ở đây không có mục nào tên như vậy (có phải là 'short_name'?")
    assert vi[-1] == "Hãy sửa các lỗi trên rồi chạy lại: thidua check"
    assert run(project, "check", "--lang", "en") == 1
    en = capsys.readouterr().out.splitlines()
    assert en[:2] == [
        "1 problem in the campaign data:",
        "  data/units.yaml:16: units › entry 'van-phong' › shortname: there is no field of this name here (did you mean 'short_name'? the fields used here: id, name, short_name, kind, kind_label, named_in_plan, former_names, until, merged_into)",
    ]


def test_check_finds_the_project_from_a_subfolder(project: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(project / "data" / "honourees")
    assert main(["check", "--lang", "en"]) == 0
    assert "The data is valid" in capsys.readouterr().out


def test_check_outside_a_project_says_where_to_run_it(tmp_path: Path, capsys) -> None:
    assert main(["check", "--project", str(tmp_path)]) == 1
    assert "không thấy mkdocs.yml" in capsys.readouterr().err


@pytest.mark.parametrize(("lang", "words"), [("vi", ["cách dùng: thidua", "kiểm tra toàn bộ dữ liệu"]), ("en", ["usage: thidua", "check all data"])])
def test_help_is_in_the_language_asked_for(lang: str, words: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", lang, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert all(w in out for w in words)


def test_new_writes_a_commented_file_that_check_asks_to_complete(project: Path, capsys) -> None:
    args = ["new", "--kind", "cá nhân", "--name", "Đặng Thị Đào", "--unit", "TT KC", "--award-form", "bang-khen-bo-truong", "--date", "20/04/2021"]
    assert run(project, *args) == 0
    path = project / "data/honourees/dang-thi-dao.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/honouree.schema.json\n")
    assert "# Chức vụ, vai trò" in text and "cn-chap-hanh: Gương mẫu" in text
    data = yaml.safe_load(text)
    assert data["name"] == "Đặng Thị Đào" and data["unit"] == "trung-tam-khuyen-cong"
    assert data["nomination"]["proposed_by"] == "trung-tam-khuyen-cong"
    assert (project / "data/photos/dang-thi-dao.jpg").is_file()
    capsys.readouterr()
    assert run(project, "check", "--lang", "en") == 1
    out = capsys.readouterr().out
    for field in ("position › vi", "citation › vi", "story › vi", "achievements › item 1 › vi"):
        assert "data/honourees/dang-thi-dao.yaml:" in out and f": {field}: must not be empty" in out


def test_new_never_overwrites_and_numbers_a_namesake(project: Path, capsys) -> None:
    args = ["new", "--kind", "individual", "--name", "Nguyễn Văn A", "--unit", "van-phong", "--award-form", "giay-khen-giam-doc"]
    before = (project / "data/honourees/nguyen-van-a.yaml").read_bytes()
    assert run(project, *args) == 0
    assert (project / "data/honourees/nguyen-van-a.yaml").read_bytes() == before
    assert yaml.safe_load((project / "data/honourees/nguyen-van-a-2.yaml").read_text(encoding="utf-8"))["name"] == "Nguyễn Văn A"
    assert "nguyen-van-a" in capsys.readouterr().out


def test_new_asks_what_the_flags_leave_out(project: Path, capsys) -> None:
    # individual, name, a wrong number, unit 1, form 2, nomination date, published date (Enter: the same), featured
    answers = iter(["2", "Phạm Văn Bình", "9", "1", "2", "20/04/2021", "", "có"])
    args = build_parser("vi").parse_args(["new", "--project", str(project)])
    con = Console("vi")
    assert cmd_new(args, con, ask=lambda prompt: next(answers)) == 0
    data = yaml.safe_load((project / "data/honourees/pham-van-binh.yaml").read_text(encoding="utf-8"))
    assert (data["kind"], data["unit"], data["nomination"]["award_form"]) == ("individual", "van-phong", "giay-khen-giam-doc")
    assert (data["nomination"]["date"], data["published"], data["featured"]) == (dt.date(2021, 4, 20), dt.date(2021, 4, 20), True)
    out = capsys.readouterr().out
    assert "Không có '9' trong danh sách: gõ một số từ 1 đến 7, hoặc gõ tên" in out
    assert "Ngày đề nghị 20/04/2021; ngày đăng 20/04/2021; hiện ở trang chủ: có." in out


def test_new_accepts_names_as_well_as_numbers_and_shows_the_defaults(project: Path, capsys) -> None:
    prompts: list[str] = []
    # kind by name, unit by a word of its name without diacritics, an ambiguous word, then a short name,
    # the form by its id; Enter for both dates and for "featured"
    answers = iter(["cá nhân", "Lê Thị Hoa", "phong", "TT KC", "bang-khen-bo-truong", "", "", ""])

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    args = build_parser("vi").parse_args(["new", "--project", str(project)])
    assert cmd_new(args, Console("vi"), ask=ask) == 0
    data = yaml.safe_load((project / "data/honourees/le-thi-hoa.yaml").read_text(encoding="utf-8"))
    today = build_date()
    assert (data["kind"], data["unit"], data["nomination"]["award_form"]) == ("individual", "trung-tam-khuyen-cong", "bang-khen-bo-truong")
    assert (data["nomination"]["date"], data["published"], data["featured"]) == (today, today, False)
    assert f"Ngày đề nghị (Enter: hôm nay, {today:%d/%m/%Y}): " in prompts
    assert f"Ngày đăng câu chuyện (Enter: {today:%d/%m/%Y}): " in prompts
    out = capsys.readouterr().out
    assert "'phong' khớp với nhiều mục (Văn phòng Sở; Phòng Quản lý Công nghiệp;" in out
    assert "  → Trung tâm Khuyến công" in out


def test_new_asks_again_for_a_date_that_is_not_one(project: Path, capsys) -> None:
    answers = iter(["31/04/2021", "16/04/2021", "22/04/2021", "2"])
    args = build_parser("en").parse_args(
        ["new", "--kind", "individual", "--name", "Hà Văn Nam", "--unit", "van-phong", "--award-form", "giay-khen-giam-doc", "--project", str(project)]
    )
    assert cmd_new(args, Console("en"), ask=lambda prompt: next(answers)) == 0
    data = yaml.safe_load((project / "data/honourees/ha-van-nam.yaml").read_text(encoding="utf-8"))
    assert (data["nomination"]["date"], data["published"], data["featured"]) == (dt.date(2021, 4, 16), dt.date(2021, 4, 22), False)
    assert "'31/04/2021' is not a date: write it as 16/04/2021" in capsys.readouterr().out


def test_new_takes_the_dates_and_featured_as_flags(project: Path) -> None:
    args = ["new", "--kind", "Tập thể", "--name", "Tổ Hội chợ", "--unit", "Trung tâm Xúc tiến thương mại", "--award-form", "Giấy khen"]
    assert run(project, *args, "--date", "18/04/2021", "--published", "2021-04-25", "--featured") == 0
    data = yaml.safe_load((project / "data/honourees/to-hoi-cho.yaml").read_text(encoding="utf-8"))
    assert (data["nomination"]["date"], data["published"], data["featured"]) == (dt.date(2021, 4, 18), dt.date(2021, 4, 25), True)


def test_new_writes_its_files_readable_by_everyone(project: Path) -> None:
    umask = os.umask(0o022)
    try:
        assert run(project, "new", "--kind", "individual", "--name", "Đỗ Văn Mười", "--unit", "van-phong", "--award-form", "giay-khen-giam-doc") == 0
    finally:
        os.umask(umask)
    for path in (project / "data/honourees/do-van-muoi.yaml", project / "data/photos/do-van-muoi.jpg"):
        assert path.stat().st_mode & 0o777 == 0o644


def test_new_refuses_an_unknown_unit_and_lists_the_valid_ones(project: Path, capsys) -> None:
    args = ["new", "--kind", "individual", "--name", "X Y", "--unit", "nowhere", "--award-form", "giay-khen-giam-doc", "--lang", "en"]
    assert run(project, *args) == 1
    err = capsys.readouterr().err
    assert "error: 'nowhere' is not a known unit; use one of: Department Office; Industry Management Division;" in err
    assert not (project / "data/honourees/x-y.yaml").exists()


def test_check_strict_passes_an_incomplete_translation_and_says_valid(project: Path, capsys) -> None:
    # A gap in the English is a report, never a warning: --strict (the publishing check) still passes.
    path = project / "data/honourees/nguyen-van-a.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  en: Officer in charge of information technology\n", "", 1), encoding="utf-8")
    assert run(project, "check", "--strict") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Dữ liệu hợp lệ") and out[1].startswith("Tiếng Anh: thiếu 1 trên ")
    assert not any("--strict" in line and "lỗi" in line for line in out)

