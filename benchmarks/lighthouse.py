"""Lighthouse's scores of every page type in both languages: the readers' target is 95 or more in every category on a phone.

Builds the bundled site (SITE_URL set to where it is served, so canonical and alternate addresses are
the served ones), serves it on 127.0.0.1 as README.md says to (text gzipped, the files named by their content
cached for a year), and runs Lighthouse 12.2.3 from npm (the last release that
runs on Node 20) with Debian's Chromium, headless, one page after the other, with Lighthouse's default
mobile settings (a phone's screen, simulated slow 4G and a 4× slower CPU). It reports each page's four
category scores (performance, accessibility, best practices, SEO) and the measures behind performance
(largest contentful paint, total blocking time, cumulative layout shift), and every audit that costs a
page points. With --runs N, each page is measured N times and the median run reported. Not a test: scores depend on the machine (performance most: other work on it shows as
blocking time), so nothing asserts them; the load average is printed with them.

Lighthouse is installed on first use with npm into .cache/lighthouse-12.2.3/ (outside site/, ignored by
git); `--lighthouse PATH` uses another copy of its command.

Usage:
    python benchmarks/lighthouse.py [--site DIR] [--pages home,plan,...] [--langs vi,en] [--runs N] [--json FILE]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
VERSION = "12.2.3"
INSTALL = REPO / ".cache" / f"lighthouse-{VERSION}"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"
# A day inside the campaign period, as the tests build.
EPOCH = "1614531600"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MEASURES = ("largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")
# One page of each type: the URL map's sections, a honouree, the edition's pages.
PAGES = {
    "home": "",
    "plan": "ke-hoach/",
    "timeline": "thoi-gian/",
    "criteria": "tieu-chuan/",
    "directory": "ton-vinh/",
    "honouree": "ton-vinh/*",
    "results": "ket-qua/",
    "data": "du-lieu/",
    "about": "gioi-thieu/",
    "colophon": "an-ban/",
    "booklet": "ky-yeu/",
}
TARGET = 95


# Served as README.md ("Web server settings") says to serve the site: text compressed (gzip), the files
# whose names change with their content (Material's hashed assets, the photos, the sharing cards,
# Pagefind's index) cached for a year, the rest revalidated.
TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".ics", ".csv", ".webmanifest")
IMMUTABLE = re.compile(r"(\.[0-9a-f]{8}\.min\.(css|js)$)|(\.pf_meta$)|(^/(ton-vinh/anh|anh-chia-se|pagefind/fragment|pagefind/index)/)")


class Served(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if IMMUTABLE.search(path) else "no-cache")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.endswith(TEXT) or not os.path.isfile(path):
            return super().send_head()
        if os.path.isdir(self.translate_path(self.path)) and not self.path.split("?", 1)[0].endswith("/"):
            return super().send_head()  # the redirect to the folder's address
        body = gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lighthouse_command(given: str | None) -> Path:
    """The lighthouse command: the one given, or 12.2.3 installed from npm into .cache/ on first use."""
    if given:
        return Path(given)
    command = INSTALL / "node_modules" / ".bin" / "lighthouse"
    if not command.exists():
        npm = shutil.which("npm")
        if npm is None:
            sys.exit("npm is needed to install Lighthouse (Debian: apt-get install npm), or give --lighthouse PATH")
        INSTALL.mkdir(parents=True, exist_ok=True)
        print(f"installing lighthouse@{VERSION} into {INSTALL} ...", flush=True)
        subprocess.run([npm, "install", "--prefix", str(INSTALL), "--no-audit", "--no-fund", f"lighthouse@{VERSION}"], check=True)
    return command


def build(site: Path, site_url: str) -> None:
    env = {**os.environ, "SITE_URL": site_url, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)]
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(proc.stdout + proc.stderr)


def first_honouree(site: Path) -> str:
    """The first honouree page in the sitemap (any one shows the page type)."""
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    paths = [urlsplit(loc.text.strip()).path.strip("/") for loc in root.iter() if loc.tag.endswith("loc")]
    honourees = sorted(p for p in paths if p.startswith("ton-vinh/") and p.count("/") == 1)
    if not honourees:
        sys.exit("no honouree page in the sitemap")
    return honourees[0] + "/"


def run_one(command: Path, url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    cmd = [str(command), url, "--output=json", f"--output-path={out}", f"--chrome-flags={CHROME_FLAGS}", "--quiet"]
    subprocess.run(cmd, env=env, check=True, timeout=900)
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    measures = {m: report["audits"][m].get("displayValue", "") for m in MEASURES}
    losses = []
    for c in CATEGORIES:
        for ref in report["categories"][c]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                losses.append((c, ref["id"], audit["score"]))
    return {"scores": scores, "measures": measures, "losses": losses}


def median_run(command: Path, url: str, out: Path, runs: int) -> dict:
    """Lighthouse `runs` times on one page; the run whose performance score is the median (its measures
    and losses go with it, as Lighthouse's own advice on variability says)."""
    results = sorted((run_one(command, url, out) for _ in range(runs)), key=lambda r: r["scores"]["performance"])
    chosen = results[len(results) // 2]
    return {**chosen, "performance_runs": [r["scores"]["performance"] for r in results]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a site built with SITE_URL=http://127.0.0.1:PORT/ (and --port PORT); default: build it")
    parser.add_argument("--port", type=int, help="the port the given site was built for")
    parser.add_argument("--pages", default=",".join(PAGES), help="page types, comma-separated (default: all)")
    parser.add_argument("--langs", default="vi,en")
    parser.add_argument("--lighthouse", help="path to a lighthouse command (default: 12.2.3 from npm, installed on first use)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page, the median reported (Lighthouse advises 5 on a busy machine)")
    parser.add_argument("--json", type=Path, help="write every page's results to this file")
    args = parser.parse_args(argv)

    command = lighthouse_command(args.lighthouse)
    port = args.port or free_port()
    origin = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="thidua-lighthouse-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            print(f"building the site for {origin}/ ...", flush=True)
            build(site, origin + "/")
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Served, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        load_before = os.getloadavg()
        started = time.monotonic()
        results = []
        try:
            for kind in args.pages.split(","):
                path = PAGES[kind] if PAGES[kind] != "ton-vinh/*" else first_honouree(site)
                for lang in args.langs.split(","):
                    page = path if lang == "vi" else f"{lang}/{path}"
                    out = Path(tmp) / f"{kind}-{lang}.json"
                    result = {"page": kind, "lang": lang, "path": "/" + page, **median_run(command, f"{origin}/{page}", out, args.runs)}
                    results.append(result)
                    s = result["scores"]
                    print(f"{kind:10} {lang}  " + "  ".join(f"{c[:4]} {s[c]:3}" for c in CATEGORIES), flush=True)
        finally:
            server.shutdown()
            server.server_close()
    minutes = (time.monotonic() - started) / 60
    print()
    print(f"Lighthouse {VERSION}, mobile (its defaults), Chromium {chromium_version()}; load average at start / end: "
          f"{' '.join(f'{x:.1f}' for x in load_before)} / {' '.join(f'{x:.1f}' for x in os.getloadavg())}; {minutes:.1f} min.")
    print()
    print("| page | lang | performance | accessibility | best practices | SEO | LCP | TBT | CLS |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        s, m = r["scores"], r["measures"]
        print(f"| {r['page']} | {r['lang']} | " + " | ".join(str(s[c]) for c in CATEGORIES) + " | "
              + " | ".join(m[x].replace("\u00a0", " ") for x in MEASURES) + " |")
    below = [(r["page"], r["lang"], c, r["scores"][c]) for r in results for c in CATEGORIES if r["scores"][c] < TARGET]
    print()
    print(f"Below {TARGET}: " + (", ".join(f"{p} ({l}) {c} {v}" for p, l, c, v in below) if below else "none"))
    worst: dict[tuple[str, str], tuple[float, int]] = {}
    for r in results:
        for category, audit, score in r["losses"]:
            least, pages = worst.get((category, audit), (1.0, 0))
            worst[(category, audit)] = (min(least, score), pages + 1)
    if worst:
        print("Audits that cost points (category: audit, its worst score, on how many of the pages): "
              + "; ".join(f"{c}: {a} {s:.2f} on {n}" for (c, a), (s, n) in sorted(worst.items())))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def chromium_version() -> str:
    try:
        out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return "?"
    return out.split()[1] if len(out.split()) > 1 else out.strip()


if __name__ == "__main__":
    raise SystemExit(main())
