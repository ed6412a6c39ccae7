"""The model, the dates, the interface text and the shipped JSON Schemas."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import BILINGUAL, REPO, VIETNAMESE_ONLY
from thidua.load.files import load_site
from thidua.model.data import Text
from thidua.model.dates import (
    Status,
    build_date,
    campaign_status,
    format_date,
    ordinal,
    page_style,
    timeline_events,
    timeline_picture,
)
from thidua.model.schema import SCHEMAS, schema_text
from thidua.model.strings import Phrase, keys, t, tn


@pytest.fixture(scope="module")
def site():
    return load_site(BILINGUAL, root=BILINGUAL)


@pytest.fixture(scope="module")
def vi_site():
    return load_site(VIETNAMESE_ONLY, root=VIETNAMESE_ONLY)


def test_text_falls_back_to_vietnamese_where_english_is_missing() -> None:
    text = Text(vi="Giấy khen")
    assert text.get("en") == "Giấy khen"
    assert not text.is_translated("en")
    assert Text(vi="Giấy khen", en="Certificate").get("en") == "Certificate"


def test_a_plan_of_another_department_loads_with_its_own_shape(vi_site) -> None:
    campaign = vi_site.campaign
    doc = campaign.document
    assert (doc.superior.vi, doc.issuer.vi, doc.number, doc.place.vi) == ("Ủy ban nhân dân tỉnh Sơn La", "Sở Công Thương", "0000/KH-SCT", "Sơn La")
    assert doc.date == dt.date(2017, 12, 5)
    # A period across two years, three award forms, one a flag for collectives only.
    assert (campaign.period.start.year, campaign.period.end.year) == (2017, 2018)
    flag = campaign.award_form("co-thi-dua-ubnd-tinh")
    assert len(campaign.award_forms) == 3 and flag.admits("collective") and not flag.admits("individual")
    assert (campaign.signatory.authority.vi, campaign.signatory.title.vi) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    assert {u.kind for u in vi_site.units.units} >= {"sub_department", "other", "inspectorate"}
    # Two decisions for one form, each with its own number, date and signer.
    two = [d for d in vi_site.results.decisions if d.award_form == "giay-khen-giam-doc-so"]
    assert [(d.number, d.signer.title.vi) for d in two] == [("0003/QĐ-SCT", "GIÁM ĐỐC"), ("0004/QĐ-SCT", "PHÓ GIÁM ĐỐC")]
    # Vietnamese only: no English site, so nothing to report about translation.
    assert vi_site.languages == ("vi",) and vi_site.coverage is None and vi_site.warnings == ()


def test_english_coverage_counts_every_text_and_names_each_gap(tmp_path) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(BILINGUAL, data)
    complete = load_site(data, root=tmp_path).coverage
    assert complete.complete and complete.percent == 100 and complete.total > 100
    campaign = data / "campaign.yaml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace("    en: Purposes and requirements\n", "", 1), encoding="utf-8")
    person = data / "honourees" / "nguyen-van-a.yaml"
    text = person.read_text(encoding="utf-8")
    person.write_text(text[: text.index("  en: |")] + text[text.index("achievements:"):], encoding="utf-8")
    site = load_site(data, root=tmp_path)
    coverage = site.coverage
    assert site.warnings == ()  # a gap in translation is a report, never a warning
    assert (coverage.total, len(coverage.missing)) == (complete.total, 2)
    assert coverage.percent == (100 * (coverage.total - 2)) // coverage.total < 100
    assert [p.format().split(": ")[0:2] for p in coverage.missing] == [
        ["data/campaign.yaml:38", "purposes › heading › en"],
        [f"data/honourees/nguyen-van-a.yaml:{text[: text.index('story:')].count(chr(10)) + 1}", "story › en"],
    ]


@pytest.mark.parametrize(
    "day, phase, days",
    [
        (dt.date(2021, 1, 31), "upcoming", 1),
        (dt.date(2021, 2, 1), "running", 74),
        (dt.date(2021, 4, 15), "running", 1),
        (dt.date(2021, 4, 16), "ended", 1),
    ],
)
def test_campaign_status_counts_both_ends_of_the_period(site, day, phase, days) -> None:
    status = campaign_status(site.campaign, day)
    assert (status.phase, status.days) == (phase, days)


def test_a_period_across_two_years_has_its_status_and_timeline(vi_site) -> None:
    campaign = vi_site.campaign
    assert campaign_status(campaign, dt.date(2017, 12, 14)) == Status("upcoming", 1)
    assert (campaign_status(campaign, dt.date(2017, 12, 31)).phase, campaign_status(campaign, dt.date(2018, 6, 30)).days) == ("running", 1)
    assert campaign_status(campaign, dt.date(2018, 7, 1)).phase == "ended"
    events = timeline_events(campaign)
    assert [(e.id, e.date.year) for e in events] == [
        ("ke-hoach-can-cu", 2017), ("bat-dau", 2017), ("so-ket", 2018), ("ky-niem", 2018), ("ket-thuc", 2018),
    ]  # fmt: skip
    picture = timeline_picture(campaign, events, dt.date(2018, 1, 1))
    assert 0 < picture.band_start < picture.today < picture.band_end <= 100


def test_timeline_orders_the_plans_dates_and_marks_today_only_inside(site) -> None:
    events = timeline_events(site.campaign)
    assert [e.kind for e in events] == ["basis", "start", "end", "anniversary"]
    inside = timeline_picture(site.campaign, events, dt.date(2021, 3, 1))
    assert inside.events[0].position == 0 and inside.events[-1].position == 100
    assert 0 < inside.band_start < inside.today < inside.band_end < 100
    assert timeline_picture(site.campaign, events, dt.date(2026, 1, 1)).today is None
    assert [p.state for p in inside.events] == ["past", "past", "upcoming", "upcoming"]


def test_build_date_comes_from_source_date_epoch_in_vietnam_time() -> None:
    # 2021-02-28 17:00 UTC is already 1 March in Hà Nội.
    assert build_date({"SOURCE_DATE_EPOCH": "1614531600"}) == dt.date(2021, 3, 1)
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        build_date({"SOURCE_DATE_EPOCH": "yesterday"})


def test_dates_are_formatted_per_language() -> None:
    day = dt.date(2021, 2, 1)
    assert format_date(day, "vi") == "ngày 01 tháng 02 năm 2021"
    assert format_date(day, "vi", "short") == "01/02/2021"
    assert format_date(day, "en") == "1 February 2021"
    # Pages write one style each: the plan's own (numbers) in Vietnamese, words in English.
    assert (page_style("vi"), page_style("en")) == ("short", "long")


def test_counts_take_the_plural_form_of_the_language_and_the_site_never_writes_s_in_brackets() -> None:
    assert tn("en", "plan.quota.collective", 1, number="1") == "1 collective"
    assert tn("en", "plan.quota.individual", 2, number="2") == "2 individuals"
    assert tn("vi", "plan.quota.individual", 1, number="01") == "01 cá nhân"
    assert tn("en", "status.upcoming", 1) == "Not started: the campaign starts tomorrow."
    assert tn("en", "timeline.nominations.units", 1) == "1 unit"
    # The site's own texts (the office's command-line messages are another matter).
    site_texts = {k: t("en", k) for k in keys("en") if not k.startswith(("cli.", "error.", "sheet.", "options."))}
    assert [k for k, v in site_texts.items() if "(s)" in v] == []


@pytest.mark.parametrize(
    "day, long, short",
    [
        (dt.date(2021, 1, 5), "ngày 05 tháng 01 năm 2021", "05/01/2021"),
        (dt.date(2021, 4, 17), "ngày 17 tháng 4 năm 2021", "17/4/2021"),
        (dt.date(2018, 5, 9), "ngày 09 tháng 5 năm 2018", "09/5/2018"),
        (dt.date(2020, 12, 1), "ngày 01 tháng 12 năm 2020", "01/12/2020"),
    ],
)
def test_vietnamese_dates_pad_days_under_ten_and_only_months_one_and_two(day, long, short) -> None:
    # Nghị định 30/2020/NĐ-CP, Phụ lục I: "ngày 05 tháng 01", "ngày 17 tháng 4".
    assert (format_date(day, "vi"), format_date(day, "vi", "short")) == (long, short)


def test_anniversaries_count_in_ordinals_in_english() -> None:
    assert [ordinal(n, "en") for n in (1, 2, 3, 11, 12, 13, 21, 22, 70, 101, 111)] == [
        "1st", "2nd", "3rd", "11th", "12th", "13th", "21st", "22nd", "70th", "101st", "111th",
    ]  # fmt: skip
    assert ordinal(70, "vi") == "70"


def test_a_phrase_is_translated_only_when_every_part_is() -> None:
    whole = Phrase.of("timeline.anniversary", years=Text(vi="75", en="75th"), name=Text(vi="Ngày A", en="Day A"))
    part = Phrase.of("timeline.anniversary", years=Text(vi="75", en="75th"), name=Text(vi="Ngày A"))
    assert whole.is_translated("en") and whole.en == "75th anniversary of the Day A"
    assert not part.is_translated("en") and part.en is None
    assert part.get("en") == "75th anniversary of the Ngày A"  # the plain-text fallback (feeds, calendars)
    assert part.vi == "Kỷ niệm 75 năm Ngày A"


def test_every_interface_text_exists_in_both_languages() -> None:
    assert keys("vi") == keys("en")
    assert t("en", "no.such.key") == "no.such.key"
    assert tn("en", "status.running", 3) == "Under way: 3 days left (today included)."


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_shipped_json_schema_matches_the_model(name: str) -> None:
    shipped = (REPO / "data" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert shipped == schema_text(name), "run `python -m thidua.model.schema` and commit data/schema/"
    assert json.loads(shipped)["additionalProperties"] is False


@pytest.mark.parametrize("fixture", [BILINGUAL, VIETNAMESE_ONLY], ids=lambda p: p.name)
def test_each_data_file_points_editors_at_its_schema(fixture) -> None:
    # The schemas live in data/schema/ (generated); a campaign's files name them from there.
    expected = {fixture / f"{name}.yaml": f"schema/{name}.schema.json" for name in ("site", "campaign", "units", "results")}
    expected.update({p: "../schema/honouree.schema.json" for p in (fixture / "honourees").glob("*.yaml")})
    assert len(expected) >= 10
    for path, schema in expected.items():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={schema}", path.name
        assert (REPO / "data" / "schema" / schema.removeprefix("../").removeprefix("schema/")).is_file()
