"""Open data: JSON (with JSON Schemas), CSV for Excel and an iCalendar file, deterministic and without private fields."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

import icalendar
from pydantic import BaseModel, ConfigDict, Field

from thidua.keys import Digest, hash_text
from thidua.model.data import KINDS, Campaign, Kind, SiteInfo, Text, Units
from thidua.model.dates import TimelineEvent
from thidua.model.text import excel_text
from thidua.publish.facts import BuildContext, timeline_with_results
from thidua.publish.pages import honouree_path
from thidua.store import Store

SCHEMA_VERSION = "1.0"
DATA_DIR = "du-lieu"


class Export(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Links(Export):
    vi: str = Field(description="Absolute URL of the Vietnamese page")
    en: str | None = Field(description="Absolute URL of the English page; null when the site is in Vietnamese only")


class PhotoLinks(Export):
    thumb_webp: str
    thumb_jpg: str
    page_webp: str
    page_jpg: str
    alt: Text


class NominationExport(Export):
    award_form: str
    proposed_by: str
    date: dt.date


class AwardExport(Export):
    award_form: str
    decision_number: str
    decision_date: dt.date


class HonoureeExport(Export):
    id: str
    kind: Kind
    name: Text = Field(description="A person's name is the same in both languages")
    position: Text
    unit: str
    citation: Text
    story: Text = Field(description="Markdown")
    achievements: list[Text]
    criteria: list[str]
    nomination: NominationExport | None
    award: AwardExport | None = Field(description="Set once the results are final and the honouree is awarded")
    published: dt.date
    sample: bool
    url: Links
    photo: PhotoLinks | None


class HonoureesFile(Export):
    schema_version: str
    honourees: list[HonoureeExport]


class CampaignFile(Export):
    schema_version: str
    url: Links
    site: SiteInfo = Field(description="The site: its name, languages, publisher and contact (data/site.yaml)")
    campaign: Campaign
    units: Units


class QuotaUse(Export):
    kind: Kind
    quota: int
    awarded: int = Field(description="Awarded by every decision of the award form together (the quota is the form's)")


class DecisionExport(Export):
    award_form: str
    award_form_name: Text
    number: str
    date: dt.date
    signer_name: str
    signer_authority: Text | None = Field(description="The delegation above the signer's title, e.g. KT. GIÁM ĐỐC")
    signer_title: Text
    awarded: list[str]
    quota_use: list[QuotaUse]


class ResultsFile(Export):
    schema_version: str
    status: Literal["pending", "final"]
    sample: bool
    url: Links
    decisions: list[DecisionExport]


EXPORT_MODELS: dict[str, type[BaseModel]] = {
    "campaign": CampaignFile,
    "honourees": HonoureesFile,
    "results": ResultsFile,
}


@dataclass(frozen=True)
class Download:
    """One file of /du-lieu/: its name, bytes and what it holds (an interface-text key)."""

    name: str
    content: bytes
    media_type: str
    describes: str

    @property
    def path(self) -> str:
        return f"{DATA_DIR}/{self.name}"

    @property
    def name_parts(self) -> list[str]:
        """The file name in the pieces a line may break between: before a dot, after a hyphen
        ("campaign", ".schema", ".json"), never inside a word."""
        return [part for part in re.split(r"(?=\.)|(?<=-)", self.name) if part]


def _links(ctx: BuildContext, path: str) -> Links:
    base = ctx.site_url.rstrip("/") + "/"
    return Links(vi=base + path, en=base + "en/" + path if "en" in ctx.site.languages else None)


# Fields added for a Department's campaigns (a unit's history, the site's former only campaign): left out of
# a file while unused, so a campaign's files read as before they existed (the schema lists them, optional).
_UNUSED_WHEN_EMPTY = {"units": ("former_names", "until", "merged_into"), "site": ("primary",)}


def _without_unused(data: dict) -> dict:
    for unit in (data.get("units") or {}).get("units", []) if isinstance(data.get("units"), dict) else []:
        for key in _UNUSED_WHEN_EMPTY["units"]:
            if unit.get(key) in (None, []):
                unit.pop(key, None)
    if isinstance(data.get("site"), dict):
        for key in _UNUSED_WHEN_EMPTY["site"]:
            if data["site"].get(key) is None:
                data["site"].pop(key, None)
    return data


def _json(model: BaseModel) -> bytes:
    data = _without_unused(model.model_dump(mode="json"))
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def honouree_record(ctx: BuildContext, hid: str) -> HonoureeExport:
    """One honouree as published: the `private` block is never part of it."""
    base = ctx.site_url.rstrip("/") + "/"
    h = ctx.site.honouree(hid)
    award = ctx.award(hid)
    photo = ctx.photos.get(hid)
    return HonoureeExport(
        id=hid,
        kind=h.kind,
        name=Text(vi=h.name, en=h.name) if isinstance(h.name, str) else h.name,
        position=h.position,
        unit=h.unit,
        citation=h.citation,
        story=h.story,
        achievements=h.achievements,
        criteria=h.criteria,
        nomination=NominationExport(**h.nomination.model_dump()) if h.nomination else None,
        award=AwardExport(
            award_form=award.awarded.id, decision_number=award.decision.number, decision_date=award.decision.date
        )
        if award.final and award.awarded
        else None,
        published=h.published,
        sample=h.sample,
        url=_links(ctx, honouree_path(hid)),
        photo=PhotoLinks(
            thumb_webp=base + photo.thumb.webp,
            thumb_jpg=base + photo.thumb.jpg,
            page_webp=base + photo.page.webp,
            page_jpg=base + photo.page.jpg,
            alt=h.photo.alt,
        )
        if photo
        else None,
    )


def honouree_records(ctx: BuildContext) -> list[HonoureeExport]:
    """Every honouree as published, in id order."""
    return [honouree_record(ctx, hid) for hid in sorted(dict(ctx.site.honourees))]


@dataclass(frozen=True)
class Row:
    """One honouree's part of the open data, as the very text the files hold (UTF-8): its record as honourees.json
    lists it (indented one level more) and its line of honourees.csv (Excel's formula guard, CRLF). A file of
    thousands of rows is then one join of the rows' bytes."""

    listed: bytes
    csv_line: bytes


def _csv_lines(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([excel_text(str(cell)) for cell in row] for row in rows)
    return buffer.getvalue()


def _row(record: HonoureeExport) -> Row:
    text = json.dumps(record.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True)
    cells = honouree_csv_row(record)
    return Row(("    " + text.replace("\n", "\n    ")).encode("utf-8"), _csv_lines([cells]).encode("utf-8"))


def honouree_rows(
    ctx: BuildContext, store: Store | None = None, digest: Digest | None = None, engine: str = "",
    keys: list[str] | None = None,
) -> list[Row]:
    """Every honouree's Row, in id order. With the build's store, a row made from the same inputs (the honouree,
    its award and photo, the site's address and languages, the engine) is taken from the rows the last build
    kept, all of them in one entry of the store (one read, not one per honouree), which is written again only
    when its rows are not exactly those of this build (`keys`: that entry's key, for the store's pruning)."""
    digest = digest or Digest()
    # The entry is named by what every row shares, so that a `mkdocs serve` (its own address) and a `mkdocs build`
    # of the same project each find their own rows instead of replacing each other's.
    slot = hash_text("export rows", engine, ctx.site_url, *ctx.site.languages) if store is not None else None
    kept = store.get_object(slot) if slot is not None else None
    kept = kept if isinstance(kept, dict) else {}
    rows, now = [], {}
    for hid in sorted(dict(ctx.site.honourees)):
        key = None
        if slot is not None:
            inputs = (hid, ctx.site.honouree(hid), ctx.award(hid), ctx.photos.get(hid), ctx.site_url, tuple(ctx.site.languages))
            key = hash_text("export row", engine, digest.of(inputs))
            row = kept.get(key)
            if isinstance(row, Row):
                rows.append(row)
                now[key] = row
                continue
        row = _row(honouree_record(ctx, hid))
        if key is not None:
            now[key] = row
        rows.append(row)
    if slot is not None:
        if now.keys() != kept.keys():  # a row's key is everything it is made from: the same keys, the same rows
            store.put_object(slot, now)
        if keys is not None:
            keys.append(slot)
    return rows


def honourees_json(rows: list[Row]) -> bytes:
    """honourees.json from the rows' texts: the same bytes as the whole file dumped at once (_json)."""
    if not rows:
        return _json(HonoureesFile(schema_version=SCHEMA_VERSION, honourees=[]))
    empty = json.dumps({"honourees": [], "schema_version": SCHEMA_VERSION}, ensure_ascii=False, indent=2, sort_keys=True)
    head, tail = empty.split('\n  "honourees": [],', 1)
    listed = b",\n".join(row.listed for row in rows)  # bytes: a join of thousands of records, not a copy of their text
    return (head + '\n  "honourees": [\n').encode("utf-8") + listed + ("\n  ]," + tail + "\n").encode("utf-8")


def quota_use(ctx: BuildContext, form_id: str) -> list[QuotaUse]:
    """How much of a form's quota its decisions use, all of them together."""
    form = ctx.site.campaign.award_form(form_id)
    awarded = [hid for d in ctx.site.results.decisions if d.award_form == form_id for hid in d.awarded]
    kinds = [ctx.site.honouree(hid).kind for hid in awarded]
    return [QuotaUse(kind=k, quota=form.quota.of(k), awarded=kinds.count(k)) for k in KINDS]


def results_file(ctx: BuildContext) -> ResultsFile:
    results = ctx.site.results
    decisions = []
    if ctx.site.final_results is not None:
        for d in sorted(results.decisions, key=lambda d: (d.date, d.award_form, d.number)):
            form = ctx.site.campaign.award_form(d.award_form)
            decisions.append(
                DecisionExport(
                    award_form=d.award_form,
                    award_form_name=form.name,
                    number=d.number,
                    date=d.date,
                    signer_name=d.signer.name,
                    signer_authority=d.signer.authority,
                    signer_title=d.signer.title,
                    awarded=list(d.awarded),
                    quota_use=quota_use(ctx, d.award_form),
                )
            )
    return ResultsFile(
        schema_version=SCHEMA_VERSION,
        status=results.status if results else "pending",
        sample=results.sample if results else False,
        url=_links(ctx, "ket-qua/"),
        decisions=decisions,
    )


def _csv(header: list[str], rows: list[list[str]], lines: bytes = b"") -> bytes:
    """CSV that Excel opens right by double-click: UTF-8 with a byte order mark, CRLF line ends, no cell a formula.
    `lines`: rows written already (_csv_lines), after `rows`."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(header)
    return b"\xef\xbb\xbf" + (buffer.getvalue() + _csv_lines(rows)).encode("utf-8") + lines


HONOUREE_COLUMNS = [
    "Mã (ID)", "Loại (Kind)", "Tên (Name)", "Tên tiếng Anh (Name in English)", "Chức vụ (Position)",
    "Position (English)", "Đơn vị (Unit)", "Thành tích (Citation)", "Citation (English)",
    "Tiêu chuẩn đạt (Criteria met)", "Đề nghị khen thưởng (Nominated for)", "Đơn vị đề nghị (Proposed by)",
    "Ngày đề nghị (Nomination date)", "Khen thưởng (Award)", "Số quyết định (Decision No.)",
    "Ngày đăng (Published)", "Dữ liệu mẫu (Sample)", "Trang (Page, vi)", "Page (en)",
]  # fmt: skip

RESULT_COLUMNS = [
    "Hình thức khen thưởng (Award form)", "Tên hình thức (Award form name)", "Số quyết định (Decision No.)",
    "Ngày quyết định (Decision date)", "Người ký (Signed by)", "Mã (Honouree ID)", "Tên (Name)",
    "Loại (Kind)", "Đơn vị (Unit)", "Dữ liệu mẫu (Sample)",
]  # fmt: skip


def honouree_csv_row(r: HonoureeExport) -> list[str]:
    """One honouree's row. An English column is empty where the text has no English (never the
    Vietnamese in its place: a reader must be able to tell); a person's name is the same in both."""
    return [
        r.id, r.kind, r.name.vi, r.name.en or "", r.position.vi, r.position.en or "", r.unit,
        r.citation.vi, r.citation.en or "", " ".join(r.criteria),
        r.nomination.award_form if r.nomination else "", r.nomination.proposed_by if r.nomination else "",
        r.nomination.date.isoformat() if r.nomination else "", r.award.award_form if r.award else "",
        r.award.decision_number if r.award else "", r.published.isoformat(), "x" if r.sample else "",
        r.url.vi, r.url.en or "",
    ]  # fmt: skip


def honourees_csv(ctx: BuildContext, records: list[HonoureeExport] | None = None, rows: list[Row] | None = None) -> bytes:
    """One row per honouree (honouree_csv_row), from the rows made already when given."""
    if rows is not None:
        return _csv(HONOUREE_COLUMNS, [], b"".join(row.csv_line for row in rows))
    return _csv(HONOUREE_COLUMNS, [honouree_csv_row(r) for r in records or []])


def signer_line(d: DecisionExport) -> str:
    """The signer on one line, in Vietnamese: "KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC Nguyễn Văn M"."""
    authority = ", ".join(d.signer_authority.vi.splitlines()) + ", " if d.signer_authority else ""
    return f"{authority}{d.signer_title.vi} {d.signer_name}"


def results_csv(ctx: BuildContext, results: ResultsFile) -> bytes:
    rows = []
    for d in results.decisions:
        for hid in d.awarded:
            h = ctx.site.honouree(hid)
            rows.append([
                d.award_form, d.award_form_name.vi, d.number, d.date.isoformat(),
                signer_line(d), hid, h.display_name("vi"), h.kind, h.unit,
                "x" if results.sample else "",
            ])  # fmt: skip
    return _csv(RESULT_COLUMNS, rows)


def timeline_ics(ctx: BuildContext, events: list[TimelineEvent]) -> bytes:
    """The campaign's events as all-day iCalendar events (RFC 5545), summaries in Vietnamese, stable UIDs.

    The calendar is named after the site (data/site.yaml); the UIDs are `<event>.<slug>@<site host>`,
    unique to the campaign and its address.
    """
    info = ctx.site.info
    host = urlsplit(ctx.site_url).hostname or "localhost"
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{info.publisher.name.vi}//{info.name.vi}//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", info.name.vi)
    for event in events:
        item = icalendar.Event()
        item.add("uid", f"{event.id}.{info.slug}@{host}")
        # DTSTAMP is the build date (SOURCE_DATE_EPOCH when set): the file is reproducible.
        item.add("dtstamp", dt.datetime.combine(ctx.today, dt.time(0, 0), tzinfo=dt.timezone.utc))
        item.add("dtstart", event.date)
        item.add("dtend", event.date + dt.timedelta(days=1))
        item.add("summary", event.title.vi)
        description = event.description.vi if event.description else ""
        # The English title too, when the site publishes English and every part of it is translated.
        if "en" in ctx.site.languages and event.title.is_translated("en"):
            description = (description + "\n" if description else "") + event.title.get("en")
        if description:
            item.add("description", description)
        item.add("url", ctx.site_url.rstrip("/") + "/thoi-gian/")
        item.add("transp", "TRANSPARENT")
        cal.add_component(item)
    return cal.to_ical()


@functools.lru_cache(maxsize=None)  # the export models' schema is the code's: made once per process (serve rebuilds)
def schema_json(name: str) -> bytes:
    model = EXPORT_MODELS[name]
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{name}.schema.json",
        **model.model_json_schema(mode="serialization"),
    }
    return (json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def downloads(ctx: BuildContext, store: Store | None = None, digest: Digest | None = None, engine: str = "") -> list[Download]:
    """Every open-data file, in the order the /du-lieu/ page lists them. With the build's store: the files made
    by an earlier build from the very same facts (BuildContext.key) when there are, else made, each honouree's
    row through the store (honouree_rows)."""
    if store is None or digest is None:
        return _downloads(ctx)
    key = hash_text("open data", engine, ctx.key(digest))
    kept = store.get_object(key)
    if isinstance(kept, tuple) and len(kept) == 2 and all(isinstance(item, Download) for item in kept[0]):
        made, row_keys = kept
        for row_key in row_keys:  # still used: a build after an edit takes the unchanged rows from the store
            store.mark_used(row_key)
        return made
    row_keys: list[str] = []
    made = _downloads(ctx, store, digest, engine, row_keys)
    store.put_object(key, (made, row_keys))
    return made


def _downloads(
    ctx: BuildContext, store: Store | None = None, digest: Digest | None = None, engine: str = "",
    row_keys: list[str] | None = None,
) -> list[Download]:
    campaign = CampaignFile(
        schema_version=SCHEMA_VERSION, url=_links(ctx, ""), site=ctx.site.info, campaign=ctx.site.campaign, units=ctx.site.units
    )
    rows = honouree_rows(ctx, store, digest, engine, row_keys)
    results = results_file(ctx)
    events = timeline_with_results(ctx.site)
    return [
        Download("campaign.json", _json(campaign), "application/json", "data.campaign_json"),
        Download("honourees.json", honourees_json(rows), "application/json", "data.honourees_json"),
        Download("results.json", _json(results), "application/json", "data.results_json"),
        Download("honourees.csv", honourees_csv(ctx, rows=rows), "text/csv", "data.honourees_csv"),
        Download("results.csv", results_csv(ctx, results), "text/csv", "data.results_csv"),
        Download("timeline.ics", timeline_ics(ctx, events), "text/calendar", "data.timeline_ics"),
        Download("campaign.schema.json", schema_json("campaign"), "application/schema+json", "data.schema"),
        Download("honourees.schema.json", schema_json("honourees"), "application/schema+json", "data.schema"),
        Download("results.schema.json", schema_json("results"), "application/schema+json", "data.schema"),
    ]
