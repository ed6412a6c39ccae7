"""Loading with the build's store (thidua.load.memo): an unchanged honouree file is neither parsed nor checked again,
and whatever changed is, with every problem reported as without the store."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import BILINGUAL
from thidua.keys import Digest
from thidua.load.files import load_site
from thidua.load.memo import LoadMemo, Warm, photo_stamp
from thidua.model.problems import DataError
from thidua.store import Store


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(BILINGUAL, tmp_path / "data")
    return tmp_path / "data"


def load(data: Path, engine: str = "engine", warm: Warm | None = None) -> tuple[object, LoadMemo]:
    memo = LoadMemo(Store(data.parent / ".cache" / "build"), engine, warm=warm)
    return load_site(data, root=data.parent, memo=memo), memo


def test_a_second_load_takes_every_file_from_the_store_and_gives_the_same_data(data: Path) -> None:
    path = data / "honourees" / "le-van-c.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index("citation:\n")
    path.write_text("".join(lines[: at + 2] + lines[at + 3 :]), encoding="utf-8")  # its English citation left out
    first, memo = load(data)
    assert (memo.parsed, memo.checked) == (11, 11)
    second, memo = load(data)
    assert (memo.parsed, memo.checked) == (0, 0)
    assert second.honourees == first.honourees
    assert second.coverage == first.coverage  # the English gaps of a file from the store, as when it was parsed
    missing = first.coverage.missing
    assert [(w.file, w.line, w.field) for w in missing] == [("data/honourees/le-van-c.yaml", at + 1, "citation.en")]
    assert second == load_site(data, root=data.parent)


def test_an_edited_file_is_parsed_and_checked_again_alone(data: Path) -> None:
    load(data)
    path = data / "honourees" / "le-van-c.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("published: 2021-04-28", "published: 2021-04-29"), encoding="utf-8")
    site, memo = load(data)
    assert (memo.parsed, memo.checked) == (1, 1)
    assert str(site.honouree("le-van-c").published) == "2021-04-29"


def test_a_changed_plan_checks_every_honouree_again_and_names_the_lines_of_files_from_the_store(data: Path) -> None:
    load(data)
    units = data / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("id: van-phong", "id: van-phong-so"), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load(data)
    text = raised.value.format()
    without_store = pytest.raises(DataError)
    with without_store as plain:
        load_site(data, root=data.parent)
    assert text == plain.value.format()
    assert "data/honourees/nguyen-van-a.yaml:" in text  # the line of a file taken from the store


def test_a_file_with_a_problem_is_reported_every_time(data: Path) -> None:
    path = data / "honourees" / "le-van-c.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("unit: ", "unit: khong-co-"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError, match="le-van-c.yaml"):
            load(data)


def test_a_replaced_photo_is_checked_again(data: Path) -> None:
    load(data)
    photo = data / "photos" / "le-van-c.jpg"
    photo.write_bytes(b"not a photo")
    os.utime(photo, ns=(1, 1))
    with pytest.raises(DataError, match="le-van-c.jpg"):
        load(data)


def test_another_engine_parses_everything_again(data: Path) -> None:
    load(data)
    _, memo = load(data, engine="another")
    assert (memo.parsed, memo.checked) == (11, 11)


def test_a_honouree_s_key_is_its_file_s_key_whether_parsed_or_taken_from_the_store(data: Path) -> None:
    def keys(site, memo) -> dict[str, str]:
        digest = Digest()
        digest.know(memo.models)
        assert len(memo.models) == 11
        return {hid: digest.of(h) for hid, h in site.honourees}

    parsed = keys(*load(data))
    assert keys(*load(data)) == parsed  # the same files, from the store
    path = data / "honourees" / "le-van-c.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("published: 2021-04-28", "published: 2021-04-29"), encoding="utf-8")
    edited = keys(*load(data))
    assert {hid for hid in parsed if edited[hid] != parsed[hid]} == {"le-van-c"}


def _store_objects(data: Path) -> list[Path]:
    return [p for p in (data.parent / ".cache" / "build").rglob("*") if p.is_file() and "objects-" in str(p)]


def test_a_load_handed_the_last_load_s_findings_takes_them_from_memory_and_keeps_them_in_the_store(data: Path) -> None:
    first, memo = load(data)
    warm = memo.warm
    assert len(warm.values) == 11 and len(warm.passed) == 11
    for entry in _store_objects(data):  # nothing left to read: what the next load finds comes from memory
        entry.chmod(0o644)
        entry.write_bytes(b"unreadable")
    second, memo = load(data, warm=warm)
    assert (memo.parsed, memo.checked) == (0, 0)
    assert second == first
    # Taken from memory, each key still counts as used by this build: the store's pruning keeps it.
    assert set(warm.values) | warm.passed <= memo.store.used
    assert memo.warm.values.keys() == warm.values.keys()


def test_a_warm_load_parses_an_edited_file_and_checks_it_again(data: Path) -> None:
    _, memo = load(data)
    path = data / "honourees" / "le-van-c.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("published: 2021-04-28", "published: 2021-04-29"), encoding="utf-8")
    site, memo = load(data, warm=memo.warm)
    assert (memo.parsed, memo.checked) == (1, 1)
    assert str(site.honouree("le-van-c").published) == "2021-04-29"
    path.write_text(path.read_text(encoding="utf-8").replace("unit: ", "unit: khong-co-"), encoding="utf-8")
    with pytest.raises(DataError, match="le-van-c.yaml"):  # a problem is found whatever the last load passed
        load(data, warm=memo.warm)


def test_a_photo_s_stamp_with_its_folder_resolved_once_is_the_stamp_resolved_in_full(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.jpg").write_bytes(b"a")
    (real / "b.jpg").write_bytes(b"bb")
    (tmp_path / "photos").symlink_to(real)  # the photos' folder itself is a link
    (real / "c.jpg").symlink_to(real / "a.jpg")  # and a photo is a link to another
    folders: dict[str, str] = {}
    for name in ("a.jpg", "b.jpg", "c.jpg", "missing.jpg"):
        path = tmp_path / "photos" / name
        assert photo_stamp(path, folders) == photo_stamp(path)
    assert str(real / "a.jpg") in photo_stamp(tmp_path / "photos" / "c.jpg", folders)
    before = photo_stamp(tmp_path / "photos" / "c.jpg", folders)
    (real / "c.jpg").unlink()
    (real / "c.jpg").symlink_to(real / "b.jpg")  # the link now leads elsewhere: another stamp
    assert photo_stamp(tmp_path / "photos" / "c.jpg", folders) != before


def test_outside_with_folders_resolved_once_answers_as_resolving_each_path_in_full(tmp_path: Path) -> None:
    from thidua.load.images import outside

    data, elsewhere = tmp_path / "data", tmp_path / "elsewhere"
    (data / "honourees").mkdir(parents=True)
    elsewhere.mkdir()
    (elsewhere / "secret.yaml").write_text("x")
    (data / "honourees" / "a.yaml").write_text("a")
    (data / "honourees" / "in.yaml").symlink_to(data / "honourees" / "a.yaml")
    (data / "honourees" / "out.yaml").symlink_to(elsewhere / "secret.yaml")
    (data / "honourees" / "broken.yaml").symlink_to(tmp_path / "nothing.yaml")
    (data / "linked").symlink_to(elsewhere)  # a folder of the data that is a link out of it
    folders: dict[str, str] = {}
    cases = {"honourees/a.yaml": False, "honourees/in.yaml": False, "honourees/out.yaml": True,
             "honourees/broken.yaml": True, "linked/secret.yaml": True, "honourees/missing.yaml": True}  # fmt: skip
    for name, expected in cases.items():
        assert outside(data / name, data, folders) is expected, name
        assert outside(data / name, data) is expected, name


def test_a_preview_s_load_takes_trusted_files_as_the_last_load_found_them_without_asking_the_file_system(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(data.parent / ".cache" / "build")
    first_memo = LoadMemo(store, "engine", again=True)
    first = load_site(data, root=data.parent, memo=first_memo)
    edited = data / "honourees" / "le-van-c.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("published: 2021-04-28", "published: 2021-04-29"), encoding="utf-8")
    names = {f"data/honourees/{hid}.yaml" for hid, _ in first.honourees}
    trusted = frozenset(names - {"data/honourees/le-van-c.yaml"})
    asked: list[str] = []
    for name in ("stat", "lstat"):
        real = getattr(os, name)

        def spy(path, *args, real=real, **kwargs):
            text = os.fspath(path)
            if os.sep + "honourees" + os.sep in text or os.sep + "photos" + os.sep in text:
                asked.append(os.path.basename(text))
            return real(path, *args, **kwargs)

        monkeypatch.setattr(os, name, spy)
    memo = LoadMemo(store, "engine", warm=first_memo.warm, trusted=trusted)
    second = load_site(data, root=data.parent, memo=memo)
    monkeypatch.undo()
    # Only the edited file and its photo were looked at; the edited file was parsed and checked again.
    photo = first.honouree("le-van-c").photo.file
    assert set(asked) <= {"le-van-c.yaml", photo} and "le-van-c.yaml" in asked
    assert (memo.parsed, memo.checked) == (1, 1)
    assert str(second.honouree("le-van-c").published) == "2021-04-29"
    assert [h for hid, h in second.honourees if hid != "le-van-c"] == [h for hid, h in first.honourees if hid != "le-van-c"]
    # What it hands on is what a load asking the file system finds.
    plain = LoadMemo(store, "engine", warm=first_memo.warm, again=True)
    assert load_site(data, root=data.parent, memo=plain) == second
    assert memo.warm.real == plain.warm.real and memo.warm.checks == plain.warm.checks
    assert set(memo.warm.hashes.items()) == set(plain.warm.hashes.items())
    # Trust without the last load's findings is no trust: every file is looked at.
    cold = LoadMemo(store, "engine", trusted=trusted)
    assert not any(cold.trusts(name) for name in trusted)
