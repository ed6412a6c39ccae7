"""The build's store never serves a stale page: each kind of input is changed once, and exactly the honouree pages
it shows on change; a build with a warm store gives the same bytes as one with an empty store.

The project is a copy of the repository's code and templates (not links: the test edits the interface text,
a template and the engine's code), built by real `mkdocs build` runs one after the other with the same
store (.cache/build/). After every change, the honouree pages that changed are compared with the pages
that show the changed input, worked out from the data, and the new text is looked for in them. At the
end, the same sources built with an empty store give the very same site, byte for byte.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import BILINGUAL, DURING, REPO, run_build
from thidua.load.files import load_site
from thidua.publish.pages import honouree_order

AFTER = "1640970000"  # 2022-01-01: the campaign has ended


def copy_sources(dest: Path) -> Path:
    dest.mkdir(parents=True)
    shutil.copytree(BILINGUAL, dest / "data")
    for name in ("docs", "hooks", "overrides"):
        shutil.copytree(REPO / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def honouree_pages(site: Path) -> dict[tuple[str, str], bytes]:
    """(language, id) -> the page's bytes."""
    pages = {}
    for lang, folder in (("vi", site / "ton-vinh"), ("en", site / "en" / "ton-vinh")):
        for page in folder.glob("*/index.html"):
            pages[(lang, page.parent.name)] = page.read_bytes()
    return pages


def rendered(output: str) -> dict[str, int]:
    """Honouree pages rendered per language, from the build's log."""
    return {m[1]: int(m[2].replace(",", "")) for m in re.finditer(r"pages \((\w+)\): .*?honouree pages: ([\d,]+) rendered", output)}


class Project:
    def __init__(self, root: Path) -> None:
        self.root = copy_sources(root / "project")
        self.out = root / "out"
        self.builds = 0
        self.pages: dict[tuple[str, str], bytes] = {}
        self.last: Path | None = None
        self.output = ""

    def build(self, epoch: str = DURING) -> Path:
        self.builds += 1
        result = run_build(self.root, site=self.out / f"site{self.builds}", epoch=epoch)
        assert result.returncode == 0, result.output
        self.last, self.output = result.site, result.output
        return result.site

    def changed_after(self, epoch: str = DURING) -> set[tuple[str, str]]:
        """Builds, and returns the honouree pages whose bytes differ from the previous build's."""
        before = self.pages
        self.pages = honouree_pages(self.build(epoch))
        assert set(self.pages) == set(before), "the honouree pages are the same list"
        return {page for page in self.pages if self.pages[page] != before[page]}

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (relative, old)
        path.write_text(text.replace(old, new), encoding="utf-8")

    def data(self) -> dict[str, dict]:
        return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (self.root / "data" / "honourees").glob("*.yaml")}

    def shows(self, page: tuple[str, str], text: str) -> bool:
        return text.encode("utf-8") in self.pages[page]


def both(*ids: str) -> set[tuple[str, str]]:
    return {(lang, hid) for hid in ids for lang in ("vi", "en")}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    p = Project(tmp_path_factory.mktemp("cache"))
    p.pages = honouree_pages(p.build())
    assert rendered(p.output) == {"vi": 11, "en": 11}, p.output
    return p


def page_files(site: Path) -> dict[str, int]:
    """Each honouree page's file (relative path -> inode)."""
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.glob("**/ton-vinh/*/index.html")}


def test_a_rebuild_without_change_renders_nothing_and_gives_the_same_bytes(project: Project) -> None:
    previous = project.last
    first = site_files(previous)
    assert project.changed_after() == set()
    assert rendered(project.output) == {"vi": 0, "en": 0}, project.output
    for lang in ("vi", "en"):  # no view made, no key walked: the language's pages taken whole
        assert f"honouree pages ({lang}): nothing they are made of changed, all 11 taken whole from the store" in project.output
    assert site_files(project.last) == first
    # Not even written again: each honouree page is the file the build before published (linked from the store).
    before, after = page_files(previous), page_files(project.last)
    assert len(after) == 22 and after == before


def test_builds_without_change_keep_what_the_build_after_an_edit_takes_from_the_store(project: Project) -> None:
    """A build without change takes every honouree page whole from the store (nothing they are made of changed) and
    reads none of their own entries; after as many such builds as the store's pruning remembers (KEEP_BUILDS), an
    edit still makes only the pages it changes."""
    from thidua.store import KEEP_BUILDS

    for _ in range(KEEP_BUILDS):
        assert project.changed_after() == set()
        assert rendered(project.output) == {"vi": 0, "en": 0}, project.output
    project.edit("data/honourees/le-van-c.yaml", "kinh doanh tại 32 cửa hàng xăng dầu.\n", "kinh doanh tại 34 cửa hàng xăng dầu.\n")
    assert project.changed_after() == {("vi", "le-van-c")}
    counts = rendered(project.output)
    # The edited page and its neighbours' (their links name it) are made again; every other page is the one stored.
    assert 1 <= counts["vi"] <= 3 and counts["en"] <= 3, project.output
    project.edit("data/honourees/le-van-c.yaml", "kinh doanh tại 34 cửa hàng xăng dầu.\n", "kinh doanh tại 32 cửa hàng xăng dầu.\n")
    assert project.changed_after() == {("vi", "le-van-c")}


def test_an_edit_writes_only_the_pages_it_changes(project: Project) -> None:
    previous = project.last
    project.edit("data/honourees/le-van-c.yaml", "kinh doanh tại 32 cửa hàng xăng dầu.\n", "kinh doanh tại 31 cửa hàng xăng dầu.\n")
    assert project.changed_after() == {("vi", "le-van-c")}
    before, after = page_files(previous), page_files(project.last)
    assert {name for name in after if after[name] != before[name]} == {"ton-vinh/le-van-c/index.html"}
    project.edit("data/honourees/le-van-c.yaml", "kinh doanh tại 31 cửa hàng xăng dầu.\n", "kinh doanh tại 32 cửa hàng xăng dầu.\n")
    assert project.changed_after() == {("vi", "le-van-c")}


def test_the_honouree_s_own_data(project: Project) -> None:
    project.edit("data/honourees/le-van-c.yaml", "kinh doanh tại 32 cửa hàng xăng dầu.\n", "kinh doanh tại 33 cửa hàng xăng dầu.\n")
    assert project.changed_after() == {("vi", "le-van-c")}
    assert project.shows(("vi", "le-van-c"), "tại 33 cửa hàng xăng dầu")


def test_a_neighbour_s_name_in_the_previous_and_next_links(project: Project) -> None:
    order = honouree_order(load_site(project.root / "data", root=project.root))
    at = order.index("to-thuong-mai-dien-tu")
    name = project.data()["to-thuong-mai-dien-tu"]["name"]["en"]
    project.edit("data/honourees/to-thuong-mai-dien-tu.yaml", f"en: {name}", f"en: {name} (renamed)")
    neighbours = {hid for hid in order[max(at - 1, 0) : at + 2]}
    assert len(neighbours) == 3
    assert project.changed_after() == {("en", hid) for hid in neighbours}
    for hid in neighbours:
        assert project.shows(("en", hid), f"{name} (renamed)")


def test_the_section_pages_that_list_a_honouree(project: Project) -> None:
    """The directory, the home page and the booklet keep their cards and entries together by the key of all their
    views are made of: an edit shows on them, and undoing it gives back the very bytes of before."""
    pages = ("en/ton-vinh/index.html", "en/ky-yeu/index.html", "ton-vinh/index.html")
    before = {page: (project.last / page).read_bytes() for page in pages}
    name = project.data()["dang-van-h"]["name"]
    assert isinstance(name, str) and name.encode("utf-8") in before["en/ton-vinh/index.html"]
    project.edit("data/honourees/dang-van-h.yaml", f"name: {name}\n", f"name: {name} Hải\n")
    project.changed_after()
    for page in pages:
        shown = (project.last / page).read_text(encoding="utf-8")
        assert f"{name} Hải" in shown, page
    project.edit("data/honourees/dang-van-h.yaml", f"name: {name} Hải\n", f"name: {name}\n")
    project.changed_after()
    assert {page: (project.last / page).read_bytes() for page in pages} == before


def test_the_unit_it_references(project: Project) -> None:
    units = yaml.safe_load((project.root / "data" / "units.yaml").read_text(encoding="utf-8"))["units"]
    office = next(u for u in units if u["id"] == "van-phong")
    assert office["name"].get("en"), "the English pages show the English name"
    project.edit("data/units.yaml", f"vi: {office['name']['vi']}\n", f"vi: {office['name']['vi']} (đổi tên)\n")
    shown = {
        hid for hid, h in project.data().items()
        if h["unit"] == "van-phong" or (h.get("nomination") or {}).get("proposed_by") == "van-phong"
    }  # fmt: skip
    assert len(shown) >= 2
    assert project.changed_after() == {("vi", hid) for hid in shown}
    for hid in shown:
        assert project.shows(("vi", hid), f"{office['name']['vi']} (đổi tên)")


def test_the_decision_that_awards_it(project: Project) -> None:
    results = yaml.safe_load((project.root / "data" / "results.yaml").read_text(encoding="utf-8"))
    decision = next(d for d in results["decisions"] if d["award_form"] == "giay-khen-giam-doc")
    project.edit("data/results.yaml", f"number: {decision['number']}", "number: 1234/QĐ-SCT (mẫu)")
    assert project.changed_after() == both(*decision["awarded"])
    assert all(project.shows(page, "1234/QĐ-SCT") for page in both(*decision["awarded"]))


def test_the_plan_s_criteria(project: Project) -> None:
    campaign = yaml.safe_load((project.root / "data" / "campaign.yaml").read_text(encoding="utf-8"))
    criterion = campaign["awards"]["standards"]["criteria"]["collective"]["items"][0]
    english = criterion["text"]["en"]
    project.edit("data/campaign.yaml", f"en: {english}", f"en: {english} (amended)")
    collectives = {hid for hid, h in project.data().items() if h["kind"] == "collective"}
    assert project.changed_after() == {("en", hid) for hid in collectives}


def test_the_interface_text_of_one_language(project: Project) -> None:
    project.edit("hooks/thidua/model/strings/en.yaml", "honouree.back: Back to the list", "honouree.back: Back to all honourees")
    assert project.changed_after() == {page for page in project.pages if page[0] == "en"}
    assert project.shows(("en", "le-van-c"), "Back to all honourees")


def test_the_templates(project: Project) -> None:
    project.edit("overrides/thidua/og-tags.html", '<meta name="twitter:title" content="{{ title }}">', '<meta name="twitter:title" content="{{ title }}" data-edited>')
    assert project.changed_after() == set(project.pages)


def test_the_build_date_that_honouree_pages_do_not_show(project: Project) -> None:
    home = (project.last / "index.html").read_bytes()
    assert project.changed_after(epoch=AFTER) == set()
    assert rendered(project.output) == {"vi": 0, "en": 0}, project.output
    assert (project.last / "index.html").read_bytes() != home  # the home page shows the campaign's status


def test_the_photo(project: Project) -> None:
    photos = project.root / "data" / "photos"
    shutil.copyfile(photos / "tran-thi-b.jpg", photos / "le-van-c.jpg")
    assert project.changed_after(epoch=AFTER) == both("le-van-c")


def test_the_engine_s_code(project: Project) -> None:
    views = project.root / "hooks" / "thidua" / "publish" / "views.py"
    views.write_text(views.read_text(encoding="utf-8") + "\n# a change to the engine\n", encoding="utf-8")
    assert project.changed_after(epoch=AFTER) == set()
    assert rendered(project.output) == {"vi": 11, "en": 11}, project.output


def test_an_empty_store_gives_the_same_site(project: Project) -> None:
    # A warm build after one edit: most pages, cards, entries, rows and search bundles come from the store.
    project.edit("data/honourees/le-van-c.yaml", "kinh doanh tại 33 cửa hàng xăng dầu.\n", "kinh doanh tại 34 cửa hàng xăng dầu.\n")
    assert project.changed_after(epoch=AFTER) == {("vi", "le-van-c")}
    made = rendered(project.output)
    assert set(made) == {"vi", "en"} and all(0 < n <= 3 for n in made.values()), project.output  # it and its neighbours
    warm = project.last
    shutil.rmtree(project.root / ".cache" / "build")
    assert (project.root / ".cache" / "templates").is_dir()  # the templates' bytecode: made again too
    shutil.rmtree(project.root / ".cache" / "templates")
    cold = project.build(epoch=AFTER)
    assert rendered(project.output) == {"vi": 11, "en": 11}, project.output
    assert site_files(cold) == site_files(warm)
