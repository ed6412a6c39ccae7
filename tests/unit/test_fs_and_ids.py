"""Shared rules of the package: a file is written whole or not at all, one id rule, one id numbering."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from thidua.fs import atomic_path, write_atomic
from thidua.model.data import Results, Slug
from thidua.model.text import SLUG_MAX, is_slug, slugify
from thidua.office.honouree_files import base_id, free_id, same_base


def test_a_failed_write_keeps_the_previous_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "file.txt"
    write_atomic(target, b"first")
    assert target.read_bytes() == b"first"
    with pytest.raises(RuntimeError), atomic_path(target) as partial:
        partial.write_bytes(b"half")
        raise RuntimeError("stopped halfway")
    assert target.read_bytes() == b"first"
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.txt"]


def test_write_atomic_failing_halfway_or_refused_leaves_the_previous_file_and_no_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "file.txt"
    write_atomic(target, b"first")
    with pytest.raises(TypeError):
        write_atomic(target, "not bytes")  # type: ignore[arg-type] - the write itself fails, the file made
    with pytest.raises(FileExistsError):
        write_atomic(target, b"second", exclusive=True)  # a file that exists is never replaced
    assert target.read_bytes() == b"first"
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.txt"]
    write_atomic(tmp_path / "new", b"only", exclusive=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "sub"]


def test_a_written_file_gets_the_permissions_asked_for_or_those_of_open(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "plain", b"x")
        write_atomic(tmp_path / "read-only", b"x", mode=0o444)
    finally:
        os.umask(umask)
    assert (tmp_path / "plain").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "read-only").stat().st_mode & 0o777 == 0o444


@pytest.mark.parametrize(
    "value, valid",
    [("nguyen-van-a", True), ("to-2", True), ("Nguyen-Van-A", False), ("nguyen--van", False), ("-a", False),
     ("a_b", False), ("", False), ("a" * SLUG_MAX, True), ("a" * (SLUG_MAX + 1), False)],
)
def test_the_loader_and_the_model_keep_the_same_id_rule(value: str, valid: bool) -> None:
    assert is_slug(value) is valid
    try:
        TypeAdapter(Slug).validate_python(value)
        model_valid = True
    except ValidationError:
        model_valid = False
    assert model_valid is valid


def test_ids_from_names_are_valid_and_numbered_past_those_taken() -> None:
    name = "Nguyễn Văn Đức"
    assert base_id(name) == "nguyen-van-duc" and is_slug(base_id(name))
    taken = {"nguyen-van-duc", "nguyen-van-duc-2", "nguyen-van-duct"}
    assert free_id(name, taken.__contains__) == "nguyen-van-duc-3"
    assert free_id("Trần Thị B", taken.__contains__) == "tran-thi-b"
    assert same_base(name, taken) == ["nguyen-van-duc", "nguyen-van-duc-2"]
    assert is_slug(base_id("Đ" * 200)) and len(base_id("Đ" * 200)) <= SLUG_MAX - 4
    assert slugify(name) == base_id(name)


def test_results_are_final_only_when_their_status_says_so() -> None:
    assert Results(sample=True, status="final").is_final
    assert not Results(sample=True, status="pending").is_final
