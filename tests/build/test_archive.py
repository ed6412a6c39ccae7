"""The archive edition (python -m thidua.archive): the zip, the BagIt bag in it, file:// links, colophon, PDFs, reproducibility."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import bagit
import pytest
from playwright.sync_api import sync_playwright
from pypdf import PdfReader
from selectolax.parser import HTMLParser
from test_site import issued_sentences

from conftest import DURING, SEED, copy_project
from thidua.archive.bag import bag_info, site_campaign
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
    bag: Path  # the zip, unpacked: its one top folder, a BagIt bag
    site: Path  # the bag's payload: the site


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
    bag = root / "unpacked" / NAME
    return Archive(project, target, bag, bag / "data")


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
    assert info["Source-Organization"] == campaign.document.issuer.vi == "Sở Công Thương"
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
    assert bag_info(numbered, campaign.period.start, NAME, 0, None)["External-Identifier"] == "12/KH-SCT"


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
    assert "SOURCE_DATE_EPOCH=1614531600" in text and "sha256sum -c manifest-sha256.txt" in text
    assert "bagit.py --validate" in text and "RFC 8493" in text
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
