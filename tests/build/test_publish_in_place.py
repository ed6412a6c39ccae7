"""A rebuild starts from the site before the last (the spare, in the project's cache): its honouree folders and
sharing cards are carried into the staging folder, and what this build did not make is swept before the swap. The
site it publishes is the one a build from nothing makes, byte for byte: a removed honouree's page, photo and card go."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from conftest import BILINGUAL, DURING, copy_project, run_build

NEXT_DAY = str(int(DURING) + 86400)  # a build with nothing changed keeps the published site: another day builds it
EXTRA = "vu-thi-g-hai"  # a honouree added for one build: a copy of vu-thi-g, the same photo


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def built(project: Path, site: Path, epoch: str = DURING) -> str:
    result = run_build(project, site=site, epoch=epoch)
    assert result.returncode == 0, result.output
    return result.output


def test_a_rebuild_from_the_spare_site_publishes_what_a_build_from_nothing_does(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", BILINGUAL)
    site, spare = tmp_path / "site", project / ".cache" / "spare-site"
    honourees = project / "data" / "honourees"
    text = (honourees / "vu-thi-g.yaml").read_text(encoding="utf-8")
    assert text.count("name: Vũ Thị G\n") == 1
    text = text.replace("name: Vũ Thị G\n", "name: Vũ Thị Giang\n").replace("file: vu-thi-g.jpg\n", f"file: {EXTRA}.jpg\n")
    (honourees / f"{EXTRA}.yaml").write_text(text, encoding="utf-8")
    photos = project / "data" / "photos"
    shutil.copy(photos / "vu-thi-g.jpg", photos / f"{EXTRA}.jpg")  # the same bytes: published once, as vu-thi-g's
    built(project, site)
    assert not spare.exists()  # nothing replaced yet
    built(project, site, NEXT_DAY)  # the first site replaced (a full build: another day), kept as the spare
    assert (spare / "ton-vinh" / EXTRA / "index.html").is_file()
    with_extra = hashes(site)
    assert {f"ton-vinh/{EXTRA}/index.html", f"en/ton-vinh/{EXTRA}/index.html"} <= with_extra.keys()
    extra_files = {name for name in with_extra if EXTRA in name}
    assert any(name.startswith("anh-chia-se/") for name in extra_files)  # its sharing cards

    # The honouree removed: the next build starts from the spare, which still has its page, photo and cards.
    (honourees / f"{EXTRA}.yaml").unlink()
    (photos / f"{EXTRA}.jpg").unlink()
    output = built(project, site)
    assert spare.joinpath("ton-vinh", EXTRA).is_dir()  # the spare is now the site replaced, with the extra honouree
    now = hashes(site)
    assert not {name for name in now if EXTRA in name}
    assert not list(tmp_path.glob(".site.*")) and not list(spare.parent.glob("spare-site.*"))

    # The same sources built from nothing (no store, no spare) give the same site.
    fresh_project = copy_project(tmp_path / "fresh", BILINGUAL)
    fresh = tmp_path / "fresh-site"
    built(fresh_project, fresh)
    assert now == hashes(fresh), output

    # Unchanged pages are still the files the store holds (carried, not written again).
    page = site / "ton-vinh" / "vu-thi-g" / "index.html"
    assert page.stat().st_nlink >= 2
