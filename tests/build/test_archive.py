"""The archive edition (python -m thidua_archive): the zip, its checksums, file:// links, colophon, PDFs, reproducibility."""

from __future__ import annotations

import hashlib
import io
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from pypdf import PdfReader
from selectolax.parser import HTMLParser
from test_site import issued_sentences

from conftest import DURING, SEED, copy_project
from thidua.archive.command import ArchiveError, build_archive
from thidua.archive.links import check_site
from thidua.archive.pdf import CHROMIUM, CHROMIUM_FLAGS
from thidua.publish.edition import data_digest

NAME = "thi-dua-70-nam-nganh-cong-thuong-2021-03-01"
PLAN_PDF = {
    "vi": "ke-hoach/ke-hoach-thi-dua-70-nam-nganh-cong-thuong.pdf",
    "en": "en/ke-hoach/plan-emulation-campaign-70-years-industry-and-trade.pdf",
}
BOOKLET_PDF = {"vi": "ky-yeu/ky-yeu-guong-nguoi-tot-viec-tot.pdf", "en": "en/ky-yeu/booklet-good-people-good-deeds.pdf"}


@dataclass
class Archive:
    project: Path
    zip: Path
    site: Path  # the zip, unpacked: its one top folder

    def html(self, path: str) -> HTMLParser:
        return HTMLParser((self.site / path).read_text(encoding="utf-8"))

    def pdf(self, path: str) -> PdfReader:
        return PdfReader(self.site / path)


@pytest.fixture(scope="session")
def archive(tmp_path_factory) -> Archive:
    """One archive edition of the bundled data, as of a day inside the campaign period."""
    root = tmp_path_factory.mktemp("archive")
    project = copy_project(root / "project")
    target = build_archive(project / "mkdocs.yml", root / "out", int(DURING))
    with zipfile.ZipFile(target) as zf:
        zf.extractall(root / "unpacked")
    return Archive(project, target, root / "unpacked" / NAME)


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_the_zip_is_named_after_the_campaign_and_build_date_with_fixed_order_times_and_modes(archive) -> None:
    assert archive.zip.name == f"{NAME}.zip"
    assert sorted(p.name for p in archive.zip.parent.iterdir()) == [archive.zip.name]  # no temporary left
    with zipfile.ZipFile(archive.zip) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names) and all(n.startswith(f"{NAME}/") for n in names)
    assert {i.date_time for i in infos} == {(2021, 3, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    for required in ("index.html", "en/index.html", "an-ban/index.html", "en/an-ban/index.html", "SHA256SUMS",
                     "README.txt", "du-lieu/campaign.json", "du-lieu/timeline.ics", *PLAN_PDF.values(), *BOOKLET_PDF.values()):  # fmt: skip
        assert f"{NAME}/{required}" in names, required


def test_sha256sums_cover_every_other_file_of_the_bundle(archive) -> None:
    with zipfile.ZipFile(archive.zip) as zf:
        files = {i.filename[len(NAME) + 1 :]: zf.read(i) for i in zf.infolist()}
    lines = files.pop("SHA256SUMS").decode("utf-8").splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines)
    assert set(listed) == set(files)
    assert all(hashlib.sha256(files[name]).hexdigest() == digest for name, digest in listed.items())


def test_open_data_downloads_are_in_the_bundle(archive) -> None:
    links = [a.attributes["href"] for a in archive.html("du-lieu/index.html").css("table.td-downloads a[download]")]
    assert len(links) >= 4
    for href in links:
        assert (archive.site / "du-lieu" / href).resolve().is_file(), href


def test_every_link_works_from_file_urls_and_points_at_index_html(archive) -> None:
    assert [str(b) for b in check_site(archive.site, file_urls=True)] == []
    tabs = [a.attributes["href"] for a in archive.html("index.html").css("a.md-tabs__link")]
    assert "ke-hoach/index.html" in tabs
    switch = {a.attributes["hreflang"]: a.attributes["href"] for a in archive.html("en/ke-hoach/index.html").css("a.md-select__link")}
    assert switch == {"vi": "../../ke-hoach/index.html", "en": "index.html"}
    # Material's offline plugin would fetch this from a CDN: it is the vendored copy.
    scripts = [s.attributes.get("src", "") for s in archive.html("index.html").css("script[src]")]
    assert "assets/vendor/iframe-worker/shim.js" in scripts
    assert (archive.site / "assets/vendor/iframe-worker/shim.js").stat().st_size > 500


def test_read_from_the_disc_styles_and_photos_load_and_the_language_switch_works(archive) -> None:
    # In a thread of its own: Playwright's sync API refuses to run where another test's browser
    # session keeps an asyncio loop running (tests/browser/).
    with ThreadPoolExecutor(1) as pool:
        failed = pool.submit(_browse_from_the_disc, archive).result()
    assert failed == []


def _browse_from_the_disc(archive: Archive) -> list[str]:
    failed: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_FLAGS))
        try:
            page = browser.new_page()
            page.on("requestfailed", lambda request: failed.append(request.url))
            page.goto((archive.site / "ton-vinh" / "index.html").as_uri())
            page.wait_for_load_state("load")
            # Material's stylesheet applies (the header is fixed), the site's own too (the plan's serif).
            assert page.eval_on_selector("header.md-header", "e => getComputedStyle(e).position") in ("fixed", "sticky")
            images = page.eval_on_selector_all("img", "imgs => imgs.map(i => [i.currentSrc, i.complete && i.naturalWidth > 0])")
            assert len(images) >= 10 and all(ok for _, ok in images), images
            page.hover(".md-header .md-select")
            page.click("a.md-select__link[hreflang=en]")
            page.wait_for_load_state("load")
            assert page.url == (archive.site / "en" / "ton-vinh" / "index.html").as_uri()
            assert page.eval_on_selector("html", "e => e.lang") == "en"
            # Search cannot run from file://: the box says how to serve the folder.
            page.keyboard.press("/")
            assert "python -m http.server" in page.inner_text("[data-td-search-meta]")
        finally:
            browser.close()
    return failed


@pytest.mark.parametrize("lang, what, built, version", [
    ("vi", "ấn bản lưu trữ", "ngày 01 tháng 03 năm 2021", "không lập từ kho git"),
    ("en", "archive edition", "1 March 2021", "not built from a git repository"),
])  # fmt: skip
def test_the_colophon_says_what_this_is_its_date_data_version_and_how_to_verify(archive, lang, what, built, version) -> None:
    prefix = "" if lang == "vi" else "en/"
    tree = archive.html(f"{prefix}an-ban/index.html")
    text = " ".join(tree.css_first("article").text(separator=" ").split())
    assert tree.css_first("html").attributes["lang"] == lang
    assert what in text and built in text and version in text
    assert "SOURCE_DATE_EPOCH=1614531600" in text and "sha256sum -c SHA256SUMS" in text
    assert data_digest(archive.project / "data") in text
    # Every page's footer leads here.
    footer = archive.html(f"{prefix}ke-hoach/index.html").css_first("a.td-colophon-link")
    assert footer.attributes["href"] == "../an-ban/index.html"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_plan_pdf_is_a4_with_noto_serif_embedded_and_linked_from_the_plan_page(archive, lang) -> None:
    path = PLAN_PDF[lang]
    links = [a.attributes["href"] for a in archive.html(str(Path(path).parent / "index.html")).css("a[download]")]
    assert links == [Path(path).name]
    pdf = archive.pdf(path)
    assert len(pdf.pages) >= 3
    for page in pdf.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4 in points
    fonts = {}
    for page in pdf.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"]).split("+", 1)[-1]] = "/FontFile2" in descriptor
    assert "NotoSerif-Regular" in fonts and "NotoSerif-Bold" in fonts
    assert all(fonts.values()), fonts  # every font embedded
    assert all(name.startswith(("NotoSerif", "NotoSans")) for name in fonts), fonts
    meta = pdf.metadata
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20210301000000+07'00'"
    assert meta["/Author"] == ("Sở Công Thương" if lang == "vi" else "Department of Industry and Trade")


def test_the_plan_pdf_text_can_be_extracted_and_holds_every_sentence_of_the_issued_plan(archive) -> None:
    text = squeeze("\n".join(page.extract_text() for page in archive.pdf(PLAN_PDF["vi"]).pages))
    sentences = issued_sentences(SEED.read_text(encoding="utf-8"))
    assert len(sentences) > 40
    assert [s for s in sentences if squeeze(s) not in text] == []
    for part in ("SỞ CÔNG THƯƠNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Nơi nhận:", "GIÁM ĐỐC", "I. Mục đích, yêu cầu"):
        assert squeeze(part) in text, part
    english = squeeze("\n".join(page.extract_text() for page in archive.pdf(PLAN_PDF["en"]).pages))
    assert squeeze("Purposes and requirements") in english and squeeze("DIRECTOR") in english.upper()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_booklet_pdf_gives_each_honouree_a_page_with_photo_and_citation(archive, lang) -> None:
    prefix = "" if lang == "vi" else "en/"
    entries = archive.html(f"{prefix}ky-yeu/index.html").css("article.td-booklet__entry")
    assert len(entries) == len(list((archive.project / "data" / "honourees").glob("*.yaml")))
    pdf = archive.pdf(BOOKLET_PDF[lang])
    assert len(pdf.pages) >= 1 + len(entries)
    texts = [squeeze(page.extract_text()) for page in pdf.pages]
    for entry in entries:
        name = squeeze(entry.css_first(".td-booklet__name").text())
        citation = squeeze(entry.css_first(".td-citation").text())
        start = next(i for i, text in enumerate(texts) if name in text)
        assert citation[:60] in texts[start], name
        assert pdf.pages[start]["/Resources"].get("/XObject"), f"{name}: no photo on its page"


def test_two_builds_of_the_same_sources_and_date_give_the_same_bytes(archive, tmp_path) -> None:
    project = copy_project(tmp_path / "elsewhere" / "project")
    second = build_archive(project / "mkdocs.yml", tmp_path / "out", int(DURING))
    assert second.name == archive.zip.name
    if second.read_bytes() != archive.zip.read_bytes():
        with zipfile.ZipFile(archive.zip) as a, zipfile.ZipFile(second) as b:
            differ = [i.filename for i in a.infolist() if a.read(i) != b.read(i.filename)]
        pytest.fail(f"files differ between two builds: {differ[:20]}")


def test_a_failed_archive_build_leaves_no_zip(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    units = project / "data" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("kind: office", "kind: bureau"), encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ArchiveError, match="units.yaml"):
        build_archive(project / "mkdocs.yml", out, int(DURING))
    assert list(out.iterdir()) == []


def test_the_readme_at_the_top_says_how_to_open_search_and_verify(archive) -> None:
    readme = (archive.site / "README.txt").read_text(encoding="utf-8")
    assert readme.startswith(NAME)
    assert "python -m http.server" in readme and "sha256sum -c SHA256SUMS" in readme
    assert "Mở tệp index.html" in readme and "Open index.html" in readme


def test_zip_entries_have_no_timestamps_of_the_build_machine(archive) -> None:
    data = archive.zip.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert all(not info.extra for info in zf.infolist())
