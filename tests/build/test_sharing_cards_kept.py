"""A language's sharing cards are taken from the build's store while nothing they show changed (the language's facts,
its interface text, the engine), and drawn again, only the changed one, after an edit."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import BILINGUAL, copy_project, run_build


def cards(site: Path) -> set[str]:
    return {p.name for p in (site / "anh-chia-se").rglob("*.png")}


def built(project: Path, site: Path) -> str:
    result = run_build(project, site=site)
    assert result.returncode == 0, result.output
    return result.output


def test_cards_are_kept_whole_while_nothing_they_show_changes_and_only_the_edited_one_is_drawn(tmp_path: Path) -> None:
    project, site = copy_project(tmp_path / "project", BILINGUAL), tmp_path / "site"
    first = built(project, site)
    drawn = {m[1]: int(m[2]) for m in re.finditer(r"sharing cards \((\w+)\): (\d+) drawn", first)}
    assert drawn.keys() == {"vi", "en"} and all(count > 11 for count in drawn.values())
    before = cards(site)

    # Into another folder (a build of the same folder with nothing changed keeps the published site, cards and all).
    again = built(project, tmp_path / "again")
    for lang in ("vi", "en"):
        assert re.search(rf"sharing cards \({lang}\): nothing they show changed, all [\d,]+ taken from the cache", again), again
    assert cards(tmp_path / "again") == before

    path = project / "data" / "honourees" / "le-van-c.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("name: Lê Văn C\n") == 1
    path.write_text(text.replace("name: Lê Văn C\n", "name: Lê Văn Cường\n"), encoding="utf-8")
    edited = built(project, site)
    for lang in ("vi", "en"):
        assert re.search(rf"sharing cards \({lang}\): 1 drawn,", edited), edited
    now = cards(site)
    gone, new = before - now, now - before
    assert len(gone) == len(new) == 2 and all("le-van-c" in name for name in gone | new)  # its card, in each language
