"""A Department's archive editions (python -m thidua.archive): the whole site's, self-contained, every link
working from file:// (the command refuses a broken one), its bag describing every campaign, the same bytes
when built again; and one campaign's alone (--campaign), with no link to the others."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import bagit
import pytest

from conftest import DEPARTMENT_CAMPAIGNS, DURING, TWICE, copy_department
from thidua.archive.command import build_archive

PRIMARY, OTHER = "thi-dua-70-nam", "thi-dua-ai-quoc-2018"


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    root = tmp_path_factory.mktemp("department-archive")
    project = copy_department(root / "project")
    whole = build_archive(project / "mkdocs.yml", root / "dist", int(DURING))
    again = build_archive(project / "mkdocs.yml", root / "again", int(DURING))
    alone = build_archive(project / "mkdocs.yml", root / "alone", int(DURING), campaign=OTHER)
    return whole, again, alone, root


def unzipped(archive: Path, into: Path) -> Path:
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(into)
    (folder,) = into.iterdir()
    return folder


def test_the_whole_sites_archive_holds_every_campaign_and_is_reproducible(editions) -> None:
    whole, again, _, root = editions
    assert whole.name == "so-cong-thuong-mau-2021-03-01.zip"
    assert hashlib.sha256(whole.read_bytes()).digest() == hashlib.sha256(again.read_bytes()).digest()
    folder = unzipped(whole, root / "whole")
    bag = bagit.Bag(str(folder))
    bag.validate()
    described = " ".join(bag.info["External-Description"])
    assert "2 đợt thi đua" in described and "2 campaigns" in described
    for slug in DEPARTMENT_CAMPAIGNS:
        # Archive links name index.html: the edition is read from the disc.
        assert (folder / "data" / slug / "ton-vinh" / TWICE[slug] / "index.html").is_file()
    assert (folder / "data" / "du-lieu" / "department.json").is_file()


def test_one_campaigns_archive_stands_alone(editions) -> None:
    _, _, alone, root = editions
    assert alone.name == f"{OTHER}-2021-03-01.zip"
    folder = unzipped(alone, root / "alone-unzipped")
    page = (folder / "data" / "ton-vinh" / TWICE[OTHER] / "index.html").read_text(encoding="utf-8")
    # No link to the other campaign nor to the archive home: they are not in this edition.
    assert "td-elsewhere" not in page and "td-home-link" not in page
    assert not (folder / "data" / PRIMARY).exists()
