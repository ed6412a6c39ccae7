"""`mkdocs serve` on the bundled data: an edit of a honouree's citation is shown at once from the last build's shells
(a preview: the log says what was rendered), then the full rebuild brings the rest up to date with those very pages
taken from the build's store, and the search index is refreshed after the page is served. An edit of anything else
is the full rebuild at once."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import DURING, copy_project

HONOUREE = "nguyen-van-a"
REFRESHED = re.compile(r"Search index refreshed: .* \((\d+) bundles indexed, (\d+) from the cache\)")
RENDERED = re.compile(r"pages \((\w+)\): .*?honouree pages: ([\d,]+) rendered(?: \(([^)]*)\))?, ([\d,]+) from the cache")
PREVIEWED = re.compile(r"preview \((\w+)\): .*?honouree pages: ([\d,]+) rendered(?: \(([^)]*)\))?")
FULL_PAGES = re.compile(r"pages \((\w+)\): .*?honouree pages: (?:([\d,]+) rendered(?: \([^)]*\))?, )?([\d,]+) from the cache")
# MkDocs' server adds its reloading script to every page it serves, with the site's version in it.
LIVERELOAD = re.compile(r"livereload\(\d+, \d+\);")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


class Server:
    def __init__(self, project: Path) -> None:
        self.port = free_port()
        self.log_file = project / "serve.log"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": DURING}
        cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{self.port}"]
        with open(self.log_file, "w", encoding="utf-8") as out:
            self.proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def log(self) -> str:
        return self.log_file.read_text(encoding="utf-8", errors="replace")

    def wait(self, done, what: str, timeout: float = 240.0) -> None:
        started = time.monotonic()
        while not done():
            assert self.proc.poll() is None, f"mkdocs serve stopped before {what}:\n{self.log()[-3000:]}"
            assert time.monotonic() - started < timeout, f"no {what} in {timeout:.0f} s:\n{self.log()[-3000:]}"
            time.sleep(0.1)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def server(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    server = Server(project)
    server.project = project
    yield server
    server.stop()


def edit_citation(source: Path, marker: str) -> None:
    lines = source.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("citation:"))
    assert lines[at + 1].startswith("  vi: ")
    lines[at + 1] = f"  vi: {json.dumps(marker, ensure_ascii=False)}"
    source.write_text("\n".join(lines), encoding="utf-8")


def served(server: Server, path: str) -> str:
    return LIVERELOAD.sub("livereload(...);", get(server.url(path)) or "")


def test_an_edit_is_previewed_then_rebuilt_and_the_index_is_refreshed_after(server: Server) -> None:
    page = f"ton-vinh/{HONOUREE}/"
    server.wait(lambda: get(server.url(page)) is not None, "site served")
    server.wait(lambda: REFRESHED.search(server.log()), "search index after the first build")
    time.sleep(1.5)  # the watcher settles after the first build
    before = len(server.log())

    marker = f"Trích dẫn đã sửa {time.time_ns()}"
    edit_citation(server.project / "data" / "honourees" / f"{HONOUREE}.yaml", marker)

    server.wait(lambda: marker in (get(server.url(page)) or ""), "the page showing the edit")
    shown = served(server, page)
    log_when_shown = server.log()[before:]
    server.wait(lambda: REFRESHED.search(server.log()[before:]), "search index refreshed after the edit")
    after = server.log()[before:]
    # The preview: the edited honouree and its neighbours in each language, before any full rebuild.
    assert "Preview of nguyen-van-a shown in" in log_when_shown, log_when_shown
    previewed = {m[1]: (int(m[2].replace(",", "")), (m[3] or "").split(", ")) for m in PREVIEWED.finditer(after)}
    assert set(previewed) == {"vi", "en"}, after
    for lang, (made, names) in previewed.items():
        assert 1 <= made <= 3 and HONOUREE in names, (lang, after)
    # Then the full rebuild: the previewed pages are found in the build's store (the same keys, so the same
    # bytes), every other honouree page too; the page served is the same after it.
    assert after.index("the full rebuild follows") < after.index("Documentation built in")
    full = {m[1]: (int((m[2] or "0").replace(",", "")), int(m[3].replace(",", ""))) for m in FULL_PAGES.finditer(after)}
    assert set(full) == {"vi", "en"}, after
    for lang, (made, reused) in full.items():
        assert made == 0 and reused >= 5, (lang, after)
    assert marker in shown and served(server, page) == shown
    # The index was made after the rebuild, not on its path (one bundle per language here: both show the citation).
    assert after.index("Documentation built in") < REFRESHED.search(after).start()
    made, reused = map(int, REFRESHED.search(after).groups())
    assert made >= 1 and made + reused == 2, after
    manifest = json.loads(get(server.url("pagefind/thidua-shards.json")))
    assert manifest["refreshing"] is False


def test_an_edit_of_anything_else_or_a_broken_honouree_is_the_full_rebuild(server: Server) -> None:
    page = f"ton-vinh/{HONOUREE}/"
    server.wait(lambda: get(server.url(page)) is not None, "site served")
    server.wait(lambda: REFRESHED.search(server.log()), "search index after the first build")
    time.sleep(1.5)

    def rebuilt(before: int, what: str) -> str:
        server.wait(lambda: "Documentation built in" in server.log()[before:] or "Aborted" in server.log()[before:], what)
        time.sleep(0.5)
        return server.log()[before:]

    # The plan's file: not a honouree's, so no preview.
    before = len(server.log())
    campaign = server.project / "data" / "campaign.yaml"
    campaign.write_text(campaign.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")
    after = rebuilt(before, "the full rebuild after the plan's file changed")
    assert "Documentation built in" in after and "Preview of" not in after, after

    # A honouree's file that does not load: no preview, the full rebuild names the file and the field.
    source = server.project / "data" / "honourees" / f"{HONOUREE}.yaml"
    good = source.read_text(encoding="utf-8")
    before = len(server.log())
    source.write_text(good + "\nphoto: [\n", encoding="utf-8")  # not YAML: a list never closed
    after = rebuilt(before, "the failed rebuild after a broken honouree file")
    assert "Preview of" not in after and f"{HONOUREE}.yaml" in after, after

    # Mended, with a new citation: previewed again against the last build that succeeded.
    marker = f"Sửa lại {time.time_ns()}"
    source.write_text(good, encoding="utf-8")
    before = len(server.log())
    edit_citation(source, marker)
    server.wait(lambda: marker in (get(server.url(page)) or ""), "the page showing the mended edit")
    # (after a failed build MkDocs no longer says "Documentation built"; the server reloads the browsers)
    followed = re.compile(r"Preview of nguyen-van-a shown in .*?Building documentation.*?Reloading browsers", re.S)
    server.wait(lambda: followed.search(server.log()[before:]), "the full rebuild after the preview")
