"""Browser tests: one build and one Chromium per session, the site served on 127.0.0.1, artifacts on failure."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from conftest import REPO, copy_project, fontconfig_file, run_build
from thidua.archive import browser as browsers

ARTIFACTS = REPO / "test-artifacts"
LANGUAGES = ("vi", "en")
# A sentence added to one honouree's story in the test build: the site has no "giày" (shoe) of its
# own, and the ranking scenario needs a page with it and without "giấy" (paper, certificate).
SHOE_HONOUREE = "le-van-c"
SHOE_SENTENCE = "Khi xuống nhà xưởng, anh luôn mang giày bảo hộ."


def add_shoe_sentence(project: Path) -> None:
    file = project / "data" / "honourees" / f"{SHOE_HONOUREE}.yaml"
    text = file.read_text(encoding="utf-8")
    marker = "story:\n  vi: |\n"
    assert marker in text, f"{file}: story.vi is no longer a block"
    file.write_text(text.replace(marker, f"{marker}    {SHOE_SENTENCE}\n\n", 1), encoding="utf-8")


def page_types(site: Path) -> dict[str, str]:
    """One page of each type, from the built sitemap: {type: Vietnamese path}, e.g. {"ton-vinh/*": "ton-vinh/a/"}.

    A type is a section page ("ke-hoach/") or the pages one level below a section ("ton-vinh/*"),
    so page types added later are checked as soon as they are built.
    """
    root = ET.parse(site / "sitemap.xml").getroot()
    paths = sorted(urlsplit(loc.text.strip()).path.lstrip("/") for loc in root.iter() if loc.tag.endswith("loc"))
    types: dict[str, str] = {}
    for path in paths:
        if path.startswith("en/"):
            continue
        parts = [p for p in path.split("/") if p]
        key = path if len(parts) <= 1 else f"{parts[0]}/*"
        types.setdefault(key, path)
    return types


def localized(path: str, lang: str) -> str:
    return path if lang == "vi" else f"en/{path}"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@dataclass
class Served:
    site: Path
    origin: str

    def url(self, path: str) -> str:
        return f"{self.origin}/{path}"


@pytest.fixture(scope="session")
def served(tmp_path_factory) -> Served:
    """A fresh build of the bundled site (plus the shoe sentence), served on 127.0.0.1."""
    project = copy_project(tmp_path_factory.mktemp("browser") / "project")
    add_shoe_sentence(project)
    result = run_build(project)
    assert result.returncode == 0, result.output
    handler = functools.partial(QuietHandler, directory=str(result.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Served(result.site, f"http://127.0.0.1:{server.server_address[1]}")
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def playwright():
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright) -> Browser:
    """The browser the PDFs are printed with (thidua.archive.browser: Debian's chromium here), on the machine's fonts."""
    browser, _ = browsers.launch(playwright)
    yield browser
    browser.close()


# The machine's fonts as a browser sees them: as they are, with every Noto font removed, or with Noto Sans
# and Noto Serif installed (tests/conftest.py: fontconfig_file).
FONTS = ("system", "no Noto", "Noto")


@pytest.fixture(scope="session")
def browsers_by_fonts(playwright, browser, tmp_path_factory):
    """{fonts: Browser}, each started when first asked for."""
    started: dict[str, Browser] = {"system": browser}

    def get(fonts: str) -> Browser:
        if fonts not in started:
            config = fontconfig_file(tmp_path_factory.mktemp("fontconfig"), noto=fonts == "Noto")
            started[fonts], _ = browsers.launch(playwright, browser_env={**os.environ, "FONTCONFIG_FILE": str(config)})
        return started[fonts]

    yield get
    for fonts, each in started.items():
        if fonts != "system":
            each.close()


@dataclass
class Watch:
    """What a page did: console errors, uncaught errors, failed and foreign requests, bytes received."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    finished: list = field(default_factory=list)

    def urls(self) -> list[str]:
        return [request.url for request in self.finished]

    def bytes_since(self, start: int) -> int:
        """Body bytes received by the requests finished after the first `start` ones (asks the driver: slow)."""
        return sum(request.sizes()["responseBodySize"] for request in self.finished[start:])

    def attach(self, page: Page) -> None:
        def console(message) -> None:
            # Material's probes for sitemap.xml beside each <link rel=alternate> are answered locally
            # by docs/assets/js/sitemap-probe.js: none may reach the server or log an error.
            if message.type == "error":
                self.console_errors.append(f"{message.text} ({message.location.get('url')})")

        def response(resp) -> None:
            if resp.status >= 400:
                self.failed.append(f"{resp.status} {resp.url}")

        def requested(request) -> None:
            if not request.url.startswith((self.origin + "/", "data:", "blob:", "file:", "about:")):
                self.foreign.append(request.url)

        page.on("console", console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("response", response)
        page.on("requestfinished", lambda request: self.finished.append(request))
        page.on("request", requested)


def new_context(browser: Browser, served: Served):
    """A browser context on the served site: requests to any other host are blocked (and recorded by the
    page's Watch). A regular expression is matched inside the browser driver: local requests never reach Python."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    local = re.escape(served.origin + "/")
    context.route(re.compile(rf"^(?!{local}|data:|blob:|file:|about:)"), lambda route: route.abort())
    return context


@pytest.fixture(scope="session")
def context(browser: Browser, served: Served):
    """One browser context for the session (a new one per test costs more than the test)."""
    context = new_context(browser, served)
    yield context
    context.close()


@pytest.fixture(scope="session")
def contexts_by_fonts(context, browsers_by_fonts, served: Served):
    """{fonts: context}: the session's context, and one per set of fonts (FONTS), made when first asked for."""
    made = {"system": context}

    def get(fonts: str):
        if fonts not in made:
            made[fonts] = new_context(browsers_by_fonts(fonts), served)
        return made[fonts]

    yield get
    for fonts, each in made.items():
        if fonts != "system":
            each.close()


@pytest.fixture
def open_page(contexts_by_fonts, served: Served, request):
    """Opens a page of the served site in a new tab: open_page(path, width=..., media=..., fonts=...) -> (page, watch).
    `fonts` is one of FONTS: the machine's fonts (default), without Noto, with Noto."""
    pages = []

    def open_(
        path: str, *, width: int = 1280, height: int = 900, media: str | None = None, fonts: str = "system"
    ) -> tuple[Page, Watch]:
        page = contexts_by_fonts(fonts).new_page()
        pages.append(page)
        watch = Watch(served.origin)
        watch.attach(page)
        if (width, height) != (1280, 900):
            page.set_viewport_size({"width": width, "height": height})
        if media:
            page.emulate_media(media=media)
        page.goto(served.url(path), wait_until="load")
        request.node.thidua_page = page
        return page, watch

    yield open_
    for page in pages:
        page.close()


def artifact_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1])[:150]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failed browser test, save the page's screenshot and HTML under test-artifacts/ and say where."""
    outcome = yield
    report = outcome.get_result()
    page = getattr(item, "thidua_page", None)
    if report.when != "call" or not report.failed or page is None or page.is_closed():
        return
    ARTIFACTS.mkdir(exist_ok=True)
    stem = ARTIFACTS / artifact_name(item.nodeid)
    saved = []
    try:
        page.screenshot(path=str(stem.with_suffix(".png")), full_page=True)
        saved.append(stem.with_suffix(".png"))
    except Exception as error:  # noqa: BLE001 - a failed screenshot must not hide the test's failure
        saved.append(f"(no screenshot: {error})")
    try:
        stem.with_suffix(".html").write_text(page.content(), encoding="utf-8")
        saved.append(stem.with_suffix(".html"))
    except Exception as error:  # noqa: BLE001
        saved.append(f"(no HTML: {error})")
    lines = "\n".join(str(s) for s in saved)
    report.sections.append(("browser artifacts", f"{page.url}\n{lines}"))
    print(f"\nbrowser artifacts for {item.nodeid}:\n{lines}")


@contextlib.contextmanager
def serve(site: Path):
    """Serves another built site on 127.0.0.1 for the block's duration (the session's own is `served`)."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(site, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
