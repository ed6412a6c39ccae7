"""Pages of the written site printed to A4 PDF by headless Chromium, fonts checked; no MkDocs here."""

from __future__ import annotations

import datetime as dt
import io
import logging
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from thidua.archive import browser as browsers
from thidua.model import fonts
from thidua.model.problems import Msg

# Added to the printed page's own print styles (thidua.css): the shipped fonts for the whole document, the
# page numbers.
STYLESHEET = Path(__file__).with_name("pdf.css")
# Every face of these families is loaded before printing: a face that fails would let a font of the
# machine stand in.
PRINT_FAMILIES = (fonts.SERIF, fonts.SYMBOLS)


class PdfError(Exception):
    """A PDF could not be made; carries every problem found, as messages by key."""

    def __init__(self, problems: list[Msg]) -> None:
        self.problems = list(problems)
        super().__init__(self.render("en"))

    def render(self, lang: str) -> str:
        return "\n".join(problem.render(lang) for problem in self.problems)


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


# Loads every face of the families printed (fonts.css) and says which failed: "family weight style".
_LOAD_FACES = """async (families) => {
  const name = f => f.family.replace(/^"|"$/g, '');
  const faces = [...document.fonts].filter(f => families.includes(name(f)));
  await Promise.allSettled(faces.map(f => f.load()));
  await document.fonts.ready;
  return {count: faces.length, failed: faces.filter(f => f.status !== 'loaded').map(f => `${name(f)} ${f.weight} ${f.style}`)};
}"""


def print_pdfs(site_dir: Path, jobs: list[PrintJob], site_url: str, day: dt.date) -> None:
    """Print each job's page of the written site to its PDF, A4, in the shipped fonts, embedded, text selectable."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PdfError([Msg.of("pdf.error.playwright")]) from None
    site_dir = site_dir.resolve()
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    css = STYLESHEET.read_text(encoding="utf-8")
    problems: list[Msg] = []
    try:
        with sync_playwright() as pw:
            try:
                browser, _ = browsers.launch(pw)
            except browsers.BrowserError as error:
                raise PdfError(error.msgs) from None
            try:
                page = browser.new_page()
                page.route("**/*", lambda route: _serve(site_dir, site_url, route))
                for job in jobs:
                    page.goto(site_url + job.page, wait_until="load")
                    page.add_style_tag(content=css)
                    loaded = page.evaluate(_LOAD_FACES, list(PRINT_FAMILIES))
                    if loaded["failed"] or not loaded["count"]:
                        shown = ", ".join(loaded["failed"]) or ", ".join(PRINT_FAMILIES)
                        problems.append(Msg.of("pdf.error.not_loaded", file=job.target, fonts=shown))
                        continue
                    data = page.pdf(
                        format="A4",
                        prefer_css_page_size=True,
                        print_background=True,
                        tagged=True,
                        outline=True,
                    )
                    strays = sorted(pdf_fonts(data) - fonts.POSTSCRIPT_NAMES)
                    if strays:
                        problems.append(Msg.of("pdf.error.fonts", file=job.target, fonts=", ".join(strays)))
                        continue
                    target = site_dir / job.target
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(finish(data, job, day))
            finally:
                browser.close()
    except PlaywrightError as error:
        problems.append(Msg.of("pdf.error.chromium", error=error.message.splitlines()[0] if error.message else error))
    if problems:
        raise PdfError(problems)
