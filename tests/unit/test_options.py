"""The site's options (mkdocs.yml, extra.thidua): read once into a typed model; a bad value names the file and the option."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_project
from thidua.model.options import OptionsError, ProjectOptions, read_options
from thidua.office.cli import main


def test_absent_or_empty_options_keep_their_defaults(tmp_path: Path) -> None:
    assert read_options(None) == ProjectOptions() == read_options({"pdf": None, "data_dir": None})
    options = ProjectOptions()
    assert (options.data_dir, options.cache_dir, options.archive, options.pdf) == ("data", ".cache", False, False)
    assert options.data_path(tmp_path) == (tmp_path / "data").resolve()
    assert options.photo_cache(tmp_path) == (tmp_path / ".cache" / "photos").resolve()


@pytest.mark.parametrize(
    ("value", "flag"),
    [(True, True), (False, False), ("true", True), ("TRUE", True), (" yes ", True), ("on", True), ("1", True), (1, True),
     ("false", False), ("no", False), ("off", False), ("0", False), (0, False)],
)
def test_flags_read_yaml_values_and_the_text_of_environment_variables(value: object, flag: bool) -> None:
    options = read_options({"archive": value, "pdf": value})
    assert options.archive is flag and options.pdf is flag


def test_every_bad_option_is_named_with_the_file_in_english_and_vietnamese() -> None:
    with pytest.raises(OptionsError) as caught:
        read_options({"data_dri": "data", "pdf": "maybe", "cache_dir": 3, "archive": 2}, "mkdocs.yml")
    en = caught.value.format("en").splitlines()
    assert en[0] == "4 problems in the site's options (mkdocs.yml, extra.thidua):"
    assert en[1].startswith("  mkdocs.yml: extra.thidua.data_dri: 'data_dri' is not an option (did you mean 'data_dir'?")
    assert en[2].startswith("  mkdocs.yml: extra.thidua.pdf: must be true or false, not 'maybe' (write true or false")
    assert en[3] == "  mkdocs.yml: extra.thidua.cache_dir: must be a folder, from mkdocs.yml's folder (e.g. .cache), not 3"
    assert en[4].startswith("  mkdocs.yml: extra.thidua.archive: must be true or false, not 2")
    vi = caught.value.format("vi").splitlines()
    assert vi[0] == "Có 4 lỗi trong các tùy chọn của trang (mkdocs.yml, extra.thidua):"
    assert vi[2].startswith("  mkdocs.yml: extra.thidua.pdf: phải là true hoặc false, không phải 'maybe'")


def test_options_that_are_not_a_mapping_say_what_the_options_are() -> None:
    with pytest.raises(OptionsError) as caught:
        read_options(["data"])
    assert str(caught.value).splitlines()[1] == (
        "  mkdocs.yml: extra.thidua: must hold the options as name: value, not ['data'] "
        "(the options are data_dir, cache_dir, archive, pdf, campaign)"
    )


def test_the_office_command_reads_the_data_folder_through_the_same_options(tmp_path: Path, capsys) -> None:
    project = copy_project(tmp_path / "project")
    (project / "data").rename(project / "du-lieu-goc")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("    data_dir: data\n", "    data_dir: du-lieu-goc\n"), encoding="utf-8")
    assert main(["check", "--project", str(project)]) == 0
    capsys.readouterr()
    config.write_text(text.replace("    data_dir: data\n", "    data_dir: [du-lieu-goc]\n"), encoding="utf-8")
    assert main(["check", "--project", str(project)]) == 1
    out = capsys.readouterr().out
    assert "mkdocs.yml: extra.thidua.data_dir: phải là một thư mục" in out
