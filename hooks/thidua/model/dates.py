"""Dates: the build date, the campaign's status on it, the timeline, and dates formatted per language."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Literal, Mapping

from babel.dates import format_date as babel_format_date

from thidua.model.data import Campaign, Text
from thidua.model.strings import Phrase, text

# Viet Nam keeps one offset all year: the build date is the date in Hà Nội.
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")


def build_date(environ: Mapping[str, str] | None = None) -> dt.date:
    """The day the site is built as of: SOURCE_DATE_EPOCH when set (reproducible archives), else today."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), VIETNAM).date()
        except (ValueError, OverflowError, OSError) as exc:
            raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp in seconds") from exc
    return dt.datetime.now(VIETNAM).date()


def ordinal(number: int, lang: str) -> str:
    """A count of years as the anniversary names it: "70" in Vietnamese (Kỷ niệm 70 năm), "70th" in English."""
    if lang != "en":
        return str(number)
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


# One date style per language on every page: Vietnamese pages write dates as the plan's own text does
# (05/01/2021, 17/4/2021), English pages in words (5 January 2021). The plan's heading and the edition's colophon
# keep the administrative long form ("ngày 05 tháng 01 năm 2021"), as documents are dated.
PAGE_STYLE = {"vi": "short", "en": "long"}


def page_style(lang: str) -> str:
    """The style in which the pages of `lang` write dates."""
    return PAGE_STYLE.get(lang, "long")


def format_date(day: dt.date, lang: str, style: str = "long") -> str:
    """A date as readers of `lang` expect it.

    Vietnamese follows the administrative convention (Nghị định 30/2020/NĐ-CP, Phụ lục I): days under
    10 and the months 1 and 2 take a leading zero, the other months none. vi long: "ngày 05 tháng 01
    năm 2021", "ngày 17 tháng 4 năm 2021"; vi short: "05/01/2021", "17/4/2021"; en long: "1 February
    2021"; en short: "1 Feb 2021".
    """
    if lang == "vi":
        month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
        if style == "long":
            return f"ngày {day.day:02d} tháng {month} năm {day.year}"
        return f"{day.day:02d}/{month}/{day.year}"
    pattern = "d MMMM y" if style == "long" else "d MMM y"
    return babel_format_date(day, pattern, locale="en_GB")


Phase = Literal["upcoming", "running", "ended"]


@dataclass(frozen=True)
class Status:
    """Where the campaign stands on a given day."""

    phase: Phase
    days: int  # upcoming: days until it starts; running: days left including today; ended: days since the end


def campaign_status(campaign: Campaign, today: dt.date) -> Status:
    """Not started, under way (with days left, today included) or ended."""
    period = campaign.period
    if today < period.start:
        return Status("upcoming", (period.start - today).days)
    if today <= period.end:
        return Status("running", (period.end - today).days + 1)
    return Status("ended", (today - period.end).days)


EventKind = Literal["basis", "start", "end", "anniversary", "nomination", "decision", "event"]


@dataclass(frozen=True)
class TimelineEvent:
    id: str
    date: dt.date
    kind: EventKind
    title: Text | Phrase
    description: Text | Phrase | None = None

    def state(self, today: dt.date) -> Literal["past", "today", "upcoming"]:
        if self.date < today:
            return "past"
        return "today" if self.date == today else "upcoming"


def timeline_events(campaign: Campaign, extra: list[TimelineEvent] | tuple = ()) -> list[TimelineEvent]:
    """The campaign's events in date order: those the plan fixes, the data's own, and `extra`."""
    doc = campaign.document
    basis = doc.basis
    ann = campaign.anniversary
    events = [
        TimelineEvent(
            "ke-hoach-can-cu",
            basis.date,
            "basis",
            Phrase.of("timeline.basis", kind=basis.kind, number=basis.number, issuer=basis.issuer),
        ),
        TimelineEvent(
            "bat-dau",
            campaign.period.start,
            "start",
            text("timeline.start"),
        ),
        TimelineEvent(
            "ket-thuc",
            campaign.period.end,
            "end",
            text("timeline.end"),
        ),
    ]
    if ann is not None:
        years = Text(vi=ordinal(ann.years, "vi"), en=ordinal(ann.years, "en"))
        events.append(TimelineEvent("ky-niem", ann.date, "anniversary", Phrase.of("timeline.anniversary", years=years, name=ann.name)))
    events += [TimelineEvent(e.id, e.date, "event", e.title, e.description) for e in campaign.events]
    events += list(extra)
    order = {"basis": 0, "start": 1, "nomination": 2, "end": 3, "decision": 4, "event": 5, "anniversary": 6}
    return sorted(events, key=lambda e: (e.date, order[e.kind], e.id))


@dataclass(frozen=True)
class Placed:
    event: TimelineEvent
    position: float  # percent along the line
    state: str


@dataclass(frozen=True)
class TimelinePicture:
    """Positions (percent along one line) of the events, the period band and today's marker."""

    events: tuple[Placed, ...]
    band_start: float
    band_end: float
    today: float | None
    first: dt.date
    last: dt.date


def timeline_picture(campaign: Campaign, events: list[TimelineEvent], today: dt.date) -> TimelinePicture:
    """Lay the events out on a line from the first to the last event; mark today inside the period."""
    first = min(e.date for e in events)
    last = max(e.date for e in events)
    span = max((last - first).days, 1)

    def pos(day: dt.date) -> float:
        return round(100 * (day - first).days / span, 2)

    placed = tuple(Placed(e, pos(e.date), e.state(today)) for e in events)
    # The band covers the period's last day in full.
    band_end = min(pos(campaign.period.end + dt.timedelta(days=1)), 100.0)
    return TimelinePicture(
        events=placed,
        band_start=pos(campaign.period.start),
        band_end=band_end,
        today=pos(today) if campaign.period.start <= today <= campaign.period.end else None,
        first=first,
        last=last,
    )
