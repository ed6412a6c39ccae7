"""The search index in shards (thidua.search.shards) and through the build's store, on small written sites made
here with the real Pagefind: which bundle holds which page, what an edit indexes again, the same bytes from an
empty store, and the refresh that `mkdocs serve` runs after a build."""

from __future__ import annotations

import json
import threading
from pathlib import Path, PurePosixPath

import pytest
from test_search import write_page

from thidua.search import shards
from thidua.search.index import BUNDLE_DIR, Refresh, SearchIndexError, build_index, mark_refreshing
from thidua.search.shards import MANIFEST, plan, shard_of
from thidua.store import Store

IDS = [f"nguoi-{n:02d}" for n in range(8)]


def page(path: str) -> PurePosixPath:
    return PurePosixPath(path)


def test_a_language_of_few_honourees_is_one_bundle() -> None:
    pages = [page("index.html"), *(page(f"ton-vinh/{hid}/index.html") for hid in IDS)]
    assert plan("", pages, limit=8) == [shards.Group("", "", tuple(pages))]
    # Honourees filling one shard at most are not split from the sections: an edit would index both again.
    assert len(plan("", pages, limit=5)) == 3


def test_honouree_pages_go_to_shards_by_their_id_and_the_sections_to_the_first_bundle() -> None:
    sections = [page("en/index.html"), page("en/ton-vinh/index.html"), page("en/ton-vinh/anh/index.html")]
    honourees = [page(f"en/ton-vinh/{hid}/index.html") for hid in IDS]
    groups = plan("en", sections + honourees, limit=3)
    assert groups[0].name == "" and list(groups[0].pages) == sections
    assert [g.name for g in groups[1:]] == [f"en-{n}" for n in range(1, len(groups))]
    assert sorted(p for g in groups[1:] for p in g.pages) == sorted(honourees)
    for group in groups[1:]:
        for p in group.pages:
            assert group.name == f"en-{shard_of(p.parts[2], 3) + 1}"
    # A honouree added leaves the others in their shards (the count of shards is the same).
    more = plan("en", sections + honourees + [page("en/ton-vinh/nguoi-99/index.html")], limit=3)
    for group in groups[1:]:
        again = next(g for g in more if g.name == group.name)
        assert set(group.pages) <= set(again.pages)


def sharded_site(root: Path) -> Path:
    site = root / "site"
    write_page(site, "index.html", "vi", "Trang chủ. Danh sách người tốt việc tốt.")
    write_page(site, "ton-vinh/index.html", "vi", "Tôn vinh. Các cá nhân và tập thể.")
    write_page(site, "en/index.html", "en", "Home. Good people, good deeds.")
    for n, hid in enumerate(IDS):
        write_page(site, f"ton-vinh/{hid}/index.html", "vi", f"Người số {n}. Câu chuyện về người thứ {n} ở phường {hid}.")
    return site


def published(site: Path) -> dict[str, bytes]:
    bundle = site / BUNDLE_DIR
    return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}


@pytest.fixture
def small_shards(monkeypatch) -> None:
    monkeypatch.setattr(shards, "SHARD_PAGES", 3)


def test_shards_are_listed_for_the_browser_and_every_page_is_counted(tmp_path: Path, small_shards) -> None:
    site = sharded_site(tmp_path)
    report = build_index(site, ["vi", "en"], store=Store(tmp_path / "store"), engine="e")
    assert report.pages == {"vi": 2 + len(IDS), "en": 1}
    manifest = json.loads((site / BUNDLE_DIR / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["refreshing"] is False
    assert manifest["shards"]["en"] == []
    assert manifest["shards"]["vi"] and all((site / BUNDLE_DIR / s / "pagefind-entry.json").is_file() for s in manifest["shards"]["vi"])
    # A shard has no script or WebAssembly of its own: the primary bundle's serve every shard.
    for shard in manifest["shards"]["vi"]:
        assert not list((site / BUNDLE_DIR / shard).glob("*.js")) and not list((site / BUNDLE_DIR / shard).glob("wasm.*"))
    # The primary entry lists the sections only; the shards hold every honouree page once.
    entry = json.loads((site / BUNDLE_DIR / "pagefind-entry.json").read_text(encoding="utf-8"))
    in_shards = sum(
        json.loads((site / BUNDLE_DIR / s / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["vi"]["page_count"]
        for s in manifest["shards"]["vi"]
    )
    assert entry["languages"]["vi"]["page_count"] == 2 and in_shards == len(IDS)


def test_an_edit_indexes_only_the_bundle_that_holds_the_page_and_an_empty_store_gives_the_same_bytes(
    tmp_path: Path, small_shards
) -> None:
    site = sharded_site(tmp_path)
    store = Store(tmp_path / "store")
    first = build_index(site, ["vi", "en"], store=store, engine="e")
    made, reused = first.bundles
    assert reused == 0 and made >= 4  # vi sections, its shards, en
    again = build_index(site, ["vi", "en"], store=Store(tmp_path / "store"), engine="e")
    assert again.bundles == (0, made)
    write_page(site, f"ton-vinh/{IDS[3]}/index.html", "vi", "Người số 3. Câu chuyện đã sửa: một sáng kiến mới.")
    edited = build_index(site, ["vi", "en"], store=Store(tmp_path / "store"), engine="e")
    assert edited.bundles == (1, made - 1)
    warm = published(site)
    cold = build_index(site, ["vi", "en"], store=Store(tmp_path / "empty"), engine="e")
    assert cold.bundles == (made, 0)
    assert published(site) == warm
    # Another engine never takes a bundle made by this one.
    assert build_index(site, ["vi", "en"], store=Store(tmp_path / "store"), engine="other").bundles == (made, 0)


def test_a_bundle_taken_whole_keeps_its_pages_staged_text_for_the_next_edit(tmp_path: Path, small_shards) -> None:
    """A build that takes every bundle from the store reads none of its pages' staged text; it still counts it as
    used, so that after as many such builds as pruning remembers an edit stages only the page it changed."""
    from thidua.store import KEEP_BUILDS

    site = sharded_site(tmp_path)
    store = Store(tmp_path / "store")
    made, _ = build_index(site, ["vi", "en"], store=store, engine="e").bundles
    store.remember("build")
    for _ in range(KEEP_BUILDS + 1):
        store = Store(tmp_path / "store")
        assert build_index(site, ["vi", "en"], store=store, engine="e").bundles == (0, made)
        store.remember("build")
        assert store.prune() == 0


def test_a_refresh_says_it_is_under_way_then_publishes_the_index_in_place(tmp_path: Path, small_shards) -> None:
    site = sharded_site(tmp_path)
    manifest = site / BUNDLE_DIR / MANIFEST
    mark_refreshing(site)  # what Refresh writes first, before its thread starts
    assert json.loads(manifest.read_text(encoding="utf-8")) == {"refreshing": True, "shards": {}}
    ended = []
    refresh = Refresh(site, ["vi", "en"], store=Store(tmp_path / "store"), engine="e", done=lambda r, s: ended.append(r))
    refresh.wait()
    assert ended == [refresh] and refresh.error is None
    assert json.loads(manifest.read_text(encoding="utf-8"))["refreshing"] is False
    assert refresh.report.pages == {"vi": 2 + len(IDS), "en": 1}
    assert not (site / ".pagefind-refresh").exists()


def test_an_index_stopped_by_a_newer_build_publishes_nothing(tmp_path: Path, small_shards) -> None:
    site = sharded_site(tmp_path)
    stopped = threading.Event()
    stopped.set()
    with pytest.raises(SearchIndexError, match="newer build"):
        build_index(site, ["vi", "en"], cancelled=stopped, into=site / ".pagefind-refresh")
    assert not (site / ".pagefind-refresh").exists() and not (site / BUNDLE_DIR).exists()


def test_shards_started_in_the_background_with_the_sections_left_to_the_build_publish_the_same_bytes(
    tmp_path: Path, small_shards
) -> None:
    """As hook_search does it: the default language's shards run in the background, its section bundle runs in
    build_index (before it waits for them); the site's bundle is the one build_index makes alone."""
    from thidua.search.index import BackgroundIndex, root_pages

    site = sharded_site(tmp_path)
    alone = build_index(site, ["vi", "en"], store=Store(tmp_path / "alone"), engine="e")
    expected = published(site)
    groups = plan("", root_pages(site, ["vi", "en"]))
    assert len(groups) > 2 and groups[0].name == ""
    store = Store(tmp_path / "store")
    job = BackgroundIndex(site, groups[1:], publish_early=True, store=store, engine="e", later=tuple(groups[:1]))
    report = build_index(site, ["vi", "en"], started={"": job}, store=store, engine="e")
    assert report.pages == alone.pages and report.bundles == alone.bundles
    assert published(site) == expected
    assert {"vi stage", "root waited", "vi-1 stage"} <= set(report.seconds)
