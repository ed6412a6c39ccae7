"""The model, the dates, the interface text and the shipped JSON Schemas."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import REPO
from thidua.load.files import load_site
from thidua.model.data import Text
from thidua.model.dates import (
    build_date,
    campaign_status,
    format_date,
    timeline_events,
    timeline_picture,
)
from thidua.model.schema import SCHEMAS, schema_text
from thidua.model.strings import keys, t


@pytest.fixture(scope="module")
def site():
    return load_site(REPO / "data", root=REPO)


def test_text_falls_back_to_vietnamese_where_english_is_missing() -> None:
    text = Text(vi="Giấy khen")
    assert text.get("en") == "Giấy khen"
    assert not text.is_translated("en")
    assert Text(vi="Giấy khen", en="Certificate").get("en") == "Certificate"


def test_the_plan_holds_the_quotas_and_the_period_of_the_issued_text(site) -> None:
    forms = {f.id: f for f in site.campaign.award_forms}
    assert (forms["bang-khen-bo-truong"].quota.collective, forms["bang-khen-bo-truong"].quota.individual) == (1, 2)
    assert (forms["giay-khen-giam-doc"].quota.collective, forms["giay-khen-giam-doc"].quota.individual) == (1, 5)
    assert site.campaign.period.start == dt.date(2021, 2, 1)
    assert site.campaign.period.end == dt.date(2021, 4, 15)
    assert site.campaign.document.number is None and site.campaign.document.date is None
    assert [u.id for u in site.units.units if u.named_in_plan] == [
        "van-phong",
        "trung-tam-khuyen-cong",
        "trung-tam-xuc-tien-thuong-mai",
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


def test_every_interface_text_exists_in_both_languages() -> None:
    assert keys("vi") == keys("en")
    assert t("en", "no.such.key") == "no.such.key"
    assert t("en", "status.running", days=3) == "Under way: 3 days left (today included)."


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_shipped_json_schema_matches_the_model(name: str) -> None:
    shipped = (REPO / "data" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert shipped == schema_text(name), "run `python -m thidua.model.schema` and commit data/schema/"
    assert json.loads(shipped)["additionalProperties"] is False


def test_each_data_file_points_editors_at_its_schema() -> None:
    expected = {
        REPO / "data" / "campaign.yaml": "schema/campaign.schema.json",
        REPO / "data" / "units.yaml": "schema/units.schema.json",
        REPO / "data" / "results.yaml": "schema/results.schema.json",
    }
    expected.update({p: "../schema/honouree.schema.json" for p in (REPO / "data" / "honourees").glob("*.yaml")})
    assert len(expected) >= 14
    for path, schema in expected.items():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={schema}", path.name
        assert (path.parent / schema).is_file()
