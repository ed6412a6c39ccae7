"""Results page, quota picture, and every open-data export parsed back and compared with the data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import icalendar
import pytest

from conftest import BILINGUAL, DURING_VI, VIETNAMESE_ONLY, copy_project, page_text, run_build
from thidua.load.files import load_site
from thidua.publish.exports import EXPORT_MODELS

SITE_URL = "http://127.0.0.1:8000/"


@pytest.fixture(scope="module")
def data():
    return load_site(BILINGUAL, root=BILINGUAL)


def test_results_page_shows_each_decision_and_a_quota_picture_matching_the_data(built, data) -> None:
    for prefix in ("", "en/"):
        tree = built.html(prefix + "ket-qua/")
        assert tree.css_first(".td-sample") is not None
        for decision in data.results.decisions:
            form = data.campaign.award_form(decision.award_form)
            section = tree.css_first(f'section[data-form="{form.id}"]')
            assert decision.number in page_text(section, ".td-result__decision")
            listed = [r.attributes["data-honouree"] for r in section.css("tr[data-honouree]")]
            assert set(listed) == set(decision.awarded) and len(listed) == len(decision.awarded)
            kinds = [data.honouree(hid).kind for hid in listed]
            assert kinds == sorted(kinds)  # collectives listed before individuals
            for row in section.css(".td-quota-pic__row"):
                kind = row.attributes["data-kind"]
                used = sum(1 for hid in decision.awarded if data.honouree(hid).kind == kind)
                assert int(row.attributes["data-quota"]) == form.quota.of(kind)
                assert int(row.attributes["data-used"]) == used
                assert len(row.css(".td-slot--used")) == used
                assert len(row.css(".td-slot")) == form.quota.of(kind)
                assert row.css_first("[role=img]").attributes["aria-label"]
        totals = [td.text(strip=True) for td in tree.css(".td-by-unit tfoot td")]
        assert totals == ["3", "6", "9"]
        # Every results table numbers its rows (STT / No.) from 1.
        for table in tree.css("table.td-table"):
            numbers = [td.text(strip=True) for td in table.css("tbody td.td-stt")]
            assert numbers == [str(n) for n in range(1, len(table.css("tbody tr")) + 1)]
            assert table.css_first("thead th.td-stt").text(strip=True) == ("STT" if not prefix else "No.")


def test_honouree_pages_and_directory_show_the_award_once_final(built) -> None:
    page = built.html("ton-vinh/nguyen-van-a/")
    assert page.css_first(".td-award__awarded") is not None
    assert "0000/QĐ-BCT (mẫu)" in page_text(page, ".td-award")
    not_awarded = built.html("en/ton-vinh/le-van-c/")
    assert not_awarded.css_first(".td-award").attributes["data-award"] == "none"
    assert "Not included in the award decisions." in page_text(not_awarded, ".td-award")
    cards = {c.attributes["data-name"]: c.attributes["data-award"] for c in built.html("ton-vinh/").css(".td-hcard")}
    assert cards["nguyen van a"] == "bang-khen-bo-truong" and cards["le van c"] == "none"
    assert cards["bui thi k"] == "giay-khen-giam-doc"


def test_pending_results_say_what_happens_next(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    results = project / "data" / "results.yaml"
    results.write_text(results.read_text(encoding="utf-8").replace("status: final", "status: pending"), encoding="utf-8")
    result = run_build(project, epoch="1617210000")  # 2021-04-01
    assert result.returncode == 0, result.output
    tree = result.html("ket-qua/")
    assert tree.css_first(".td-pending") is not None and tree.css_first(".td-result") is None
    upcoming = page_text(tree, ".td-next")
    assert "15/4/2021" in upcoming and "Kỷ niệm 70 năm" in upcoming
    assert "Quyết định" not in upcoming
    assert result.html("ton-vinh/").css_first('.td-hcard[data-name="le van c"]').attributes["data-award"] == "bang-khen-bo-truong"


def test_json_exports_parse_validate_and_match_the_data(built, data) -> None:
    folder = built.site / "du-lieu"
    for name, model in EXPORT_MODELS.items():
        document = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        model.model_validate(document)
        assert document["schema_version"] == "1.0"
        schema = json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert schema["$id"] == f"{name}.schema.json"
    honourees = json.loads((folder / "honourees.json").read_text(encoding="utf-8"))["honourees"]
    assert [h["id"] for h in honourees] == sorted(hid for hid, _ in data.honourees)
    first = honourees[0]
    assert first["url"] == {"vi": f"{SITE_URL}ton-vinh/{first['id']}/", "en": f"{SITE_URL}en/ton-vinh/{first['id']}/"}
    assert first["photo"]["page_jpg"].startswith(SITE_URL + "ton-vinh/anh/")
    assert (built.site / first["photo"]["page_jpg"].removeprefix(SITE_URL)).is_file()
    assert all("private" not in h for h in honourees)
    a = next(h for h in honourees if h["id"] == "nguyen-van-a")
    assert a["name"] == {"vi": "Nguyễn Văn A", "en": "Nguyễn Văn A"}
    assert a["award"]["award_form"] == "bang-khen-bo-truong"
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    assert results["status"] == "final" and results["sample"] is True
    uses = {(d["award_form"], q["kind"]): (q["awarded"], q["quota"]) for d in results["decisions"] for q in d["quota_use"]}
    assert uses[("bang-khen-bo-truong", "individual")] == (2, 2)
    assert uses[("giay-khen-giam-doc", "individual")] == (5, 5)
    campaign = json.loads((folder / "campaign.json").read_text(encoding="utf-8"))
    period = campaign["campaign"]["awards"]["period"]
    assert (period["start"], period["end"]) == ("2021-02-01", "2021-04-15")
    assert campaign["campaign"]["document"]["number"] is None


def test_csv_exports_open_in_excel_and_match_the_data(built, data) -> None:
    for name, rows_expected in (("honourees.csv", len(data.honourees)), ("results.csv", 9)):
        raw = (built.site / "du-lieu" / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        header, body = rows[0], rows[1:]
        assert len(body) == rows_expected
        assert all("(" in column for column in header)  # Vietnamese (English)
    rows = list(csv.DictReader(io.StringIO((built.site / "du-lieu" / "honourees.csv").read_bytes().decode("utf-8-sig"))))
    by_id = {r["Mã (ID)"]: r for r in rows}
    assert by_id["tran-thi-b"]["Tên (Name)"] == "Trần Thị B"
    assert by_id["tran-thi-b"]["Khen thưởng (Award)"] == "bang-khen-bo-truong"
    assert by_id["le-van-c"]["Khen thưởng (Award)"] == ""


def test_timeline_ics_parses_with_all_day_events_and_stable_uids(built, data) -> None:
    cal = icalendar.Calendar.from_ical((built.site / "du-lieu" / "timeline.ics").read_bytes())
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == 7
    summaries = {str(e["summary"]): e for e in events}
    start = summaries["Bắt đầu đợt thi đua"]
    assert start.decoded("dtstart").isoformat() == "2021-02-01"
    assert start.decoded("dtend").isoformat() == "2021-02-02"
    # Unique to the campaign (its slug) and its address (the site's host).
    assert str(start["uid"]) == "bat-dau.thi-dua-song-ngu-mau@127.0.0.1"
    assert len({str(e["uid"]) for e in events}) == 7
    assert str(cal["x-wr-calname"]) == data.info.name.vi
    assert str(cal["prodid"]) == f"-//{data.info.publisher.name.vi}//{data.info.name.vi}//VI"


def test_english_columns_of_the_csv_are_empty_where_there_is_no_english(built_vi) -> None:
    rows = list(csv.DictReader(io.StringIO((built_vi.site / "du-lieu" / "honourees.csv").read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 7
    english = ("Position (English)", "Citation (English)", "Page (en)")
    assert {column: {r[column] for r in rows} for column in english} == {column: {""} for column in english}
    team = next(r for r in rows if r["Mã (ID)"] == "phong-quan-ly-thuong-mai")
    assert (team["Tên (Name)"], team["Tên tiếng Anh (Name in English)"]) == ("Phòng Quản lý Thương mại", "")
    person = next(r for r in rows if r["Mã (ID)"] == "lo-van-a")
    assert person["Tên tiếng Anh (Name in English)"] == "Lò Văn A"  # a person's name is not translated
    honourees = json.loads((built_vi.site / "du-lieu" / "honourees.json").read_text(encoding="utf-8"))["honourees"]
    assert {h["url"]["en"] for h in honourees} == {None} and {h["citation"]["en"] for h in honourees} == {None}


def test_several_decisions_of_one_form_are_exported_each_with_the_forms_quota_use(built_vi) -> None:
    results = json.loads((built_vi.site / "du-lieu" / "results.json").read_text(encoding="utf-8"))
    two = [d for d in results["decisions"] if d["award_form"] == "giay-khen-giam-doc-so"]
    assert [(d["number"], d["date"], d["signer_name"]) for d in two] == [
        ("0003/QĐ-SCT", "2018-07-18", "Trần Văn Y"),
        ("0004/QĐ-SCT", "2018-07-20", "Nguyễn Văn M"),
    ]
    assert two[1]["signer_authority"] == {"vi": "KT. GIÁM ĐỐC", "en": None}
    # The quota is the form's: its use counts every decision of the form.
    for d in two:
        assert {q["kind"]: (q["awarded"], q["quota"]) for q in d["quota_use"]} == {"collective": (1, 2), "individual": (2, 4)}
    rows = list(csv.DictReader(io.StringIO((built_vi.site / "du-lieu" / "results.csv").read_bytes().decode("utf-8-sig"))))
    assert [(r["Số quyết định (Decision No.)"], r["Mã (Honouree ID)"]) for r in rows if r["Hình thức khen thưởng (Award form)"] == "giay-khen-giam-doc-so"] == [
        ("0003/QĐ-SCT", "to-kiem-tra-an-toan-dien"), ("0004/QĐ-SCT", "cam-thi-b"), ("0004/QĐ-SCT", "quang-van-c"),
    ]  # fmt: skip
    signer = next(r for r in rows if r["Số quyết định (Decision No.)"] == "0004/QĐ-SCT")["Người ký (Signed by)"]
    assert signer == "KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC Nguyễn Văn M"


def test_data_page_lists_every_download_with_its_real_size(built) -> None:
    for prefix in ("", "en/"):
        rows = built.html(prefix + "du-lieu/").css("tr[data-file]")
        assert len(rows) == 9
        for row in rows:
            path = built.site / "du-lieu" / row.attributes["data-file"]
            assert int(row.attributes["data-bytes"]) == path.stat().st_size


LICENCE = """
licence:
  name:
    vi: Giấy phép Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)
  url: https://creativecommons.org/licenses/by/4.0/
  note:
    vi: Khi dùng lại, xin ghi nguồn là Sở Công Thương tỉnh Sơn La.
"""


def test_the_data_page_states_the_licence_the_data_gives(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", VIETNAMESE_ONLY)
    with (project / "data" / "site.yaml").open("a", encoding="utf-8") as fh:
        fh.write(LICENCE)
    result = run_build(project, epoch=DURING_VI)
    assert result.returncode == 0, result.output
    licence = result.html("du-lieu/").css_first(".td-licence")
    assert licence.attributes["data-licence"] == "given"
    link = licence.css_first('a[rel="license"]')
    assert link.attributes["href"] == "https://creativecommons.org/licenses/by/4.0/"
    assert " ".join(licence.text(separator="").split()) == (
        "Giấy phép: dữ liệu được cấp phép theo Giấy phép Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)."
        " Khi dùng lại, xin ghi nguồn là Sở Công Thương tỉnh Sơn La."
    )
    # The open data says so too (campaign.json carries the site's facts).
    campaign = json.loads((result.site / "du-lieu" / "campaign.json").read_text(encoding="utf-8"))
    assert campaign["site"]["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"


def test_without_a_licence_the_data_page_says_the_terms_are_the_departments(built_vi) -> None:
    licence = built_vi.html("du-lieu/").css_first(".td-licence")
    assert licence.attributes["data-licence"] == "none" and licence.css_first('a[rel="license"]') is None
    assert " ".join(licence.text(separator="").split()) == (
        "Giấy phép: dữ liệu chưa có giấy phép công bố; điều kiện sử dụng lại do Sở Công Thương tỉnh Sơn La quy định."
        " Muốn sử dụng lại, xin liên hệ Văn phòng Sở (vanphong.sct@example.gov.vn)."
    )
    assert licence.css_first('a[href="mailto:vanphong.sct@example.gov.vn"]') is not None


def test_exports_are_deterministic(built, tmp_path: Path) -> None:
    again = run_build(copy_project(tmp_path / "p"))
    assert again.returncode == 0, again.output
    for path in (built.site / "du-lieu").iterdir():
        if path.name != "index.html":
            assert (again.site / "du-lieu" / path.name).read_bytes() == path.read_bytes(), path.name
