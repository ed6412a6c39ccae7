"""Real `mkdocs build` runs of the fixture campaigns: pages, languages, translation, the document's layout,
statuses, and no trace of one campaign in another's site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import BILINGUAL, copy_project, page_text, run_build

PAGES = ["", "ke-hoach/", "thoi-gian/", "tieu-chuan/", "gioi-thieu/"]


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
    assert "data/campaign.yaml:" in second.output and "anniversary › date" in second.output
    assert "data/units.yaml:" in second.output and "units › entry 'van-phong' › kind" in second.output
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before


def test_missing_english_shows_vietnamese_with_a_notice_and_is_reported_not_warned(tmp_path) -> None:
    project = copy_project(tmp_path / "p")
    campaign = project / "data" / "campaign.yaml"
    text = campaign.read_text(encoding="utf-8")
    text = text.replace("    en: Purposes and requirements\n", "", 1)
    campaign.write_text(text, encoding="utf-8")
    strict = run_build(project, strict=True)
    assert strict.returncode == 0, strict.output
    assert "WARNING" not in strict.output
    assert "English: 1 of 153 texts missing, 99 % translated" in strict.output
    heading = strict.html("en/ke-hoach/").css_first("#muc-i")
    assert "Mục đích, yêu cầu" in heading.text()
    assert heading.css_first(".td-untranslated").text(strip=True) == "(not yet translated)"
    assert heading.css_first('[lang="vi"]') is not None
    colophon = strict.html("en/an-ban/").css_first("[data-coverage]")
    assert colophon.attributes["data-coverage"] == "99" and "152 of 153 texts translated (99 %)" in colophon.text()


def test_a_composite_sentence_marks_only_its_untranslated_part(tmp_path) -> None:
    project = copy_project(tmp_path / "p")
    campaign = project / "data" / "campaign.yaml"
    text = campaign.read_text(encoding="utf-8")
    assert "    en: Traditional Day of Viet Nam's Industry and Trade sector\n" in text
    campaign.write_text(text.replace("    en: Traditional Day of Viet Nam's Industry and Trade sector\n", "", 1), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.output
    lead = result.html("en/").css_first(".td-hero__lead")
    assert lead.text(separator=" ", strip=True).startswith("An emulation campaign in celebration of the 70th anniversary of the")
    assert [n.text() for n in lead.css('[lang="vi"]')] == ["Ngày truyền thống ngành Công Thương Việt Nam"]
    assert len(lead.css(".td-untranslated")) == 1
    row = result.html("en/thoi-gian/").css_first('tr[data-event="ky-niem"]')
    assert "70th anniversary of the" in row.text() and row.css_first(".td-untranslated") is not None
    # The calendar gives the English title only where every part of it is translated.
    ics = (result.site / "du-lieu" / "timeline.ics").read_text(encoding="utf-8")
    assert "70th anniversary" not in ics and "Plan No. 38a/KH-BCT" in ics


def test_with_english_off_no_english_page_is_built_and_nothing_warns(tmp_path) -> None:
    project = copy_project(tmp_path / "p")
    site_file = project / "data" / "site.yaml"
    text = site_file.read_text(encoding="utf-8").replace("english: on", "english: off")
    # A site name from the data is text wherever it shows, quotes and all.
    name = 'Thi đua "Dân vận khéo" & <b>mẫu</b>'
    text = text.replace("  vi: Thi đua chào mừng 70 năm Ngày truyền thống ngành Công Thương\n", f"  vi: '{name}'\n", 1)
    site_file.write_text(text, encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.output
    assert "WARNING" not in result.output and "English:" not in result.output
    assert not (result.site / "en").exists()
    home = result.html("")
    assert home.css("a.md-select__link") == [] and home.css('link[hreflang="en"]') == []
    assert home.css_first("title").text() == f"Trang chủ - {name}" and home.css("header b") == []
    assert home.css_first(".md-header__topic .md-ellipsis").text(strip=True) == name
    person = result.html("ton-vinh/nguyen-van-a/").css_first('meta[property="og:site_name"]')
    assert person.attributes["content"] == name
    sitemap = (result.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/en/" not in sitemap and 'hreflang="en"' not in sitemap
    assert "Tiếng Việt." in page_text(result.html("an-ban/"), "[data-coverage]")


def test_a_department_campaign_shows_its_document_as_issued(built_vi) -> None:
    plan = built_vi.html("ke-hoach/")
    head = plan.css_first(".td-doc__head")
    # The superior body above the issuer; the number; the place name opening the date line.
    assert [p.text(strip=True) for p in head.css(".td-doc__issuer p")] == ["ỦY BAN NHÂN DÂN TỈNH SƠN LA", "SỞ CÔNG THƯƠNG", "Số: 0000/KH-SCT"]
    assert " ".join(head.css_first(".td-doc__date").text().split()) == "Sơn La, ngày 05 tháng 12 năm 2017"
    # A delegated signature on two lines above the name.
    assert [p.text(strip=True) for p in plan.css(".td-doc__sign p")] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn M"]
    quotas = [" ".join(p.text().split()) for p in plan.css("#muc-iii-3-b ~ .td-doc__bullet")]
    assert quotas == [
        "- Cờ thi đua của Ủy ban nhân dân tỉnh: 01 tập thể dẫn đầu phong trào thi đua",
        "- Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh: 01 tập thể và 02 cá nhân",
        "- Giấy khen của Giám đốc Sở Công Thương: 02 tập thể và 04 cá nhân",
    ]
    assert "Từ ngày 15/12/2017 đến hết ngày 30/6/2018" in page_text(plan, "article.td-doc")


def test_a_vietnamese_only_campaign_has_its_own_name_footer_and_about_page(built_vi) -> None:
    home = built_vi.html("")
    assert home.css_first("title").text() == "Trang chủ - Thi đua chào mừng 70 năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc"
    assert home.css_first('meta[name="description"]').attributes["content"].startswith("Kế hoạch, thời gian, tiêu chuẩn, gương tiêu biểu")
    footer = page_text(home, "footer .td-footer")
    assert footer == (
        "Cơ quan chủ quản: Ủy ban nhân dân tỉnh Sơn La Sở Công Thương tỉnh Sơn La Đầu mối: Văn phòng Sở · "
        "Địa chỉ: Số 00 đường Mẫu, phường Mẫu, thành phố Sơn La (địa chỉ mẫu) Điện thoại: 0212 000 0000 · "
        "Thư điện tử: vanphong.sct@example.gov.vn"
    )
    assert home.css_first('footer a[href="mailto:vanphong.sct@example.gov.vn"]') is not None
    assert not (built_vi.site / "en").exists() and home.css("a.md-select__link") == []
    about = built_vi.html("gioi-thieu/")
    text = page_text(about)
    assert text.startswith("Giới thiệu Trang này công bố kế hoạch Phát động phong trào thi đua lập thành tích")
    assert "của Sở Công Thương tỉnh Sơn La" in text and "nguyên văn như đã ban hành" in text
    assert "tiếng Anh" not in text and "không tự điền" not in text  # numbered and dated, Vietnamese only
    assert "Liên hệ" in text and "0212 000 0000" in text


def test_several_decisions_for_one_form_each_show_their_own_number_date_and_signer(built_vi) -> None:
    section = built_vi.html("ket-qua/").css_first('section[data-form="giay-khen-giam-doc-so"]')
    decisions = [" ".join(p.text().split()) for p in section.css(".td-result__decision")]
    assert decisions == [
        "Quyết định số 0003/QĐ-SCT (mẫu) ngày 18/7/2018. Người ký: GIÁM ĐỐC Trần Văn Y.",
        "Quyết định số 0004/QĐ-SCT (mẫu) ngày 20/7/2018. Người ký: KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC Nguyễn Văn M.",
    ]
    # The quota counts both decisions together.
    used = {r.attributes["data-kind"]: (r.attributes["data-used"], r.attributes["data-quota"]) for r in section.css(".td-quota-pic__row")}
    assert used == {"collective": ("1", "2"), "individual": ("2", "4")}
    assert [r.attributes["data-honouree"] for r in section.css("tr[data-honouree]")] == ["to-kiem-tra-an-toan-dien", "cam-thi-b", "quang-van-c"]
    # A flag for collectives only shows no quota for individuals.
    flag = built_vi.html("ket-qua/").css_first('section[data-form="co-thi-dua-ubnd-tinh"]')
    assert [r.attributes["data-kind"] for r in flag.css(".td-quota-pic__row")] == ["collective"]
    signer = " ".join(flag.css_first(".td-result__decision").text().split())
    assert signer.endswith("Người ký: TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH, PHÓ CHỦ TỊCH Nguyễn Văn X.")
    page = built_vi.html("ton-vinh/quang-van-c/")
    assert "Quyết định số 0004/QĐ-SCT (mẫu) ngày 20/7/2018; người ký: KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC Nguyễn Văn M" in page_text(page, ".td-award")
    events = [r.attributes["data-event"] for r in built_vi.html("thoi-gian/").css("tr[data-event]")]
    assert "quyet-dinh-giay-khen-giam-doc-so" in events and "quyet-dinh-giay-khen-giam-doc-so-2" in events


# Strings only the bilingual fixture (the bundled campaign's shape) holds: none may reach the site of
# another campaign, in any file.
OTHER_CAMPAIGN = (
    "Lưu Văn Khôi", "38a/KH-BCT", "Ngày truyền thống", "Traditional Day", "14/5/1951", "thi-dua-song-ngu-mau",
    "Bằng khen của Bộ trưởng", "bang-khen-bo-truong", "Department of Industry and Trade", "Đặng Văn H",
    "nguyen-van-a", "Trung tâm Xúc tiến thương mại", "Thi đua chào mừng 70 năm Ngày truyền thống",
)  # fmt: skip


def test_no_trace_of_another_campaign_in_any_file_of_the_site(built_vi) -> None:
    for needle in OTHER_CAMPAIGN:
        assert needle.encode() in b"".join(p.read_bytes() for p in BILINGUAL.rglob("*.yaml")), needle
    found = []
    for path in built_vi.site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [(path.relative_to(built_vi.site).as_posix(), n) for n in OTHER_CAMPAIGN if n.encode() in data]
    assert found == []


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
