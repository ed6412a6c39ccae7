"""A Department's site of several campaigns (data/campaigns/<slug>/): the URL map, the archive home, the
links between campaigns, units as they were named, the joined open data read back, the campaigns' builds
reused, a site of one campaign grown with `thidua init --campaign` where every old address still answers,
and `thidua check` naming the campaign of each problem. Real builds of the fixture Department."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
import yaml
from selectolax.parser import HTMLParser

from conftest import (
    BILINGUAL,
    REPO,
    DEPARTMENT_CAMPAIGNS,
    TWICE,
    VIETNAMESE_ONLY,
    copy_department,
    copy_project,
    fill_blanks,
    run_build,
)
from thidua.publish.department import CAMPAIGN_COLUMN, DepartmentHonoureesFile

PRIMARY, OTHER = "thi-dua-70-nam", "thi-dua-ai-quoc-2018"
ORIGIN = "http://127.0.0.1:8000/"


@pytest.fixture(scope="module")
def department(tmp_path_factory):
    project = copy_department(tmp_path_factory.mktemp("department") / "project")
    result = run_build(project)
    assert result.returncode == 0, result.output
    return project, result


def thidua(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The office's command, in a process of its own, as the office runs it."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks")}
    return subprocess.run([sys.executable, "-m", "thidua", *args], capture_output=True, text=True, encoding="utf-8", env=env, cwd=cwd)


def init_campaign(project: Path, slug: str, title: str, start: str, end: str) -> None:
    """`thidua init --campaign` as the office runs it, then the new plan's text copied in (every blank filled)."""
    init = thidua(
        "init", "--campaign", slug, "--project", str(project), "--issuer", "Sở Công Thương", "--title", title,
        "--start", start, "--end", end, "--award-form", "Giấy khen của Giám đốc Sở; Giám đốc Sở; 2; 5", cwd=project,
    )  # fmt: skip
    assert init.returncode == 0, init.stdout + init.stderr
    plan = project / "data" / "campaigns" / slug / "campaign.yaml"
    filled = fill_blanks(yaml.safe_load(plan.read_text(encoding="utf-8")), day=dt.date(2020, 12, 1))
    plan.write_text(yaml.safe_dump(filled, allow_unicode=True), encoding="utf-8")


def ids(folder: Path) -> list[str]:
    return sorted(p.stem for p in (folder / "honourees").glob("*.yaml"))


def files_of(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*") if p.is_file()}


def department_url_map() -> list[str]:
    """The paths of ARCHITECTURE.md's table of a Department's site, e.g. ["/", "/ton-vinh/", ..., "/<slug>/…"]."""
    section = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8").split("## A Department's site", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `(/[^`]*)` \|", section, flags=re.M)


def test_the_url_map_of_a_department(department) -> None:
    _, result = department
    site = result.site
    design = department_url_map()
    assert design == ["/", "/ton-vinh/", "/du-lieu/", "/gioi-thieu/", "/<slug>/…"]
    for path in (p.strip("/") + "/" if p != "/" else "" for p in design if "<slug>" not in p):
        for root in ("", "en/"):
            assert (site / root / path / "index.html").is_file(), root + path
    # Each campaign at /<slug>/ with the paths of a site of one campaign beneath it.
    for section in ("", "ke-hoach/", "thoi-gian/", "tieu-chuan/", "ton-vinh/", "ket-qua/", "du-lieu/", "gioi-thieu/"):
        assert (site / PRIMARY / section / "index.html").is_file(), section
        assert (site / PRIMARY / "en" / section / "index.html").is_file(), section
        assert (site / OTHER / section / "index.html").is_file(), section
    for hid in ids(BILINGUAL):
        assert (site / PRIMARY / "ton-vinh" / hid / "index.html").is_file()
    for hid in ids(VIETNAMESE_ONLY):
        assert (site / OTHER / "ton-vinh" / hid / "index.html").is_file()
    # A campaign in Vietnamese only has no English pages, in a Department that publishes English.
    assert not (site / OTHER / "en").exists()
    canonical = result.html(f"{PRIMARY}/ke-hoach/").css_first("link[rel=canonical]").attributes["href"]
    assert canonical == f"{ORIGIN}{PRIMARY}/ke-hoach/"


def test_the_archive_home_lists_campaigns_newest_first_with_their_status(department) -> None:
    _, result = department
    home = result.html("")
    cards = home.css(".td-campaign")
    assert [c.attributes["data-campaign"] for c in cards] == [PRIMARY, OTHER]
    # Built on 1 March 2021: the 70th-anniversary campaign is under way, the 2018 one over.
    assert [c.attributes["data-phase"] for c in cards] == ["running", "ended"]
    assert f"{len(ids(BILINGUAL))} gương tôn vinh" in cards[0].text()
    upcoming = home.css(".td-upcoming li")
    assert upcoming and all(li.attributes["data-campaign"] == PRIMARY for li in upcoming)
    assert "Các đợt thi đua" in home.css_first("article").text()
    english = result.html("en/").css(".td-campaign a")
    # The English home links a Vietnamese-only campaign's Vietnamese pages.
    assert [a.attributes["href"] for a in english] == [f"../{PRIMARY}/en/", f"../{OTHER}/"]


def test_the_same_collective_links_its_pages_in_both_campaigns(department) -> None:
    _, result = department
    for here, there in ((PRIMARY, OTHER), (OTHER, PRIMARY)):
        page = f"{here}/ton-vinh/{TWICE[here]}/"
        links = result.html(page).css(".td-elsewhere a")
        assert len(links) == 1
        target = (result.site / page / links[0].attributes["href"]).resolve()
        assert target == (result.site / there / "ton-vinh" / TWICE[there]).resolve()
        assert (target / "index.html").is_file()
    # Someone honoured once has no such list.
    alone = next(hid for hid in ids(BILINGUAL) if hid != TWICE[PRIMARY])
    assert result.html(f"{PRIMARY}/ton-vinh/{alone}/").css(".td-elsewhere") == []
    # Every campaign page leads back to the archive home.
    home_link = result.html(f"{PRIMARY}/ke-hoach/").css_first(".td-home-link").attributes["href"]
    assert (result.site / PRIMARY / "ke-hoach" / home_link).resolve() == result.site.resolve()


def test_a_renamed_unit_shows_the_name_it_had_in_each_campaign(department) -> None:
    _, result = department

    def unit_name(slug: str) -> str:
        data = json.loads((result.site / slug / "du-lieu" / "campaign.json").read_text(encoding="utf-8"))
        return next(u["name"]["vi"] for u in data["units"]["units"] if u["id"] == "phong-quan-ly-thuong-mai")

    assert unit_name(OTHER) == "Phòng Thương mại"  # 2018: renamed at the end of 2019
    assert unit_name(PRIMARY) == "Phòng Quản lý Thương mại"


def test_the_joined_open_data_reads_back_as_every_campaigns_own(department) -> None:
    _, result = department
    site = result.site
    joined = DepartmentHonoureesFile.model_validate_json((site / "du-lieu" / "honourees.json").read_bytes())
    assert joined.schema_version == "2.0"
    own = {slug: json.loads((site / slug / "du-lieu" / "honourees.json").read_text(encoding="utf-8")) for slug in DEPARTMENT_CAMPAIGNS}
    assert sorted((h.campaign, h.id) for h in joined.honourees) == sorted(
        (slug, h["id"]) for slug, data in own.items() for h in data["honourees"]
    )
    rows = list(csv.reader(io.StringIO((site / "du-lieu" / "honourees.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == CAMPAIGN_COLUMN
    assert sorted((r[0], r[1]) for r in rows[1:]) == sorted((h.campaign, h.id) for h in joined.honourees)
    calendar = icalendar.Calendar.from_ical((site / "du-lieu" / "timeline.ics").read_bytes())
    each = sum(len(icalendar.Calendar.from_ical((site / s / "du-lieu" / "timeline.ics").read_bytes()).walk("VEVENT")) for s in DEPARTMENT_CAMPAIGNS)
    assert len(calendar.walk("VEVENT")) == each
    feed = HTMLParser((site / "ton-vinh" / "feed.xml").read_text(encoding="utf-8"))
    assert len(feed.css("entry")) == len(joined.honourees)
    index = json.loads((site / "ton-vinh" / "danh-sach.json").read_text(encoding="utf-8"))
    assert {c["slug"]: len(c["honourees"]) for c in index["campaigns"]} == {s: len(ids(f)) for s, f in DEPARTMENT_CAMPAIGNS.items()}
    # The home's search merges every campaign's index of its language, each with its campaign's id.
    manifest = json.loads((site / "thidua-campaigns.json").read_text(encoding="utf-8"))
    assert {s["campaign"] for s in manifest["shards"]["vi"]} == set(DEPARTMENT_CAMPAIGNS)
    assert {s["campaign"] for s in manifest["shards"]["en"]} == {PRIMARY}
    for shard in manifest["shards"]["vi"]:
        assert (site / "pagefind" / shard["url"] / "pagefind-entry.json").is_file()


def test_an_unchanged_department_reuses_its_campaigns_builds(department) -> None:
    project, result = department
    before = files_of(result.site)
    again = run_build(project)
    assert again.returncode == 0, again.output
    assert "campaigns: 0 built, 2 unchanged (reused)" in again.output
    assert files_of(again.site) == before


def test_a_site_of_one_campaign_grown_into_a_department_keeps_every_old_address(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    first = run_build(project, site=tmp_path / "first")
    assert first.returncode == 0, first.output
    init_campaign(project, "thi-dua-nam-2027", "Thi đua năm 2027", "2027-01-01", "2027-12-31")
    data = project / "data"
    assert (data / "campaigns" / "thi-dua-song-ngu-mau" / "campaign.yaml").is_file()
    assert yaml.safe_load((data / "site.yaml").read_text(encoding="utf-8"))["primary"] == "thi-dua-song-ngu-mau"
    grown = run_build(project, site=tmp_path / "grown")
    assert grown.returncode == 0, grown.output
    home = grown.html("")
    assert [c.attributes["data-campaign"] for c in home.css(".td-campaign")] == ["thi-dua-nam-2027", "thi-dua-song-ngu-mau"]
    moved = 0
    for path in files_of(first.site):
        if path.startswith(("pagefind/", "sitemap.xml")):
            continue  # the search bundle's files are named by content; the sitemap is the new site's
        answer = grown.site / path
        assert answer.is_file(), f"/{path} no longer answers"
        if not path.endswith(".html"):
            continue
        page = HTMLParser(answer.read_text(encoding="utf-8"))
        refresh = page.css_first("meta[http-equiv=refresh]")
        if refresh is None:
            continue  # the archive home's own page at that address (/, /en/, /ton-vinh/ ...)
        target = refresh.attributes["content"].split("url=", 1)[1]
        new_path = (answer.parent / target).resolve().relative_to(grown.site.resolve()).as_posix()
        assert new_path.removesuffix("/index.html").rstrip("/") == f"thi-dua-song-ngu-mau/{path}".removesuffix("/index.html").removesuffix("index.html").rstrip("/")
        assert (grown.site / new_path / "index.html").is_file() or (grown.site / new_path).is_file()
        canonical = page.css_first("link[rel=canonical]").attributes["href"]
        assert canonical.startswith(f"{ORIGIN}thi-dua-song-ngu-mau/")
        moved += 1
    assert moved > len(ids(BILINGUAL))  # every honouree page and the section pages, in both languages


def test_a_broken_campaign_stops_the_department_build_and_names_the_campaign(department, tmp_path: Path) -> None:
    project = copy_department(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    (site / "kept.html").write_text("previous", encoding="utf-8")
    honouree = project / "data" / "campaigns" / OTHER / "honourees" / f"{TWICE[OTHER]}.yaml"
    honouree.write_text(honouree.read_text(encoding="utf-8").replace("published:", "published_on:"), encoding="utf-8")
    broken = run_build(project, site=site)
    assert broken.returncode != 0
    assert f"data/campaigns/{OTHER}/honourees/{TWICE[OTHER]}.yaml" in broken.output
    assert "Traceback" not in broken.output
    assert [p.name for p in site.iterdir()] == ["kept.html"]
    check = thidua("check", "--project", str(project))
    assert check.returncode == 1
    assert f"data/campaigns/{OTHER}/honourees/{TWICE[OTHER]}.yaml:" in check.stdout
    alone = thidua("check", "--campaign", PRIMARY, "--project", str(project))
    assert alone.returncode == 0, alone.stdout + alone.stderr
    assert f"Đợt {PRIMARY}: dữ liệu hợp lệ" in alone.stdout
    # From inside a campaign's folder, that campaign is the one checked.
    inside = thidua("check", "--project", str(project), cwd=project / "data" / "campaigns" / OTHER)
    assert inside.returncode == 1 and PRIMARY not in inside.stdout


def test_a_third_campaign_added_with_init_joins_the_home_and_its_dates_come_up(tmp_path: Path) -> None:
    project = copy_department(tmp_path / "project")
    init_campaign(project, "thi-dua-nam-2021", "Thi đua năm 2021", "2021-03-10", "2021-12-31")
    # A Department already: nothing moved, the Department's files as they were.
    assert sorted(p.name for p in (project / "data" / "campaigns").iterdir()) == ["thi-dua-70-nam", "thi-dua-ai-quoc-2018", "thi-dua-nam-2021"]
    assert not (project / "data" / "campaigns" / "thi-dua-nam-2021" / "units.yaml").exists()
    result = run_build(project)
    assert result.returncode == 0, result.output
    home = result.html("")
    cards = home.css(".td-campaign")
    assert [c.attributes["data-campaign"] for c in cards] == ["thi-dua-nam-2021", PRIMARY, OTHER]
    assert [c.attributes["data-phase"] for c in cards] == ["upcoming", "running", "ended"]
    # The dates coming up, across campaigns, the soonest first.
    upcoming = [(li.css_first("time").attributes["datetime"], li.attributes["data-campaign"]) for li in home.css(".td-upcoming li")]
    assert upcoming == sorted(upcoming)
    assert {campaign for _, campaign in upcoming} == {PRIMARY, "thi-dua-nam-2021"}
    assert (result.site / "thi-dua-nam-2021" / "ke-hoach" / "index.html").is_file()
    assert (result.site / "thi-dua-nam-2021" / "en" / "ke-hoach" / "index.html").is_file()  # the Department's languages


def test_a_campaign_whose_own_build_fails_stops_the_department_build(tmp_path: Path) -> None:
    # A photo cut short passes the data's checks (they read no pixels): the campaign's own build, which
    # resizes the photos, is what fails; the Department's build stops with its message, publishing nothing.
    project = copy_department(tmp_path / "project")
    photo = project / "data" / "campaigns" / OTHER / "photos" / f"{TWICE[OTHER]}.jpg"
    photo.write_bytes(photo.read_bytes()[:700])
    site = tmp_path / "site"
    broken = run_build(project, site=site)
    assert broken.returncode != 0
    assert f"Campaign '{OTHER}' (data/campaigns/{OTHER}/) could not be built" in broken.output
    assert f"data/campaigns/{OTHER}/photos/{TWICE[OTHER]}.jpg: not a readable image" in broken.output
    assert "Traceback" not in broken.output
    assert not site.exists()
