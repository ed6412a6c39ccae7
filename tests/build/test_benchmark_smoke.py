"""The benchmark cannot rot: its generator, baseline, floor and our build run at a small N (no timing asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml
from PIL import Image

from conftest import REPO, page_text, run_build

BENCHMARKS = REPO / "benchmarks"
N = 6


@pytest.fixture(scope="module")
def bench():
    """benchmarks/ importable as the benchmark runs it (a folder of scripts, not a package)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import baseline
        import floor
        import generate
        import run

        yield generate, baseline, floor, run
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.fixture(scope="module")
def generated(bench, tmp_path_factory):
    generate = bench[0]
    root = tmp_path_factory.mktemp("bench")
    # Small photos keep the test quick; the benchmark draws them at phone size.
    return generate.generate(N, root / "project", pool_dir=root / "pool", photo_size=(300, 400))


def test_generator_writes_a_campaign_within_its_scaled_quotas(generated) -> None:
    data = generated.project / "data"
    honourees = sorted((data / "honourees").glob("*.yaml"))
    assert len(honourees) == N and generated.collectives >= 1
    h = yaml.safe_load(honourees[0].read_text(encoding="utf-8"))
    assert 200 <= len(h["story"]["vi"].split()) <= 420 and h["story"]["en"]
    campaign = yaml.safe_load((data / "campaign.yaml").read_text(encoding="utf-8"))
    quotas = {f["id"]: f["quota"] for f in campaign["awards"]["forms"]["items"]}
    results = yaml.safe_load((data / "results.yaml").read_text(encoding="utf-8"))
    kinds = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["kind"] for p in honourees}
    for decision in results["decisions"]:
        for kind in ("collective", "individual"):
            assert sum(kinds[hid] == kind for hid in decision["awarded"]) <= quotas[decision["award_form"]][kind]


def test_generated_photos_are_phone_photos_with_gps(generated) -> None:
    photos = sorted((generated.project / "data" / "photos").glob("*.jpg"))
    assert len(photos) == N
    assert len({p.read_bytes() for p in photos}) == N  # distinct bytes: the cache processes each
    with Image.open(photos[0]) as img:
        exif = img.getexif()
        assert exif.get_ifd(0x8825)  # GPS
        assert exif.get(0x0112) in (1, 6)  # orientation


def test_our_build_of_the_generated_campaign_shows_every_honouree(generated) -> None:
    result = run_build(generated.project)
    assert result.returncode == 0, result.output
    assert "timing load" not in result.output  # stage timings are debug lines, quiet by default
    directory = result.html("ton-vinh/")
    assert len(directory.css(".td-hcard")) == N
    first = next((generated.project / "data" / "honourees").glob("*.yaml")).stem
    assert page_text(result.html(f"en/ton-vinh/{first}/"))


def test_timed_build_reports_every_stage(generated, tmp_path) -> None:
    cmd = [sys.executable, str(BENCHMARKS / "timed_build.py"), "build", "-f", str(generated.project / "mkdocs.yml"), "-d", str(tmp_path / "site")]
    proc = subprocess.run(cmd, cwd=generated.project, capture_output=True, text=True, encoding="utf-8", env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, proc.stderr
    stages = {line.split("timing ", 1)[1].split()[0] for line in proc.stderr.splitlines() if " timing " in line}
    assert {"load", "photos", "generate", "exports", "search"} <= stages


def test_baseline_and_floor_build_the_same_number_of_pages(bench, generated, tmp_path) -> None:
    _, baseline, floor, _ = bench
    base = tmp_path / "baseline"
    pages = baseline.write_baseline(generated.project, base)
    assert pages == 2 * (N + len(baseline.SECTIONS))
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(base / "mkdocs.yml"), "-d", str(tmp_path / "base-site")],
        capture_output=True, text=True, encoding="utf-8",
    )
    assert proc.returncode == 0, proc.stderr
    assert len(list((tmp_path / "base-site").rglob("index.html"))) == pages
    assert floor.build(generated.project, tmp_path / "floor") == pages
    assert len(list((tmp_path / "floor").rglob("index.html"))) == pages


def test_report_renders_targets_from_results(bench) -> None:
    run = bench[3]

    def fake(kind, wall):
        return {"kind": kind, "n": 0, "wall": wall, "cpu": wall, "rss_mib": 100.0, "stages": {"load": 0.1, "photos": 0.01, "search": 1.0}}
    sizes = {
        n: {"pages": 2 * (n + 8), "cold": fake("ours-cold", n / 10), "runs": [fake("ours", n / 50), fake("ours-nochange", n / 700), fake("ours-edit", n / 400), fake("baseline", n / 60), fake("floor", n / 200)], "photo_copy": {"seconds": 0.01, "files": 4 * n}}
        for n in (1000, 5000)
    }
    sizes[5000]["serve"] = {"rebuild": 4.5, "search_refreshed": 9.0, "rendered": {"vi": "honouree pages: 3 rendered"}, "search": "Search index refreshed"}
    results = {"date": "2026-01-01", "machine": run.machine(), "load_start": "0", "load_end": "0", "elapsed": 60.0, "summary": run.summarise(sizes)}
    text = run.report(json.loads(json.dumps(results)))
    assert "| linear: 5,000 build ≤ 5.5 × 1,000 build | 5.00 × | yes |" in text
    assert "ours, empty build store ≤ 1.0 × baseline at 5,000 | 1.20 × | NO" in text
    assert "| a no-change rebuild ≤ 0.3 × floor at 5,000 | 0.29 × | yes |" in text
    assert "| a rebuild after one edit ≤ 0.4 × floor at 5,000 | 0.50 × | NO | +25% vs target |" in text
    assert "| `mkdocs serve` shows an edit in ≤ 3 s at 5,000 | 4.5 s | NO | +50% vs target |" in text
    assert "vi: honouree pages: 3 rendered" in text
    # The edit after an edit, where measured, is the rebuild the target is about (the first one relinks the site).
    for n in sizes:
        sizes[n]["runs"].append(fake("ours-edit-next", n / 1000))
    results["summary"] = run.summarise(sizes)
    text = run.report(json.loads(json.dumps(results)))
    assert "| a rebuild after one edit ≤ 0.4 × floor at 5,000 | 0.20 × | yes |" in text
    assert "ours, the next honouree edit (an edit after an edit)" in text


def test_first_visit_counts_the_shipped_font_only_where_no_system_font_serves(built) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import first_visit
    finally:
        sys.path.remove(str(BENCHMARKS))
    # In a thread of its own: Playwright's sync API refuses to run where another test's browser session
    # keeps an asyncio loop running (tests/browser/).
    with ThreadPoolExecutor(1) as pool:
        results = pool.submit(first_visit.measure, built.site, 1).result()
    (system,), (shipped,) = (pages.values() for pages in results.values())
    assert not [f for f in system if "/fonts/" in f]
    assert sorted(f for f in shipped if "/fonts/" in f) == [f"assets/fonts/NotoSans-{s}.woff2" for s in ("Bold", "Italic", "Regular")]
    assert set(shipped) - set(system) == {f for f in shipped if "/fonts/" in f}
    # The icon, fetched whenever the browser likes, is counted on both machines (it made this test flaky).
    assert "assets/images/favicon.png" in system and "assets/images/favicon.png" in shipped
    text, _ = first_visit.report(results)
    assert "largest honouree page ton-vinh/" in text and "target 160 KB" in text
