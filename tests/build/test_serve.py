"""`mkdocs serve` on the bundled data: an edit of a honouree's citation is shown without rendering every page again
(the log says what was rendered), and the search index is refreshed after the page is served."""

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


def test_an_edit_is_shown_without_rendering_every_page_and_the_index_is_refreshed_after(server: Server) -> None:
    page = f"ton-vinh/{HONOUREE}/"
    server.wait(lambda: get(server.url(page)) is not None, "site served")
    server.wait(lambda: REFRESHED.search(server.log()), "search index after the first build")
    time.sleep(1.5)  # the watcher settles after the first build
    before = len(server.log())

    source = server.project / "data" / "honourees" / f"{HONOUREE}.yaml"
    lines = source.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("citation:"))
    assert lines[at + 1].startswith("  vi: ")
    marker = f"Trích dẫn đã sửa {time.time_ns()}"
    lines[at + 1] = f"  vi: {json.dumps(marker, ensure_ascii=False)}"
    source.write_text("\n".join(lines), encoding="utf-8")

    server.wait(lambda: marker in (get(server.url(page)) or ""), "rebuild showing the edit")
    server.wait(lambda: REFRESHED.search(server.log()[before:]), "search index refreshed after the edit")
    after = server.log()[before:]
    # The log says what was rendered: the edited honouree and its neighbours, the rest from the build's store.
    counts = {m[1]: (int(m[2].replace(",", "")), m[3] or "", int(m[4].replace(",", ""))) for m in RENDERED.finditer(after)}
    assert set(counts) == {"vi", "en"}, after
    for lang, (made, names, reused) in counts.items():
        assert 1 <= made <= 3 and HONOUREE in names.split(", "), (lang, after)
        assert reused >= 5, (lang, after)
    # The index was made after the rebuild, not on its path (one bundle per language here: both show the citation).
    assert after.index("Documentation built in") < REFRESHED.search(after).start()
    made, reused = map(int, REFRESHED.search(after).groups())
    assert made >= 1 and made + reused == 2, after
    manifest = json.loads(get(server.url("pagefind/thidua-shards.json")))
    assert manifest["refreshing"] is False
