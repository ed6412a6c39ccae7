"""The timeline picture laid out so that no label overlaps another: events in lanes above the line, or the list.

Every label is a flag: a box of a fixed share of the line's width (`LABEL_WIDTH` percent) with one edge on
its event's place on the line, extending right (or left, near the line's end), tied to its dot by a
leader. Widths and places are percentages of the same line, so a layout that fits at one width fits at
every width: labels of one lane never share any part of the line, and no leader crosses a label of a
lane below its own (the page stacks the lanes as rows, each as tall as its tallest label, so lanes
never overlap either). Events of the same day, or within `MERGE` percent of each other, share a label.

When the events cannot be laid out in `MAX_LANES` lanes, the layout has no lanes and the page shows the
vertical list at every width, as it does on narrow screens (overrides/thidua/timeline.html).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from thidua.model.dates import Placed, TimelinePicture

# A label's width, in percent of the line. The page shows the picture only where the line is at least
# 34rem wide (docs/assets/css/thidua.css): a label is never narrower than about 7.5rem.
LABEL_WIDTH = 22.0
# Labels of one lane keep this far apart; a leader keeps this far from the edges of other labels.
GAP = 1.5
CLEAR = 1.5
# Events closer than this (percent of the line) share one label.
MERGE = 2.0
MAX_LANES = 5
# A bound on the search for a layout, in trials of a label in a lane, over every number of lanes tried (a
# campaign has a handful of dates: its layout is found in a few dozen; past the bound, the list is shown).
BUDGET = 4_000

Side = Literal["right", "left"]


@dataclass(frozen=True)
class Mark:
    """One label of the picture: its events (one day, or a few close together), where it stands and its lane."""

    events: tuple[Placed, ...]
    anchor: float  # percent along the line: the leader and the label's near edge
    side: Side  # which way the label extends from its anchor
    lane: int = 0  # 0 is the lane next to the line

    @property
    def start(self) -> float:
        return self.anchor if self.side == "right" else self.anchor - LABEL_WIDTH

    @property
    def end(self) -> float:
        return self.start + LABEL_WIDTH

    @property
    def offset(self) -> float:
        """The label's left edge, in percent of the line."""
        return round(self.start, 2)


@dataclass(frozen=True)
class TimelineLayout:
    """The picture, its labels and how many lanes they take (0: shown as the list at every width)."""

    picture: TimelinePicture
    marks: tuple[Mark, ...]
    lanes: int
    width: float = LABEL_WIDTH

    @property
    def axis_row(self) -> int:
        """The grid row of the line (rows 1..lanes hold the labels, the farthest lane first)."""
        return self.lanes + 1

    def label_row(self, mark: Mark) -> int:
        return self.lanes - mark.lane

    def leader_rows(self, mark: Mark) -> str:
        """The rows a mark's leader spans, from below its label down to the line (grid-row's value)."""
        return f"{self.label_row(mark) + 1} / {self.axis_row + 1}"


def group(picture: TimelinePicture) -> list[tuple[Placed, ...]]:
    """The events, those closer than MERGE percent to the first of their group together, in date order."""
    groups: list[list[Placed]] = []
    for placed in picture.events:
        if groups and placed.position - groups[-1][0].position < MERGE:
            groups[-1].append(placed)
        else:
            groups.append([placed])
    return [tuple(g) for g in groups]


def _sides(anchor: float) -> tuple[Side, ...]:
    """The ways a label may extend from its anchor and stay on the line, the more natural first."""
    sides: tuple[Side, ...] = ("right", "left") if anchor <= 50 else ("left", "right")
    return tuple(s for s in sides if (anchor + LABEL_WIDTH <= 100 if s == "right" else anchor - LABEL_WIDTH >= 0))


def _fits(mark: Mark, lane: int, placed: list[Mark]) -> bool:
    """Whether `mark` may go in `lane` beside the marks already placed."""
    start, end = mark.start, mark.end
    for other in placed:
        if other.lane == lane:
            if start < other.end + GAP and other.start < end + GAP:
                return False
        elif other.lane < lane:  # this leader goes down past the other's label
            if other.start - CLEAR < mark.anchor < other.end + CLEAR:
                return False
        elif start - CLEAR < other.anchor < end + CLEAR:  # the other's leader goes down past this label
            return False
    return True


class _Budget:
    def __init__(self, steps: int) -> None:
        self.left = steps

    def spend(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _search(marks: list[Mark], lanes: int, budget: _Budget) -> list[Mark] | None:
    """Marks with a lane each (under `lanes`) such that every pair fits, or None (also once the budget is spent)."""
    placed: list[Mark] = []

    def place(i: int) -> bool:
        if i == len(marks):
            return True
        for lane in range(lanes):
            for side in _sides(marks[i].anchor):
                if not budget.spend():
                    return False
                candidate = Mark(marks[i].events, marks[i].anchor, side, lane)
                if _fits(candidate, lane, placed):
                    placed.append(candidate)
                    if place(i + 1):
                        return True
                    placed.pop()
        return False

    return placed if place(0) else None


def layout(picture: TimelinePicture) -> TimelineLayout:
    """The fewest lanes (up to MAX_LANES) in which every label fits; none when they do not."""
    marks = [Mark(events, events[0].position, _sides(events[0].position)[0]) for events in group(picture)]
    # Flags extending right stack best from the right (the later ones nearer the line), those extending
    # left from the left: the search tries them in that order, each side where it fits.
    order = sorted(marks, key=lambda m: (m.side == "left", -m.anchor if m.side == "right" else m.anchor))
    budget = _Budget(BUDGET)
    for lanes in range(1, MAX_LANES + 1):
        found = _search(order, lanes, budget)
        if found is not None:
            by_anchor = sorted(found, key=lambda m: (m.anchor, m.events[0].event.id))
            return TimelineLayout(picture, tuple(by_anchor), lanes)
    return TimelineLayout(picture, tuple(sorted(marks, key=lambda m: m.anchor)), 0)
