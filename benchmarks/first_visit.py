"""What a first visit to a honouree page downloads, gzipped, where a system font serves and where the shipped one must.

    python benchmarks/first_visit.py [--site DIR]

Builds the bundled site (or reads a built one), serves it on 127.0.0.1, and opens every honouree page in a new
browser context (an empty cache: a first visit), twice: on a machine with Noto Sans and Noto Serif (a system
font serves; nothing is downloaded for fonts) and on one with no Noto font at all (the shipped font is
downloaded). The bytes are those of every request the page made (Playwright's requestfinished events, until the
network is idle and the fonts are loaded), and the page's icon always (the browser fetches it when it likes), each
text file (HTML, CSS, JavaScript, JSON, SVG) counted as `gzip -9` of the file a server
would send, the others (photos, fonts, already compressed) as they are. Targets: at most 100 KB (1 KB = 1,000
bytes) where a system font serves, 160 KB where the shipped font is downloaded.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from conftest import copy_project, fontconfig_file, run_build  # noqa: E402  (the tests' machines, reused)

from thidua.archive import browser as browsers  # noqa: E402

TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
MACHINES = {"system font (Noto installed)": True, "shipped font (no Noto)": False}
TARGETS = {True: 100_000, False: 160_000}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def build(folder: Path) -> Path:
    project = copy_project(folder / "project")
    site = folder / "site"
    # The tests' strict build (never with -q: quiet mode hides the warnings --strict counts).
    result = run_build(project, site=site)
    if result.returncode != 0:
        raise SystemExit(f"the site did not build:\n{result.output[-3000:]}")
    return site


def counted(site: Path, base: str, url: str, body: int) -> tuple[str, int]:
    """The file's path and the bytes it counts for: gzip -9 of a text file, else the body as received."""
    path = url.split("?", 1)[0].removeprefix(base).lstrip("/")
    local = site / path
    if local.is_dir():
        local = local / "index.html"
    if local.suffix in TEXT and local.is_file():
        return path, len(gzip.compress(local.read_bytes(), 9, mtime=0))
    return path, body


def measure(site: Path, limit: int | None = None) -> dict[str, dict[str, dict[str, int]]]:
    """{machine: {page: {file: bytes}}} for every honouree page (the first `limit` ones)."""
    from playwright.sync_api import sync_playwright

    pages = sorted(f"ton-vinh/{p.name}/" for p in (site / "ton-vinh").iterdir() if (p / "index.html").is_file())
    pages = pages[:limit] if limit else pages
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results: dict = {}
    try:
        with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
            for machine, noto in MACHINES.items():
                config = fontconfig_file(Path(tmp) / machine.split()[0], noto=noto)
                browser, _ = browsers.launch(pw, browser_env={**os.environ, "FONTCONFIG_FILE": str(config)})
                try:
                    for path in pages:
                        context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
                        page = context.new_page()
                        seen: list = []
                        page.on("requestfinished", lambda request: seen.append(request))
                        page.goto(f"{base}/{path}", wait_until="networkidle")
                        page.evaluate("document.fonts.ready")  # every font the page asked for has come
                        page.wait_for_load_state("networkidle")
                        files = dict(counted(site, base, r.url, r.sizes()["responseBodySize"]) for r in seen)
                        # The icon is fetched on the browser's own schedule, before or after the network is idle:
                        # counted always, as a first visit downloads it, so that two runs count the same files.
                        for icon in page.eval_on_selector_all("link[rel~=icon]", "links => links.map(l => l.href)"):
                            name, size = counted(site, base, icon, 0)
                            if name not in files and (site / name).is_file():
                                files[name] = size or (site / name).stat().st_size
                        results.setdefault(machine, {})[path] = files
                        context.close()
                finally:
                    browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


def report(results: dict) -> tuple[str, bool]:
    lines, ok = [], True
    for (machine, pages), noto in zip(results.items(), MACHINES.values()):
        path, files = max(pages.items(), key=lambda item: sum(item[1].values()))
        total = sum(files.values())
        fonts = {f: b for f, b in files.items() if "/fonts/" in f}
        target = TARGETS[noto]
        ok &= total <= target
        lines.append(
            f"{machine}: largest honouree page {path}: {total:,} bytes ({total / 1000:.1f} KB; target {target // 1000} KB) "
            f"in {len(files)} requests; fonts {sum(fonts.values()):,} bytes ({', '.join(sorted(fonts)) or 'none'})"
        )
        for file, size in sorted(files.items(), key=lambda item: -item[1]):
            lines.append(f"    {size:>8,}  {file}")
        smallest = min(sum(f.values()) for f in pages.values())
        lines.append(f"    (the {len(pages)} honouree pages: {smallest:,} to {total:,} bytes)")
    return "\n".join(lines), ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the bundled one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="thidua-first-visit-") as tmp:
        site = args.site or build(Path(tmp))
        text, ok = report(measure(site))
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
