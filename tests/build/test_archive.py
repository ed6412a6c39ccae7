"""The archive edition (python -m thidua.archive [--wacz]): the zip, the BagIt bag in it, file:// links, colophon,
PDFs in the shipped fonts, the web archive of the published site, reproducibility (on machines with different
fonts too)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import bagit
import pikepdf
import pytest
from playwright.sync_api import sync_playwright
from pypdf import PdfReader
from selectolax.parser import HTMLParser
from warcio.archiveiterator import ArchiveIterator

from conftest import BILINGUAL, DURING, DURING_VI, REPO, VIETNAMESE_ONLY, copy_project, fontconfig_file, run_build
from thidua.archive import browser as browsers
from thidua.archive.bag import bag_info, site_campaign, site_info
from thidua.archive.command import ArchiveError, build_archive, build_wacz, main
from thidua.archive.links import check_site
from thidua.archive.pdf import pdf_fonts
from thidua.archive.pdfa import ICC_PROFILE, PdfaFailed, archival_pdf, to_pdfa
from thidua.archive.pdfa_checks import CHECKS, check
from thidua.archive.wacz import surt
from thidua.load.files import load_site
from thidua.model import fonts as shipped
from thidua.model.data import iter_texts
from thidua.publish.edition import data_digest
from thidua.model.strings import t
from thidua.publish.pages import EDITION_PAGES, SECTION_PAGES, honouree_path

# Named after the fixture campaign's slug (data/site.yaml) and the build date.
NAME = "thi-dua-song-ngu-mau-2021-03-01"
PLAN_PDF = {"vi": "ke-hoach/ke-hoach-thi-dua-song-ngu-mau.pdf", "en": "en/ke-hoach/plan-thi-dua-song-ngu-mau.pdf"}
BOOKLET_PDF = {"vi": "ky-yeu/ky-yeu-thi-dua-song-ngu-mau.pdf", "en": "en/ky-yeu/booklet-thi-dua-song-ngu-mau.pdf"}
# Published under a sub-path, as on a Department's portal.
SITE_URL = "https://thidua.example.gov.vn/so-cong-thuong/"
WARC_DATE = "2021-02-28T17:00:00Z"  # the build date, 2021-03-01 00:00 in Viet Nam


@dataclass
class Archive:
    project: Path
    zip: Path
    bag: Path  # the zip, unpacked: its one top folder, a BagIt bag
    site: Path  # the bag's payload: the site
    wacz: Path  # the web archive of the site as published at SITE_URL


    def html(self, path: str) -> HTMLParser:
        return HTMLParser((self.site / path).read_text(encoding="utf-8"))

    def pdf(self, path: str) -> PdfReader:
        return PdfReader(self.site / path)


def _build_editions(root: Path, project: Path) -> Archive:
    """The archive edition (unpacked) and the web archive of `project`, as of a day inside the period."""
    target = build_archive(project / "mkdocs.yml", root / "out", int(DURING), SITE_URL)
    wacz = build_wacz(project / "mkdocs.yml", root / "out", int(DURING), SITE_URL)
    with zipfile.ZipFile(target) as zf:
        zf.extractall(root / "unpacked")
    bag = root / "unpacked" / NAME
    return Archive(project, target, bag, bag / "data", wacz)


@pytest.fixture(scope="session")
def archive(tmp_path_factory) -> Archive:
    """One archive edition of the bundled data and its web archive, as of a day inside the campaign period."""
    root = tmp_path_factory.mktemp("archive")
    return _build_editions(root, copy_project(root / "project"))


@dataclass
class Capture:
    url: str
    date: str
    status: str
    media_type: str
    body: bytes


def warc_records(wacz: Path) -> list[Capture]:
    """The response records of the WACZ's WARC, read with warcio."""
    with zipfile.ZipFile(wacz) as zf:
        data = zf.read("archive/data.warc.gz")
    records = []
    for record in ArchiveIterator(io.BytesIO(data)):
        if record.rec_type == "response":
            records.append(Capture(
                record.rec_headers.get_header("WARC-Target-URI"), record.rec_headers.get_header("WARC-Date"),
                record.http_headers.get_statuscode(), record.http_headers.get_header("Content-Type"),
                record.content_stream().read(),
            ))  # fmt: skip
    return records


def published_url(path: str) -> str:
    """Where a web server gives the file at `path` of the site (a folder's index.html at the folder)."""
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return SITE_URL + path


@pytest.fixture(scope="module")
def archive_without_noto(tmp_path_factory) -> Archive:
    """The same archive edition and web archive, built elsewhere on a machine whose system has no Noto font."""
    root = tmp_path_factory.mktemp("archive-without-noto")
    project = copy_project(root / "elsewhere" / "project")
    config = fontconfig_file(root / "fontconfig", noto=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FONTCONFIG_FILE", str(config))  # the build's Chromium inherits it
        return _build_editions(root, project)


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_the_zip_is_named_after_the_campaign_and_build_date_with_fixed_order_times_and_modes(archive) -> None:
    assert archive.zip.name == f"{NAME}.zip"
    assert sorted(p.name for p in archive.zip.parent.iterdir()) == [f"{NAME}.wacz", f"{NAME}.zip"]  # no temporary left
    with zipfile.ZipFile(archive.zip) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names) and all(n.startswith(f"{NAME}/") for n in names)
    assert {i.date_time for i in infos} == {(2021, 3, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    tags = ["README.txt", "bag-info.txt", "bagit.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt"]
    assert sorted(n.split("/", 1)[1] for n in names if n.count("/") == 1) == tags
    for required in ("index.html", "en/index.html", "an-ban/index.html", "en/an-ban/index.html",
                     "du-lieu/campaign.json", "du-lieu/timeline.ics", *PLAN_PDF.values(), *BOOKLET_PDF.values()):  # fmt: skip
        assert f"{NAME}/data/{required}" in names, required


def test_the_unzipped_folder_passes_bagit_validate(archive) -> None:
    # The Library of Congress's command line, as an archive runs it on receipt.
    proc = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(archive.bag)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert f"{archive.bag} is valid" in proc.stderr
    assert (archive.bag / "bagit.txt").read_text(encoding="utf-8") == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"


def test_a_changed_or_added_file_fails_the_bag(archive, tmp_path) -> None:
    with zipfile.ZipFile(archive.zip) as zf:
        zf.extractall(tmp_path)
    bag = tmp_path / NAME
    plan = bag / "data" / "ke-hoach" / "index.html"
    plan.write_bytes(plan.read_bytes().replace(b"<h1", b"<h2", 1))  # same size: Payload-Oxum still matches
    with pytest.raises(bagit.BagValidationError) as failed:
        bagit.Bag(str(bag)).validate()
    assert [d.path for d in failed.value.details] == ["data/ke-hoach/index.html"]
    plan.write_bytes((archive.site / "ke-hoach" / "index.html").read_bytes())
    bagit.Bag(str(bag)).validate()
    (bag / "data" / "extra.html").write_text("<p>x</p>", encoding="utf-8")
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(bag)).validate()


def test_the_manifest_covers_every_file_of_the_site_and_sha256sum_checks_it(archive) -> None:
    files = {p.relative_to(archive.bag).as_posix() for p in archive.site.rglob("*") if p.is_file()}
    lines = (archive.bag / "manifest-sha256.txt").read_text(encoding="utf-8").splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines)
    assert set(listed) == files and len(files) > 100
    assert all(hashlib.sha256((archive.bag / name).read_bytes()).hexdigest() == digest for name, digest in listed.items())
    # The README's one command for people with only coreutils, on both manifests.
    for manifest in ("manifest-sha256.txt", "tagmanifest-sha256.txt"):
        proc = subprocess.run(["sha256sum", "--quiet", "-c", manifest], cwd=archive.bag, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    tagged = [line.split("  ", 1)[1] for line in (archive.bag / "tagmanifest-sha256.txt").read_text().splitlines()]
    assert tagged == ["README.txt", "bag-info.txt", "bagit.txt", "manifest-sha256.txt"]


def test_bag_info_says_who_made_the_bag_when_and_what_it_holds(archive) -> None:
    info = bagit.Bag(str(archive.bag)).info
    campaign = site_campaign(archive.site)
    assert info["Source-Organization"] == site_info(archive.site).publisher.name.vi == "Sở Công Thương"
    assert info["Bagging-Date"] == "2021-03-01"  # the build date, not the day the test ran
    size = sum(p.stat().st_size for p in archive.site.rglob("*") if p.is_file())
    count = sum(1 for p in archive.site.rglob("*") if p.is_file())
    assert info["Payload-Oxum"] == f"{size}.{count}"
    vi, en = info["External-Description"]
    assert campaign.document.title.vi in vi and campaign.document.issuer.vi in vi
    assert campaign.document.title.en in en and "Archive edition" in en
    assert info["Internal-Sender-Identifier"] == NAME
    assert all("SOURCE_DATE_EPOCH=1614531600" in d for d in info["Internal-Sender-Description"])
    # The bundled plan has no number: no identifier is invented.
    assert campaign.document.number is None and "External-Identifier" not in info
    numbered = campaign.model_copy(update={"document": campaign.document.model_copy(update={"number": "12/KH-SCT"})})
    assert bag_info(numbered, site_info(archive.site), campaign.period.start, NAME, 0, None)["External-Identifier"] == "12/KH-SCT"


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
        browser, _ = browsers.launch(pw)
        try:
            page = browser.new_page()
            page.on("requestfailed", lambda request: failed.append(request.url))
            page.goto((archive.site / "ton-vinh" / "index.html").as_uri())
            page.wait_for_load_state("load")
            # Material's stylesheet applies (the header is fixed), the site's own too (the plan's serif).
            assert page.eval_on_selector("header.md-header", "e => getComputedStyle(e).position") in ("fixed", "sticky")
            # The archive edition names the shipped fonts first, and they load from the files.
            stack = page.eval_on_selector("article", "e => getComputedStyle(e).fontFamily")
            assert stack.startswith('"Thidua Sans"'), stack
            loaded = page.evaluate("async () => { await document.fonts.ready; return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family); }")
            assert '"Thidua Sans"' in loaded or "Thidua Sans" in loaded, loaded
            # The photos are lazy: scrolled into view, every one loads from the disc.
            for img in page.query_selector_all("img"):
                img.scroll_into_view_if_needed()
            page.wait_for_function("[...document.images].every(i => i.complete)", timeout=10_000)
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
    ("vi", "ấn bản lưu trữ", "ngày 01 tháng 3 năm 2021", "không lập từ kho git"),
    ("en", "archive edition", "1 March 2021", "not built from a git repository"),
])  # fmt: skip
def test_the_colophon_says_what_this_is_its_date_data_version_and_how_to_verify(archive, lang, what, built, version) -> None:
    prefix = "" if lang == "vi" else "en/"
    tree = archive.html(f"{prefix}an-ban/index.html")
    text = " ".join(tree.css_first("article").text(separator=" ").split())
    assert tree.css_first("html").attributes["lang"] == lang
    assert what in text and built in text and version in text
    assert "SOURCE_DATE_EPOCH=1614531600" in text and "sha256sum -c manifest-sha256.txt" in text
    assert "bagit.py --validate" in text and "RFC 8493" in text
    assert data_digest(archive.project / "data") in text
    # Every page's footer leads here.
    footer = archive.html(f"{prefix}ke-hoach/index.html").css_first("a.td-colophon-link")
    assert footer.attributes["href"] == "../an-ban/index.html"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_colophon_names_the_standards_and_every_check_that_was_run(archive, lang) -> None:
    prefix = "" if lang == "vi" else "en/"
    tree = archive.html(f"{prefix}an-ban/index.html")
    text = " ".join(tree.css_first("article").text(separator=" ").split())
    for standard in ("RFC 8493", "PDF/A-2b", "ISO 19005-2", "TCVN 14159-1:2024", "sRGB", "veraPDF", "WACZ 1.1.1",
                     "ISO 28500", "--wacz"):  # fmt: skip
        assert standard in text, standard
    # The checks the build ran, each in words, in the order the code runs them.
    items = [" ".join(li.text().split()) for li in tree.css("ul.td-colophon__checks li")]
    assert items == [" ".join(t(lang, f"colophon.pdfa.check.{name}").split()) for name, _ in CHECKS]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_plan_pdf_is_a4_in_the_shipped_noto_serif_embedded_and_linked_from_the_plan_page(archive, lang) -> None:
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
    assert set(fonts) <= shipped.POSTSCRIPT_NAMES, fonts
    meta = pdf.metadata
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20210301000000+07'00'"
    assert meta["/Author"] == ("Sở Công Thương" if lang == "vi" else "Department of Industry and Trade")


def test_the_plan_pdf_text_can_be_extracted_and_holds_every_paragraph_of_the_plan(archive) -> None:
    text = squeeze("\n".join(page.extract_text() for page in archive.pdf(PLAN_PDF["vi"]).pages))
    campaign = load_site(BILINGUAL, root=BILINGUAL).campaign
    # Every text of the plan's sections (the editor's notes are printed apart, as notes).
    paragraphs = [
        text_.vi for loc, text_ in iter_texts(campaign)
        if loc[0] in ("document", "purposes", "contents", "awards", "organisation") and "note" not in loc
        and loc[-1] not in ("short_name", "conferred_by") and loc[:2] not in (("document", "kind"), ("document", "issuer"))
        and "basis" not in loc
    ]  # fmt: skip
    assert len(paragraphs) > 30
    assert [p for p in paragraphs if squeeze(p) not in text] == []
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
        start = next(i for i, text in enumerate(texts) if i > 0 and name in text)  # the cover may name examples
        assert citation[:60] in texts[start], name
        assert pdf.pages[start]["/Resources"].get("/XObject"), f"{name}: no photo on its page"


def test_two_builds_of_the_same_sources_and_date_give_the_same_bytes_whatever_the_machines_fonts(
    archive, archive_without_noto
) -> None:
    """Built in another folder, on a machine with no Noto font: the same zip and web archive, PDFs included."""
    second = archive_without_noto.zip
    assert second.name == archive.zip.name
    if second.read_bytes() != archive.zip.read_bytes():
        with zipfile.ZipFile(archive.zip) as a, zipfile.ZipFile(second) as b:
            differ = [i.filename for i in a.infolist() if a.read(i) != b.read(i.filename)]
        pytest.fail(f"files differ between two builds: {differ[:20]}")
    second_wacz = archive_without_noto.wacz
    assert second_wacz.name == archive.wacz.name
    if second_wacz.read_bytes() != archive.wacz.read_bytes():
        first = {r.url: r.body for r in warc_records(archive.wacz)}
        differ = [r.url for r in warc_records(second_wacz) if first.get(r.url) != r.body]
        pytest.fail(f"the web archives differ; records that differ: {differ[:20]}")


@pytest.mark.parametrize("path", [*PLAN_PDF.values(), *BOOKLET_PDF.values()])
def test_with_no_noto_on_the_machine_the_pdfs_embed_only_the_shipped_fonts(archive_without_noto, path) -> None:
    names = pdf_fonts((archive_without_noto.site / path).read_bytes())
    assert names and names <= shipped.POSTSCRIPT_NAMES, names
    assert "NotoSerif-Regular" in names and "NotoSerif-Bold" in names, names
    # Every page is numbered, in the same font (the number is the first text of its page).
    pages = archive_without_noto.pdf(path).pages
    assert [page.extract_text().split()[0] for page in pages] == [str(n) for n in range(1, len(pages) + 1)]


def test_a_failed_archive_build_leaves_no_zip(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    units = project / "data" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("kind: office", "kind: bureau"), encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ArchiveError, match="units.yaml"):
        build_archive(project / "mkdocs.yml", out, int(DURING))
    assert list(out.iterdir()) == []


def test_the_readme_at_the_top_says_how_to_open_search_and_verify(archive) -> None:
    readme = (archive.bag / "README.txt").read_text(encoding="utf-8")
    assert readme.startswith(NAME)
    assert "python -m http.server" in readme and "sha256sum -c manifest-sha256.txt" in readme
    assert "bagit.py --validate ." in readme
    assert "Mở tệp data/index.html" in readme and "Open data/index.html" in readme
    assert "data/en/an-ban/index.html" in readme


def test_zip_entries_have_no_timestamps_of_the_build_machine(archive) -> None:
    data = archive.zip.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert all(not info.extra for info in zf.infolist())


def test_the_wacz_holds_one_warc_its_index_and_pages_listed_with_their_hashes(archive) -> None:
    with zipfile.ZipFile(archive.wacz) as zf:
        infos = zf.infolist()
        files = {i.filename: zf.read(i) for i in infos}
    assert [i.filename for i in infos] == [
        "archive/data.warc.gz", "indexes/index.cdx", "pages/pages.jsonl", "datapackage.json", "datapackage-digest.json",
    ]  # fmt: skip
    # Stored, so a replay tool reads the WARC in place; one time, one mode.
    assert {i.compress_type for i in infos} == {zipfile.ZIP_STORED}
    assert {i.date_time for i in infos} == {(2021, 3, 1, 0, 0, 0)} and {i.external_attr >> 16 for i in infos} == {0o100644}
    package = json.loads(files["datapackage.json"])
    assert package["profile"] == "data-package" and package["wacz_version"] == "1.1.1"
    assert package["created"] == package["modified"] == package["mainPageDate"] == WARC_DATE
    assert package["mainPageUrl"] == SITE_URL
    assert [r["path"] for r in package["resources"]] == ["archive/data.warc.gz", "indexes/index.cdx", "pages/pages.jsonl"]
    for resource in package["resources"]:
        content = files[resource["path"]]
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest() and resource["bytes"] == len(content)
    digest = json.loads(files["datapackage-digest.json"])
    assert digest == {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(files["datapackage.json"]).hexdigest()}


def test_every_file_of_the_site_is_in_the_warc_at_its_published_url(archive) -> None:
    records = warc_records(archive.wacz)
    urls = [r.url for r in records]
    assert len(urls) == len(set(urls))
    # The web build and the archive edition's offline build write the same files (Pagefind's are named
    # after their content, which holds the pages' links: as many, in the same folders).
    files = sorted(p.relative_to(archive.site).as_posix() for p in archive.site.rglob("*") if p.is_file())

    def named(urls: list[str]) -> tuple[list[str], list[str]]:
        return (sorted(u for u in urls if "/pagefind/" not in u),
                sorted(u.rsplit("/", 1)[0] for u in urls if "/pagefind/" in u))  # fmt: skip

    assert named(urls) == named([published_url(f) for f in files])
    by_url = {r.url: r for r in records}
    assert {r.date for r in records} == {WARC_DATE} and {r.status for r in records} == {"200"}
    assert by_url[SITE_URL + "ke-hoach/"].media_type == "text/html; charset=utf-8"
    assert by_url[SITE_URL + PLAN_PDF["vi"]].media_type == "application/pdf"
    assert by_url[SITE_URL + PLAN_PDF["vi"]].body.startswith(b"%PDF-")
    assert by_url[SITE_URL + "du-lieu/honourees.csv"].media_type == "text/csv; charset=utf-8"
    # Files that do not depend on the URL style are the same bytes in both.
    photo = next(f for f in files if f.startswith("ton-vinh/anh/") and f.endswith(".jpg"))
    assert by_url[SITE_URL + photo].body == (archive.site / photo).read_bytes()
    css = "assets/css/thidua.css"
    assert by_url[SITE_URL + css].body == (archive.site / css).read_bytes()


def test_every_page_of_the_url_map_is_a_page_of_the_wacz_as_published(archive) -> None:
    honourees = sorted(p.stem for p in (archive.project / "data" / "honourees").glob("*.yaml"))
    written = sorted(p.parent.relative_to(archive.project / "docs").as_posix() + "/"
                     for p in (archive.project / "docs").rglob("index.vi.md"))  # fmt: skip
    paths = [s.path for s in SECTION_PAGES + EDITION_PAGES] + [honouree_path(h) for h in honourees] + written
    expected = {SITE_URL + prefix + path for prefix in ("", "en/") for path in paths}
    with zipfile.ZipFile(archive.wacz) as zf:
        lines = zf.read("pages/pages.jsonl").decode("utf-8").splitlines()
    header, pages = json.loads(lines[0]), [json.loads(line) for line in lines[1:]]
    assert header["format"] == "json-pages-1.0"
    assert {p["url"] for p in pages} == expected and len(pages) == len(expected)
    assert {p["ts"] for p in pages} == {WARC_DATE}
    by_url = {r.url: r for r in warc_records(archive.wacz)}
    for page in pages:
        tree = HTMLParser(by_url[page["url"]].body.decode("utf-8"))
        assert " ".join(tree.css_first("title").text().split()) == page["title"] != ""
        # As published: the page names its own address, and links to folders, not index.html files.
        assert tree.css_first("link[rel=canonical]").attributes["href"] == page["url"]
        assert tree.css_first("html").attributes["lang"] == ("en" if page["url"].startswith(SITE_URL + "en/") else "vi")
    tabs = [a.attributes["href"] for a in HTMLParser(by_url[SITE_URL].body.decode()).css("a.md-tabs__link")]
    assert "ke-hoach/" in tabs and not any(t.endswith("index.html") for t in tabs)
    # The web edition's colophon, not the archive edition's: its PDFs are PDF/A, it is no bag.
    colophon = HTMLParser(by_url[SITE_URL + "an-ban/"].body.decode()).css_first("article").text()
    assert "python -m thidua.archive" in colophon and "PDF/A-2b" in colophon and "RFC 8493" not in colophon


def test_the_index_finds_every_record_at_its_offset(archive) -> None:
    with zipfile.ZipFile(archive.wacz) as zf:
        warc, index = zf.read("archive/data.warc.gz"), zf.read("indexes/index.cdx").decode("utf-8").splitlines()
    assert index == sorted(index) and len(index) == len(warc_records(archive.wacz))
    for line in index:
        key, stamp, raw = line.split(" ", 2)
        fields = json.loads(raw)
        assert key == surt(fields["url"]) and stamp == "20210228170000" and fields["filename"] == "data.warc.gz"
        start, length = int(fields["offset"]), int(fields["length"])
        record = next(ArchiveIterator(io.BytesIO(warc[start : start + length])))
        assert record.rec_headers.get_header("WARC-Target-URI") == fields["url"]
        assert record.rec_headers.get_header("WARC-Payload-Digest") == fields["digest"]
        assert record.http_headers.get_header("Content-Type").split(";")[0] == fields["mime"]


def test_a_web_archive_needs_the_published_address(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    project = copy_project(tmp_path / "project")
    with pytest.raises(ArchiveError, match="SITE_URL"):
        build_wacz(project / "mkdocs.yml", tmp_path / "out", int(DURING))
    # The command refuses before building anything.
    assert main(["--wacz", "-f", str(project / "mkdocs.yml"), "-o", str(tmp_path / "out")]) == 2
    assert "SITE_URL" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


PDFS = [*PLAN_PDF.values(), *BOOKLET_PDF.values()]
BUILT = "2021-03-01T00:00:00+07:00"


@pytest.mark.parametrize("path", PDFS)
def test_every_pdf_passes_the_pdfa_2b_checks(archive, path) -> None:
    assert check((archive.site / path).read_bytes()) == []


@pytest.mark.parametrize("path", PDFS)
def test_every_pdf_says_it_is_pdfa_2b_with_the_title_issuer_language_and_build_date(archive, path) -> None:
    lang = "en" if path.startswith("en/") else "vi"
    data = (archive.site / path).read_bytes()
    assert data.startswith(b"%PDF-1.7\n%")
    with pikepdf.open(archive.site / path) as pdf:
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
        assert meta["dc:title"] == str(pdf.docinfo.Title) != ""
        assert meta["dc:creator"] == [("Sở Công Thương" if lang == "vi" else "Department of Industry and Trade")]
        assert meta["dc:language"] == {lang} or meta["dc:language"] == [lang]
        assert meta["xmp:CreateDate"] == meta["xmp:ModifyDate"] == meta["xmp:MetadataDate"] == BUILT
        assert str(pdf.Root.Lang) == lang
        # The output intent: sRGB, the shipped profile (a display profile of ICC version 2).
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFA1 and str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"
        assert intent.DestOutputProfile.read_bytes() == ICC_PROFILE.read_bytes()
        assert pdf.Root.Metadata.stream_dict.get("/Filter") is None  # XMP left readable
        assert "/Encrypt" not in pdf.trailer and len(pdf.trailer.ID) == 2
        # Every font a subset of the shipped TrueType program, embedded.
        fonts = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == pikepdf.Name.Font
                 and o.get("/Subtype") == pikepdf.Name.Type0]  # fmt: skip
        assert fonts
        for font in fonts:
            assert re.fullmatch(r"/[A-Z]{6}\+[\w-]+", str(font.BaseFont)), font.BaseFont  # a subset
            descriptor = font.DescendantFonts[0].FontDescriptor
            assert len(descriptor.FontFile2.read_bytes()) > 1000


def _plan_pdfa(archive: Archive) -> bytes:
    return (archive.site / PLAN_PDF["vi"]).read_bytes()


def _edit(data: bytes, change) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        change(pdf)
        out = io.BytesIO()
        # Streams as written, so that an LZW stream stays one.
        pdf.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none, compress_streams=False)
        return out.getvalue()


def _first_font(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    return next(iter(pdf.pages[0].Resources.Font.values()))


def _show_notdef(pdf: pikepdf.Pdf) -> None:
    name = next(iter(pdf.pages[0].Resources.Font.keys()))
    pdf.pages[0].contents_add(pdf.make_stream(f"BT {name} 12 Tf 72 72 Td <0000> Tj ET".encode()))


def _hide_annotation(pdf: pikepdf.Pdf) -> None:
    annots = next(p.Annots for p in pdf.pages if "/Annots" in p.obj)
    annots[0].F = 2


def _pdfa_part_1(pdf: pikepdf.Pdf) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["pdfaid:part"] = "1"


def _wider_glyphs(pdf: pikepdf.Pdf) -> None:
    """Every width of the first font 50/1000 em wider than its glyph in the font program."""
    cidfont = _first_font(pdf).DescendantFonts[0]
    items, wider, i = list(cidfont.W), [], 0
    while i < len(items):
        if isinstance(items[i + 1], pikepdf.Array):
            wider += [items[i], pikepdf.Array([float(w) + 50 for w in items[i + 1]])]
            i += 2
        else:
            wider += [items[i], items[i + 1], float(items[i + 2]) + 50]
            i += 3
    cidfont.W = pikepdf.Array(wider)


def _lzw(pdf: pikepdf.Pdf) -> None:
    stream = pdf.make_stream(b"")
    stream.write(b"\x80\x0b\x60\x50\x22\x0c\x0c\x85\x01", filter=pikepdf.Name.LZWDecode)  # already encoded
    pdf.Root.Extra = pdf.make_indirect(stream)


def _external_stream(pdf: pikepdf.Pdf) -> None:
    stream = pdf.make_stream(b"")
    stream.F = pikepdf.String("other-file.bin")
    pdf.Root.Extra = pdf.make_indirect(stream)


# What PDF/A forbids, each done to a real PDF of the edition, and the clause that must then fail.
BREAKS = {
    "no output intent": (lambda pdf: pdf.Root.__delattr__("OutputIntents"), "6.2.3:"),
    "JavaScript": (lambda pdf: setattr(pdf.Root, "OpenAction", pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="1")), "6.5.1:"),
    "launch a program": (lambda pdf: setattr(pdf.Root, "OpenAction", pikepdf.Dictionary(S=pikepdf.Name.Launch, F="x.exe")), "6.5.1:"),
    "a hidden annotation": (_hide_annotation, "6.3.2:"),
    "no XMP": (lambda pdf: pdf.Root.__delattr__("Metadata"), "6.6.2.1:"),
    "PDF/A part 1 claimed": (_pdfa_part_1, "6.6.4:"),
    "title differs from the XMP": (lambda pdf: setattr(pdf.docinfo, "Title", "Another title"), "19005-1 6.7.3:"),
    "a font not embedded": (lambda pdf: _first_font(pdf).DescendantFonts[0].FontDescriptor.__delattr__("FontFile2"), "6.2.11.4.1:"),
    "widths that disagree with the font": (_wider_glyphs, "6.2.11.5:"),
    "the .notdef glyph shown": (_show_notdef, "6.2.11.8:"),
    "CMYK drawing": (lambda pdf: pdf.pages[0].contents_add(pdf.make_stream(b"0 0 0 1 k")), "6.2.4.3:"),
    "an undefined operator": (lambda pdf: pdf.pages[0].contents_add(pdf.make_stream(b"1 0 0 1 0 0 xyz")), "6.2.2:"),
    "an LZW stream": (_lzw, "6.1.7.2:"),
    "a stream in another file": (_external_stream, "6.1.7.1:"),
    "an embedded file": (lambda pdf: pdf.attachments.__setitem__("a.txt", b"x"), "6.8:"),
}  # fmt: skip


@pytest.mark.parametrize("what", BREAKS)
def test_the_checks_find_what_pdfa_forbids(archive, what) -> None:
    change, clause = BREAKS[what]
    broken = _edit(_plan_pdfa(archive), change)
    assert any(p.startswith(clause) for p in check(broken)), check(broken)


def test_an_encrypted_pdf_fails_the_checks_and_the_conversion(archive) -> None:
    with pikepdf.open(io.BytesIO(_plan_pdfa(archive))) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(owner="o", user=""))
    assert any(p.startswith("6.1.3:") for p in check(out.getvalue()))
    with pytest.raises(PdfaFailed, match="encrypted"):
        to_pdfa(out.getvalue())


def test_a_pdf_that_fails_a_check_is_refused_not_published(archive) -> None:
    # The build calls archival_pdf on each printed PDF: the conversion does not remove JavaScript.
    with_script = _edit(_plan_pdfa(archive), BREAKS["JavaScript"][0])
    with pytest.raises(PdfaFailed, match="6.5.1"):
        archival_pdf(with_script)
    assert check(archival_pdf(_plan_pdfa(archive))) == []


def test_the_conversion_gives_the_same_bytes_twice(archive) -> None:
    data = _plan_pdfa(archive)
    assert to_pdfa(data) == to_pdfa(data)


def test_a_shipped_font_that_does_not_load_stops_the_pdfs_rather_than_a_font_of_the_machine(tmp_path, monkeypatch) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs").unlink()
    shutil.copytree(REPO / "docs", project / "docs")
    (project / "docs" / "assets" / "fonts" / "NotoSerif-Bold.woff2").unlink()
    monkeypatch.setenv("THIDUA_PDF", "true")
    result = run_build(project)
    assert result.returncode != 0
    assert "the shipped fonts Thidua Serif 700 normal did not load" in result.output, result.output[-2000:]


def test_the_archive_of_a_vietnamese_only_campaign_is_named_after_it_and_holds_no_other_campaign(tmp_path) -> None:
    from test_site import OTHER_CAMPAIGN

    project = copy_project(tmp_path / "project", VIETNAMESE_ONLY)
    target = build_archive(project / "mkdocs.yml", tmp_path / "out", int(DURING_VI))
    name = "thi-dua-ai-quoc-son-la-2018-03-01"
    assert target.name == f"{name}.zip"
    with zipfile.ZipFile(target) as zf:
        files = {i.filename.removeprefix(f"{name}/"): zf.read(i) for i in zf.infolist()}
    assert not any(f.startswith("data/en/") for f in files)
    assert [f for f in files if f.endswith(".pdf")] == ["data/ke-hoach/ke-hoach-thi-dua-ai-quoc-son-la.pdf", "data/ky-yeu/ky-yeu-thi-dua-ai-quoc-son-la.pdf"]
    readme = files["README.txt"].decode("utf-8")
    assert readme.startswith(name) and "Mở tệp data/index.html" in readme and "Open data/index.html" not in readme
    assert "data/en/" not in readme
    info = files["bag-info.txt"].decode("utf-8")
    assert "Source-Organization: Sở Công Thương tỉnh Sơn La" in info and "External-Identifier: 0000/KH-SCT" in info
    # RFC 8493's contact fields from site.yaml's contact (the responsible office).
    assert "Contact-Name: Văn phòng Sở" in info and "Contact-Email: vanphong.sct@example.gov.vn" in info
    assert "Contact-Phone: 0212 000 0000" in info and "Organization-Address: Số 00 đường Mẫu" in info
    found = [(f, n) for f, data in files.items() for n in OTHER_CAMPAIGN if n.encode() in data]
    assert found == []
    # The booklet's PDF says its people are sample data, on the cover and on each one's page.
    booklet = PdfReader(io.BytesIO(files["data/ky-yeu/ky-yeu-thi-dua-ai-quoc-son-la.pdf"]))
    pages = [squeeze(page.extract_text()) for page in booklet.pages]
    assert squeeze("Dữ liệu mẫu") in pages[0]
    assert sum(squeeze("DỮ LIỆU MẪU") in page.upper() for page in pages[1:]) >= 7
