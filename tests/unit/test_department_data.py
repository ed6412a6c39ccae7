"""A Department's data (data/campaigns/<slug>/): what each campaign inherits, a unit's name as it was, the
person ids across campaigns, and each kind of bad layout or reference named by its file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import BILINGUAL, TWICE, TWICE_PERSON, copy_department
from thidua.load.department import is_department, load_department
from thidua.model.problems import DataError

PRIMARY, OTHER = "thi-dua-70-nam", "thi-dua-ai-quoc-2018"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_department(tmp_path / "project")


def problems(project: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_department(project / "data", root=project)
    return [p.format("en") for p in caught.value.problems]


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_each_campaign_inherits_the_departments_facts_and_keeps_its_own(project: Path) -> None:
    department = load_department(project / "data", root=project)
    assert [slug for slug, _ in department.newest_first()] == [PRIMARY, OTHER]
    primary, other = department.campaign(PRIMARY), department.campaign(OTHER)
    assert primary.info.slug == PRIMARY and other.info.slug == OTHER
    assert primary.info.publisher == department.info.publisher  # inherited
    assert other.languages == ("vi",) and primary.languages == ("vi", "en")  # its own english: off
    # The unit renamed at the end of 2019, as each campaign shows it.
    assert other.unit("phong-quan-ly-thuong-mai").name.vi == "Phòng Thương mại"
    assert primary.unit("phong-quan-ly-thuong-mai").name.vi == "Phòng Quản lý Thương mại"
    assert department.people[TWICE_PERSON] == ((PRIMARY, TWICE[PRIMARY]), (OTHER, TWICE[OTHER]))
    (entry,) = department.elsewhere(PRIMARY)[TWICE[PRIMARY]]
    assert (entry.campaign, entry.honouree, entry.year, entry.languages) == (OTHER, TWICE[OTHER], 2017, ("vi",))


def test_a_campaign_slug_unlike_its_folder_is_named(project: Path) -> None:
    site = project / "data" / "campaigns" / OTHER / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace(f"slug: {OTHER}", "slug: thi-dua-khac"), encoding="utf-8")
    (line,) = problems(project)
    assert line.startswith(f"data/campaigns/{OTHER}/site.yaml:2: slug: slug 'thi-dua-khac' is not the name of the campaign's folder")


def test_a_unit_of_a_campaign_already_the_departments_is_named(project: Path) -> None:
    own = project / "data" / "campaigns" / OTHER / "units.yaml"
    own.write_text("units:\n  - id: van-phong\n    name:\n      vi: Văn phòng\n    kind: office\n    named_in_plan: true\n", encoding="utf-8")
    (line,) = problems(project)
    assert line.startswith(f"data/campaigns/{OTHER}/units.yaml:2: units[1].id: unit 'van-phong' is in the Department's data/units.yaml already")


def test_a_campaigns_own_unit_is_known_to_its_honourees_only(project: Path) -> None:
    own = project / "data" / "campaigns" / OTHER / "units.yaml"
    own.write_text("units:\n  - id: to-cong-tac\n    name:\n      vi: Tổ công tác\n    kind: other\n    kind_label:\n      vi: Tổ\n    named_in_plan: false\n", encoding="utf-8")
    department = load_department(project / "data", root=project)
    assert department.campaign(OTHER).unit("to-cong-tac") is not None
    assert department.campaign(PRIMARY).unit("to-cong-tac") is None


def test_an_unknown_primary_and_an_unknown_merge_are_named(project: Path) -> None:
    site = project / "data" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("primary: thi-dua-70-nam", "primary: thi-dua-cu"), encoding="utf-8")
    units = project / "data" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("    former_names:\n", "    merged_into: phong-da-giai-the\n    former_names:\n", 1), encoding="utf-8")
    found = problems(project)
    assert any(p.startswith("data/units.yaml:") and "there is no unit 'phong-da-giai-the' to be merged into" in p for p in found)
    with pytest.raises(DataError) as caught:
        units.write_text(units.read_text(encoding="utf-8").replace("    merged_into: phong-da-giai-the\n", ""), encoding="utf-8")
        load_department(project / "data", root=project)
    (line,) = [p.format("en") for p in caught.value.problems]
    assert line.startswith("data/site.yaml: primary: there is no campaign 'thi-dua-cu' in data/campaigns/")
    assert f"{OTHER}, {PRIMARY}" in line or f"{PRIMARY}, {OTHER}" in line


def test_a_person_id_twice_in_one_campaign_is_named(project: Path) -> None:
    folder = project / "data" / "campaigns" / PRIMARY / "honourees"
    append(folder / "nguyen-van-a.yaml", f"person: {TWICE_PERSON}\n")
    (line,) = problems(project)
    assert f"person id '{TWICE_PERSON}' is used for" in line and line.startswith(f"data/campaigns/{PRIMARY}/honourees/")


def test_one_campaign_and_several_at_once_or_none_is_named(project: Path) -> None:
    shutil.copy2(BILINGUAL / "campaign.yaml", project / "data" / "campaign.yaml")
    assert is_department(project / "data")
    (line,) = problems(project)
    assert line.startswith("data/campaign.yaml: the data folder has both campaign.yaml and a campaigns/ folder")
    (project / "data" / "campaign.yaml").unlink()
    for folder in (project / "data" / "campaigns").iterdir():
        shutil.rmtree(folder)
    (line,) = problems(project)
    assert line.startswith("data/campaigns/: the campaigns/ folder holds no campaign")


def test_a_folder_name_that_cannot_be_an_address_is_named(project: Path) -> None:
    campaigns = project / "data" / "campaigns"
    (campaigns / OTHER).rename(campaigns / "Đợt 2018")
    (line,) = problems(project)
    assert line.startswith("data/campaigns/Đợt 2018/: the folder name 'Đợt 2018' cannot be used as an address")


def test_every_campaigns_problems_are_reported_together_each_naming_its_file(project: Path) -> None:
    for slug in (PRIMARY, OTHER):
        path = project / "data" / "campaigns" / slug / "honourees" / f"{TWICE[slug]}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("published:", "published_on:"), encoding="utf-8")
    found = problems(project)
    for slug in (PRIMARY, OTHER):
        assert any(p.startswith(f"data/campaigns/{slug}/honourees/{TWICE[slug]}.yaml:") for p in found), found


def test_init_in_a_department_needs_the_new_campaigns_id(project: Path, capsys) -> None:
    from thidua.office.cli import main

    code = main(["init", "--project", str(project), "--issuer", "Sở", "--title", "Thi đua", "--start", "2027-01-01",
                 "--end", "2027-12-31", "--award-form", "Giấy khen; Giám đốc Sở; 1; 1", "--lang", "en"])  # fmt: skip
    assert code == 1
    assert "the site has several campaigns: give --campaign <id>" in capsys.readouterr().err
    assert not (project / "data" / "campaign.yaml").exists()
