"""Real `mkdocs build` runs of the bundled site: pages, languages, the verbatim plan, statuses."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from conftest import SEED, copy_project, page_text, run_build

PAGES = ["", "ke-hoach/", "thoi-gian/", "tieu-chuan/", "gioi-thieu/"]


def issued_sentences(source: str) -> list[str]:
    """Every sentence of the issued plan, its broken lines joined back together."""
    marker = re.compile(r"^([IVX]+\.|\d+\.|[a-z]\)|- |\* )")
    blocks: list[str] = []
    previous = ""
    for raw in source.splitlines():
        line = raw.strip()
        if not line:
            continue
        starts_block = (
            not blocks
            or marker.match(line)
            or previous.endswith((".", ":", ";"))
            or previous.isupper()
            or line.isupper()
            or (previous.endswith(")") and line[:1].isupper())
        )
        if starts_block:
            blocks.append(line)
        elif previous.endswith("-") and not previous.endswith(" -"):
            blocks[-1] += line  # a date range broken after its hyphen
        else:
            blocks[-1] += " " + line
        previous = line
    sentences = []
    for block in blocks:
        sentences += [s for s in re.split(r"(?<=[.;:])\s+", " ".join(block.split())) if s]
    return sentences


def test_bundled_campaign_source_is_the_issued_text_as_received() -> None:
    # The plan as the Department issued it, byte for byte as received (typos included): its digest was
    # taken when the file was first committed; a change to it is a change to the issued text.
    digest = hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert digest == "d2411d6603140af74b82c301ceb7c97e03b1d63df8685979bed46fd150c0a0ee"


def test_every_sentence_of_the_issued_plan_is_on_the_vietnamese_plan_page(built) -> None:
    text = page_text(built.html("ke-hoach/"), "article.td-doc")
    sentences = issued_sentences(SEED.read_text(encoding="utf-8"))
    assert len(sentences) > 40
    missing = [s for s in sentences if s not in text]
    assert missing == []
    # The typos of the original stay as issued.
    assert "chống lãnh phí" in text and "nhăm nâng cao" in text


def test_the_english_plan_page_is_english(built) -> None:
    tree = built.html("en/ke-hoach/")
    text = page_text(tree, "article.td-doc")
    assert "Purposes and requirements" in text
    assert "Certificate of Merit of the Minister of Industry and Trade: 1 collective(s) and 2 individual(s)" in text
    vietnamese_only = set("ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ")
    # Only the signatory's name and the notes quoting the original keep Vietnamese letters.
    words = [w for w in text.split() if set(w.lower()) & vietnamese_only]
    assert set(words) <= {"Lưu", "Văn", "Khôi"}, words
    assert "not yet translated" not in text


@pytest.mark.parametrize("path", PAGES)
def test_every_page_exists_in_both_languages_with_the_right_lang(built, path: str) -> None:
    assert built.html(path).css_first("html").attributes["lang"] == "vi"
    assert built.html("en/" + path).css_first("html").attributes["lang"] == "en"


@pytest.mark.parametrize("path", PAGES)
def test_the_language_switch_lands_on_the_same_page(built, path: str) -> None:
    def switch_links(page: str) -> dict[str, str]:
        tree = built.html(page)
        return {a.attributes["hreflang"]: a.attributes["href"] for a in tree.css("a.md-select__link[hreflang]")}

    here = (built.site / path / "index.html").resolve()
    twin = (built.site / "en" / path / "index.html").resolve()

    def target(page: str, href: str) -> Path:
        base = built.site / page
        resolved = (base / href).resolve() if not href.startswith("/") else (built.site / href.lstrip("/")).resolve()
        return resolved / "index.html" if resolved.is_dir() else resolved

    assert target(path, switch_links(path)["en"]) == twin
    assert target("en/" + path, switch_links("en/" + path)["vi"]) == here


def test_navigation_titles_and_material_interface_are_translated(built) -> None:
    vi_tabs = [a.text(strip=True) for a in built.html("").css(".md-tabs__link")]
    en_tabs = [a.text(strip=True) for a in built.html("en/").css(".md-tabs__link")]
    assert vi_tabs[:4] == ["Trang chủ", "Kế hoạch", "Thời gian", "Tiêu chuẩn"]
    assert en_tabs[:4] == ["Home", "Plan", "Timeline", "Criteria"]
    # Material's own interface text: the footer's label.
    assert built.html("ke-hoach/").css_first("nav.md-footer__inner").attributes["aria-label"] == "Chân trang"
    assert built.html("en/ke-hoach/").css_first("nav.md-footer__inner").attributes["aria-label"] == "Footer"


def test_criteria_page_shows_quotas_from_the_data(built) -> None:
    tree = built.html("tieu-chuan/")
    rows = {
        row.attributes["data-form"]: (
            row.css_first('[data-kind="collective"]').text(strip=True),
            row.css_first('[data-kind="individual"]').text(strip=True),
        )
        for row in tree.css("tr[data-form]")
    }
    assert rows == {"bang-khen-bo-truong": ("1", "2"), "giay-khen-giam-doc": ("1", "5")}
    assert len(tree.css("[data-criterion]")) == 6


@pytest.mark.parametrize(
    "epoch, phase, states, today_marker",
    [
        ("1611075600", "upcoming", ["past"] + ["upcoming"] * 6, False),  # 2021-01-20
        ("1614531600", "running", ["past"] * 2 + ["upcoming"] * 5, True),  # 2021-03-01
        ("1640995200", "ended", ["past"] * 7, False),  # 2022-01-01
    ],
)
def test_timeline_shows_the_status_on_the_build_date(tmp_path, epoch, phase, states, today_marker) -> None:
    result = run_build(copy_project(tmp_path / "p"), epoch=epoch)
    assert result.returncode == 0, result.output
    for prefix in ("", "en/"):
        tree = result.html(prefix + "thoi-gian/")
        assert tree.css_first(f".td-status--{phase}") is not None
        assert [row.attributes["data-state"] for row in tree.css("tr[data-state]")] == states
        kinds = [row.attributes["data-event"] for row in tree.css("tr[data-event]")]
        assert kinds == [
            "ke-hoach-can-cu", "bat-dau", "ket-thuc", "de-nghi-khen-thuong",
            "quyet-dinh-giay-khen-giam-doc", "quyet-dinh-bang-khen-bo-truong", "ky-niem",
        ]  # fmt: skip
        assert (tree.css_first(".td-tl__today") is not None) == today_marker
    home = result.html("")
    assert home.css_first(f".td-status--{phase}") is not None
    if phase == "running":
        assert "còn 46 ngày" in page_text(home, ".td-status")


def test_bad_data_stops_the_build_and_leaves_the_published_site_untouched(tmp_path) -> None:
    project = copy_project(tmp_path / "p")
    site = tmp_path / "published"
    first = run_build(project, site=site)
    assert first.returncode == 0, first.output
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    campaign = project / "data" / "campaign.yaml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace("  years: 70", "  years: 71"), encoding="utf-8")
    units = project / "data" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("kind: office", "kind: bureau"), encoding="utf-8")
    second = run_build(project, site=site)
    assert second.returncode != 0
    assert "data/campaign.yaml:" in second.output and "anniversary.date" in second.output
    assert "data/units.yaml:" in second.output and "units[0].kind" in second.output
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before


def test_missing_english_shows_vietnamese_with_a_notice_and_warns(tmp_path) -> None:
    project = copy_project(tmp_path / "p")
    campaign = project / "data" / "campaign.yaml"
    text = campaign.read_text(encoding="utf-8")
    text = text.replace("    en: Purposes and requirements\n", "", 1)
    campaign.write_text(text, encoding="utf-8")
    strict = run_build(project, strict=True)
    assert strict.returncode != 0
    assert "purposes.heading.en: English translation missing" in strict.output
    loose = run_build(project, strict=False)
    assert loose.returncode == 0, loose.output
    heading = loose.html("en/ke-hoach/").css_first("#muc-i")
    assert "Mục đích, yêu cầu" in heading.text()
    assert heading.css_first(".td-untranslated").text(strip=True) == "(not yet translated)"
    assert heading.css_first('[lang="vi"]') is not None


def test_no_page_loads_anything_from_another_host(built) -> None:
    offenders = []
    for page in built.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for match in re.finditer(r'<(?:script|link|img|iframe|source)\b[^>]*?(?:src|href|srcset)="(https?:)?//([^/"]+)', html):
            host = match.group(2)
            if host not in ("127.0.0.1:8000",):
                offenders.append((page.name, host))
    assert offenders == []
    css = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in built.site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css
