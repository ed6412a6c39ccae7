"""A Department of C campaigns x M honourees against one campaign of C*M honourees, built the same way.

Generates both (benchmarks/generate.py: C campaigns with different seeds moved into data/campaigns/<id>/,
the Department's site.yaml and shared units at the top), builds each cold (no cache at all), again with
nothing changed, and again after one honouree's citation was edited; the one campaign's stock-MkDocs
baseline of the same pages is the reference (benchmarks/baseline.py). Reports wall and CPU seconds, the
peak RSS of the largest process (the campaigns' builds are processes of their own, two at a time), the
ratios, and what a phone downloads for the first screen of the directory of everyone (gzipped).

Usage:
    python benchmarks/department.py --campaigns 20 --each 250
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from baseline import write_baseline  # noqa: E402
from generate import generate  # noqa: E402
from run import Run, Size, _clear, machine, timed  # noqa: E402


def department(workdir: Path, campaigns: int, each: int) -> Path:
    """A Department of `campaigns` generated campaigns of `each` honourees (different seeds: different people)."""
    project = workdir / "department" / "project"
    _clear(project.parent)
    first = None
    for i in range(campaigns):
        scratch = workdir / "department" / f"scratch-{i}"
        generate(each, scratch, pool_dir=workdir / "photo-pool", seed=70 + i, snapshot=(i == 0))
        if first is None:
            shutil.copytree(scratch, project, symlinks=True, ignore=shutil.ignore_patterns("data"))
            (project / "data" / "campaigns").mkdir(parents=True)
            shutil.copy2(scratch / "data" / "units.yaml", project / "data" / "units.yaml")
            site = yaml.safe_load((scratch / "data" / "site.yaml").read_text(encoding="utf-8"))
            site.update(slug="so-cong-thuong-benchmark", name={"vi": "Thi đua, khen thưởng (benchmark)", "en": "Emulation (benchmark)"})
            (project / "data" / "site.yaml").write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")
            first = scratch
        folder = project / "data" / "campaigns" / f"dot-{i + 1:02d}"
        folder.mkdir()
        for name in ("campaign.yaml", "results.yaml", "honourees", "photos"):
            shutil.move(str(scratch / "data" / name), str(folder / name))
        (folder / "site.yaml").write_text(
            yaml.safe_dump({"name": {"vi": f"Đợt thi đua số {i + 1}", "en": f"Campaign {i + 1}"}}, allow_unicode=True), encoding="utf-8"
        )
        if i:
            shutil.rmtree(scratch)
    shutil.rmtree(first)
    return project


def build(kind: str, n: int, project: Path, site: Path) -> Run:
    _clear(site)
    cmd = [sys.executable, str(HERE / "timed_build.py"), "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    return timed(kind, n, cmd, project)


def edit(project: Path, pattern: str) -> None:
    source = sorted(project.glob(pattern))[0]
    lines = source.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("citation:"))
    lines[at + 1] = f"  vi: {json.dumps(f'Benchmark edit {time.time_ns()}')}"
    source.write_text("\n".join(lines), encoding="utf-8")


def first_screen(site: Path) -> int:
    """Gzipped bytes of the directory of everyone's page, its script and its index (what its first screen needs)."""
    files = [site / "ton-vinh" / "index.html", site / "assets" / "js" / "everyone.js", site / "ton-vinh" / "danh-sach.json"]
    return sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--campaigns", type=int, default=20)
    parser.add_argument("--each", type=int, default=250)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "thidua-bench-department")
    args = parser.parse_args(argv)
    n = args.campaigns * args.each
    workdir = args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731

    one = Size(workdir, n)
    _clear(one.root)
    generate(n, one.project, pool_dir=workdir / "photo-pool", snapshot=True)
    log(f"one campaign of {n}: generated; cold build...")
    results = {"one": {}, "department": {}}
    results["one"]["cold"] = one.ours("ours-cold")
    one.pages = write_baseline(one.project, one.baseline, photos_from=one.site)
    results["one"]["nochange"] = one.ours("ours-nochange")
    edit(one.project, "data/honourees/*.yaml")
    results["one"]["edit"] = one.ours("ours-nochange")
    log("one campaign: baseline...")
    results["one"]["baseline"] = one.base()
    log(f"Department of {args.campaigns} x {args.each}: generating...")
    project = department(workdir, args.campaigns, args.each)
    site = project.parent / "site"
    log("Department: cold build...")
    results["department"]["cold"] = build("dept-cold", n, project, site)
    results["department"]["nochange"] = build("dept-nochange", n, project, site)
    edit(project, "data/campaigns/dot-01/honourees/*.yaml")
    results["department"]["edit"] = build("dept-edit", n, project, site)
    directory = first_screen(site)
    base = results["one"]["baseline"].wall
    rows = []
    for what in ("cold", "nochange", "edit"):
        a, b = results["one"][what], results["department"][what]
        rows.append(
            f"| {what} | {a.wall:.1f} s ({a.cpu:.1f} s CPU, {a.rss_mib or 0:.0f} MiB) | {b.wall:.1f} s ({b.cpu:.1f} s CPU, "
            f"{b.rss_mib or 0:.0f} MiB) | {b.wall / a.wall:.2f} (CPU {b.cpu / a.cpu:.2f}) | {b.wall / base:.2f} |"
        )
    print(f"Machine: {json.dumps(machine())}")
    print(f"\n{n} honourees: one campaign vs {args.campaigns} campaigns x {args.each}; stock-MkDocs baseline of the one "
          f"campaign's pages: {base:.1f} s\n")  # fmt: skip
    print(f"| build | 1 x {n} | {args.campaigns} x {args.each} | {args.campaigns} / 1 (wall, CPU) | Department / baseline |")
    print("| --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    print(f"\nDirectory of everyone, first screen (page + script + index, gzipped): {directory / 1000:.0f} KB")


if __name__ == "__main__":
    main()
