"""Each kind of bad data gives its exact message with file, line and field (golden cases in cases/)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES
from thidua.load.files import load_site
from thidua.model.problems import DataError

CASES = Path(__file__).parent / "cases"


def apply_case(case: Path, root: Path) -> dict[str, int]:
    """Copy a fixture campaign's site, plan and units into `root`, apply the case's edits, return the
    marked lines. The fixture is tests/fixtures/bilingual/ unless the case names another (`base:`).

    The fixture's honourees are left out so each case holds exactly the honourees it is about.
    """
    data = root / "data"
    data.mkdir()
    spec = yaml.safe_load((case / "edit.yaml").read_text(encoding="utf-8"))
    base = FIXTURES / spec.get("base", "bilingual")
    for name in ("site.yaml", "campaign.yaml", "units.yaml"):
        shutil.copy2(base / name, data / name)
    # Fixture honourees the case starts from (with their photos), e.g. [nguyen-van-a].
    for hid in spec.get("honourees", []):
        (data / "honourees").mkdir(exist_ok=True)
        (data / "photos").mkdir(exist_ok=True)
        shutil.copy2(base / "honourees" / f"{hid}.yaml", data / "honourees" / f"{hid}.yaml")
        shutil.copy2(base / "photos" / f"{hid}.jpg", data / "photos" / f"{hid}.jpg")
    if spec.get("results"):
        shutil.copy2(base / "results.yaml", data / "results.yaml")
    for source, target in spec.get("copy", {}).items():
        shutil.copy2(data / source, data / target)
    for target, content in spec.get("write", {}).items():
        (data / target).write_text(content, encoding="utf-8")
    for edit in spec.get("edits", []):
        path = data / edit["file"]
        text = path.read_text(encoding="utf-8")
        assert edit["find"] in text, f"{case.name}: {edit['find']!r} not in {edit['file']}"
        path.write_text(text.replace(edit["find"], edit["replace"], 1), encoding="utf-8")
    for name in spec.get("delete", []):
        (data / name).unlink()
    extra = case / "files"
    if extra.is_dir():
        shutil.copytree(extra, data, dirs_exist_ok=True)
    lines = {}
    for name, mark in spec.get("marks", {}).items():
        text = (data / mark["file"]).read_text(encoding="utf-8")
        assert mark["find"] in text, f"{case.name}: mark {name} not found"
        lines[name] = text[: text.index(mark["find"])].count("\n") + 1
    return lines


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_")))
def test_bad_data_is_reported_with_file_line_and_field(case: str, tmp_path: Path) -> None:
    lines = apply_case(CASES / case, tmp_path)
    expected = [
        line.format(**lines)
        for line in (CASES / case / "expected.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    with pytest.raises(DataError) as caught:
        load_site(tmp_path / "data", root=tmp_path)
    assert [p.format() for p in caught.value.problems] == expected


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.iterdir() if (p / "campaign.yaml").is_file()))
def test_every_fixture_campaign_is_valid(fixture: str) -> None:
    site = load_site(FIXTURES / fixture, root=FIXTURES / fixture)
    assert site.warnings == ()
    assert site.honourees and site.results is not None
