"""A staging folder that starts from the site before: folders carried over from the spare, links left in place when
they already are what they should be, and a sweep that leaves exactly what the build published or wrote."""

from __future__ import annotations

import os
import time
from pathlib import Path

from thidua import fs
from thidua.publish import folder


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def old(path: Path, content: bytes = b"old") -> Path:
    """A file written by an earlier build: its time an hour ago."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    past = time.time() - 3600
    os.utime(path, (past, past))
    return path


def test_a_link_already_in_place_is_left_and_any_other_file_replaced_never_written_through(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    source, other = store / "a", store / "b"
    source.write_bytes(b"A")
    other.write_bytes(b"B")
    target = tmp_path / "site" / "page.html"
    target.parent.mkdir()
    os.link(source, target)
    inode = target.stat().st_ino
    fs.link_or_copy(source, target)
    assert target.stat().st_ino == inode == source.stat().st_ino
    # A link to another stored file is replaced by a link to the right one; the other stored file is untouched.
    fs.link_or_copy(other, target)
    assert target.read_bytes() == b"B" and source.read_bytes() == b"A"
    # A plain file there (a half-written page of a failed build) is replaced too.
    target.unlink()
    target.write_bytes(b"half")
    fs.link_or_copy(source, target)
    assert target.read_bytes() == b"A" and target.stat().st_ino == source.stat().st_ino
    assert other.read_bytes() == b"B"


def test_the_links_a_build_publishes_are_recorded_while_it_records(tmp_path: Path) -> None:
    source = tmp_path / "s"
    source.write_bytes(b"x")
    fs.link_or_copy(source, tmp_path / "before")
    (tmp_path / "sub").mkdir()
    links = fs.record_links()
    try:
        fs.link_or_copy(source, tmp_path / "sub" / ".." / "during")
    finally:
        fs.stop_recording()
    fs.link_or_copy(source, tmp_path / "after")
    assert links == {str(tmp_path / "during")}


def test_the_spare_s_folders_are_carried_into_the_staging_folder_and_the_rest_removed(tmp_path: Path) -> None:
    spare = tmp_path / "cache" / "spare-site"
    old(spare / "ton-vinh" / "a" / "index.html", b"page a")
    old(spare / "en" / "ton-vinh" / "a" / "index.html", b"page a, en")
    old(spare / "index.html", b"home")
    old(spare / "assets" / "style.css", b"css")
    staging = tmp_path / ".site.building-1"
    staging.mkdir()
    carried = folder.carry(spare, staging, ["ton-vinh", "en/ton-vinh", "anh-chia-se"])
    assert carried == ["ton-vinh", "en/ton-vinh"]  # a folder the spare does not have is not made
    assert tree(staging) == {"ton-vinh/a/index.html": b"page a", "en/ton-vinh/a/index.html": b"page a, en"}
    assert not spare.exists() and os.listdir(spare.parent) == []  # the rest of the spare is gone
    # No spare (the first build, a site on another disk): nothing is carried.
    assert folder.carry(spare, staging, ["ton-vinh"]) == []
    assert folder.carry(None, staging, ["ton-vinh"]) == []


def test_a_spare_taken_by_a_killed_build_is_removed_by_the_next(tmp_path: Path) -> None:
    spare = tmp_path / "spare-site"
    dead = tmp_path / "spare-site.taken-999999999"  # no such process
    old(dead / "ton-vinh" / "x" / "index.html")
    old(spare / "ton-vinh" / "a" / "index.html")
    staging = tmp_path / "staging"
    staging.mkdir()
    assert folder.carry(spare, staging, ["ton-vinh"]) == ["ton-vinh"]
    assert not dead.exists()


def test_the_sweep_keeps_what_the_build_published_or_wrote_and_removes_the_rest(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    photo = store / "photo"
    photo.write_bytes(b"jpeg")
    past = time.time() - 3600
    os.utime(photo, (past, past))
    staging = tmp_path / "staging"
    # Carried over from the site before: two honourees' pages and photos (the same photo, one stored file),
    # and the directory page MkDocs writes.
    old(staging / "ton-vinh" / "a" / "index.html", b"page a")
    old(staging / "ton-vinh" / "gone" / "index.html", b"page of a honouree since removed")
    (staging / "ton-vinh" / "anh").mkdir()
    os.link(photo, staging / "ton-vinh" / "anh" / "a.jpg")
    os.link(photo, staging / "ton-vinh" / "anh" / "gone.jpg")
    old(staging / "ton-vinh" / "index.html", b"directory before")
    old(staging / "anh-chia-se" / "gone.png", b"card")
    since = time.time_ns()
    # This build: MkDocs writes the directory page, a page is written anew, a photo is published by link
    # (the same stored file the removed honouree's photo is a link to: its time and links say nothing).
    links = fs.record_links()
    try:
        (staging / "ton-vinh" / "index.html").write_bytes(b"directory now")
        (staging / "ton-vinh" / "a" / "index.html").write_bytes(b"page a, edited")
        fs.link_or_copy(photo, staging / "ton-vinh" / "anh" / "a.jpg")
    finally:
        fs.stop_recording()
    removed = folder.sweep(staging, ["ton-vinh", "anh-chia-se", "not-carried"], links, since)
    assert removed == 3
    assert tree(staging) == {
        "ton-vinh/index.html": b"directory now",
        "ton-vinh/a/index.html": b"page a, edited",
        "ton-vinh/anh/a.jpg": b"jpeg",
    }
    assert not (staging / "ton-vinh" / "gone").exists()  # folders left empty go
    assert (staging / "anh-chia-se").is_dir()  # a carried folder itself stays, empty


def test_the_replaced_site_becomes_the_spare_and_a_failed_build_s_folder_too(tmp_path: Path) -> None:
    target, spare = tmp_path / "site", tmp_path / "cache" / "spare-site"
    old(target / "index.html", b"site 1")
    staging = folder.staging(target)
    (staging / "index.html").write_bytes(b"site 2")
    folder.publish(staging, target, spare)
    assert tree(target) == {"index.html": b"site 2"} and tree(spare) == {"index.html": b"site 1"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "site"]  # nothing else beside the site
    # A spare is there already: the replaced site is removed instead.
    staging = folder.staging(target)
    (staging / "index.html").write_bytes(b"site 3")
    folder.publish(staging, target, spare)
    assert tree(target) == {"index.html": b"site 3"} and tree(spare) == {"index.html": b"site 1"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "site"]
    # A failed build's folder becomes the spare when there is none (the next build's sweep sorts it out).
    os.rename(spare, tmp_path / "elsewhere")
    staging = folder.staging(target)
    (staging / "half.html").write_bytes(b"half")
    folder.discard(staging, spare)
    assert tree(spare) == {"half.html": b"half"} and tree(target) == {"index.html": b"site 3"}
    assert not staging.exists()
