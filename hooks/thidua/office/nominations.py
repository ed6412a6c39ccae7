"""From nomination sheet rows to honouree files: every row checked, ids chosen, nothing written until all is well."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from openpyxl.utils.datetime import from_excel
from pydantic import ValidationError

from thidua.load.images import check_image, photo_problem
from thidua.load.stories import photo_names
from thidua.model.data import KINDS, Honouree
from thidua.model.languages import LANGUAGES
from thidua.model.problems import Msg
from thidua.model.site import SiteData
from thidua.model.story import MAX_STORY_CHARS, StoryRenderer
from thidua.model.strings import t
from thidua.model.text import fold
from thidua.office.honouree_files import base_id, free_id, render
from thidua.office.placeholder import initials
from thidua.office.placeholder import render as render_placeholder
from thidua.office.sheet import Sheet, SheetRow, header, kind_label
from thidua.office.transaction import write_all

Status = Literal["new", "updated", "unchanged"]
# libyaml's safe loader when PyYAML has it (about ten times faster on a thousand existing files).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DATE_RE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# Yes and no in a cell (folded): the drop-down's Có / Không, and what a clerk may type instead.
_YES = {"co", "c", "x", "yes", "y", "true", "1"}
_NO = {"khong", "k", "no", "n", "false", "0"}
# Columns the sheet owns in a honouree file; everything else is kept on update (the criteria and
# "featured" too, when their cells are empty).
_OWNED = ("kind", "name", "position", "unit", "citation", "story", "achievements", "nomination")


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one cell of the sheet (row 0: the sheet as a whole)."""

    sheet: str
    row: int
    column: str
    msg: Msg
    hint: Msg | None = None

    def format(self, lang: str = "vi") -> str:
        if self.row:
            where = Msg.of("error.sheet.where", sheet=self.sheet, row=self.row, column=self.column).render(lang)
        else:
            where = self.sheet
        text = f"{where}: {self.msg.render(lang)}"
        return f"{text} ({self.hint.render(lang)})" if self.hint else text


@dataclass
class Planned:
    """What importing one valid row does: its honouree id, and the files to write (none when unchanged)."""

    row: int
    id: str
    name: str
    status: Status
    honouree: Honouree
    files: list[tuple[Path, bytes]] = field(default_factory=list)


@dataclass
class ImportPlan:
    """The outcome of checking a whole sheet: the valid rows' plans and every problem found."""

    planned: list[Planned] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def invalid_rows(self) -> set[int]:
        return {p.row for p in self.problems}

    def files(self) -> list[tuple[Path, bytes]]:
        return [f for p in self.planned for f in p.files]


def parse_date(value: object) -> dt.date | None:
    """A date from a cell: a date, an Excel day number, or text like 16/04/2021 or 2021-04-16; None if none."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 100_000:
        converted = from_excel(value)
        return converted.date() if isinstance(converted, dt.datetime) else None
    if isinstance(value, str):
        text = value.strip()
        for pattern, order in ((_DATE_RE, (2, 1, 0)), (_ISO_RE, (0, 1, 2))):
            match = pattern.match(text)
            if match:
                parts = [int(g) for g in match.groups()]
                try:
                    return dt.date(parts[order[0]], parts[order[1]], parts[order[2]])
                except ValueError:
                    return None
    return None


def _text(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en} if en else {"vi": vi}


def _alt(given: str, name: str) -> dict[str, str]:
    """The photo's alt text: the sheet's description, else "Photo of <name>" in both languages."""
    if given:
        return {"vi": given}
    return {lang: t(lang, "import.photo_alt", name=name) for lang in LANGUAGES}


def _bare(text: str) -> str:
    """A criterion's label without the punctuation the plan ends it with (";", ".")."""
    return text.strip().rstrip(" ;.,:")


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.split("\n") if line.strip()]


def _same(a: Any, b: Any) -> bool:
    return isinstance(a, str) and isinstance(b, str) and a.strip() == b.strip()


def _merge(old: Any, new: Any) -> Any:
    """`new`, keeping what the sheet leaves out: the old English of an unchanged Vietnamese text, old spacing."""
    if _same(old, new):
        return old
    if isinstance(old, dict) and isinstance(new, dict):
        if set(new) <= set(LANGUAGES) and _same(old.get("vi"), new.get("vi")):
            return {**old, **{k: _merge(old.get(k), v) for k, v in new.items()}}
        return {k: _merge(old.get(k), v) for k, v in new.items()}
    if isinstance(old, list) and isinstance(new, list):
        return [_merge(old[i] if i < len(old) else None, item) for i, item in enumerate(new)]
    return new


class _Lookup:
    """Sheet labels (names, short names, ids; any case, with or without diacritics) to ids.

    Each id's first label is how the sheet's drop-down list shows it, used in suggestions.
    """

    def __init__(self, pairs: list[tuple[str, list[str | None]]]):
        self.ids = [i for i, _ in pairs]
        self.display = {i: labels[0] or i for i, labels in pairs}
        self.labels: dict[str, str] = {}
        for id_, labels in pairs:
            for label in [id_, *labels]:
                if label:
                    self.labels.setdefault(fold(label), id_)

    def find(self, value: str) -> str | None:
        return self.labels.get(fold(value))

    def close(self, value: str) -> str | None:
        match = difflib.get_close_matches(fold(value), list(self.labels), n=1, cutoff=0.75)
        return match[0] if match else None


# The cells every row must fill in.
REQUIRED = ("kind", "name", "position", "unit", "award_form", "date", "citation", "achievements", "story")


@dataclass(frozen=True)
class _Cells:
    """One row's cells read: ids and dates where the sheet names them (None where it does not)."""

    kind: str | None
    name: str
    unit: str | None
    award_form: str | None
    proposed_by: str | None
    date: dt.date | None
    date_of_birth: dt.date | None
    achievements: list[str]
    achievements_en: list[str]
    criteria: list[str] | None = None  # None: the cell is empty (an update keeps the file's)
    featured: bool | None = None

    @property
    def complete(self) -> bool:
        return None not in (self.kind, self.unit, self.award_form, self.proposed_by, self.date)

    @property
    def identity(self) -> tuple[str, str, str]:
        """Who the row names: (kind, folded Vietnamese name, unit), as existing honourees are matched."""
        return _identity(self.kind, self.name, self.unit)


def _identity(kind: str, name: str, unit: str) -> tuple[str, str, str]:
    return kind, fold(name), unit


class _Planner:
    def __init__(self, sheet: Sheet, site: SiteData, data_dir: Path, update: bool):
        self.sheet, self.site, self.data_dir, self.update = sheet, site, Path(data_dir), update
        self.name = sheet.path.name
        campaign, units = site.campaign, site.units
        self.units = _Lookup([(u.id, [u.name.vi, u.name.en, u.short_name.vi if u.short_name else None, u.short_name.en if u.short_name else None]) for u in units.units])
        self.forms = _Lookup([(f.id, [f.name.vi, f.name.en, f.short_name.vi, f.short_name.en]) for f in campaign.award_forms])
        self.kinds = _Lookup([(k, [kind_label(k, lang) for lang in LANGUAGES]) for k in KINDS])
        self.unit_names = {u.id: u.name.vi for u in units.units}
        self._names = {**self.unit_names, **{f.id: f.name.vi for f in campaign.award_forms}}
        # existing honourees by identity: (kind, folded Vietnamese name, unit) -> id
        self.existing = dict(site.honourees)
        self.identity = {_identity(h.kind, h.display_name("vi"), h.unit): hid for hid, h in site.honourees}
        self.claimed: dict[str, int] = {}  # id -> row that takes it
        self.seen: dict[tuple, int] = {}  # identity -> first row
        # every row's nomination as the quotas count it: (row, (form, kind, proposing unit), existing id)
        self.nominations: list[tuple[int, tuple[str, str, str], str | None]] = []
        self.plan = ImportPlan()
        self._renderer: StoryRenderer | None = None  # made on first use (stories checked like thidua check does)
        self._photo_names: dict[str, str] = {}

    def problem(self, row: SheetRow, key: str, msg: Msg, hint: Msg | None = None) -> None:
        column = self.sheet.headers.get(key) or header(key, "vi")
        self.plan.problems.append(RowProblem(self.name, row.number, column, msg, hint))

    def _resolve(self, row: SheetRow, key: str, lookup: _Lookup, what: str) -> str | None:
        """The id a filled cell names; None when the cell is empty or names nothing known (reported)."""
        if row.values.get(key) is None:
            return None
        value = row.text(key)
        found = lookup.find(value)
        if found is None:
            close = lookup.close(value)
            label = lookup.display[lookup.labels[close]] if close else None
            hint = Msg.of("error.sheet.pick.close", close=label) if label else Msg.of("error.sheet.pick")
            self.problem(row, key, Msg.of(f"error.sheet.unknown_{what}", value=value), hint)
        return found

    def _date(self, row: SheetRow, key: str) -> dt.date | None:
        """The date in a filled cell; None when the cell is empty or holds no date (reported)."""
        value = row.values.get(key)
        if value is None:
            return None
        day = parse_date(value)
        if day is None:
            self.problem(row, key, Msg.of("error.sheet.not_a_date", value=row.text(key)), Msg.of("error.sheet.not_a_date.hint"))
        return day

    # --- one row, step by step: read its cells, find its id, make its file -----------------------

    def check_row(self, row: SheetRow) -> None:
        """Plan one row: its cells checked, its id chosen, its honouree file and photo made in memory.

        Every check runs whatever the others found (a row's bad date does not hide its missing photo or
        its unit going over a quota): the clerk fixes the sheet once.
        """
        before = len(self.plan.problems)
        cells = self._read(row)
        known = cells.kind is not None and cells.unit is not None and bool(cells.name)
        if known and self._is_repeated(row, cells):
            return
        self._count_nomination(row, cells)
        if len(self.plan.problems) > before or not cells.complete:
            self._check_photo_cell(row)
            return
        hid = self._choose_id(cells.name, cells.identity)
        existing_file = self.data_dir / "honourees" / f"{hid}.yaml"
        old = yaml.load(existing_file.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) if hid in self.existing else None
        photo, photo_files = self._photo(row, hid, cells.name, cells.kind, old)
        if photo is None:
            return
        data = self._file_data(row, cells, photo, old)
        honouree = self._validate(row, data)
        if honouree is not None and self._story_allowed(row, honouree):
            self._plan(row, hid, cells.name, honouree, data, old, existing_file, list(photo_files))

    def _count_nomination(self, row: SheetRow, cells: _Cells) -> None:
        """Remember the row's nomination for the quotas: every row whose form, kind and proposing unit are
        known counts, with or without other problems (it will count once they are fixed)."""
        if None in (cells.kind, cells.award_form, cells.proposed_by):
            return
        form = self.site.campaign.award_form(cells.award_form)
        if form is None or not form.admits(cells.kind):
            return
        existing = self.identity.get(cells.identity) if cells.unit is not None else None
        self.nominations.append((row.number, (cells.award_form, cells.kind, cells.proposed_by), existing))

    def _check_photo_cell(self, row: SheetRow) -> None:
        """The photo a row names can be found and read (for a row not planned further)."""
        given = row.text("photo")
        if not given:
            return
        source, in_photos = self.sheet.path.parent / given, self.data_dir / "photos" / given
        if "/" in given or "\\" in given or not (source.is_file() or in_photos.is_file()):
            self.problem(row, "photo", Msg.of("error.sheet.photo_not_found", file=given), Msg.of("error.sheet.photo_not_found.hint"))
            return
        problem = check_image(source if source.is_file() else in_photos)
        if problem is not None:
            self.problem(row, "photo", Msg.of("error.photo_unreadable", file=given, problem=problem), Msg.of("error.photo_unreadable.hint"))

    def _read(self, row: SheetRow) -> _Cells:
        """The row's cells as ids, dates and lines; every problem with them reported."""
        for key in REQUIRED:
            if row.values.get(key) is None:
                self.problem(row, key, Msg.of("error.sheet.missing"), Msg.of("error.sheet.missing.hint"))
        kind = self._resolve(row, "kind", self.kinds, "kind")
        unit = self._resolve(row, "unit", self.units, "unit")
        form_id = self._resolve(row, "award_form", self.forms, "award_form")
        proposed_by = self._resolve(row, "proposed_by", self.units, "unit") if row.values.get("proposed_by") is not None else unit
        form = self.site.campaign.award_form(form_id) if form_id else None
        if form is not None and kind is not None and not form.admits(kind):
            self.problem(
                row,
                "award_form",
                Msg.of("error.sheet.kind_not_admitted", form=form.name.vi, kind=Msg.of(f"error.kind.{kind}.other")),
                Msg.of("error.sheet.kind_not_admitted.hint"),
            )
        date = self._date(row, "date")
        start = self.site.campaign.period.start
        if date is not None and date < start:
            self.problem(row, "date", Msg.of("error.nominated_before_start", date=date, start=start), Msg.of("error.nominated_before_start.hint"))
        date_of_birth = self._date(row, "date_of_birth")
        name = row.text("name")
        if kind == "individual" and row.values.get("name_en") is not None:
            self.problem(row, "name_en", Msg.of("error.person_name_translated"), Msg.of("error.sheet.name_en_for_person.hint"))
        if name and not base_id(name):
            self.problem(row, "name", Msg.of("error.sheet.no_letters"), Msg.of("error.sheet.no_letters.hint"))
        achievements, achievements_en = _lines(row.text("achievements")), _lines(row.text("achievements_en"))
        if achievements_en and len(achievements_en) != len(achievements):
            self.problem(
                row,
                "achievements_en",
                Msg.of("error.sheet.lines_mismatch", en=len(achievements_en), vi=len(achievements)),
                Msg.of("error.sheet.lines_mismatch.hint"),
            )
        criteria = self._criteria(row, kind)
        featured = self._yes_no(row, "featured")
        return _Cells(kind, name, unit, form_id, proposed_by, date, date_of_birth, achievements, achievements_en, criteria, featured)

    def _criteria(self, row: SheetRow, kind: str | None) -> list[str] | None:
        """The criteria a filled cell names, in the plan's order; None when the cell is empty or the kind
        unknown. Each line of the cell is a criterion (its id, its text, or the list's "id: text"), or
        ids separated by commas; "all criteria" names every criterion of the kind."""
        if row.values.get("criteria") is None or kind is None:
            return None
        criteria = self.site.campaign.criteria
        own = [c.id for c in criteria.of(kind).items]
        other_kind = "individual" if kind == "collective" else "collective"
        lookup, other = (
            _Lookup([(c.id, [_bare(x) for x in (f"{c.id}: {c.text.vi}", c.text.vi, c.text.en or "")]) for c in criteria.of(k).items])
            for k in (kind, other_kind)
        )
        everything = {fold(t(lang, "sheet.criteria.all")) for lang in LANGUAGES} | {fold(t(lang, "sheet.criteria.every")) for lang in LANGUAGES}
        found: set[str] = set()
        for line in _lines(row.text("criteria")):
            if fold(_bare(line)) in everything:
                found.update(own)
                continue
            whole = lookup.find(_bare(line)) or other.find(_bare(line))
            pieces = [line] if whole else [p for p in re.split(r"[,;]", line) if p.strip()]
            for piece in pieces:
                piece = _bare(piece)
                cid = lookup.find(piece)
                if cid is not None:
                    found.add(cid)
                elif (wrong := other.find(piece)) is not None:
                    self.problem(
                        row,
                        "criteria",
                        Msg.of("error.criterion_other_kind", id=wrong, other=Msg.of(f"error.kind.{other_kind}.other"), kind=Msg.of(f"error.kind.{kind}.other")),
                        Msg.of("error.criterion_other_kind.hint", ids=", ".join(own)),
                    )
                else:
                    self.problem(
                        row,
                        "criteria",
                        Msg.of("error.sheet.unknown_criterion", value=piece),
                        Msg.of("error.sheet.unknown_criterion.hint", ids=", ".join(own), all=t("vi", "sheet.criteria.all")),
                    )
        return [cid for cid in own if cid in found]

    def _yes_no(self, row: SheetRow, key: str) -> bool | None:
        """Yes (có) or no (không) in a filled cell; None when it is empty or holds neither (reported)."""
        if row.values.get(key) is None:
            return None
        answer = fold(row.text(key))
        if answer in _YES:
            return True
        if answer in _NO:
            return False
        self.problem(row, key, Msg.of("error.sheet.not_yes_no", value=row.text(key)), Msg.of("error.sheet.not_yes_no.hint"))
        return None

    def _is_repeated(self, row: SheetRow, cells: _Cells) -> bool:
        """Whether an earlier row of the sheet names the same person or collective (reported)."""
        first = self.seen.setdefault(cells.identity, row.number)
        if first == row.number:
            return False
        self.problem(
            row,
            "name",
            Msg.of("error.sheet.duplicate", row=first, name=cells.name, unit=self.unit_names[cells.unit]),
            Msg.of("error.sheet.duplicate.hint"),
        )
        return True

    def _choose_id(self, name: str, identity: tuple) -> str:
        """The existing id of this person or collective, else the first free id from the name."""
        if identity in self.identity:
            return self.identity[identity]
        honourees = self.data_dir / "honourees"
        return free_id(
            name,
            lambda c: c in self.existing or c in self.claimed or (honourees / f"{c}.yaml").exists(),
        )

    def _file_data(self, row: SheetRow, cells: _Cells, photo: dict, old: dict | None) -> dict[str, Any]:
        """The honouree file's content: the row's values, merged into the existing file if there is one."""
        kind, name, en = cells.kind, cells.name, cells.achievements_en
        data: dict[str, Any] = {
            "sample": False,
            "kind": kind,
            "name": name if kind == "individual" else _text(name, row.text("name_en")),
            "position": _text(row.text("position"), row.text("position_en")),
            "unit": cells.unit,
            "photo": photo,
            "citation": _text(row.text("citation"), row.text("citation_en")),
            "story": _text(row.text("story"), row.text("story_en")),
            "achievements": [_text(vi, en[i] if en else "") for i, vi in enumerate(cells.achievements)],
            "criteria": cells.criteria or [],
            "nomination": {"award_form": cells.award_form, "proposed_by": cells.proposed_by, "date": cells.date},
            "published": cells.date,
            "featured": bool(cells.featured),
        }
        dob = cells.date_of_birth
        if dob is not None:
            data["private"] = {"date_of_birth": dob}
        if old is None:
            return data
        merged = dict(old)
        for key in _OWNED:
            merged[key] = _merge(old.get(key), data[key])
        merged["photo"] = photo
        # What the sheet leaves empty is kept as in the file: the criteria and "featured" may be filled in later.
        if cells.criteria is not None:
            merged["criteria"] = _merge(old.get("criteria"), cells.criteria)
        if cells.featured is not None:
            merged["featured"] = cells.featured
        if dob is not None:
            merged["private"] = {**(old.get("private") or {}), "date_of_birth": dob}
        return merged

    def _validate(self, row: SheetRow, data: dict[str, Any]) -> Honouree | None:
        """The file's content as a Honouree; None when the model refuses it (reported at the closest column)."""
        try:
            return Honouree.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                column = {"nomination": "date", "private": "date_of_birth", "photo": "photo"}.get(str(err["loc"][0]), str(err["loc"][0]))
                self.problem(row, column if column in self.sheet.headers else "name", Msg.of("error.schema.other", detail=err["msg"]))
            return None

    def _story_allowed(self, row: SheetRow, honouree: Honouree) -> bool:
        """Whether the story's links and pictures pass the site's allow-list, as `thidua check` would (reported)."""
        if self._renderer is None:
            self._renderer, self._photo_names = StoryRenderer(), photo_names({h.photo.file for _, h in self.site.honourees})
        own = photo_names({honouree.photo.file})
        allowed = lambda url: url if url in self._photo_names or url in own else None  # noqa: E731
        before = len(self.plan.problems)
        for lang, key in (("vi", "story"), ("en", "story_en")):
            text = getattr(honouree.story, lang)
            if not text:
                continue
            if len(text) > MAX_STORY_CHARS:
                self.problem(row, key, Msg.of("error.story.too_long", size=len(text), limit=MAX_STORY_CHARS), Msg.of("error.story.too_long.hint"))
                continue
            for target in self._renderer.check(text, allowed):
                message = f"error.story.{target.tag}.{target.problem}"
                self.problem(row, key, Msg.of(message, url=target.shown), Msg.of(f"{message}.hint"))
        return len(self.plan.problems) == before

    def _plan(
        self,
        row: SheetRow,
        hid: str,
        name: str,
        honouree: Honouree,
        data: dict[str, Any],
        old: dict | None,
        existing_file: Path,
        files: list[tuple[Path, bytes]],
    ) -> None:
        """Plan the row's files: new, updated (only with --update) or unchanged."""
        if old is None:
            status: Status = "new"
        elif data == old and not files:
            status = "unchanged"
        else:
            status = "updated"
        if status == "updated" and not self.update:
            file = f"data/honourees/{hid}.yaml"
            changes = _changes(old, data, self._names, file)
            for column, msg in changes:
                self.problem(row, column, msg, Msg.of("error.sheet.would_change.hint"))
            if not changes:  # only the photo's file changes (the same picture, copied again)
                self.problem(row, "photo", Msg.of("error.sheet.would_change.photo", file=file), Msg.of("error.sheet.would_change.hint"))
            return
        if status != "unchanged":
            files.append((existing_file, render(data).encode("utf-8")))
        self.claimed[hid] = row.number
        self.plan.planned.append(Planned(row.number, hid, name, status, honouree, files))

    def _photo(self, row: SheetRow, hid: str, name: str, kind: str, old: dict | None):
        """The photo entry and the photo files to write; (None, []) after reporting a problem."""
        photos = self.data_dir / "photos"
        given = row.text("photo")
        alt_vi = row.text("photo_alt")
        if not given:
            if old is not None and old.get("photo"):
                return old["photo"], []
            target = photos / f"{hid}.jpg"
            letters = initials(name, kind)
            if target.exists():
                return {"file": target.name, "alt": _alt(alt_vi, name)}, []
            alt = {lang: t(lang, "import.placeholder_alt", initials=letters) for lang in LANGUAGES}
            return {"file": target.name, "alt": alt}, [(target, render_placeholder(letters, hid))]
        source = self.sheet.path.parent / given
        in_photos = photos / given
        if "/" in given or "\\" in given or not (source.is_file() or in_photos.is_file()):
            self.problem(row, "photo", Msg.of("error.sheet.photo_not_found", file=given), Msg.of("error.sheet.photo_not_found.hint"))
            return None, []
        path = source if source.is_file() else in_photos
        problem = photo_problem(path, given, self.data_dir if path == in_photos else None)
        if problem is not None:
            self.problem(row, "photo", *problem)
            return None, []
        alt = _alt(alt_vi, name)
        if path == in_photos:
            return {"file": given, "alt": alt}, []
        target = photos / f"{hid}{path.suffix.lower()}"
        content = path.read_bytes()
        if target.exists() and target.read_bytes() == content:
            return {"file": target.name, "alt": alt}, []
        if target.exists() and old is None:
            self.problem(row, "photo", Msg.of("error.sheet.photo_exists", file=target.name), Msg.of("error.sheet.photo_exists.hint"))
            return None, []
        return {"file": target.name, "alt": alt}, [(target, content)]

    def check_quotas(self) -> None:
        """A proposing unit nominates at most an award form's quota of each kind (existing files included).

        Every row of the sheet whose nomination is known counts, in row order, planned or not; the rows
        past a quota are reported and left out of the plan.
        """
        campaign = self.site.campaign
        matched = {p.id for p in self.plan.planned} | {hid for _, _, hid in self.nominations if hid}
        counts: dict[tuple[str, str, str], int] = {}
        for hid, h in self.site.honourees:
            if h.nomination is not None and hid not in matched:
                key = (h.nomination.award_form, h.kind, h.nomination.proposed_by)
                counts[key] = counts.get(key, 0) + 1
        rows = {r.number: r for r in self.sheet.rows}
        over: set[int] = set()
        for number, key, _ in sorted(self.nominations):
            form_id, kind, proposed_by = key
            counts[key] = counts.get(key, 0) + 1
            form = campaign.award_form(form_id)
            quota = form.quota.of(kind)
            if counts[key] > quota:
                over.add(number)
                self.problem(
                    rows[number],
                    "award_form",
                    Msg.of(
                        "error.sheet.over_quota",
                        unit=self.unit_names[proposed_by],
                        count=counts[key],
                        kind=Msg.of(f"error.kind.{kind}.{'one' if counts[key] == 1 else 'other'}"),
                        form=form.name.vi,
                        quota=quota,
                    ),
                    Msg.of("error.sheet.over_quota.hint"),
                )
        self.plan.planned = [p for p in self.plan.planned if p.row not in over]


def plan_import(sheet: Sheet, site: SiteData, data_dir: Path, *, update: bool = False) -> ImportPlan:
    """Check every row of `sheet` against the data in `data_dir`; write nothing."""
    planner = _Planner(sheet, site, data_dir, update)
    if not sheet.rows:
        planner.plan.problems.append(RowProblem(sheet.path.name, 0, "", Msg.of("error.sheet.empty")))
    for row in sheet.rows:
        planner.check_row(row)
    planner.check_quotas()
    planner.plan.planned.sort(key=lambda p: p.row)
    planner.plan.problems.sort(key=lambda p: p.row)
    return planner.plan


def apply_plan(plan: ImportPlan, data_dir: Path) -> list[Path]:
    """Write the planned files all or none (thidua.office.transaction); return the paths written."""
    return write_all(plan.files(), data_dir)


# --- what an update would change, by the sheet's column ----------------------------------------

_SHOWN = 60  # characters of a value shown in a change


def _shown(value: Any, names: dict[str, str]) -> Msg | str:
    """A value as a clerk reads it in the sheet: ids as names, dates as 16/04/2021, lines joined."""
    if value is None or value == "" or value == []:
        return Msg.of("error.sheet.change.empty")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return Msg.of("cli.answer.yes" if value else "cli.answer.no")
    if isinstance(value, list):
        value = " / ".join(str(v) for v in value)
    text = " ".join(names.get(str(value), str(value)).split())
    return f"'{text}'" if len(text) <= _SHOWN else f"'{text[: _SHOWN - 1]}…'"


def _get(data: dict | None, *path: str | int) -> Any:
    node: Any = data
    for part in path:
        if isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


def _lines_of(data: dict | None, key: str, lang: str) -> list[str]:
    return [item.get(lang) or "" for item in (_get(data, key) or []) if isinstance(item, dict)]


def _cells(data: dict | None) -> dict[str, Any]:
    """A honouree file's content as the sheet's columns hold it."""
    name = _get(data, "name")
    return {
        "name": name if isinstance(name, str) else _get(name, "vi"),
        "name_en": None if isinstance(name, str) else _get(name, "en"),
        "position": _get(data, "position", "vi"),
        "position_en": _get(data, "position", "en"),
        "unit": _get(data, "unit"),
        "award_form": _get(data, "nomination", "award_form"),
        "proposed_by": _get(data, "nomination", "proposed_by"),
        "date": _get(data, "nomination", "date"),
        "citation": _get(data, "citation", "vi"),
        "citation_en": _get(data, "citation", "en"),
        "achievements": _lines_of(data, "achievements", "vi"),
        "achievements_en": [line for line in _lines_of(data, "achievements", "en") if line],
        "story": _get(data, "story", "vi"),
        "story_en": _get(data, "story", "en"),
        "photo": _get(data, "photo", "file"),
        "photo_alt": _get(data, "photo", "alt", "vi"),
        "criteria": _get(data, "criteria"),
        "featured": _get(data, "featured"),
        "date_of_birth": _get(data, "private", "date_of_birth"),
    }


def _changes(old: dict | None, new: dict, names: dict[str, str], file: str) -> list[tuple[str, Msg]]:
    """Each column whose value the row would change in `file`, with the message saying old -> new.

    The date of birth is named but not shown: it stays in the office.
    """
    before, after = _cells(old), _cells(new)
    out: list[tuple[str, Msg]] = []
    for column in before:
        a, b = before[column], after[column]
        if isinstance(a, str) and isinstance(b, str):
            if a.strip() == b.strip():
                continue
        elif a == b:
            continue
        if column == "date_of_birth":
            out.append((column, Msg.of("error.sheet.would_change.private", file=file)))
        else:
            out.append((column, Msg.of("error.sheet.would_change", file=file, old=_shown(a, names), new=_shown(b, names))))
    return out
