"""The package's layout keeps the rules ARCHITECTURE.md states: wings import downward only, the core never imports
MkDocs, one top-level package is installed, and nothing in the repository reads a file outside it."""

from __future__ import annotations

import ast
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
from setuptools import find_packages

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "hooks" / "thidua"

# ARCHITECTURE.md's code map: what each wing may import of ours.
ALLOWED = {
    "model": set(),
    "load": {"model"},
    "publish": {"model", "load"},
    "search": {"model"},
    "archive": {"model", "publish"},
    "office": {"model", "load", "publish"},
}


# Modules at the package's top level that every wing may use: they import none of the wings (only each
# other, and the package's version).
GROUND = {"fs", "store", "keys", "progress", "forked", "heap"}


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports, as written (absolute names)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def core_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_wing_of_the_package_is_in_the_architecture_map() -> None:
    wings = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert wings == set(ALLOWED)
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for wing in wings | GROUND:
        assert f"`thidua.{wing}`" in text, f"ARCHITECTURE.md does not describe thidua.{wing}"
    assert {p.stem for p in PACKAGE.glob("*.py")} == {"__init__", "__main__"} | GROUND


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_the_core_imports_downward_only_and_never_mkdocs(path: Path) -> None:
    rel = path.relative_to(PACKAGE)
    wing = rel.parts[0] if len(rel.parts) > 1 else None
    for name in imports_of(path):
        assert not (name == "mkdocs" or name.startswith("mkdocs.")), f"{rel} imports {name}"
        if name.startswith("thidua.") and wing is not None:
            other = name.split(".")[1]
            assert other == wing or other in ALLOWED[wing] or other in GROUND, f"{rel} (wing {wing}) imports {name}"
        if name.startswith("thidua.") and rel.stem in GROUND and wing is None:
            if name.split(".")[1] not in GROUND | {"__version__"}:
                raise AssertionError(f"{rel} is shared by every wing and may import no wing, but imports {name}")


def test_exports_and_page_views_are_siblings_over_shared_facts() -> None:
    publish = PACKAGE / "publish"
    for name in ("exports", "facts"):
        assert not any(i.startswith("thidua.publish.views") for i in imports_of(publish / f"{name}.py")), name


def test_pip_installs_one_top_level_package() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "py-modules" not in config
    found = config["packages"]["find"]
    packages = find_packages(where=str(REPO / found["where"][0]), include=found["include"])
    assert packages and {name.split(".")[0] for name in packages} == {"thidua"}


def test_nothing_in_the_repository_points_outside_it() -> None:
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    outside = re.compile(r"\.\./shared|parents?\s*(\[\d\]\s*)?/\s*[\"']shared[\"']|REPO\.parent\b")
    hits = []
    for name in files:
        path = REPO / name
        if path.suffix not in {".py", ".md", ".toml", ".yml", ".yaml", ".html", ".txt", ".js", ".css", ""}:
            continue
        if not path.is_file() or path == Path(__file__):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            if outside.search(line):
                hits.append(f"{name}:{number}: {line.strip()}")
    assert hits == []
