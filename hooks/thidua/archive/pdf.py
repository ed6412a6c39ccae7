"""Pages of the written site printed to A4 PDF by headless Chromium, fonts checked; no MkDocs here."""

from __future__ import annotations

import datetime as dt
import io
import logging
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Debian's chromium (apt-get install chromium), driven through Playwright: `playwright install`
# would download a browser of its own, which this project never does.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# Added to the printed page's own print styles (thidua.css): one face for the whole document.
STYLESHEET = Path(__file__).with_name("pdf.css")
# Every font in a PDF must be one of these (Debian's fonts-noto-core): a fallback face would mean
# the PDF depends on the fonts of the machine that built it.
FONT_FAMILIES = ("NotoSerif", "NotoSans")
FOOTER = (
    '<div style="width:100%;text-align:center;font-family:\'Noto Serif\';font-size:9pt;color:#000;">'
    '<span class="pageNumber"></span></div>'
)


class PdfError(Exception):
    """A PDF could not be made; carries every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class PrintJob:
    """One page of the site to print: its folder from the site root, the PDF's path and its metadata."""

    page: str  # e.g. "en/ke-hoach/"
    target: str  # e.g. "en/ke-hoach/plan.pdf"
    title: str
    author: str
    subject: str
    lang: str


def pdf_date(day: dt.date) -> str:
    """A PDF date string for midnight of `day` in Viet Nam."""
    return f"D:{day:%Y%m%d}000000+07'00'"


def _serve(site_dir: Path, site_url: str, route) -> None:
    """Answer the browser from the written files; nothing leaves the machine."""
    url = route.request.url
    if not url.startswith(site_url):
        route.abort()
        return
    rel = unquote(urlsplit(url).path[len(urlsplit(site_url).path) :])
    file = (site_dir / rel).resolve()
    if file.is_dir():
        file = file / "index.html"
    if not file.is_relative_to(site_dir) or not file.is_file():
        route.fulfill(status=404, body="")
        return
    kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    route.fulfill(status=200, body=file.read_bytes(), content_type=kind)


def pdf_fonts(data: bytes) -> set[str]:
    """The base names of the fonts in a PDF (subset prefixes removed)."""
    from pypdf import PdfReader

    names: set[str] = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            base = str(ref.get_object().get("/BaseFont", ""))
            names.add(base.lstrip("/").split("+", 1)[-1])
    return names


def finish(data: bytes, job: PrintJob, day: dt.date) -> bytes:
    """The PDF with its metadata set and Chromium's clock time replaced by the build date (reproducible)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    # Chromium's trailer undercounts its objects; pypdf says so on every file, and repairs it.
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)
    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    finally:
        pypdf_log.setLevel(level)
    when = pdf_date(day)
    writer.add_metadata(
        {"/Title": job.title, "/Author": job.author, "/Subject": job.subject, "/CreationDate": when, "/ModDate": when}
    )
    # The document's language, for screen readers and text extraction (pypdf has no setter for it).
    writer.root_object[NameObject("/Lang")] = TextStringObject(job.lang)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def print_pdfs(site_dir: Path, jobs: list[PrintJob], site_url: str, day: dt.date) -> None:
    """Print each job's page of the written site to its PDF, A4, fonts embedded, text selectable."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PdfError(["Playwright is not installed: python -m pip install -e \".[archive]\""]) from None
    chromium = os.environ.get("THIDUA_CHROMIUM", CHROMIUM)
    if not Path(chromium).is_file():
        raise PdfError([f"no Chromium at {chromium}: apt-get install chromium (or set THIDUA_CHROMIUM)"])
    site_dir = site_dir.resolve()
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    css = STYLESHEET.read_text(encoding="utf-8")
    problems: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=list(CHROMIUM_FLAGS))
            try:
                page = browser.new_page()
                page.route("**/*", lambda route: _serve(site_dir, site_url, route))
                for job in jobs:
                    page.goto(site_url + job.page, wait_until="load")
                    page.add_style_tag(content=css)
                    page.evaluate("document.fonts.ready")
                    data = page.pdf(
                        format="A4",
                        prefer_css_page_size=True,
                        print_background=True,
                        display_header_footer=True,
                        header_template="<span></span>",
                        footer_template=FOOTER,
                        tagged=True,
                        outline=True,
                    )
                    strays = sorted(f for f in pdf_fonts(data) if not f.startswith(FONT_FAMILIES))
                    if strays:
                        problems.append(
                            f"{job.target}: fonts {', '.join(strays)} instead of Noto Serif "
                            "(apt-get install fonts-noto-core)"
                        )
                        continue
                    target = site_dir / job.target
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(finish(data, job, day))
            finally:
                browser.close()
    except PlaywrightError as error:
        problems.append(f"Chromium: {error.message.splitlines()[0] if error.message else error}")
    if problems:
        raise PdfError(problems)
