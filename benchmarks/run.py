"""The build benchmark: our build against a plain-MkDocs baseline and a floor, at N = 100, 1,000 and 5,000 honourees.

For each N it generates a synthetic campaign (benchmarks/generate.py), builds it once with an empty
photo cache (the measured cold build), writes the baseline's hand-made pages (benchmarks/baseline.py),
then times, alternating ours / baseline / floor and the sizes, several runs of each with a warm photo
cache, and reports medians: wall and CPU time, pages per second, peak RSS (from /usr/bin/time -v),
the ratios ours/baseline and ours/floor, and the stages of our build (from the hooks' `timing` debug
lines). It then measures what a browser downloads (home page, a honouree page with its photo, a first
search query; Chromium through Playwright), the rebuild after editing one honouree's YAML under
`mkdocs serve`, and profiles one warm build at the largest N. Results go to WORKDIR/results.json, a
Markdown report to stdout, and with --readme into benchmarks/README.md.

Usage:
    python benchmarks/run.py [--sizes 100,1000,5000] [--runs 5,3,3] [--workdir /tmp/thidua-bench] [--readme]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import importlib.metadata
import json
import os
import platform
import pstats
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from baseline import load_data, order, write_baseline  # noqa: E402
from generate import DEFAULT_PHOTO_SIZE, _size, generate  # noqa: E402

from thidua.archive import browser as browsers  # noqa: E402

README = HERE / "README.md"
MARK_START, MARK_END = "<!-- results:start -->", "<!-- results:end -->"
# A day inside the campaign period, as the tests build.
EPOCH = "1614531600"
# Our timed builds, in this order in each round: an empty build store, no change since, one honouree edited.
# "ours-edit" is the first edit after the empty-store build: the site it starts from (the spare, the site before the
# last) was linked to the emptied store, so each page is linked again. "ours-edit-next" is the edit after that one,
# as the office makes them one after another: the rebuild after one edit in its steady state (the target).
OURS = ("ours", "ours-nochange", "ours-edit", "ours-edit-next")
STAGES = ("load", "photos", "generate", "honourees", "exports", "search")
TIMING_LINE = re.compile(r"\btiming (\w+) ([0-9.]+)")
SEARCH_QUERY = "thương mại"
TEXT_TYPES = ("text/", "javascript", "json", "xml", "svg")


class BenchmarkError(RuntimeError):
    """A build the benchmark ran failed, or a measurement could not be made."""


@dataclass
class Run:
    """One timed process: wall and CPU seconds, peak RSS, and our build's stage timings."""

    kind: str
    n: int
    wall: float
    cpu: float
    rss_mib: float | None
    stages: dict[str, float] = field(default_factory=dict)


def _env() -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("THIDUA_ARCHIVE", None)
    return env


def _time_file_value(text: str, label: str) -> str | None:
    for line in text.splitlines():
        if line.strip().startswith(label):
            return line.split(":", 1)[1].strip() if label != "Elapsed" else line.rsplit(": ", 1)[1].strip()
    return None


def timed(kind: str, n: int, cmd: list[str], cwd: Path) -> Run:
    """Run `cmd` under /usr/bin/time -v (when present); fail loudly if it fails."""
    gnu_time = Path("/usr/bin/time")
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as fh:
        time_file = Path(fh.name)
    full = [str(gnu_time), "-v", "-o", str(time_file), *cmd] if gnu_time.exists() else cmd
    before = os.times()
    started = time.perf_counter()
    proc = subprocess.run(full, cwd=cwd, env=_env(), capture_output=True, text=True, encoding="utf-8")
    wall = time.perf_counter() - started
    after = os.times()
    report = time_file.read_text(encoding="utf-8") if time_file.exists() else ""
    time_file.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise BenchmarkError(f"{kind} at N={n} failed ({proc.returncode}):\n{(proc.stdout + proc.stderr)[-4000:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    rss = _time_file_value(report, "Maximum resident set size")
    stages: dict[str, float] = {}
    for match in TIMING_LINE.finditer(proc.stderr):
        # "search_start" (starting the default language's index, which then runs in the
        # background) counts in the search stage.
        stage = match[1].split("_", 1)[0]
        stages[stage] = stages.get(stage, 0.0) + float(match[2])
    return Run(kind, n, wall, cpu, int(rss) / 1024 if rss else None, stages)


def _clear(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)


class Size:
    """The projects and outputs of one N under the work folder."""

    def __init__(self, workdir: Path, n: int) -> None:
        self.n = n
        self.root = workdir / f"n{n}"
        self.project = self.root / "project"
        self.site = self.root / "site"
        self.baseline = self.root / "baseline"
        self.baseline_site = self.root / "baseline-site"
        self.floor_site = self.root / "floor-site"
        self.pages = 0

    def ours(self, kind: str = "ours") -> Run:
        """Our build: "ours" with an empty build store (every page made, every template compiled; the photo cache warm), "ours-nochange"
        with the store of the build before and the same sources, "ours-edit" (and "ours-edit-next", the edit after it) after one honouree's citation was
        edited, "ours-cold" with no cache at all.

        Each build but the cold one replaces the site the build before published, as `mkdocs build` does for the
        office: that site becomes the spare the next build starts from (thidua.publish.folder). The cold build
        starts with no site and nothing in `.cache/`."""
        if kind == "ours-cold":
            _clear(self.site)
        if kind == "ours":
            _clear(self.project / ".cache" / "build")
            _clear(self.project / ".cache" / "templates")
        elif kind in ("ours-edit", "ours-edit-next"):
            self.edit()
        cmd = [sys.executable, str(HERE / "timed_build.py"), "build", "-f", str(self.project / "mkdocs.yml"), "-d", str(self.site)]
        return timed(kind, self.n, cmd, self.project)

    def edited(self) -> tuple[Path, str]:
        """The honouree file the edit runs change, and its text as generated."""
        if not hasattr(self, "_edited"):
            hid = order(load_data(self.project))[0]
            source = self.project / "data" / "honourees" / f"{hid}.yaml"
            self._edited = (source, source.read_text(encoding="utf-8"))
        return self._edited

    def edit(self, marker: str | None = None) -> str:
        """Replaces the Vietnamese citation of the first honouree with a new text; returns it."""
        source, original = self.edited()
        marker = marker or f"Benchmark edit {time.time_ns()}"
        lines = original.split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith("citation:"))
        lines[at + 1] = f"  vi: {json.dumps(marker)}"
        source.write_text("\n".join(lines), encoding="utf-8")
        return marker

    def restore(self) -> None:
        source, original = self.edited()
        source.write_text(original, encoding="utf-8")

    def base(self) -> Run:
        _clear(self.baseline_site)
        cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(self.baseline / "mkdocs.yml"), "-d", str(self.baseline_site)]
        return timed("baseline", self.n, cmd, self.baseline)

    def floor(self) -> Run:
        _clear(self.floor_site)
        return timed("floor", self.n, [sys.executable, str(HERE / "floor.py"), str(self.project), str(self.floor_site)], self.root)


def prepare(workdir: Path, n: int, log, photo_size: tuple[int, int] = DEFAULT_PHOTO_SIZE) -> tuple[Size, Run, float]:
    """Generate N's project, build it cold (the measured cold run), write its baseline."""
    size = Size(workdir, n)
    started = time.perf_counter()
    _clear(size.root)
    generate(n, size.project, pool_dir=workdir / "photo-pool", snapshot=True, photo_size=photo_size)
    generated = time.perf_counter() - started
    log(f"N={n}: generated in {generated:.1f} s; cold build...")
    _clear(size.project / ".cache")
    cold = size.ours("ours-cold")
    log(f"N={n}: cold build {cold.wall:.1f} s (photos {cold.stages.get('photos', 0):.1f} s)")
    size.pages = write_baseline(size.project, size.baseline, photos_from=size.site)
    return size, cold, generated


def photo_copy_seconds(size: Size) -> tuple[float, int]:
    """Time publishing the photo renditions as the build does (hook_photos.publish_cached: a hard link
    per file, a copy where linking fails), outside the build."""
    cache = size.project / ".cache" / "photos"
    files = [p for p in cache.iterdir() if p.suffix in (".jpg", ".webp")]
    with tempfile.TemporaryDirectory(dir=size.root) as out:
        started = time.perf_counter()
        for i, path in enumerate(files):
            target = Path(out) / "ton-vinh" / "anh" / f"{i}{path.suffix}"
            os.makedirs(target.parent, exist_ok=True)
            try:
                os.link(path, target)
            except OSError:
                shutil.copyfile(path, target)
        return time.perf_counter() - started, len(files)


# --- mkdocs serve: rebuild after editing one honouree ----------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def _wait(proc: subprocess.Popen, done, timeout: float, what: str) -> float:
    """Seconds until done() is true; fails if the server stops or the time runs out."""
    started = time.perf_counter()
    while not done():
        if proc.poll() is not None:
            raise BenchmarkError(f"mkdocs serve stopped before {what}")
        if time.perf_counter() - started > timeout:
            raise BenchmarkError(f"mkdocs serve: no {what} in {timeout:.0f} s")
        time.sleep(0.05)
    return time.perf_counter() - started


REFRESHED = "Search index refreshed"
RENDERED = re.compile(r"pages \((\w+)\): (.*)")
PREVIEWED = re.compile(r"preview \((\w+)\): (.*)")


def serve_rebuild(size: Size, timeout: float) -> dict:
    """Start `mkdocs serve`, wait for the site and its search index, edit one honouree's citation, time until
    its page shows it and until the search index is refreshed; what the rebuild rendered, from its log."""
    hid = order(load_data(size.project))[0]
    port = _free_port()
    url = f"http://127.0.0.1:{port}/ton-vinh/{hid}/"
    log_file = size.root / "serve.log"
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(size.project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    with open(log_file, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, cwd=size.project, env=_env(), stdout=out, stderr=subprocess.STDOUT)

    def log() -> str:
        return log_file.read_text(encoding="utf-8", errors="replace")

    try:
        first = _wait(proc, lambda: _get(url) is not None, timeout, "site served")
        # The office's steady state: the first build's search index made, the watcher settled.
        _wait(proc, lambda: REFRESHED in log(), timeout, "search index after the first build")
        time.sleep(2.0)
        before = len(log())
        marker = size.edit()
        shown = _wait(proc, lambda: marker in (_get(url) or ""), timeout, "rebuild showing the edit")
        refreshed = shown + _wait(proc, lambda: REFRESHED in log()[before:], timeout, "search index refreshed after the edit")
        after = log()[before:]
        rendered = {m[1]: m[2].strip() for m in RENDERED.finditer(after)}
        previewed = {m[1]: m[2].strip() for m in PREVIEWED.finditer(after)}
        searched = next((line.split("thidua: ", 1)[-1] for line in after.splitlines() if REFRESHED in line), "")
        built = re.search(r"Documentation built in ([0-9.]+) seconds", after)
        return {"first_build": first, "rebuild": shown, "search_refreshed": refreshed, "honouree": hid,
                "built_seconds": float(built[1]) if built else None, "rendered": rendered, "previewed": previewed, "search": searched}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        size.restore()


# --- what a browser downloads ---------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@functools.lru_cache(maxsize=None)
def _gzip_size(path: str) -> int:
    return len(gzip.compress(Path(path).read_bytes(), 6))


def browser_bytes(size: Size) -> dict:
    """Bytes Chromium downloads for the home page, a honouree page, and a first search query."""
    from playwright.sync_api import sync_playwright

    site = size.site
    hid = order(load_data(size.project))[len(order(load_data(size.project))) // 2]
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    out: dict = {}
    try:
        with sync_playwright() as pw:
            browser, _ = browsers.launch(pw)  # the browser the archive edition prints with
            try:
                def measure(url: str, query: str | None = None) -> dict:
                    context = browser.new_context()
                    page = context.new_page()
                    seen: list = []
                    page.on("requestfinished", lambda request: seen.append(request))
                    page.goto(url, wait_until="networkidle")
                    if query is not None:
                        seen.clear()
                        page.evaluate("() => { const t = document.getElementById('__search'); t.checked = true; t.dispatchEvent(new Event('change')); }")
                        page.fill("[data-td-search-query]", query)
                        page.wait_for_function(
                            "() => ['one', 'other', 'none', 'error'].includes(document.querySelector('[data-td-search]').dataset.state)",
                            timeout=60_000,
                        )
                        page.wait_for_timeout(1000)  # the fragments of the results shown
                        page.wait_for_load_state("networkidle")
                        state = page.evaluate("() => document.querySelector('[data-td-search]').dataset.state")
                    raw = gz = 0
                    files = []
                    for request in seen:
                        sizes = request.sizes()
                        body = sizes.get("responseBodySize", 0)
                        path = request.url.split("?", 1)[0].removeprefix(base)
                        local = site / path.lstrip("/")
                        if local.is_dir():
                            local = local / "index.html"
                        response = request.response()
                        ctype = (response.headers.get("content-type", "") if response else "").lower()
                        zipped = _gzip_size(str(local)) if any(t in ctype for t in TEXT_TYPES) and local.is_file() else body
                        raw += body
                        gz += zipped
                        files.append(path)
                    context.close()
                    result = {"requests": len(files), "bytes": raw, "bytes_gzip": gz}
                    if query is not None:
                        result["state"] = state
                        result["files"] = files
                    return result

                out["home"] = measure(f"{base}/")
                out["honouree"] = measure(f"{base}/ton-vinh/{hid}/")
                out["search"] = measure(f"{base}/", SEARCH_QUERY)
                out["search"]["query"] = SEARCH_QUERY
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


# --- profile ------------------------------------------------------------------------------------

PROFILE_ROWS = (
    # label, (file fragment, function)
    ("load and validate (thidua.load.files.load_site)", ("thidua/load/files.py", "load_site")),
    ("photos (thidua.publish.photos.process_photos)", ("thidua/publish/photos.py", "process_photos")),
    ("read pages (mkdocs _populate_page: stubs, Markdown)", ("commands/build.py", "_populate_page")),
    ("render pages (mkdocs _build_page: Jinja, write)", ("commands/build.py", "_build_page")),
    ("  of which our page data (hook_pages.on_page_context)", ("hook_pages.py", "on_page_context")),
    ("  of which the honouree pages, from the shell (hook_pages.on_post_page)", ("hook_pages.py", "on_post_page")),
    ("  of which Jinja templates (Template.render)", ("jinja2/environment.py", "render")),
    ("copy static files, photos included (File.copy_file)", ("structure/files.py", "copy_file")),
    ("navigation (get_navigation)", ("structure/nav.py", "get_navigation")),
    ("exports (thidua.publish.exports.downloads)", ("thidua/publish/exports.py", "downloads")),
    ("search index (thidua.search.index.build_index)", ("thidua/search/index.py", "build_index")),
)


def profile(size: Size) -> dict:
    """cProfile one rebuild after one honouree's edit (the build store warm): cumulative seconds of the build's
    parts, and the top functions by own time."""
    _clear(size.site)
    size.edit()
    out = size.root / "build.prof"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(out), str(HERE / "timed_build.py"), "build", "-f", str(size.project / "mkdocs.yml"), "-d", str(size.site)]
    proc = subprocess.run(cmd, cwd=size.project, env=_env(), capture_output=True, text=True, encoding="utf-8")
    size.restore()
    if proc.returncode != 0:
        raise BenchmarkError(f"profiled build failed:\n{(proc.stdout + proc.stderr)[-4000:]}")
    stats = pstats.Stats(str(out))
    total = max(v[3] for v in stats.stats.values())
    parts = {}
    for label, (fragment, name) in PROFILE_ROWS:
        cum = [v[3] for (file, _, func), v in stats.stats.items() if func == name and fragment in file]
        calls = [v[1] for (file, _, func), v in stats.stats.items() if func == name and fragment in file]
        if cum:
            # A recursive or re-entered function: its largest entry is the outermost.
            parts[label] = {"seconds": max(cum) if name != "render" else sum(cum), "calls": sum(calls)}
    top = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:15]
    rows = [{"function": f"{Path(file).name}:{line}({func})", "own_seconds": v[2], "calls": v[1]} for (file, line, func), v in top]
    return {"total": total, "parts": parts, "top": rows}


# --- report -------------------------------------------------------------------------------------


def _median(runs: list[Run], attr: str) -> float | None:
    values = [getattr(r, attr) for r in runs if getattr(r, attr) is not None]
    return statistics.median(values) if values else None


def _stage_medians(runs: list[Run]) -> dict[str, float]:
    return {s: statistics.median(r.stages.get(s, 0.0) for r in runs) for s in STAGES}


def machine() -> dict:
    """What the numbers were measured on."""
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    mem = ""
    try:
        kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")))
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    versions = {}
    for dist in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pagefind", "Markdown", "Jinja2", "PyYAML", "pillow", "pydantic"):
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[dist] = "-"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "system": platform.platform(),
        "python": platform.python_version(),
        "versions": versions,
    }


def summarise(sizes: dict[int, dict]) -> dict[int, dict]:
    """Medians, ratios and shares per N from the raw runs."""
    out = {}
    for n, s in sizes.items():
        runs = {k: [Run(**r) for r in s["runs"] if r["kind"] == k] for k in (*OURS, "baseline", "floor")}
        row = {"pages": s["pages"]}
        for kind, rs in runs.items():
            wall = _median(rs, "wall")
            row[kind] = {"wall": wall, "cpu": _median(rs, "cpu"), "rss_mib": _median(rs, "rss_mib"), "runs": len(rs),
                         "pages_per_s": s["pages"] / wall if wall else None}
        cold = Run(**s["cold"])
        row["cold"] = {"wall": cold.wall, "cpu": cold.cpu, "rss_mib": cold.rss_mib, "photos": cold.stages.get("photos", 0.0)}
        stages = _stage_medians(runs["ours"])
        wall = row["ours"]["wall"]
        stages["mkdocs"] = max(0.0, wall - sum(stages.values()))
        row["stages"] = stages
        copy = s.get("photo_copy", {}).get("seconds", 0.0)
        row["photo_share"] = (stages["photos"] + copy) / wall
        row["ratio_baseline"] = wall / row["baseline"]["wall"]
        row["ratio_floor"] = wall / row["floor"]["wall"]
        row["cpu_ratio_baseline"] = row["ours"]["cpu"] / row["baseline"]["cpu"]
        row["cpu_ratio_floor"] = row["ours"]["cpu"] / row["floor"]["cpu"]
        for kind in OURS[1:]:
            if row[kind]["wall"]:
                row[kind]["ratio_floor"] = row[kind]["wall"] / row["floor"]["wall"]
                row[kind]["ratio_ours"] = row[kind]["wall"] / wall
                row[kind]["stages"] = _stage_medians(runs[kind])
        for key in ("serve", "browser", "photo_copy", "generated_seconds", "profile"):
            if key in s:
                row[key] = s[key]
        out[n] = row
    return out


def _kb(value: float) -> str:
    return f"{value / 1000:,.0f} KB"


def _fmt(value: float | None, spec: str = ".1f") -> str:
    return "-" if value is None else format(value, spec)


def targets(summary: dict[int, dict]) -> list[tuple[str, str, bool | None, str]]:
    """(target, measured, met, by how much) for every target of the issue that this run measured."""
    rows = []
    ns = sorted(summary)
    big = summary[ns[-1]]
    label = f"{ns[-1]:,}"
    if 1000 in summary and 5000 in summary:
        ratio = summary[5000]["ours"]["wall"] / summary[1000]["ours"]["wall"]
        rows.append(("linear: 5,000 build ≤ 5.5 × 1,000 build", f"{ratio:.2f} ×", ratio <= 5.5, f"{ratio / 5.5 - 1:+.0%} vs target"))
    r = big["ratio_baseline"]
    rows.append((f"ours, empty build store ≤ 1.0 × baseline at {label}", f"{r:.2f} ×", r <= 1.0, f"{r - 1:+.0%} vs target"))
    r = big["ratio_floor"]
    rows.append((f"ours ≤ 2.5 × floor at {label}", f"{r:.2f} ×", r <= 2.5, f"{r / 2.5 - 1:+.0%} vs target"))
    rss = big["ours"]["rss_mib"]
    if rss is not None:
        rows.append((f"peak RSS < 1 GiB at {label}", f"{rss:,.0f} MiB", rss < 1024, f"{rss / 1024:.0%} of 1 GiB"))
    share = big["photo_share"]
    rows.append((f"warm build spends < 5% on photos at {label}", f"{share:.1%}", share < 0.05, f"{share / 0.05:.0%} of the allowance"))
    edit = "ours-edit-next" if (big.get("ours-edit-next") or {}).get("ratio_floor") is not None else "ours-edit"
    for kind, name, limit in (("ours-nochange", "a no-change rebuild", 0.3), (edit, "a rebuild after one edit", 0.4)):
        r = (big.get(kind) or {}).get("ratio_floor")
        if r is not None:
            rows.append((f"{name} ≤ {limit} × floor at {label}", f"{r:.2f} ×", r <= limit, f"{r / limit - 1:+.0%} vs target"))
    for n, limit in {ns[-1]: 3.0, 100: 1.0}.items():  # the largest N (5,000 in a whole run), and 100
        sv = (summary.get(n) or {}).get("serve")
        if sv:
            rows.append((f"`mkdocs serve` shows an edit in ≤ {limit:.0f} s at {n:,}", f"{sv['rebuild']:.1f} s", sv["rebuild"] <= limit, f"{sv['rebuild'] / limit - 1:+.0%} vs target"))
    search = big.get("browser", {}).get("search")
    if search:
        b = search["bytes"]
        rows.append((f"first search query < 500 KB at {label}", _kb(b), b < 500_000, f"{b / 500_000:.0%} of the allowance"))
    return rows


def report(results: dict) -> str:
    """The results as Markdown (the README's table)."""
    summary = {int(n): row for n, row in results["summary"].items()}
    m = results["machine"]
    v = m["versions"]
    lines = [
        f"Measured {results['date']} on {m['cpu']} ({m['cores']} cores, {m['memory']}), {m['system']}, Python {m['python']};",
        f"MkDocs {v['mkdocs']}, Material {v['mkdocs-material']}, mkdocs-static-i18n {v['mkdocs-static-i18n']}, Pagefind {v['pagefind']}.",
        f"Load average at start / end: {results['load_start']} / {results['load_end']} (other work on the machine slows every figure alike;",
        f"the runs alternate, so ratios are fairer than absolute times). Whole run: {results['elapsed'] / 60:.1f} min.",
        f"Generated photos: {'×'.join(map(str, results.get('photo_size', DEFAULT_PHOTO_SIZE)))} JPEG"
        + ("" if tuple(results.get("photo_size", DEFAULT_PHOTO_SIZE)) == tuple(DEFAULT_PHOTO_SIZE) else
           " (smaller than a phone's: only the cold photo builds are shorter; every other build finds the photos in the cache)") + ".",
        "",
        "### Builds (medians; pages = both languages)",
        "",
        "| N | pages | build | runs | wall s | CPU s | pages/s | peak RSS MiB |",
        "|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for n, row in sorted(summary.items()):
        for kind, label in (("ours", "ours, empty build store (warm photo cache)"), ("ours-nochange", "ours, no change (warm build store)"),
                            ("ours-edit", "ours, one honouree edited (warm build store; the first edit after the empty store)"),
                            ("ours-edit-next", "ours, the next honouree edit (an edit after an edit)"),
                            ("baseline", "baseline (stock MkDocs + Material)"), ("floor", "floor (read, YAML, Markdown, Jinja, write)")):
            r = row[kind]
            lines.append(f"| {n:,} | {row['pages']:,} | {label} | {r['runs']} | {_fmt(r['wall'])} | {_fmt(r['cpu'])} | {_fmt(r['pages_per_s'], ',.0f')} | {_fmt(r['rss_mib'], ',.0f')} |")
        c = row["cold"]
        lines.append(f"| {n:,} | {row['pages']:,} | ours, cold photo cache (1 run) | 1 | {_fmt(c['wall'])} | {_fmt(c['cpu'])} | {row['pages'] / c['wall']:,.0f} | {_fmt(c['rss_mib'], ',.0f')} |")
    lines += ["", "| N | ours / baseline (wall) | ours / floor (wall) | ours / baseline (CPU) | ours / floor (CPU) | ours N / ours previous N (wall) |",
              "|---:|---:|---:|---:|---:|---:|"]
    prev = None
    for n, row in sorted(summary.items()):
        growth = f"{row['ours']['wall'] / summary[prev]['ours']['wall']:.2f} × for {n / prev:.0f} × N" if prev else "-"
        lines.append(f"| {n:,} | {row['ratio_baseline']:.2f} | {row['ratio_floor']:.2f} | {row['cpu_ratio_baseline']:.2f} | {row['cpu_ratio_floor']:.2f} | {growth} |")
        prev = n
    lines += ["", "### Rebuilds with the build store (medians)", "",
              "| N | no change: wall s | / floor | / empty store | one edit: wall s | / floor | / empty store | one edit: load, photos, honouree pages, exports, search, the rest (s) |",
              "|---:|---:|---:|---:|---:|---:|---:|---|"]
    for n, row in sorted(summary.items()):
        a = row.get("ours-nochange") or {}
        b = row.get("ours-edit-next") if (row.get("ours-edit-next") or {}).get("wall") else row.get("ours-edit") or {}
        if not a.get("wall") or not b.get("wall"):
            continue
        st = b["stages"]
        rest = b["wall"] - sum(st.values())
        parts = ", ".join(f"{st[k]:.2f}" for k in ("load", "photos", "honourees", "exports", "search")) + f", {rest:.2f}"
        lines.append(f"| {n:,} | {a['wall']:.1f} | {a['ratio_floor']:.2f} | {a['ratio_ours']:.2f} | {b['wall']:.1f} | {b['ratio_floor']:.2f} | {b['ratio_ours']:.2f} | {parts} |")
    lines += ["", "No change: the same sources built again with the store the build before left. One edit (the edit after an edit, where measured): the first honouree's "
              "Vietnamese citation replaced by a new text before the build (its page, its neighbours' links, the section pages, "
              "the exports and the search bundles that hold them are made again). 'The rest': MkDocs itself (start, the section "
              "pages and shells rendered with Material, static files, the sitemap) and publishing."]
    lines += ["", "### Where our build's time goes (median seconds of the empty-store runs, from the hooks' timing lines)", "",
              "| N | load + validate | photos and sharing cards (cache check) | generate (placeholders, section views) | honouree pages (views, template, write) | exports (open data, feeds) | search index | MkDocs (start, section pages, shell, copy) | photo share incl. publishing |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, row in sorted(summary.items()):
        s = row["stages"]
        lines.append(f"| {n:,} | {s['load']:.2f} | {s['photos']:.2f} | {s['generate']:.2f} | {s.get('honourees', 0.0):.2f} | {s['exports']:.2f} | {s['search']:.2f} | {s['mkdocs']:.2f} | {row['photo_share']:.1%} |")
    lines += ["", "Photo share = (photos stage + publishing the photo renditions into site/ as hard links, timed separately with the same calls the build makes) / warm wall time.",
              "Cold build: every photo decoded and resized, every sharing card drawn; " + "; ".join(f"N={n:,}: photos {row['cold']['photos']:.1f} s of {row['cold']['wall']:.1f} s" for n, row in sorted(summary.items())) + "."]
    lines += ["", "### What a browser downloads, and rebuilds under `mkdocs serve`", "",
              "| N | home page | honouree page with photo | first search query | `mkdocs serve`: edit shown | search index refreshed |", "|---:|---:|---:|---:|---:|---:|"]
    for n, row in sorted(summary.items()):
        b = row.get("browser") or {}

        def cell(key: str) -> str:
            if key not in b:
                return "-"
            return f"{_kb(b[key]['bytes'])} ({b[key]['requests']} requests; {_kb(b[key]['bytes_gzip'])} with gzip)"

        sv = row.get("serve") or {}
        serve = f"{sv['rebuild']:.1f} s" if sv else "-"
        refreshed = f"{sv['search_refreshed']:.1f} s" if sv.get("search_refreshed") else "-"
        lines.append(f"| {n:,} | {cell('home')} | {cell('honouree')} | {cell('search')} | {serve} | {refreshed} |")
    lines += ["", f"Bytes as Chromium received them from a plain static server (Pagefind's index files are compressed already); "
              f"'with gzip': text files compressed as a web server would. Search: the query “{SEARCH_QUERY}” typed into the header box on the home page "
              "(entry, script, WebAssembly, index chunks and the fragments of the results shown). `mkdocs serve`: once the first build's "
              "search index is made, one honouree's citation edited; 'edit shown': saved until the page served shows it; 'search index "
              "refreshed': saved until the log says the index made in the background is in place (a search meanwhile says it is being refreshed)."]
    for n, row in sorted(summary.items()):
        sv = row.get("serve") or {}
        if sv.get("previewed"):
            lines.append(f"N={n:,}, what the preview under serve rendered before the full rebuild: "
                         + "; ".join(f"{lang}: {text}" for lang, text in sv["previewed"].items()) + ".")
        if sv.get("rendered"):
            lines.append(f"N={n:,}, what the rebuild under serve rendered: " + "; ".join(f"{lang}: {text}" for lang, text in sv["rendered"].items())
                         + (f"; {sv['search']}" if sv.get("search") else "") + ".")
    lines += ["", "### Targets", "", "| target | measured | met | margin |", "|---|---:|:---:|---:|"]
    for name, measured, met, margin in targets(summary):
        lines.append(f"| {name} | {measured} | {'yes' if met else 'NO'} | {margin} |")
    prof = next((row["profile"] for n, row in sorted(summary.items(), reverse=True) if row.get("profile")), None)
    if prof:
        n_prof = next(n for n, row in sorted(summary.items(), reverse=True) if row.get("profile"))
        lines += ["", f"### Profile of one rebuild after one edit at N = {n_prof:,} (warm build store; cProfile's overhead inflates Python-heavy parts)", "",
                  f"Total {prof['total']:.1f} s.", "", "| part | cumulative s | share | calls |", "|---|---:|---:|---:|"]
        for label, part in prof["parts"].items():
            lines.append(f"| {label} | {part['seconds']:.1f} | {part['seconds'] / prof['total']:.0%} | {part['calls']:,} |")
        lines += ["", "| function (top by own time) | own s | calls |", "|---|---:|---:|"]
        for row in prof["top"][:12]:
            lines.append(f"| `{row['function']}` | {row['own_seconds']:.2f} | {row['calls']:,} |")
    return "\n".join(lines) + "\n"


def write_readme(markdown: str) -> None:
    """Replace the results section of benchmarks/README.md."""
    text = README.read_text(encoding="utf-8")
    start, end = text.index(MARK_START), text.index(MARK_END)
    README.write_text(text[: start + len(MARK_START)] + "\n" + markdown + text[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="honouree counts, comma-separated")
    parser.add_argument("--runs", default="5,3,3", help="timed runs of each build per size (one value, or one per size)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "thidua-bench", help="where projects are generated (not in the repo)")
    parser.add_argument("--photo-size", type=_size, default=DEFAULT_PHOTO_SIZE,
                        help="WIDTHxHEIGHT of the generated phone photos (smaller ones shorten the cold builds only)")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuild")
    parser.add_argument("--no-browser", action="store_true", help="skip the bytes a browser downloads")
    parser.add_argument("--no-profile", action="store_true", help="skip the profile of one warm build")
    parser.add_argument("--profile-n", type=int, default=1000, help="the N to profile (default: 1,000; cProfile doubles a build's time)")
    parser.add_argument("--readme", action="store_true", help="write the table into benchmarks/README.md")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects and sites")
    parser.add_argument("--resume", action="store_true", help="continue a stopped run from WORKDIR/results.partial.json (needs --keep)")
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    runs = [int(x) for x in args.runs.split(",")]
    runs = runs * len(sizes) if len(runs) == 1 else runs
    if len(runs) != len(sizes):
        parser.error("--runs: one value, or one per size")
    workdir = args.workdir.resolve()
    if REPO in workdir.parents or workdir == REPO:
        parser.error("--workdir must be outside the repository")
    workdir.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    results: dict = {"photo_size": list(args.photo_size), "date": dt.date.today().isoformat(), "machine": machine(), "load_start": " ".join(f"{x:.1f}" for x in os.getloadavg()), "sizes": {}}

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - began:7.1f} s] {message}", file=sys.stderr, flush=True)
        # What is measured so far, should a long run be stopped.
        results["elapsed"] = resumed_after + time.perf_counter() - began
        (workdir / "results.partial.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")

    partial = workdir / "results.partial.json"
    resumed_after = 0.0
    if args.resume and partial.exists():
        results = json.loads(partial.read_text(encoding="utf-8"))
        results["sizes"] = {int(n): s for n, s in results["sizes"].items()}
    resumed_after = results.get("elapsed", 0.0)
    prepared: dict[int, Size] = {}
    for n in sizes:
        if n in results["sizes"]:
            prepared[n] = Size(workdir, n)
            prepared[n].pages = results["sizes"][n]["pages"]
            continue
        size, cold, generated = prepare(workdir, n, log, args.photo_size)
        prepared[n] = size
        results["sizes"][n] = {"pages": size.pages, "cold": asdict(cold), "runs": [], "generated_seconds": generated}
    # Timed runs: alternate the three builds and the sizes, so slow spells of the machine spread over all.
    for rep in range(max(runs)):
        for n, count in zip(sizes, runs):
            if rep >= count:
                continue
            size = prepared[n]
            builds = [(kind, functools.partial(size.ours, kind)) for kind in OURS] + [("baseline", size.base), ("floor", size.floor)]
            for kind, build in builds:
                if sum(r["kind"] == kind for r in results["sizes"][n]["runs"]) > rep:
                    continue  # measured before --resume
                try:
                    run = build()
                except BenchmarkError as error:
                    # A failed build is reported and run again once; a second failure stops the run.
                    results.setdefault("failures", []).append(str(error)[:2000])
                    log(f"N={n} run {rep + 1}/{count}: {kind} FAILED, running it again: {str(error).splitlines()[0]}")
                    run = build()
                results["sizes"][n]["runs"].append(asdict(run))
                log(f"N={n} run {rep + 1}/{count}: {run.kind} {run.wall:.1f} s")
    for n in sizes:
        size = prepared[n]
        size.restore()
        seconds, files = photo_copy_seconds(size)
        results["sizes"][n]["photo_copy"] = {"seconds": seconds, "files": files}
        if not args.no_browser:
            if not (size.site / "index.html").exists():
                size.ours("ours-nochange")  # the last timed run's site is browsed; built again after --resume
            results["sizes"][n]["browser"] = browser_bytes(size)
            log(f"N={n}: browser bytes measured")
        if not args.no_serve:
            results["sizes"][n]["serve"] = serve_rebuild(size, timeout=1800)
            serve = results["sizes"][n]["serve"]
            log(f"N={n}: serve: edit shown in {serve['rebuild']:.1f} s, search refreshed in {serve['search_refreshed']:.1f} s")
    if not args.no_profile:
        n_prof = args.profile_n if args.profile_n in prepared else sizes[-1]
        results["sizes"][n_prof]["profile"] = profile(prepared[n_prof])
        log(f"N={n_prof}: profiled")
    results["load_end"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    results["elapsed"] = resumed_after + time.perf_counter() - began
    results["summary"] = summarise({n: results["sizes"][n] for n in sizes})
    (workdir / "results.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    markdown = report(json.loads(json.dumps(results, default=str)))
    print(markdown)
    if args.readme:
        write_readme(markdown)
    if not args.keep:
        for size in prepared.values():
            _clear(size.root)
    log(f"done; results in {workdir / 'results.json'}")


if __name__ == "__main__":
    main()
