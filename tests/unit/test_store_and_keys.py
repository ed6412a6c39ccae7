"""The build's store (thidua.store), its keys (thidua.keys) and the progress of long work (thidua.progress)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
from pathlib import Path

import pytest

from thidua import keys
from thidua.keys import Digest, UnkeyedValue, engine_key, files_key, hash_text
from thidua.model.data import Text
from thidua.model.site import SiteData
from thidua.progress import Progress, duration
from thidua.store import Store


def test_the_store_gives_back_what_was_put_read_only(tmp_path: Path) -> None:
    store = Store(tmp_path / "build")
    assert store.get("ab" * 20) is None
    path = store.put("ab" * 20, b"page")
    assert store.get("ab" * 20) == b"page"
    assert not os.access(path, os.W_OK) or os.geteuid() == 0
    assert path.stat().st_mode & 0o777 == 0o444
    store.put_object("cd" * 20, {"rows": [1, 2]})
    assert store.get_object("cd" * 20) == {"rows": [1, 2]}
    assert (store.hits, store.misses) == (2, 1)


def test_an_entry_that_cannot_be_read_back_counts_as_absent(tmp_path: Path) -> None:
    store = Store(tmp_path / "build")
    store.put("ef" * 20, b"not a pickle")
    assert store.get_object("ef" * 20) is None


def test_prune_keeps_what_recent_builds_used(tmp_path: Path) -> None:
    folder = tmp_path / "build"
    first = Store(folder)
    first.put("01" * 20, b"old")
    first.put("02" * 20, b"kept")
    first.remember("build")
    for _ in range(3):  # three later builds use only the second entry
        later = Store(folder)
        assert later.get("02" * 20) == b"kept"
        later.remember("build")
    assert Store(folder).prune() == 1
    assert Store(folder).get("01" * 20) is None
    assert Store(folder).get("02" * 20) == b"kept"


def test_hash_text_separates_its_parts() -> None:
    assert hash_text("ab", "c") != hash_text("a", "bc")
    assert hash_text("a") == hash_text(b"a")


def test_files_key_changes_with_a_file_s_bytes_and_name(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("one", encoding="utf-8")
    before = files_key([tmp_path / "a.html"], tmp_path)
    (tmp_path / "a.html").write_text("two", encoding="utf-8")
    after = files_key([tmp_path / "a.html"], tmp_path)
    (tmp_path / "a.html").rename(tmp_path / "b.html")
    renamed = files_key([tmp_path / "b.html"], tmp_path)
    assert len({before, after, renamed}) == 3


def test_the_engine_key_covers_the_package_the_hooks_and_the_libraries(tmp_path: Path, monkeypatch) -> None:
    hook = tmp_path / "hook_x.py"
    hook.write_text("A = 1\n", encoding="utf-8")
    base = engine_key([hook])
    assert engine_key([hook]) == base
    hook.write_text("A = 2\n", encoding="utf-8")
    assert engine_key([hook]) != base
    package_file = tmp_path / "pkg" / "mod.py"
    package_file.parent.mkdir()
    package_file.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(keys, "PACKAGE", package_file.parent)
    one = engine_key()
    package_file.write_text("x = 2\n", encoding="utf-8")
    assert engine_key() != one
    monkeypatch.setattr(keys, "_versions", lambda: ["markdown 99"])
    assert engine_key() != one


def test_the_interface_text_is_not_part_of_the_engine(monkeypatch, tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "model" / "strings").mkdir(parents=True)
    (package / "model" / "strings" / "vi.yaml").write_text("a: b\n", encoding="utf-8")
    monkeypatch.setattr(keys, "PACKAGE", package)
    one = engine_key()
    (package / "model" / "strings" / "vi.yaml").write_text("a: c\n", encoding="utf-8")
    assert engine_key() == one


@dataclasses.dataclass(frozen=True)
class _View:
    name: str
    when: dt.date
    text: Text
    items: tuple


def test_digest_follows_every_field_of_a_view() -> None:
    d = Digest()
    base = _View("a", dt.date(2021, 1, 1), Text(vi="xin chào"), (1, "x"))
    same = _View("a", dt.date(2021, 1, 1), Text(vi="xin chào"), (1, "x"))
    assert d.of(base) == d.of(same)
    for changed in (
        dataclasses.replace(base, name="b"),
        dataclasses.replace(base, when=dt.date(2021, 1, 2)),
        dataclasses.replace(base, text=Text(vi="xin chào", en="hello")),
        dataclasses.replace(base, items=(1, "y")),
        dataclasses.replace(base, items=(1, "x", None)),
    ):
        assert d.of(changed) != d.of(base), changed
    assert d.of([1]) != d.of((1, 1)) and d.of("1") != d.of(1) and d.of(True) != d.of(1)


@dataclasses.dataclass
class _Mutable:
    items: list


def test_a_frozen_value_many_views_hold_is_walked_once_and_keys_as_an_equal_copy() -> None:
    shared = _View("a", dt.date(2021, 1, 1), Text(vi="xin chào"), (1, "x"))
    copy = dataclasses.replace(shared)
    d = Digest()
    assert d.of([shared, shared]) == Digest().of([shared, copy]) == d.of([copy, shared])
    assert d.of([shared, shared]) != d.of([shared, dataclasses.replace(shared, name="b")])
    # A value that may change after it was walked is walked again every time.
    mutable = _Mutable([1])
    before = d.of(mutable)
    mutable.items.append(2)
    assert d.of(mutable) != before


def test_digest_refuses_what_it_does_not_know_and_the_whole_site() -> None:
    with pytest.raises(UnkeyedValue):
        Digest().of(object())
    with pytest.raises(UnkeyedValue, match="SiteData"):
        Digest().of(SiteData.__new__(SiteData))


def test_a_value_may_say_what_it_is_made_from() -> None:
    class Lazy:
        def __init__(self, source: str) -> None:
            self.source = source

        def __key__(self) -> str:
            return self.source

    assert Digest().of(Lazy("a")) == Digest().of(Lazy("a")) != Digest().of(Lazy("b"))


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_in_a_log_says_n_of_n_and_the_time_left_now_and_then() -> None:
    clock = _Clock()
    lines: list[str] = []
    progress = Progress("photos", 400, log=lines.append, stream=io.StringIO(), every=10, clock=clock)
    for _ in range(40):
        clock.now += 0.125  # 40 photos in 5 s: no line yet
        progress.advance()
    assert lines == []
    for _ in range(100):
        clock.now += 0.25
        progress.advance()
    assert lines == [
        "photos: 60 of 400 (15%), about 57 s left",
        "photos: 100 of 400 (25%), about 1 min 00 s left",
        "photos: 140 of 400 (35%), about 56 s left",
    ]
    assert progress.left() == pytest.approx(30 / 140 * 260)


def test_progress_on_a_terminal_draws_a_bar_and_clears_it() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    clock = _Clock()
    screen = Terminal()
    with Progress("photos", 10, stream=screen, clock=clock) as progress:
        for _ in range(10):
            clock.now += 1
            progress.advance()
    drawn = screen.getvalue()
    assert "\r[" in drawn and "photos: 10 of 10 (100%)" in drawn
    assert drawn.endswith("\r\x1b[K")


def test_durations_read_like_a_person_would_say_them() -> None:
    assert [duration(s) for s in (4.4, 200, 3900)] == ["4 s", "3 min 20 s", "1 h 05 min"]


def test_the_archive_s_link_check_counts_the_pages_it_checks(tmp_path: Path) -> None:
    from thidua.archive.links import check_site

    for n in range(5):
        page = tmp_path / f"p{n}" / "index.html"
        page.parent.mkdir()
        page.write_text(f'<!doctype html><html><body><a href="../p{(n + 1) % 5}/index.html">next</a></body></html>', encoding="utf-8")
    made: list[Progress] = []

    def progress(total: int) -> Progress:
        made.append(Progress("links checked", total, log=lambda line: None, stream=io.StringIO()))
        return made[-1]

    assert check_site(tmp_path, file_urls=True, progress=progress) == []
    assert [(p.total, p.done) for p in made] == [(5, 5)]


def test_a_photo_s_renditions_and_a_card_are_keyed_by_every_field() -> None:
    from dataclasses import replace

    from thidua.publish.cards import CardImage
    from thidua.publish.photos import PhotoSet, Rendition

    thumb, page = Rendition(90, 120, "a/t.webp", "a/t.jpg"), Rendition(300, 400, "a/p.webp", "a/p.jpg")
    photo = PhotoSet(thumb, page, ((Path("/c/t.jpg"), "a/t.jpg"),), "abc")
    same = PhotoSet(Rendition(90, 120, "a/t.webp", "a/t.jpg"), page, ((Path("/c/t.jpg"), "a/t.jpg"),), "abc")
    digest = Digest()
    assert digest.of(photo) == digest.of(same)
    others = [
        replace(photo, thumb=replace(thumb, width=91)), replace(photo, page=replace(page, jpg="a/q.jpg")),
        replace(photo, files=((Path("/c/u.jpg"), "a/t.jpg"),)), replace(photo, sha256="abd"),
    ]  # fmt: skip
    assert len({digest.of(photo), *(digest.of(other) for other in others)}) == 5
    card = CardImage(Path("/c/card.png"), "anh-chia-se/a.png")
    assert digest.of(card) == digest.of(CardImage(Path("/c/card.png"), "anh-chia-se/a.png"))
    assert digest.of(card) != digest.of(replace(card, public="anh-chia-se/b.png")) != digest.of(replace(card, height=1))


def test_the_data_digest_is_every_file_s_hash_and_path_in_path_order(tmp_path: Path) -> None:
    import hashlib

    from thidua.publish.edition import data_digest

    data = tmp_path / "data"
    for name, text in [("a/b.yaml", "1"), ("a-b/c.yaml", "2"), ("a.yaml", "3"), ("a/__pycache__/x.pyc", "4"), (".hidden/d", "5")]:
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text(text, encoding="utf-8")
    (data / "link.yaml").symlink_to(data / "a.yaml")
    # What it is, written out: each file's hash and path from the folder, in the order of sorted paths.
    files = sorted(p for p in data.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    expected = hashlib.sha256(
        "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(data).as_posix()}\n" for p in files).encode()
    ).hexdigest()
    assert data_digest(data) == expected
    assert [p.relative_to(data).as_posix() for p in files][:3] == [".hidden/d", "a/b.yaml", "a-b/c.yaml"]
    known = {os.path.realpath(data / "a.yaml"): hashlib.sha256(b"3").hexdigest()}
    assert data_digest(data, known) == expected  # a hash the build knows is the same hash
    (data / "a-b" / "c.yaml").write_text("22", encoding="utf-8")
    assert data_digest(data) != expected
