"""The timeline picture in Chromium: no label overlaps another or another's leader, at 1280, 1024 and 768 px.

Measured on the bundled campaign's dates and on a dense fixture: the same campaign with ten more events
in two weeks. Whatever the layout shown (lanes above the line, or the list), every label box is
measured against every other and against every other label's leader.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import copy_project, run_build

from .conftest import serve

WIDTHS = (1280, 1024, 768)

# Ten events in the two weeks from 1 March 2021, inside the campaign period.
DENSE_DAYS = (0, 1, 3, 4, 6, 7, 9, 10, 12, 13)
DENSE_TITLES = (
    ("Hội nghị sơ kết tháng Hai", "February review meeting"),
    ("Tập huấn chữ ký số cho các phòng", "Digital signature training for the divisions"),
    ("Kiểm tra an toàn điện tại các khu công nghiệp", "Electrical safety inspection of the industrial parks"),
    ("Hội chợ hàng Việt", "Vietnamese goods fair"),
    ("Giao lưu văn nghệ chào mừng ngày 8/3", "Cultural exchange for 8 March"),
    ("Ngày hội khởi nghiệp", "Start-up day"),
    ("Phát động Tết trồng cây", "Tree-planting festival launched"),
    ("Hội thảo thương mại điện tử", "E-commerce workshop"),
    ("Giải bóng đá công đoàn", "Trade union football tournament"),
    ("Báo cáo giữa đợt thi đua", "Mid-campaign report"),
)

MEASURE = """() => {
  const rect = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const marks = [...document.querySelectorAll('.td-tl__mark')];
  return {
    lanes: document.querySelector('.td-tl').dataset.lanes,
    figure: rect(document.querySelector('.td-tl')),
    labels: marks.map(m => m.querySelector('.td-tl__label')).map(el => ({
      box: rect(el), overflow: el.scrollWidth - el.clientWidth, text: el.textContent.trim().slice(0, 40),
    })),
    leaders: marks.map(m => m.querySelector('.td-tl__leader')).map(el => shown(el) ? rect(el) : null),
  };
}"""


def overlap(a, b, tolerance: float = 0.5) -> bool:
    return a[0] < b[2] - tolerance and b[0] < a[2] - tolerance and a[1] < b[3] - tolerance and b[1] < a[3] - tolerance


def check_no_overlap(page) -> dict:
    """Measures the picture's label and leader boxes; fails on any overlap; returns the measures."""
    found = page.evaluate(MEASURE)
    labels, leaders = found["labels"], found["leaders"]
    assert len(labels) >= 2
    problems = []
    for i, a in enumerate(labels):
        if a["overflow"] > 0:
            problems.append(f"label {a['text']!r} overflows its box by {a['overflow']} px")
        if a["box"][0] < found["figure"][0] - 0.5 or a["box"][2] > found["figure"][2] + 0.5:
            problems.append(f"label {a['text']!r} leaves the figure: {a['box']} outside {found['figure']}")
        for j, b in enumerate(labels[i + 1 :], start=i + 1):
            if overlap(a["box"], b["box"]):
                problems.append(f"labels {a['text']!r} and {b['text']!r} overlap: {a['box']} {b['box']}")
        for j, leader in enumerate(leaders):
            if leader is not None and j != i and overlap(a["box"], leader):
                problems.append(f"the leader of {labels[j]['text']!r} crosses label {a['text']!r}")
    assert problems == []
    return found


@pytest.fixture(scope="session")
def dense(tmp_path_factory):
    """The bundled campaign with ten more events in two weeks, built and served."""
    project = copy_project(tmp_path_factory.mktemp("dense") / "project")
    campaign = project / "data" / "campaign.yaml"
    lines = ["events:"]
    for n, (day, (vi, en)) in enumerate(zip(DENSE_DAYS, DENSE_TITLES), start=1):
        date = dt.date(2021, 3, 1) + dt.timedelta(days=day)
        lines += [f"  - id: su-kien-{n}", f"    date: {date.isoformat()}", "    title:", f'      vi: "{vi}"', f'      en: "{en}"']
    text = campaign.read_text(encoding="utf-8")
    assert "\nevents: []\n" in text
    campaign.write_text(text.replace("\nevents: []\n", "\n" + "\n".join(lines) + "\n"), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.output
    with serve(result.site) as served:
        yield served


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_bundled_timeline_labels_sit_in_lanes_and_never_overlap(open_page, lang, width) -> None:
    page, _ = open_page("thoi-gian/" if lang == "vi" else "en/thoi-gian/", width=width)
    found = check_no_overlap(page)
    # The bundled dates fit in lanes: the line is shown, each label tied to it by its leader.
    assert int(found["lanes"]) > 1
    assert all(leader is not None for leader in found["leaders"])
    assert page.locator(".td-tl__axis").is_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_dense_timeline_never_overlaps(browser, dense, width) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, service_workers="block")
    try:
        page = context.new_page()
        page.goto(dense.url("thoi-gian/"), wait_until="load")
        assert page.locator(".td-tl__event").count() == 7 + len(DENSE_DAYS)
        check_no_overlap(page)
    finally:
        context.close()


def test_on_a_phone_the_timeline_is_a_list(open_page) -> None:
    page, _ = open_page("thoi-gian/", width=390, height=800)
    found = check_no_overlap(page)
    assert not page.locator(".td-tl__axis").is_visible()
    assert all(leader is None for leader in found["leaders"])
    tops = [label["box"][1] for label in found["labels"]]
    assert tops == sorted(tops)
