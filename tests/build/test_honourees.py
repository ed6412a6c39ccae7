"""The honourees in the built site: directory, pages, sharing tags, feeds, photos, privacy, escaping."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
import yaml
from PIL import Image

from conftest import copy_project, page_text, run_build

SITE_URL = "http://127.0.0.1:8000/"


def test_directory_lists_collectives_and_individuals_in_their_groups(built) -> None:
    for prefix in ("", "en/"):
        tree = built.html(prefix + "ton-vinh/")
        groups = {g.attributes["data-td-group"]: g for g in tree.css("[data-td-group]")}
        assert len(groups["collective"].css(".td-hcard")) == 3
        assert len(groups["individual"].css(".td-hcard")) == 8
        assert {c.attributes["data-kind"] for c in groups["individual"].css(".td-hcard")} == {"individual"}
        units = {c.attributes["data-unit"] for c in tree.css(".td-hcard")}
        assert len(units) >= 4
        names = {c.attributes["data-name"] for c in tree.css(".td-hcard")}
        assert "nguyen van a" in names and "dang van h" in names
        # Filters are a script's enhancement, in a box the head's script shows (every card is in the HTML).
        assert tree.css_first("details.td-filter-box form[data-td-filter]") is not None
        assert 'classList.add("td-js")' in tree.css_first("head").html
        assert tree.css_first(".td-sample") is not None
        for card in tree.css(".td-hcard"):
            img = card.css_first("picture img")
            assert img.attributes["alt"] and img.attributes["width"] == "320"
            assert card.css_first("picture source").attributes["type"] == "image/webp"


def test_honouree_page_in_both_languages(built) -> None:
    vi = built.html("ton-vinh/nguyen-van-a/")
    en = built.html("en/ton-vinh/nguyen-van-a/")
    assert vi.css_first("h1").text(strip=True) == en.css_first("h1").text(strip=True) == "Nguyễn Văn A"
    assert "Văn phòng Sở" in page_text(vi, ".td-honouree__head")
    assert "Department Office" in page_text(en, ".td-honouree__head")
    assert page_text(vi, ".td-citation").startswith("Đưa 100% văn bản đi")
    assert page_text(en, ".td-citation").startswith("Moved 100% of the Department")
    assert len(vi.css(".td-story p")) >= 3
    checklist = [(li.attributes["data-criterion"], li.attributes["data-met"]) for li in vi.css(".td-checklist li")]
    assert [c for c, _ in checklist] == ["cn-chap-hanh", "cn-tham-gia", "cn-thanh-tich"]
    assert vi.css_first(".td-sample") is not None and en.css_first(".td-sample") is not None
    assert vi.css_first(".td-award").attributes["data-award"] in {"bang-khen-bo-truong", "none"}
    pager = [a.attributes["rel"] for a in vi.css(".td-pager a[rel]")]
    assert pager == ["prev", "next"]
    # Individuals are listed by given name (A, B, C...): Trần Thị B follows Nguyễn Văn A.
    assert en.css_first(".td-pager a[rel=next]").attributes["href"].endswith("en/ton-vinh/tran-thi-b/")
    img = vi.css_first(".td-honouree__photo img")
    assert (img.attributes["width"], img.attributes["height"]) == ("800", "800")
    assert (built.site / "ton-vinh" / (vi.css_first(".td-honouree__photo img").attributes["src"].split("ton-vinh/", 1)[1])).exists()


def test_a_criterion_not_met_shows_unchecked(built) -> None:
    tree = built.html("ton-vinh/le-van-c/")
    met = {li.attributes["data-criterion"]: li.attributes["data-met"] for li in tree.css(".td-checklist li")}
    assert met == {"cn-chap-hanh": "true", "cn-tham-gia": "true", "cn-thanh-tich": "false"}


def test_honouree_pages_stay_out_of_the_navigation(built) -> None:
    nav_links = [a.text(strip=True) for a in built.html("ton-vinh/").css(".md-nav a, .md-tabs a")]
    assert "Nguyễn Văn A" not in nav_links


@pytest.mark.parametrize(
    "lang, prefix, locale, alternate, award",
    [
        ("vi", "", "vi_VN", "en_GB", "Bằng khen của Bộ trưởng Bộ Công Thương"),
        ("en", "en/", "en_GB", "vi_VN", "Certificate of Merit of the Minister of Industry and Trade"),
    ],
)
def test_sharing_tags_show_the_person_their_award_and_the_citation(built, lang, prefix, locale, alternate, award) -> None:
    tree = built.html(prefix + "ton-vinh/tran-thi-b/")
    meta = {m.attributes.get("property") or m.attributes.get("name"): m.attributes["content"] for m in tree.css("head meta[content]")}
    assert meta["og:title"] == f"Trần Thị B – {award}"
    assert meta["og:description"] == page_text(tree, ".td-citation")
    assert meta["og:image"].startswith(f"{SITE_URL}anh-chia-se/ton-vinh/tran-thi-b-{lang}-") and meta["og:image"].endswith(".png")
    assert meta["og:image:alt"] == meta["og:title"]
    assert meta["og:url"] == f"{SITE_URL}{prefix}ton-vinh/tran-thi-b/"
    assert (meta["og:locale"], meta["og:locale:alternate"]) == (locale, alternate)
    assert meta["twitter:card"] == "summary_large_image"
    with Image.open(built.site / meta["og:image"].removeprefix(SITE_URL)) as card:
        assert card.size == (1200, 630) and (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")


# One page of each type.
SHARED_PAGES = {
    "home": "",
    "plan": "ke-hoach/",
    "timeline": "thoi-gian/",
    "criteria": "tieu-chuan/",
    "directory": "ton-vinh/",
    "honouree": "ton-vinh/nguyen-van-a/",
    "results": "ket-qua/",
    "data": "du-lieu/",
    "about": "gioi-thieu/",
    "colophon": "an-ban/",
    "booklet": "ky-yeu/",
}


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_page_type_has_sharing_tags_and_a_card_of_its_own(built, prefix) -> None:
    images = {}
    for kind, path in SHARED_PAGES.items():
        tree = built.html(prefix + path)
        meta = {m.attributes.get("property") or m.attributes.get("name"): m.attributes["content"] for m in tree.css("head meta[content]")}
        for tag in ("og:type", "og:site_name", "og:title", "og:description", "og:url", "og:image", "og:image:alt", "twitter:title", "twitter:image"):
            assert meta.get(tag), f"{kind} ({prefix or 'vi'}): no {tag}"
        assert meta["og:type"] == ("article" if kind == "honouree" else "website")
        assert meta["og:url"] == f"{SITE_URL}{prefix}{path}"
        assert meta["twitter:card"] == "summary_large_image" and meta["twitter:image"] == meta["og:image"]
        assert meta["og:title"] == meta["twitter:title"] and meta["og:description"] == meta["twitter:description"]
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
        assert meta["og:image"].startswith(SITE_URL + "anh-chia-se/")
        with Image.open(built.site / meta["og:image"].removeprefix(SITE_URL)) as card:
            card.load()
            assert (card.format, card.size, card.mode) == ("PNG", (1200, 630), "RGB")
        images[kind] = meta["og:image"]
    # Each page its own card, in its language.
    assert len(set(images.values())) == len(images)
    lang = "en" if prefix else "vi"
    assert all(f"-{lang}-" in url for url in images.values())


@pytest.mark.parametrize("prefix, lang", [("", "vi"), ("en/", "en")])
def test_story_feed_parses_with_absolute_links(built, prefix, lang) -> None:
    feed = feedparser.parse((built.site / prefix / "ton-vinh" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == 11
    assert all(e.link.startswith(f"{SITE_URL}{prefix}ton-vinh/") for e in feed.entries)
    assert feed.feed.language == lang
    dates = [e.published_parsed for e in feed.entries]
    assert dates == sorted(dates, reverse=True)


def test_no_image_in_the_site_carries_exif_or_gps(built) -> None:
    images = [p for p in built.site.rglob("*") if p.suffix.lower() in {".jpg", ".jpeg", ".webp", ".png"}]
    assert len(images) >= 44
    for path in images:
        with Image.open(path) as img:
            assert dict(img.getexif()) == {}, path
            assert "exif" not in img.info and "xmp" not in img.info, path


def test_private_data_never_reaches_the_site_and_html_in_data_is_shown_as_text(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    honourees = project / "data" / "honourees"
    person = yaml.safe_load((honourees / "nguyen-van-a.yaml").read_text(encoding="utf-8"))
    person["private"] = {
        "date_of_birth": "1911-11-11",
        "id_number": "PRIVATE-ID-7Q9X",
        "phone": "0999123456",
        "home_address": "Số 42 ngõ Bí Mật Zyx",
    }
    person["citation"]["vi"] = 'Thành tích <img src=x onerror=alert("xss-img")>.'
    person["story"]["vi"] = "Đoạn một.\n\n<script>alert('xss-story')</script>\n\n**Đoạn** hai."
    (honourees / "nguyen-van-a.yaml").write_text(yaml.safe_dump(person, allow_unicode=True), encoding="utf-8")
    team = yaml.safe_load((honourees / "to-thuong-mai-dien-tu.yaml").read_text(encoding="utf-8"))
    team["name"]["vi"] = "Tổ <script>alert('xss-name')</script>"
    (honourees / "to-thuong-mai-dien-tu.yaml").write_text(yaml.safe_dump(team, allow_unicode=True), encoding="utf-8")

    result = run_build(project)
    assert result.returncode == 0, result.output
    planted = [b"PRIVATE-ID-7Q9X", b"0999123456", "ngõ Bí Mật Zyx".encode(), b"1911-11-11", b"11/11/1911", b"11 th\xc3\xa1ng 11 n\xc4\x83m 1911"]
    leaks = [(p.relative_to(result.site), v) for p in result.site.rglob("*") if p.is_file() for v in planted if v in p.read_bytes()]
    assert leaks == []

    everything = b"".join(p.read_bytes() for p in result.site.rglob("*.html"))
    assert b"<script>alert(" not in everything and b"onerror=alert" not in everything.replace(b"&lt;img src=x onerror=alert", b"")
    page = result.html("ton-vinh/nguyen-van-a/")
    assert "<script>alert('xss-story')</script>" in page_text(page, ".td-story")
    assert page.css_first(".td-story strong").text() == "Đoạn"
    assert 'onerror=alert("xss-img")' in page_text(page, ".td-citation")
    assert page.css_first(".td-citation img") is None
    team_page = result.html("ton-vinh/to-thuong-mai-dien-tu/")
    assert team_page.css_first("h1").text(strip=True) == "Tổ <script>alert('xss-name')</script>"


def test_the_honouree_pages_shell_is_never_published(built) -> None:
    # Honouree pages are the theme's rendering of one shell page, filled per honouree
    # (thidua.publish.shell): neither the shell nor any of its markers may reach the site.
    from thidua.publish.shell import BODY, HEAD, SLOT, TITLE

    markers = [m.encode() for m in (SLOT, TITLE, HEAD, BODY)]
    found = [(p.relative_to(built.site), m) for p in built.site.rglob("*") if p.is_file() for m in markers if m in p.read_bytes() or m in str(p).encode()]
    assert found == []
    for prefix in ("", "en/"):
        cards = {a.attributes["href"].rstrip("/").rsplit("/", 1)[-1] for a in built.html(prefix + "ton-vinh/").css("a.td-hcard__link")}
        pages = {p.parent.name for p in (built.site / prefix / "ton-vinh").glob("*/index.html")}
        assert cards and cards <= pages
        # Each page is its own honouree's, title and all.
        for hid in cards:
            tree = built.html(f"{prefix}ton-vinh/{hid}/")
            name = tree.css_first("h1").text(strip=True)
            assert tree.css_first("title").text().startswith(name + " - ")
            assert tree.css_first('meta[property="og:title"]').attributes["content"].startswith(name)
            assert tree.css_first("article.td-honouree").attributes["data-honouree"] == hid


def test_directory_orders_individuals_by_given_name_then_the_rest(built) -> None:
    for prefix in ("", "en/"):
        group = built.html(prefix + "ton-vinh/").css_first('[data-td-group="individual"]')
        names = [h.text(strip=True) for h in group.css(".td-hcard__name")]
        # The bundled people's given names are A, B, C, D, E, G, H, K: a list by family name would start
        # with Bùi Thị K.
        assert [name.split()[-1] for name in names] == ["A", "B", "C", "D", "E", "G", "H", "K"]


def test_a_collective_that_is_its_unit_shows_its_role_and_no_unit_of_its_own(built) -> None:
    for prefix, role, position in (("", "Chức năng, nhiệm vụ", "Chức vụ, vai trò"), ("en/", "Role", "Position or role")):
        division = built.html(prefix + "ton-vinh/phong-ke-hoach-tai-chinh/")
        facts = [dt.text(strip=True) for dt in division.css(".td-honouree__head dt")]
        assert facts == [role]
        team = built.html(prefix + "ton-vinh/to-thuong-mai-dien-tu/")
        assert [dt.text(strip=True) for dt in team.css(".td-honouree__head dt")][0] == role
        assert len(team.css(".td-honouree__head dt")) == 2  # a team inside a centre names its centre
        person = built.html(prefix + "ton-vinh/nguyen-van-a/")
        assert [dt.text(strip=True) for dt in person.css(".td-honouree__head dt")][0] == position
        card = built.html(prefix + "ton-vinh/").css_first('.td-hcard[data-unit="phong-ke-hoach-tai-chinh"][data-kind="collective"]')
        assert card.css_first(".td-hcard__unit") is None
        entry = built.html(prefix + "ky-yeu/").css_first("#phong-ke-hoach-tai-chinh")
        assert page_text(entry, ".td-booklet__head").count("Kế hoạch - Tài chính" if not prefix else "Planning and Finance") == 1


def test_the_publication_date_is_written_once_in_the_pages_style(built) -> None:
    assert page_text(built.html("ton-vinh/nguyen-van-a/"), ".td-honouree__published") == "Đăng ngày 22/4/2021"
    assert page_text(built.html("en/ton-vinh/nguyen-van-a/"), ".td-honouree__published") == "Published 22 April 2021"


@pytest.mark.parametrize(
    "prefix, awarded, nominated, not_awarded, sample",
    [
        ("", "Đã được tặng", "Được đề nghị tặng", "Không có trong quyết định khen thưởng.", "Dữ liệu mẫu"),
        ("en/", "Awarded the", "Nominated for the", "Not included in the award decisions.", "Sample data"),
    ],
)
def test_the_booklet_says_each_entrys_award_and_decision_or_that_it_was_only_nominated(
    built, prefix, awarded, nominated, not_awarded, sample
) -> None:
    booklet = built.html(prefix + "ky-yeu/")
    results = yaml.safe_load((built.site.parent / "data" / "results.yaml").read_text(encoding="utf-8"))
    decision_of = {hid: d["number"] for d in results["decisions"] for hid in d["awarded"]}
    assert page_text(booklet, ".td-booklet__cover .td-sample").startswith(sample)
    entries = booklet.css("article.td-booklet__entry")
    assert len(entries) == 11
    seen = set()
    for entry in entries:
        hid = entry.attributes["data-honouree"]
        text = page_text(entry, ".td-booklet__award")
        if hid in decision_of:
            assert text.startswith(awarded) and decision_of[hid] in text, (hid, text)
            seen.add("awarded")
        else:
            assert text.startswith(nominated) and text.endswith(not_awarded), (hid, text)
            seen.add("nominated")
        # Every bundled honouree is a sample: each printed page says so on its own.
        assert page_text(entry, ".td-booklet__sample") == sample
    assert seen == {"awarded", "nominated"}
    for page in ("ton-vinh/", "ket-qua/"):
        link = built.html(prefix + page).css_first(".td-booklet-link a")
        assert link is not None and link.attributes["href"].endswith(f"/{prefix}ky-yeu/"), page
