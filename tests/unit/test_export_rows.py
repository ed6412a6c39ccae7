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
FIXTURE = REPO / "tests" / "fixtures" / "bilingual"


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
    # The files' entry, and the rows' (one entry for every row), kept for the store's pruning.
    assert (again.hits, again.misses) == (2, 0) and [d.content for d in first] == [d.content for d in second] == [d.content for d in plain]
    site = load_site(REPO / "data", root=REPO)
    edited = dict(site.honourees)
    edited["le-van-c"] = edited["le-van-c"].model_copy(update={"published": dt.date(2021, 5, 1)})
    changed = dataclasses.replace(site, honourees=tuple(edited.items()))
    third = downloads(facts(changed), Store(tmp_path / "build"), Digest(), "engine")
    assert third[1].content != second[1].content and b'"published": "2021-05-01"' in third[1].content
    assert [d.content for d in third] == [d.content for d in downloads(facts(changed))]


def test_an_edit_makes_one_row_again_and_keeps_every_row_in_one_entry(tmp_path: Path, monkeypatch) -> None:
    from thidua.publish import exports

    made: list[str] = []
    real_row = exports._row
    monkeypatch.setattr(exports, "_row", lambda record: made.append(record.id) or real_row(record))
    site = load_site(FIXTURE, root=FIXTURE)
    store = Store(tmp_path / "build")
    honouree_rows(facts(site), store, Digest(), "engine")
    assert len(made) == len(site.honourees)
    (hid, first), *rest = site.honourees
    edited = first.model_copy(update={"citation": first.citation.model_copy(update={"vi": "Một trích dẫn khác"})})
    changed = dataclasses.replace(site, honourees=((hid, edited), *rest))
    made.clear()
    again = Store(tmp_path / "build")
    keys: list[str] = []
    rows = honouree_rows(facts(changed), again, Digest(), "engine", keys)
    assert made == [hid] and len(keys) == 1
    assert rows == honouree_rows(facts(changed))  # the same rows as made without the store
    assert len(Store(tmp_path / "build").get_object(keys[0])) == len(site.honourees)
    made.clear()
    honouree_rows(facts(changed), Store(tmp_path / "build"), Digest(), "engine")
    assert made == []
    # A serve's rows (another address) are kept beside the build's, not in their place.
    served = BuildContext(site=changed, today=dt.date(2021, 3, 1), site_url="http://127.0.0.1:8000/")
    honouree_rows(served, Store(tmp_path / "build"), Digest(), "engine")
    assert len(made) == len(site.honourees)
    made.clear()
    honouree_rows(facts(changed), Store(tmp_path / "build"), Digest(), "engine")
    assert made == []
