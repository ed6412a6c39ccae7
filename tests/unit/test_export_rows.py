"""The open data's honouree rows through the build's store: the same bytes as the files made at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from thidua.keys import Digest
from thidua.load.files import load_site
from thidua.publish.exports import (
    SCHEMA_VERSION,
    HonoureesFile,
    _json,
    downloads,
    honouree_records,
    honouree_rows,
    honourees_csv,
    honourees_json,
)
from thidua.publish.facts import BuildContext
from thidua.store import Store

REPO = Path(__file__).resolve().parents[2]


def facts(site=None) -> BuildContext:
    site = site or load_site(REPO / "data", root=REPO)
    return BuildContext(site=site, today=dt.date(2021, 3, 1), site_url="https://example.org/")


def test_honourees_json_from_rows_is_the_file_dumped_at_once() -> None:
    ctx = facts()
    whole = _json(HonoureesFile(schema_version=SCHEMA_VERSION, honourees=honouree_records(ctx)))
    assert honourees_json(honouree_rows(ctx)) == whole
    assert honourees_json([]) == _json(HonoureesFile(schema_version=SCHEMA_VERSION, honourees=[]))
    assert honourees_csv(ctx, rows=honouree_rows(ctx)) == honourees_csv(ctx, honouree_records(ctx))


def test_rows_from_the_store_give_the_same_files_and_follow_an_edit(tmp_path: Path) -> None:
    store = Store(tmp_path / "build")
    plain = downloads(facts())
    first = downloads(facts(), store, Digest(), "engine")
    assert store.misses and not store.hits
    again = Store(tmp_path / "build")
    second = downloads(facts(), again, Digest(), "engine")
    assert again.hits >= 11 and [d.content for d in first] == [d.content for d in second] == [d.content for d in plain]
    site = load_site(REPO / "data", root=REPO)
    edited = dict(site.honourees)
    edited["le-van-c"] = edited["le-van-c"].model_copy(update={"published": dt.date(2021, 5, 1)})
    changed = dataclasses.replace(site, honourees=tuple(edited.items()))
    third = downloads(facts(changed), Store(tmp_path / "build"), Digest(), "engine")
    assert third[1].content != second[1].content and b'"published": "2021-05-01"' in third[1].content
    assert [d.content for d in third] == [d.content for d in downloads(facts(changed))]
