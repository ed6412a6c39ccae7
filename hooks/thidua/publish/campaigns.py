"""A Department's campaigns built each as the site of one campaign, at /<slug>/ of the Department's site.

Each campaign is built by MkDocs in a process of its own (`python -m mkdocs build`, the same mkdocs.yml,
THIDUA_CAMPAIGN naming the campaign), so a campaign's site is exactly what a site of one campaign would
be, under its own address; two run at a time on a machine of two cores. A campaign's build is kept in
the cache by the key of everything it reads: the engine, mkdocs.yml, docs/ and overrides/, the
Department's files, the campaign's folder, its links to the other campaigns, the address, the options and
the build date. A campaign nothing of which changed is not built again: its folder is linked into the
site (hard links: no data written).

The Department's build (hooks/hook_department.py) starts them once its own data is valid and waits
for them before it publishes: a campaign that fails stops the whole build, with that campaign's messages.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from thidua.keys import files_key, hash_text, tree_files
from thidua.model.department import Department, Elsewhere

CAMPAIGN_ENV = "THIDUA_CAMPAIGN"  # mkdocs.yml: extra.thidua.campaign
FACTS_ENV = "THIDUA_CAMPAIGN_FACTS"  # the file of CampaignFacts the campaign's build reads
FACTS = "department.json"  # beside a campaign's built folder: what it shows of the other campaigns
KEEP = 2  # builds kept per campaign in the cache (the current one and the one before)


@dataclass(frozen=True)
class CampaignFacts:
    """What a campaign's build shows of the Department (written to a file its build reads)."""

    slug: str
    home: dict  # the Department's name by language (the link to the archive home)
    elsewhere: dict  # honouree id: [{campaign, honouree, name, year}]: the same person in other campaigns

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def read_facts(path: str) -> CampaignFacts | None:
    """The facts the Department's build wrote for this campaign's build (None when built on its own)."""
    if not path:
        return None
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    elsewhere = {
        hid: tuple(Elsewhere(**{**e, "languages": tuple(e["languages"])}) for e in entries)
        for hid, entries in data["elsewhere"].items()
    }
    return CampaignFacts(slug=data["slug"], home=data["home"], elsewhere=elsewhere)


def campaign_facts(department: Department, slug: str) -> CampaignFacts:
    return CampaignFacts(
        slug=slug,
        home=department.info.name.model_dump(exclude_none=True),
        elsewhere={hid: [asdict(e) for e in entries] for hid, entries in department.elsewhere(slug).items()},
    )


class CampaignBuildError(Exception):
    """A campaign's build failed: its slug and what MkDocs said."""

    def __init__(self, slug: str, output: str):
        self.slug = slug
        self.output = output
        super().__init__(f"{slug}: {output}")


@dataclass
class CampaignBuild:
    slug: str
    key: str
    folder: Path  # the built site of the campaign (complete once its build succeeded)
    reused: bool = False
    seconds: float = 0.0
    output: str = ""


def _tree_key(folder: Path) -> str:
    return files_key(tree_files(folder) if folder.is_dir() else [], folder)


def build_key(
    *, engine: str, project: Path, department_dir: Path, slug: str, facts: bytes, site_url: str, options: str, today: str,
    strict: bool,
) -> str:
    """The key of everything a campaign's build reads."""
    campaign = department_dir / "campaigns" / slug
    department_files = [department_dir / "site.yaml", department_dir / "units.yaml"]
    return hash_text(
        "campaign build", engine, (project / "mkdocs.yml").read_bytes(), _tree_key(project / "docs"),
        _tree_key(project / "overrides"), files_key(department_files, department_dir), _tree_key(campaign), facts,
        site_url, options, today, str(strict), os.environ.get("SOURCE_DATE_EPOCH", ""),
    )  # fmt: skip


class CampaignBuilds:
    """The campaigns' builds of one Department build, started together, awaited before publishing."""

    def __init__(self, project: Path, cache: Path, workers: int | None = None):
        self.project = project
        self.cache = cache  # .cache/sites/: <slug>/<key>/ per build
        self.workers = workers or max(1, min(2, os.cpu_count() or 1))
        self._pool: ThreadPoolExecutor | None = None
        self._jobs: dict[str, Future] = {}
        self._processes: set[subprocess.Popen] = set()
        self._lock = threading.Lock()
        self._stopped = False

    def start(self, slug: str, key: str, facts: bytes, *, site_url: str, strict: bool, env: dict[str, str]) -> None:
        folder = self.cache / slug / key
        if folder.is_dir():
            future: Future = Future()
            future.set_result(CampaignBuild(slug, key, folder, reused=True))
            self._jobs[slug] = future
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="campaign")
        self._jobs[slug] = self._pool.submit(self._build, slug, key, facts, folder, site_url, strict, env)

    def _build(self, slug: str, key: str, facts: bytes, folder: Path, site_url: str, strict: bool, env: dict) -> CampaignBuild:
        started = time.perf_counter()
        folder.parent.mkdir(parents=True, exist_ok=True)
        facts_file = folder.parent / f".{key}.{FACTS}"
        facts_file.write_bytes(facts)
        command = [sys.executable, "-m", "mkdocs", "build", "-f", str(self.project / "mkdocs.yml"), "-d", str(folder)]
        if strict:
            command.append("--strict")
        environment = {**os.environ, **env, CAMPAIGN_ENV: slug, FACTS_ENV: str(facts_file), "SITE_URL": site_url}
        environment.setdefault("NO_MKDOCS_2_WARNING", "1")
        with self._lock:
            if self._stopped:
                raise CampaignBuildError(slug, "stopped")
            process = subprocess.Popen(
                command, cwd=self.project, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True, encoding="utf-8", errors="replace",
            )  # fmt: skip
            self._processes.add(process)
        output, _ = process.communicate()
        with self._lock:
            self._processes.discard(process)
        facts_file.unlink(missing_ok=True)
        if process.returncode != 0 or not folder.is_dir():
            raise CampaignBuildError(slug, output)
        self._prune(folder.parent, keep=folder.name)
        return CampaignBuild(slug, key, folder, seconds=time.perf_counter() - started, output=output)

    def _prune(self, slug_dir: Path, keep: str) -> None:
        """Keep the newest KEEP builds of a campaign (hidden staging folders of builds under way are left)."""
        builds = sorted(
            (p for p in slug_dir.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name != keep),
            key=lambda p: p.stat().st_mtime, reverse=True,
        )  # fmt: skip
        for old in builds[KEEP - 1 :]:
            shutil.rmtree(old, ignore_errors=True)

    def results(self) -> list[CampaignBuild]:
        """Every campaign's build, in the order started; the first that failed is raised (the others are
        stopped first, so nothing keeps writing once the build is given up)."""
        done: list[CampaignBuild] = []
        failure: CampaignBuildError | None = None
        for slug, job in self._jobs.items():
            try:
                done.append(job.result())
            except CampaignBuildError as error:
                failure = failure or error
                self.stop()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        if failure is not None:
            raise failure
        return done

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            for process in self._processes:
                process.kill()
        for job in self._jobs.values():
            job.cancel()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def link_tree(source: Path, target: Path) -> int:
    """Every file of `source` under `target`, as hard links (copies across file systems); the count."""
    count = 0
    for folder, dirs, files in os.walk(source):
        rel = Path(folder).relative_to(source)
        (target / rel).mkdir(parents=True, exist_ok=True)
        for name in files:
            src, dst = Path(folder) / name, target / rel / name
            try:
                os.link(src, dst)
            except OSError:
                shutil.copy2(src, dst)
            count += 1
    return count
