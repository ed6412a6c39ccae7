"""A Department of C campaigns x M honourees against one campaign of C*M honourees, built the same way.

Generates both (benchmarks/generate.py: C campaigns with different seeds moved into data/campaigns/<id>/,
the Department's site.yaml and shared units at the top) and builds each, alternating, in the main table's
four kinds: cold (no cache at all), "ours" (an empty build store: every campaign's store, templates and
built site removed, the photo cache warm), nothing changed, and after one honouree's citation was edited
(in the Department: in its first campaign). The one campaign's stock-MkDocs baseline and floor of the same
pages are the references (benchmarks/baseline.py, benchmarks/floor.py). Reports wall and CPU seconds, the
peak RSS of the largest process (the campaigns' builds are processes of their own, two at a time), the
ratios against the targets, and what a phone downloads for the first screen of the directory of everyone
(gzipped); --json keeps every figure.

Usage:
    python benchmarks/department.py --campaigns 20 --each 250 --photo-size 90x120
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from baseline import write_baseline  # noqa: E402
from generate import generate  # noqa: E402
from generate import DEFAULT_PHOTO_SIZE, _size  # noqa: E402
from run import Run, Size, _clear, machine, timed  # noqa: E402


def department(workdir: Path, campaigns: int, each: int, photo_size: tuple[int, int] = DEFAULT_PHOTO_SIZE) -> Path:
    """A Department of `campaigns` generated campaigns of `each` honourees (different seeds: different people)."""
    project = workdir / "department" / "project"
    _clear(project.parent)
    first = None
    for i in range(campaigns):
        scratch = workdir / "department" / f"scratch-{i}"
        generate(each, scratch, pool_dir=workdir / "photo-pool", seed=70 + i, snapshot=(i == 0), photo_size=photo_size)
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
    """The Department's build; "dept" first removes what an empty build store means for a Department: the
    campaigns' built sites (.cache/sites/), their stores and templates (.cache/campaigns/), and the home's."""
    _clear(site)
    if kind == "dept":
        for name in ("sites", "campaigns", "build", "templates"):
            _clear(project / ".cache" / name)
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


KINDS = {"cold": "cold (no cache at all)", "ours": "empty build store (warm photo cache)", "nochange": "nothing changed", "edit": "one citation edited"}


def targets(one: dict[str, Run], dept: dict[str, Run], base: Run, floor: Run) -> list[tuple[str, str, bool]]:
    """The issue's targets at equal honourees: (target, measured, met)."""
    rss = max((r.rss_mib or 0) for r in dept.values())
    rows = [
        ("Department, empty build store ≤ 1.0 × baseline (wall)", dept["ours"].wall / base.wall, 1.0),
        ("Department, empty build store ≤ 2.5 × floor (wall)", dept["ours"].wall / floor.wall, 2.5),
        ("one campaign, empty build store ≤ 1.0 × baseline (wall)", one["ours"].wall / base.wall, 1.0),
        ("one campaign, empty build store ≤ 2.5 × floor (wall)", one["ours"].wall / floor.wall, 2.5),
    ]
    out = [(name, f"{value:.2f} ×", value <= limit) for name, value, limit in rows]
    for what in ("ours", "nochange", "edit"):
        wall, cpu = dept[what].wall / one[what].wall, dept[what].cpu / one[what].cpu
        out.append((f"Department / one campaign ≤ 1.2, {KINDS[what]} (wall; CPU)", f"{wall:.2f}; {cpu:.2f}", wall <= 1.2))
    out.append(("peak RSS < 1 GiB (largest process, every Department build)", f"{rss:.0f} MiB", rss < 1024))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--campaigns", type=int, default=20)
    parser.add_argument("--each", type=int, default=250)
    parser.add_argument("--photo-size", type=_size, default=DEFAULT_PHOTO_SIZE, help="generated photos' WIDTHxHEIGHT (only the cold builds depend on it)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "thidua-bench-department")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args(argv)
    n = args.campaigns * args.each
    workdir = args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    log = lambda text: print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)  # noqa: E731
    load_start = os.getloadavg()
    started = time.perf_counter()

    one = Size(workdir, n)
    _clear(one.root)
    generate(n, one.project, pool_dir=workdir / "photo-pool", snapshot=True, photo_size=args.photo_size)
    log(f"Department of {args.campaigns} x {args.each}: generating...")
    project = department(workdir, args.campaigns, args.each, args.photo_size)
    site = project.parent / "site"
    one_runs: dict[str, Run] = {}
    dept_runs: dict[str, Run] = {}

    def both(what: str, edit_first: bool = False) -> None:
        if edit_first:
            edit(one.project, "data/honourees/*.yaml")
        log(f"one campaign of {n}: {KINDS[what]}...")
        one_runs[what] = one.ours({"cold": "ours-cold", "ours": "ours"}.get(what, "ours-nochange"))
        log(f"  {one_runs[what].wall:.1f} s; Department: {KINDS[what]}...")
        if edit_first:
            edit(project, "data/campaigns/dot-01/honourees/*.yaml")
        dept_runs[what] = build({"cold": "dept-cold", "ours": "dept"}.get(what, "dept-nochange"), n, project, site)
        log(f"  {dept_runs[what].wall:.1f} s")

    both("cold")
    one.pages = write_baseline(one.project, one.baseline, photos_from=one.site)
    both("ours")
    both("nochange")
    both("edit", edit_first=True)
    log("one campaign: baseline...")
    base = one.base()
    log(f"  {base.wall:.1f} s; floor...")
    floor = one.floor()
    directory = first_screen(site)
    rows = []
    for what, label in KINDS.items():
        a, b = one_runs[what], dept_runs[what]
        rows.append(
            f"| {label} | {a.wall:.1f} s ({a.cpu:.1f} s CPU, {a.rss_mib or 0:.0f} MiB) | {b.wall:.1f} s ({b.cpu:.1f} s CPU, "
            f"{b.rss_mib or 0:.0f} MiB) | {b.wall / a.wall:.2f} (CPU {b.cpu / a.cpu:.2f}) | {b.wall / base.wall:.2f} | {b.wall / floor.wall:.2f} |"
        )
    load_end = os.getloadavg()
    print(f"Machine: {json.dumps(machine())}")
    print(f"Load average at start / end: {' '.join(f'{x:.1f}' for x in load_start)} / {' '.join(f'{x:.1f}' for x in load_end)}; "
          f"whole run {(time.perf_counter() - started) / 60:.1f} min; photos {'×'.join(map(str, args.photo_size))}")  # fmt: skip
    print(f"\n{n:,} honourees: one campaign vs {args.campaigns} campaigns × {args.each}; references (the one campaign's "
          f"{one.pages:,} pages): stock-MkDocs baseline {base.wall:.1f} s ({base.cpu:.1f} s CPU, {base.rss_mib or 0:.0f} MiB), "
          f"floor {floor.wall:.1f} s ({floor.cpu:.1f} s CPU)\n")  # fmt: skip
    print(f"| build | 1 × {n:,} | {args.campaigns} × {args.each} | {args.campaigns} / 1 (wall, CPU) | Department / baseline (wall) | Department / floor (wall) |")
    print("| --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    print("\n| target | measured | met |\n| --- | --- | --- |")
    for name, value, met in targets(one_runs, dept_runs, base, floor):
        print(f"| {name} | {value} | {'yes' if met else 'NO'} |")
    print(f"\nDirectory of everyone, first screen (page + script + index, gzipped): {directory / 1000:.0f} KB")
    if args.json:
        record = {"machine": machine(), "load_start": load_start, "load_end": load_end, "photo_size": list(args.photo_size),
                  "campaigns": args.campaigns, "each": args.each, "pages": one.pages, "first_screen": directory,
                  "one": {k: asdict(v) for k, v in one_runs.items()}, "department": {k: asdict(v) for k, v in dept_runs.items()},
                  "baseline": asdict(base), "floor": asdict(floor)}  # fmt: skip
        args.json.write_text(json.dumps(record, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
