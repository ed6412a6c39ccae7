"""The search index builder (thidua.search), on small written sites made here, with the real Pagefind."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path, PurePosixPath

import pytest

from thidua.search.index import (
    BUNDLE_DIR,
    SearchIndexError,
    build_index,
    html_pages,
    page_url,
)
from thidua.search.staging import index_form


def write_page(site: Path, path: str, lang: str, body: str, nav: str = "") -> None:
    file = site / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>t</title></head><body>'
        f"<nav>{nav}</nav>"
        f'<article class="md-content__inner md-typeset"><h1>{body.split(".")[0]}</h1><p>{body}</p>'
        f'<div class="admonition td-sample"><p>Nguyễn Văn A, Trần Thị B</p></div></article></body></html>',
        encoding="utf-8",
    )


def fragments(site: Path) -> str:
    """The text of every result fragment Pagefind wrote (gzip, a short signature, then JSON)."""
    texts = []
    for file in (site / BUNDLE_DIR / "fragment").iterdir():
        raw = gzip.decompress(file.read_bytes())
        texts.append(raw[raw.index(b"{") :].decode("utf-8"))
    return "\n".join(texts)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    write_page(site, "index.html", "vi", "Trang chủ. Con đường phát triển của Giám đốc Sở.", nav="Điều hướng")
    write_page(site, "ke-hoach/index.html", "vi", "Kế hoạch. Giấy khen của Giám đốc Sở.")
    write_page(site, "en/index.html", "en", "Home. The road to development.")
    write_page(site, "en/ke-hoach/index.html", "en", "Plan. Certificate of Merit.")
    write_page(site, "404.html", "vi", "Không tìm thấy trang.")
    return site


def test_index_form_spells_d_with_stroke_as_a_letter_that_folds_to_d() -> None:
    assert index_form("Đường đi") == "\u1e0eường \u1e0fi"
    # Pagefind folds by dropping combining marks after NFD: the index form then reads as plain d.
    import unicodedata

    folded = "".join(c for c in unicodedata.normalize("NFD", index_form("Đường")) if not unicodedata.combining(c))
    assert folded == "Duong"
    assert index_form("Nguyễn Văn A") == "Nguyễn Văn A"


@pytest.mark.parametrize(
    "path, url",
    [("index.html", "/"), ("ke-hoach/index.html", "/ke-hoach/"), ("en/ton-vinh/a/index.html", "/en/ton-vinh/a/"), ("x.html", "/x.html")],
)
def test_page_url_is_the_directory_url_from_the_site_root(path: str, url: str) -> None:
    assert page_url(PurePosixPath(path)) == url


def test_the_404_page_and_the_bundle_itself_are_not_indexed(site: Path) -> None:
    (site / BUNDLE_DIR).mkdir()
    (site / BUNDLE_DIR / "old.html").write_text("<html></html>", encoding="utf-8")
    assert [p.as_posix() for p in html_pages(site)] == [
        "en/index.html",
        "en/ke-hoach/index.html",
        "index.html",
        "ke-hoach/index.html",
    ]


def test_pages_are_listed_in_path_order_part_by_part_and_skipped_folders_are_not_walked(tmp_path: Path) -> None:
    for page in ("a/b/index.html", "a-b/c/index.html", "a/index.html", "b.html", "en/a/index.html", "a/photo.jpg"):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text("<html></html>", encoding="utf-8")
    listed = html_pages(tmp_path)
    assert listed == sorted(PurePosixPath(p.relative_to(tmp_path).as_posix()) for p in tmp_path.rglob("*.html"))
    assert [p.as_posix() for p in listed][:3] == ["a/b/index.html", "a/index.html", "a-b/c/index.html"]  # not text order
    assert [p.as_posix() for p in html_pages(tmp_path, skip={"en"})] == ["a/b/index.html", "a/index.html", "a-b/c/index.html", "b.html"]
    assert [p.as_posix() for p in html_pages(tmp_path, "en")] == ["en/a/index.html"]


def test_each_language_gets_its_own_index_and_only_the_article_is_indexed(site: Path) -> None:
    report = build_index(site, ["vi", "en"])
    assert report.pages == {"vi": 2, "en": 2}
    assert report.warnings == []
    entry = json.loads((site / BUNDLE_DIR / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"vi", "en"}
    text = fragments(site)
    # đ is stored in its index form; the published page keeps đ.
    assert "Con \u1e0fường" in text and "đường" not in text
    assert "đường" in (site / "index.html").read_text(encoding="utf-8")
    # Navigation outside the article and the sample notice are not indexed.
    assert "iều hướng" not in text
    assert "Trần Thị B" not in text


def test_a_rebuild_replaces_the_previous_bundle(site: Path) -> None:
    build_index(site, ["vi", "en"])
    stale = site / BUNDLE_DIR / "fragment" / "stale.pf_fragment"
    stale.write_bytes(b"old")
    build_index(site, ["vi", "en"])
    assert not stale.exists()


def test_a_language_without_pages_and_a_page_in_an_unbuilt_language_are_reported(site: Path) -> None:
    write_page(site, "fr/index.html", "fr", "Accueil. Le chemin.")
    report = build_index(site, ["vi", "en", "zh"])
    assert "no page in language 'zh' was indexed: its search finds nothing" in report.warnings
    assert any("1 page(s) indexed as language 'fr'" in w for w in report.warnings)


def test_a_page_already_holding_the_index_letter_is_reported(site: Path) -> None:
    write_page(site, "ton-vinh/index.html", "vi", "Tên lạ. Aḏam.")
    report = build_index(site, ["vi", "en"])
    assert report.warnings == ["ton-vinh/index.html: contains '\u1e0f', which search results will show as 'đ'"]


def test_a_site_without_pages_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match="no HTML page to index"):
        build_index(tmp_path, ["vi"])


def test_a_page_is_staged_as_its_language_title_and_article_only() -> None:
    from thidua.search.staging import staged_page

    html = (
        '<!doctype html><html lang="vi" class="no-js"><head><meta charset="utf-8"><title>T - Site</title>'
        '<link rel="stylesheet" href="x.css"></head><body><header>Đầu trang</header><div>'
        '<article class="md-content__inner md-typeset"><h1>Tiêu đề</h1>'
        '<article class="td-honouree"><p>Trong</p></article><p>Sau</p></article></div>'
        "<footer>Chân trang</footer><script>1</script></body></html>"
    )
    staged = staged_page(html)
    assert '<html lang="vi" class="no-js">' in staged and "<title>T - Site</title>" in staged
    assert '<article class="td-honouree"><p>Trong</p></article> <p>Sau</p></article></body>' in staged
    assert "Đầu trang" not in staged and "Chân trang" not in staged and "<script>" not in staged
    # A page without Material's article is handed over whole.
    assert staged_page("<html><body><p>x</p></body></html>") == "<html><body><p>x</p></body></html>"


def test_pages_are_grouped_by_language_folder(site: Path) -> None:
    from thidua.search.index import language_groups, root_pages

    groups = language_groups(html_pages(site), ["vi", "en"])
    assert {k: [p.as_posix() for p in v] for k, v in groups.items()} == {
        "": ["index.html", "ke-hoach/index.html"],
        "en": ["en/index.html", "en/ke-hoach/index.html"],
    }
    assert [p.as_posix() for p in root_pages(site, ["vi", "en"])] == ["index.html", "ke-hoach/index.html"]


def test_a_run_started_in_the_background_is_awaited_and_published(site: Path) -> None:
    from thidua.search.index import BackgroundIndex, root_pages

    stale = site / BUNDLE_DIR / "fragment" / "stale.pf_fragment"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    # As the hook does it: the bundle folder is emptied and the run's files copied in as it ends.
    job = BackgroundIndex(site, root_pages(site, ["vi", "en"]), publish_early=True)
    report = build_index(site, ["vi", "en"], started={"": job})
    assert report.pages == {"vi": 2, "en": 2}
    assert "Con \u1e0fường" in fragments(site)
    assert not stale.exists()
    entry = json.loads((site / BUNDLE_DIR / "pagefind-entry.json").read_text(encoding="utf-8"))
    for info in entry["languages"].values():
        assert (site / BUNDLE_DIR / f"pagefind.{info['hash']}.pf_meta").is_file()


def test_repeated_parts_of_a_page_are_not_indexed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_page(site, "index.html", "vi", "Trang chủ. Lời mở đầu.")
    page = site / "ton-vinh" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<!doctype html><html lang="vi"><head><title>A</title></head><body><article class="md-content__inner">'
        '<article class="td-honouree"><h1>Nguyễn Văn Tư</h1><div class="td-story"><p>Câu chuyện riêng.</p></div>'
        '<ul class="td-checklist"><li>Tiêu chuẩn chung lặp lại</li></ul></article></article></body></html>',
        encoding="utf-8",
    )
    build_index(site, ["vi"])
    text = fragments(site)
    assert "Câu chuyện riêng" in text and "Tiêu chuẩn chung" not in text


def test_only_cuts_that_no_whole_word_term_spans_are_allowed() -> None:
    from thidua.search.chunks import _may_cut

    words = {"thu", "thuong", "thuy", "the", "thi"}
    assert _may_cut("the", "thi", words)  # common "th": not a word
    assert not _may_cut("thuong", "thuy", words)  # common "thu": a word, it would miss "thuy"
    assert _may_cut("ta", "u", words)


def test_large_word_chunks_are_cut_into_small_ones_that_find_the_same_words(tmp_path: Path) -> None:
    import itertools

    from thidua.search.chunks import ENTRY_FILE, _items, _read_packed, _word, rechunk

    site = tmp_path / "site"
    words = " ".join("".join(w) for w in itertools.product("bcgkl", "aeiouy", "mnpt"))
    for n in range(40):
        write_page(site, f"p{n}/index.html", "vi", f"Trang {n}. {words}")
    build_index(site, ["vi"])
    bundle = site / BUNDLE_DIR

    def chunks():
        entry = json.loads((bundle / ENTRY_FILE).read_text(encoding="utf-8"))
        meta = _read_packed(bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta")
        fields, _ = _items(meta, 0)
        listed, _ = _items(meta, fields[2][0])
        names = []
        for start, _ in listed:
            parts, _ = _items(meta, start)
            names.append(meta[parts[2][0] + 1 : parts[2][1]].decode())
        return names

    def all_words(names):
        out = []
        for name in names:
            data = _read_packed(bundle / "index" / f"{name}.pf_index")
            outer, _ = _items(data, 0)
            spans, _ = _items(data, outer[0][0])
            out += [_word(data, s) for s, _ in spans]
        return out

    before = chunks()
    words_before = all_words(before)
    assert rechunk(bundle, target=2_000) == []
    after = chunks()
    assert len(after) > len(before)
    assert all_words(after) == words_before
    assert sorted(p.name for p in (bundle / "index").iterdir()) == sorted(f"{n}.pf_index" for n in after)


def test_the_fast_reading_of_word_lists_cuts_where_the_exact_reading_does(tmp_path: Path, monkeypatch) -> None:
    import re
    import shutil

    from thidua.search import chunks
    from thidua.search.chunks import rechunk

    site = tmp_path / "site"
    for n in range(30):
        write_page(site, f"p{n}/index.html", "vi", f"Trang {n}. Đường phố, giấy khen, thương mại {n} lần {n * 7}, Công Thương.")
    build_index(site, ["vi"])
    fast, exact = tmp_path / "fast", tmp_path / "exact"
    shutil.copytree(site / BUNDLE_DIR, fast)
    shutil.copytree(site / BUNDLE_DIR, exact)
    assert rechunk(fast, target=300) == []
    never = re.compile(b"(?!)")
    monkeypatch.setattr(chunks, "_run_of", lambda item, count: never)
    assert rechunk(exact, target=300) == []
    files = sorted(p.relative_to(fast).as_posix() for p in fast.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(exact).as_posix() for p in exact.rglob("*") if p.is_file())
    assert all((fast / f).read_bytes() == (exact / f).read_bytes() for f in files)
    assert len(list((fast / "index").iterdir())) > len(list((site / BUNDLE_DIR / "index").iterdir()))


def test_pagefind_runs_with_an_environment_of_its_own(monkeypatch) -> None:
    from thidua.search.runner import PAGEFIND_ENVIRONMENT, pagefind_environment

    monkeypatch.setenv("PAGEFIND_ROOT_SELECTOR", "body")
    monkeypatch.delenv("_RJEM_MALLOC_CONF", raising=False)
    before = dict(os.environ)
    environment = pagefind_environment()
    # jemalloc's settings reach Pagefind; Pagefind's own settings come from its config file only.
    assert environment["_RJEM_MALLOC_CONF"] == PAGEFIND_ENVIRONMENT["_RJEM_MALLOC_CONF"]
    assert "PAGEFIND_ROOT_SELECTOR" not in environment and environment["PATH"] == os.environ["PATH"]
    assert dict(os.environ) == before
    # A setting of the person running the build is kept.
    assert pagefind_environment({"_RJEM_MALLOC_CONF": "narenas:2"})["_RJEM_MALLOC_CONF"] == "narenas:2"


def test_an_index_run_leaves_this_process_environment_alone(site: Path, monkeypatch) -> None:
    monkeypatch.delenv("_RJEM_MALLOC_CONF", raising=False)
    before = dict(os.environ)
    assert build_index(site, ["vi", "en"]).pages == {"vi": 2, "en": 2}
    assert dict(os.environ) == before


def test_pagefind_failing_is_a_search_index_error(tmp_path: Path) -> None:
    from thidua.search.index import index_pages

    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("", encoding="utf-8")  # no HTML element: nothing to index
    with pytest.raises(SearchIndexError, match="Pagefind"):
        index_pages(site, [PurePosixPath("a/index.html")])


def test_the_index_steps_run_as_modules_without_the_package_installed(tmp_path: Path) -> None:
    import subprocess

    from thidua.search.elsewhere import PACKAGE_PARENT, module_command

    site = tmp_path / "site"
    for n in range(3):
        write_page(site, f"p{n}/index.html", "vi", f"Trang {n}. Giấy khen, thương mại.")
    build_index(site, ["vi"])
    assert (PACKAGE_PARENT / "thidua" / "search" / "chunks.py").is_file()

    def run(module: str, args: list[str], stdin: str = "") -> subprocess.CompletedProcess:
        command, environment = module_command(module, args)
        assert command[1:4] == ["-P", "-m", module]
        assert environment["PYTHONPATH"].split(os.pathsep)[0] == str(PACKAGE_PARENT)
        # -S: no site-packages, so no installed copy of the package: it is imported from where this
        # process imported it, run from a folder that has nothing to do with it.
        return subprocess.run(
            [command[0], "-S", *command[1:]], input=stdin, env=environment, cwd=tmp_path,
            capture_output=True, text=True, encoding="utf-8", check=False,
        )

    done = run("thidua.search.chunks", ["rechunk", str(site / BUNDLE_DIR)])
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
    usage = run("thidua.search.chunks", [])
    assert usage.returncode == 2 and "usage: python -m thidua.search.chunks rechunk BUNDLE" in usage.stderr
    # Staging parses with selectolax, an installed package: with site-packages it stages the pages.
    command, environment = module_command("thidua.search.staging", [str(site), str(tmp_path / "stage")])
    done = subprocess.run(command, input="p1/index.html\n", env=environment, cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8", check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
    staged = (tmp_path / "stage" / "p1" / "index.html").read_text(encoding="utf-8")
    assert "Gi\u1ea5y khen" in staged and not (tmp_path / "stage" / "p0").exists()
    # The sample notice is one of what Pagefind is told to leave out: the staged copy does not carry it.
    assert "Trần Thị B" not in staged and "td-sample" not in staged


def test_pages_staged_by_several_processes_give_the_same_index_as_one(tmp_path: Path, monkeypatch) -> None:
    from thidua.search import index

    site = tmp_path / "site"
    for n in range(8):
        write_page(site, f"p{n}/index.html", "vi", f"Trang {n}. Giấy khen {n}, thương mại {n * 3}.")
    write_page(site, "index.html", "vi", "Trang chủ. Đường phố.")
    pages = html_pages(site)
    monkeypatch.setattr(index, "STAGE_SHARE_MIN", 1)

    def bundle(workers: int) -> dict[str, bytes]:
        partial = index.index_pages(site, pages, workers=workers)
        try:
            return {p.relative_to(partial.bundle).as_posix(): p.read_bytes() for p in partial.bundle.rglob("*") if p.is_file()}
        finally:
            partial.discard()

    one = bundle(1)
    assert one and bundle(3) == one


def test_cells_labels_and_cards_are_separated_by_spaces(tmp_path: Path) -> None:
    site = tmp_path / "site"
    page = site / "ket-qua" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<!doctype html><html lang="vi"><head><title>K</title></head><body><article class="md-content__inner">'
        "<h1>Kết quả</h1><table><thead><tr><th>Tên</th><th>Đơn vị</th><th>Loại</th></tr></thead></table>"
        "<dl><div><dt>Chức vụ, vai trò</dt><dd>Chuyên viên</dd></div><div><dt>Đơn vị</dt><dd>Văn phòng Sở</dd></div></dl>"
        '<ul><li><a href="x/"><strong>Kế hoạch thi đua</strong></a><span>Toàn văn kế hoạch</span></li></ul>'
        "<p>Giấy <em>khen</em>, bằng<b>chữ</b></p></article></body></html>",
        encoding="utf-8",
    )
    build_index(site, ["vi"])
    text = fragments(site)
    assert "Tên \u1e0eơn vị Loại" in text
    assert "Chức vụ, vai trò Chuyên viên. \u1e0eơn vị Văn phòng Sở" in text
    assert "Kế hoạch thi ḏua Toàn văn" in text
    # Inline text keeps its words whole: no space is added inside or beside running text.
    assert "Giấy khen, bằngchữ" in text


def test_the_colophon_about_and_data_pages_weigh_little() -> None:
    from thidua.search.index import LOW_WEIGHT, low_weights
    from thidua.search.staging import staged_page

    pages = [PurePosixPath(p) for p in ("an-ban/index.html", "en/an-ban/index.html", "en/du-lieu/index.html",
                                        "ton-vinh/an-ban/index.html", "gioi-thieu/index.html", "index.html")]
    assert low_weights(pages, "") == {PurePosixPath("an-ban/index.html"): LOW_WEIGHT, PurePosixPath("gioi-thieu/index.html"): LOW_WEIGHT}
    assert set(low_weights(pages, "en")) == {PurePosixPath("en/an-ban/index.html"), PurePosixPath("en/du-lieu/index.html")}
    staged = staged_page(
        '<html lang="vi"><head><title>A</title></head><body><article class="md-content__inner">'
        "<h1>Thông tin ấn bản</h1><h2>Tải về</h2><p>Nguyên văn</p></article></body></html>",
        weight=LOW_WEIGHT,
    )
    assert LOW_WEIGHT == 0.2
    assert '<article class="md-content__inner" data-pagefind-weight="0.2">' in staged
    # Headings keep their rank above the page's text, scaled as the page is (Pagefind's h1 is 7, h2 6).
    assert '<h1 data-pagefind-weight="1.4">' in staged and '<h2 data-pagefind-weight="1.2">' in staged
    assert "data-pagefind-weight" not in staged_page("<html><body><article class='md-content__inner'><h1>A</h1></article></body></html>")


def test_the_staged_copy_leaves_out_what_pagefind_is_told_to_leave_out() -> None:
    from thidua.search.staging import staged_page

    page = (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>t</title></head><body><nav>menu</nav>'
        '<article class="md-content__inner md-typeset"><h1>Kỷ yếu<a class="headerlink" href="#">¶</a></h1>'
        "<p>Mở đầu</p>"
        '<div class="td-booklet__entry"><h2>Nguyễn Văn A<a class="headerlink" href="#a">¶</a></h2><p>Câu chuyện</p></div>'
        '<div class="td-booklet__entry"><p>Trần Thị B</p><div class="td-booklet__entry"><p>lồng nhau</p></div></div>'
        "<p>Kết<span class=\"td-sample\">mẫu</span>thúc</p></article></body></html>"
    )
    staged = staged_page(page.encode("utf-8"))
    for gone in ("¶", "Nguyễn Văn A", "Câu chuyện", "Trần Thị B", "lồng nhau", "mẫu", "menu", "td-booklet"):
        assert gone not in staged, gone
    assert "Kỷ yếu" in staged and "Mở đầu" in staged
    assert "Kết thúc" in staged  # an element left out leaves a space: the words beside it stay apart
