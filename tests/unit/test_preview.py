"""What a serve preview takes for an edit of honourees' files only (thidua.publish.preview)."""

from __future__ import annotations

import os
from pathlib import Path

from thidua.publish.preview import edited_files, neighbours, snapshot


def test_only_changed_honouree_files_are_an_edit_a_preview_shows(tmp_path: Path) -> None:
    honourees = tmp_path / "data" / "honourees"
    honourees.mkdir(parents=True)
    (honourees / "a.yaml").write_text("name: A\n", encoding="utf-8")
    (honourees / "b.yaml").write_text("name: B\n", encoding="utf-8")
    (tmp_path / "data" / "campaign.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "data" / ".cache").mkdir()
    (tmp_path / "data" / ".cache" / "ignored").write_text("", encoding="utf-8")
    before = snapshot([tmp_path / "data"])
    assert str(tmp_path / "data" / ".cache" / "ignored") not in before
    assert edited_files(before, snapshot([tmp_path / "data"]), honourees) is None  # nothing changed

    def touch(path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8")
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))

    touch(honourees / "a.yaml", "name: A2\n")
    assert edited_files(before, snapshot([tmp_path / "data"]), honourees) == [honourees / "a.yaml"]
    touch(tmp_path / "data" / "campaign.yaml", "x: 2\n")
    assert edited_files(before, snapshot([tmp_path / "data"]), honourees) is None  # the plan too: a full rebuild
    before = snapshot([tmp_path / "data"])
    (honourees / "c.yaml").write_text("name: C\n", encoding="utf-8")
    assert edited_files(before, snapshot([tmp_path / "data"]), honourees) is None  # a file added
    (honourees / "c.yaml").unlink()
    (honourees / "b.yaml").unlink()
    assert edited_files(before, snapshot([tmp_path / "data"]), honourees) is None  # a file removed
    before = snapshot([tmp_path / "data"])
    (honourees / "notes.txt").write_text("", encoding="utf-8")
    before_txt = snapshot([tmp_path / "data"])
    touch(honourees / "notes.txt", "x")
    assert edited_files(before_txt, snapshot([tmp_path / "data"]), honourees) is None  # not a honouree's YAML


def test_the_pages_filled_again_are_the_edited_ones_and_their_neighbours_in_order() -> None:
    order = ["a", "b", "c", "d", "e"]
    assert neighbours(order, ["c"]) == ["b", "c", "d"]
    assert neighbours(order, ["a"]) == ["a", "b"]
    assert neighbours(order, ["e", "a"]) == ["a", "b", "d", "e"]


def test_a_preview_trusts_the_files_unchanged_since_the_last_build_whose_photos_are_watched(tmp_path: Path) -> None:
    import shutil

    from conftest import BILINGUAL
    from thidua.load.files import load_site
    from thidua.publish.preview import Kept, trusted_files

    shutil.copytree(BILINGUAL, tmp_path / "data")
    data = tmp_path / "data"
    site = load_site(data, root=tmp_path)
    kept = Kept(project=tmp_path, data_dir=data, store=None, engine="", site=site)
    now = snapshot([data])
    edited = data / "honourees" / "le-van-c.yaml"
    trusted = trusted_files(kept, now, [edited])
    assert trusted == {f"data/honourees/{hid}.yaml" for hid, _ in site.honourees} - {"data/honourees/le-van-c.yaml"}
    # A photo the snapshot does not hold (not watched): its honouree's file is looked at again.
    first = site.honourees[0]
    del now[str(data / "photos" / first[1].photo.file)]
    assert f"data/honourees/{first[0]}.yaml" not in trusted_files(kept, now, [edited])
