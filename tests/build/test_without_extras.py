"""The README's first command installs the site's own dependencies only: the site builds, serves and is
checked without the archive and test extras (a hook that imported one of them at load time stopped
`mkdocs serve` on a fresh machine)."""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import DURING, REPO, copy_project

# What the child process runs first: any import of a module that only the extras install fails, as it
# does where they are not installed.
BLOCK = """
import importlib.abc, sys
class _NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, _NotInstalled())
"""


def _dist(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def extras_only_modules() -> set[str]:
    """The top-level modules of the distributions that only the optional extras bring."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {_dist(r) for r in project["dependencies"]}
    extras = {_dist(r) for group in project["optional-dependencies"].values() for r in group} - core
    by_dist: dict[str, set[str]] = {}
    for module, dists in importlib.metadata.packages_distributions().items():
        for dist in dists:
            by_dist.setdefault(dist.lower().replace("_", "-"), set()).add(module)
    modules = {m for dist in extras for m in by_dist.get(dist, ())}
    assert {"pikepdf", "playwright", "pypdf"} <= modules, modules  # the extras are known to this test
    return {m for m in modules if not m.startswith("_")}


def run_without_extras(code: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": DURING, "PYTHONPATH": str(REPO / "hooks")}
    script = BLOCK.format(blocked=sorted(extras_only_modules())) + code
    return subprocess.run([sys.executable, "-c", script], cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8")


def test_the_site_builds_strictly_without_the_extras(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    code = (
        "import sys\nfrom mkdocs.__main__ import cli\n"
        f"sys.argv = ['mkdocs', 'build', '--strict', '-f', {str(project / 'mkdocs.yml')!r}, '-d', {str(tmp_path / 'site')!r}]\n"
        "cli()\n"
    )
    proc = run_without_extras(code, project)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    assert (tmp_path / "site" / "index.html").is_file() and (tmp_path / "site" / "en" / "ke-hoach" / "index.html").is_file()


def test_the_office_commands_run_without_the_extras(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    proc = run_without_extras(f"from thidua.office.cli import main\nraise SystemExit(main(['check', '--project', {str(project)!r}]))\n", project)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    assert "Dữ liệu hợp lệ" in proc.stdout


def test_the_blocker_does_block_an_extra(tmp_path: Path) -> None:
    # The child process above really lacks the extras: importing one fails there.
    proc = run_without_extras("import pikepdf\n", tmp_path)
    assert proc.returncode != 0 and "No module named 'pikepdf'" in proc.stderr
