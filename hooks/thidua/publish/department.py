"""A Department's archive home: its pages and their views, the directory of everyone honoured, and the
files that join every campaign's (honourees, calendar, feeds), made from the campaigns' built folders.

Each campaign is built on its own, exactly as a site of one campaign, under /<slug>/
(thidua.publish.campaigns); what is here is the Department's layer above them: /, /ton-vinh/,
/du-lieu/, /gioi-thieu/, in every language the Department publishes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

import icalendar
from pydantic import Field

from thidua.model.data import SiteInfo, Text
from thidua.model.dates import Status, campaign_status
from thidua.model.department import Department
from thidua.model.languages import lang_root
from thidua.model.site import SiteData
from thidua.model.story import StoryRenderer
from thidua.model.strings import t
from thidua.publish.exports import DATA_DIR, Export, HonoureeExport, HonoureesFile
from thidua.publish.facts import timeline_with_results
from thidua.publish.pages import PageSpec, honouree_order

# The Department's pages (ARCHITECTURE.md, "URL map"): each campaign's pages are beneath /<slug>/.
DEPARTMENT_PAGES = (
    PageSpec("archive_home", "", "thidua/department/home.html"),
    PageSpec("everyone", "ton-vinh/", "thidua/department/everyone.html"),
    PageSpec("department_data", "du-lieu/", "thidua/department/data.html"),
    PageSpec("department_about", "gioi-thieu/", "thidua/department/about.html"),
)
# The navigation of the archive home (mkdocs.yml's nav is a campaign's); the English titles are the
# i18n plugin's nav_translations.
NAV = [
    {"Trang chủ": "index.md"},
    {"Tôn vinh": "ton-vinh/index.md"},
    {"Dữ liệu mở": "du-lieu/index.md"},
    {"Giới thiệu": "gioi-thieu/index.md"},
]
EVERYONE_INDEX = "ton-vinh/danh-sach.json"  # the directory's entries, loaded by the page's script
CAMPAIGN_COLUMN = "Đợt thi đua (Campaign)"  # the joined CSV's first column: the campaign's id (its /<slug>/)
SCHEMA_VERSION = "2.0"  # the joined files: a campaign column over the campaign's files (1.0)


def department_nav() -> list[dict]:
    return [dict(item) for item in NAV]


def department_pages() -> list[PageSpec]:
    return list(DEPARTMENT_PAGES)


# --- the campaigns, as the home lists them ------------------------------------------------------


@dataclass(frozen=True)
class CampaignEntry:
    """One campaign on the archive home."""

    slug: str
    name: Text
    start: dt.date
    end: dt.date
    status: Status
    honourees: int
    awards: int
    plan_kind: Text
    plan_number: str | None
    plan_date: dt.date | None
    languages: tuple[str, ...]

    def href(self, lang: str) -> str:
        """Its home, from this language's root (a Vietnamese-only campaign's home in either language)."""
        return f"{self.slug}/{lang_root(lang) if lang in self.languages else ''}"


def _awards(site: SiteData) -> int:
    results = site.final_results
    return sum(len(decision.awarded) for decision in results.decisions) if results else 0


def campaign_entries(department: Department, today: dt.date) -> list[CampaignEntry]:
    """The campaigns, newest first."""
    out = []
    for slug, site in department.newest_first():
        doc = site.campaign.document
        out.append(
            CampaignEntry(
                slug=slug,
                name=site.info.name,
                start=site.campaign.period.start,
                end=site.campaign.period.end,
                status=campaign_status(site.campaign, today),
                honourees=len(site.honourees),
                awards=_awards(site),
                plan_kind=doc.kind,
                plan_number=doc.number,
                plan_date=doc.date,
                languages=site.languages,
            )
        )
    return out


@dataclass(frozen=True)
class Upcoming:
    """A date still to come in one of the campaigns."""

    date: dt.date
    campaign: CampaignEntry
    title: object  # Text or Phrase
    href: str  # the campaign's timeline page, from the language's root


def upcoming(department: Department, entries: list[CampaignEntry], today: dt.date, lang: str, limit: int = 12) -> list[Upcoming]:
    """The campaigns' dates from today on, the soonest first."""
    by_slug = {entry.slug: entry for entry in entries}
    found: list[Upcoming] = []
    for slug, site in department.campaigns:
        entry = by_slug[slug]
        for event in timeline_with_results(site):
            if event.date >= today:
                found.append(Upcoming(event.date, entry, event.title, f"{entry.href(lang)}thoi-gian/"))
    return sorted(found, key=lambda item: (item.date, item.campaign.slug))[:limit]


# --- views -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentView:
    """What every page of the archive home knows."""

    page_kind: str
    lang: str
    info: object  # SiteInfo of the Department
    today: dt.date
    campaigns: tuple[CampaignEntry, ...]
    sample: bool  # some campaign shows sample honourees


@dataclass(frozen=True)
class ArchiveHomeView(DepartmentView):
    years: tuple[tuple[int, tuple[CampaignEntry, ...]], ...] = ()
    upcoming: tuple[Upcoming, ...] = ()


@dataclass(frozen=True)
class EveryoneView(DepartmentView):
    index: str = EVERYONE_INDEX
    years: tuple[int, ...] = ()
    units: tuple[tuple[str, Text], ...] = ()


@dataclass(frozen=True)
class DepartmentDataView(DepartmentView):
    files: tuple[tuple[str, str], ...] = ()  # (file name, what it holds: an interface-text key)


@dataclass(frozen=True)
class DepartmentAboutView(DepartmentView):
    about_html: object = None  # data/site.yaml's about, rendered (Markdown), or None: a sentence from the name
    about_untranslated: bool = False


DEPARTMENT_JSON = "department.json"
JOINED_FILES = (
    (DEPARTMENT_JSON, "dept.data.department_json"),
    ("honourees.json", "data.honourees_json"),
    ("honourees.csv", "data.honourees_csv"),
    ("timeline.ics", "data.timeline_ics"),
    ("honourees.schema.json", "data.schema"),
)


def department_view(department: Department, spec: PageSpec, lang: str, today: dt.date) -> DepartmentView:
    entries = tuple(campaign_entries(department, today))
    sample = any(h.sample for _, site in department.campaigns for _, h in site.honourees)
    common = dict(page_kind=spec.kind, lang=lang, info=department.info, today=today, campaigns=entries, sample=sample)
    if spec.kind == "archive_home":
        years: dict[int, list[CampaignEntry]] = {}
        for entry in entries:
            years.setdefault(entry.start.year, []).append(entry)
        return ArchiveHomeView(
            **common,
            years=tuple((year, tuple(items)) for year, items in years.items()),
            upcoming=tuple(upcoming(department, list(entries), today, lang)),
        )
    if spec.kind == "everyone":
        units = {unit.id: unit.name for unit in department.units.units}
        for _, site in department.campaigns:
            for unit in site.units.units:
                units.setdefault(unit.id, unit.name)
        return EveryoneView(
            **common,
            years=tuple(sorted({entry.start.year for entry in entries}, reverse=True)),
            units=tuple(sorted(units.items(), key=lambda item: item[1].vi)),
        )
    if spec.kind == "department_data":
        return DepartmentDataView(**common, files=JOINED_FILES)
    about = department.info.about
    return DepartmentAboutView(
        **common,
        about_html=StoryRenderer().render(about.get(lang)) if about else None,
        about_untranslated=bool(about and not about.is_translated(lang)),
    )


# --- the directory of everyone -----------------------------------------------------------------------


def everyone_index(department: Department, languages: tuple[str, ...]) -> bytes:
    """The entries the directory page filters (state in its address), small enough for a phone: one
    list per campaign of [id, name by language, kind, unit id, award form's short name by language]."""
    campaigns = []
    for slug, site in department.newest_first():
        awarded: dict[str, str] = {}
        results = site.final_results
        for decision in results.decisions if results else ():
            for hid in decision.awarded:
                awarded.setdefault(hid, decision.award_form)
        forms = {form.id: {lang: form.short_name.get(lang) for lang in languages} for form in site.campaign.award_forms}
        people = []
        for hid in honouree_order(site):
            h = site.honouree(hid)
            people.append(
                [hid, {lang: h.display_name(lang) for lang in languages}, h.kind, h.unit, awarded.get(hid, ""), bool(h.sample)]
            )
        campaigns.append(
            {
                "slug": slug,
                "name": {lang: site.info.name.get(lang) for lang in languages},
                "year": site.campaign.period.start.year,
                "languages": list(site.languages),
                "forms": forms,
                "honourees": people,
            }
        )
    units = {}
    for _, site in department.campaigns:
        for unit in site.units.units:
            units.setdefault(unit.id, {lang: unit.name.get(lang) for lang in languages})
    data = {"schema_version": SCHEMA_VERSION, "campaigns": campaigns, "units": units}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


# --- files joined from the campaigns' built folders ------------------------------------------------


class CampaignHonouree(HonoureeExport):
    campaign: str = Field(description="The campaign's id: its address is /<campaign>/ (campaigns[].slug)")


class CampaignRef(Export):
    slug: str
    name: Text
    url: str = Field(description="Absolute URL of the campaign's home")
    data: str = Field(description="Absolute URL of the campaign's own open data (schema_version 1.0)")


class DepartmentFile(Export):
    schema_version: str
    site: SiteInfo = Field(description="The Department's site: its name, languages, publisher and contact (data/site.yaml)")
    campaigns: list[CampaignRef]


class DepartmentHonoureesFile(Export):
    schema_version: str = Field(description="2.0: every campaign's honourees.json (1.0) together, with a campaign field")
    campaigns: list[CampaignRef]
    honourees: list[CampaignHonouree]


def _dumps(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def joined_files(department: Department, built: dict[str, Path], site_url: str) -> dict[str, bytes]:
    """/du-lieu/'s joined files and the feeds, from each campaign's built folder (`built`: slug -> folder):
    the same records as the campaigns' own files, read back and checked against their models."""
    base = site_url.rstrip("/") + "/"
    refs, people, header, rows = [], [], None, []
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{department.info.publisher.name.vi}//{department.info.name.vi}//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", department.info.name.vi)
    for slug, site in department.newest_first():
        folder = built[slug] / DATA_DIR
        refs.append(CampaignRef(slug=slug, name=site.info.name, url=f"{base}{slug}/", data=f"{base}{slug}/{DATA_DIR}/"))
        own = HonoureesFile.model_validate_json((folder / "honourees.json").read_bytes())
        people += [CampaignHonouree(campaign=slug, **record.model_dump()) for record in own.honourees]
        reader = csv.reader(io.StringIO((folder / "honourees.csv").read_text(encoding="utf-8-sig")))
        head, *body = list(reader)
        header = [CAMPAIGN_COLUMN, *head]
        rows += [[slug, *row] for row in body]
        for component in icalendar.Calendar.from_ical((folder / "timeline.ics").read_bytes()).walk("VEVENT"):
            calendar.add_component(component)
    joined = DepartmentHonoureesFile(schema_version=SCHEMA_VERSION, campaigns=refs, honourees=people)
    about = DepartmentFile(schema_version=SCHEMA_VERSION, site=department.info, campaigns=refs)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header or [CAMPAIGN_COLUMN])
    writer.writerows(rows)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "honourees.schema.json",
        **DepartmentHonoureesFile.model_json_schema(mode="serialization"),
    }
    files = {
        f"{DATA_DIR}/honourees.json": _dumps(joined.model_dump(mode="json")),
        # What the Department's site is (its archive's bag-info.txt reads it, as a campaign's reads campaign.json).
        f"{DATA_DIR}/{DEPARTMENT_JSON}": _dumps(about.model_dump(mode="json", exclude_none=True)),
        # With a byte-order mark, as the campaigns' own: Excel on Windows reads it as UTF-8.
        f"{DATA_DIR}/honourees.csv": ("\ufeff" + out.getvalue()).encode("utf-8"),
        f"{DATA_DIR}/timeline.ics": calendar.to_ical(),
        f"{DATA_DIR}/honourees.schema.json": _dumps(schema),
    }
    for lang in department.languages:
        files[f"{lang_root(lang)}ton-vinh/feed.xml"] = joined_feed(department, built, site_url, lang)
    return files


ATOM = "http://www.w3.org/2005/Atom"


def joined_feed(department: Department, built: dict[str, Path], site_url: str, lang: str) -> bytes:
    """One Atom feed of every campaign's stories in `lang` (a Vietnamese-only campaign's in Vietnamese),
    newest first, from the campaigns' own feeds."""
    ET.register_namespace("", ATOM)
    root_url = site_url.rstrip("/") + "/" + lang_root(lang)
    entries = []
    for slug, site in department.campaigns:
        own = lang_root(lang) if lang in site.languages else ""
        path = built[slug] / own / "ton-vinh" / "feed.xml"
        if not path.exists():
            continue
        for entry in ET.parse(path).getroot().findall(f"{{{ATOM}}}entry"):
            entries.append((entry.findtext(f"{{{ATOM}}}published") or "", entry.findtext(f"{{{ATOM}}}id") or "", entry))
    entries.sort(key=lambda item: (item[0], item[1]), reverse=True)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = root_url + "ton-vinh/"
    ET.SubElement(feed, f"{{{ATOM}}}title").text = t(lang, "dept.feed.title", name=department.info.name.get(lang))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": root_url + "ton-vinh/feed.xml"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": root_url + "ton-vinh/"})
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = entries[0][0] if entries else "1970-01-01T00:00:00+07:00"
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = department.info.publisher.name.get(lang)
    for _, _, entry in entries:
        feed.append(entry)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
