"""The timeline picture's layout: labels in lanes that never overlap, whatever the number or spacing of events."""

from __future__ import annotations

import datetime as dt
import random

from thidua.model.data import Text
from thidua.model.dates import Placed, TimelineEvent, TimelinePicture
from thidua.publish.timeline import CLEAR, GAP, LABEL_WIDTH, MAX_LANES, MERGE, layout

START = dt.date(2021, 1, 1)


def picture(positions: list[float]) -> TimelinePicture:
    events = tuple(
        Placed(TimelineEvent(f"e{i}", START + dt.timedelta(days=round(p)), "event", Text(vi=f"Sự kiện {i}")), p, "past")
        for i, p in enumerate(sorted(positions))
    )
    return TimelinePicture(events, 10.0, 60.0, None, events[0].event.date, events[-1].event.date)


def problems(lay) -> list[str]:
    """Every broken rule of a layout with lanes: labels of a lane apart, no leader through a lower label."""
    found = []
    for mark in lay.marks:
        if not (0 <= mark.start and mark.end <= 100 and 0 <= mark.lane < lay.lanes):
            found.append(f"{mark.anchor}: off the line or the lanes ({mark.start}..{mark.end}, lane {mark.lane})")
        if not mark.start <= mark.anchor <= mark.end:
            found.append(f"{mark.anchor}: the label is not on its anchor")
    for a in lay.marks:
        for b in lay.marks:
            if a is b:
                continue
            if a.lane == b.lane and a.start < b.end + GAP and b.start < a.end + GAP:
                found.append(f"{a.anchor} and {b.anchor} overlap in lane {a.lane}")
            if a.lane < b.lane and a.start - CLEAR < b.anchor < a.end + CLEAR:
                found.append(f"the leader of {b.anchor} (lane {b.lane}) crosses the label of {a.anchor} (lane {a.lane})")
    return found


def test_the_bundled_campaigns_dates_fit_in_lanes() -> None:
    # The bundled campaign's dates, 5 January to 14 May 2021: five of them in the last month.
    lay = layout(picture([0.0, 20.93, 77.52, 78.29, 87.6, 94.57, 100.0]))
    assert 1 < lay.lanes <= MAX_LANES
    assert problems(lay) == []
    # 15 and 16 April share a label; every event is in exactly one label, in date order.
    assert [len(m.events) for m in lay.marks] == [1, 1, 2, 1, 1, 1]
    assert [p.position for m in lay.marks for p in m.events] == [0.0, 20.93, 77.52, 78.29, 87.6, 94.57, 100.0]


def test_events_of_one_day_share_a_label_and_close_ones_too() -> None:
    lay = layout(picture([0.0, 50.0, 50.0, 50.0 + MERGE / 2, 100.0]))
    assert [len(m.events) for m in lay.marks] == [1, 3, 1]
    assert problems(lay) == []


def test_a_label_near_the_end_of_the_line_extends_left() -> None:
    lay = layout(picture([0.0, 100.0]))
    assert [(m.anchor, m.side) for m in lay.marks] == [(0.0, "right"), (100.0, "left")]
    assert lay.lanes == 1


def test_too_many_close_events_give_the_list() -> None:
    # Ten events in two weeks of a campaign of four months, and the campaign's own dates around them.
    dense = [0.0, 20.9, 77.5, 87.6, 94.6, 100.0] + [42.6 + 0.78 * d for d in (0, 1, 3, 4, 6, 7, 9, 10, 12, 13)]
    lay = layout(picture(dense))
    assert lay.lanes == 0
    assert sum(len(m.events) for m in lay.marks) == len(dense)


def test_random_events_are_laid_out_without_overlap_or_given_the_list() -> None:
    rng = random.Random(16)
    shown_as_lanes = 0
    for _ in range(120):
        count = rng.randint(2, 12)
        positions = [0.0, 100.0] + [round(rng.uniform(0, 100), 2) for _ in range(count - 2)]
        lay = layout(picture(positions))
        assert sum(len(m.events) for m in lay.marks) == count
        if lay.lanes:
            shown_as_lanes += 1
            assert problems(lay) == [], sorted(positions)
            assert LABEL_WIDTH == lay.width
    # Most campaigns' dates fit: the list is the exception.
    assert shown_as_lanes > 60
