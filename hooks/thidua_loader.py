"""Loads and cross-checks every data file into one immutable SiteData, reporting all problems at once."""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from thidua_model import (
    KINDS,
    Campaign,
    Honouree,
    Results,
    Text,
    Units,
    iter_texts,
)
from thidua_photos import check_image
from thidua_yaml import DataError, Loc, Located, Msg, Problem, field_path, read_yaml

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class SiteData:
    """Everything the site publishes, validated and cross-checked."""

    campaign: Campaign
    units: Units
    honourees: tuple[tuple[str, Honouree], ...] = ()
    results: Results | None = None
    data_dir: Path = Path("data")
    warnings: tuple[Problem, ...] = ()
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    def unit(self, unit_id: str):
        return self._units_by_id.get(unit_id)

    def honouree(self, honouree_id: str) -> Honouree | None:
        return self._honourees_by_id.get(honouree_id)

    # Lookups by id, made on first use and kept: pages look honourees up thousands of times per build
    # (a dict rebuilt per call made a build quadratic in the number of honourees).
    @cached_property
    def _honourees_by_id(self) -> dict[str, Honouree]:
        return dict(self.honourees)

    @cached_property
    def _units_by_id(self) -> dict:
        by_id: dict = {}
        for u in self.units.units:
            by_id.setdefault(u.id, u)  # the first of a duplicated id, as a scan would find
        return by_id


# --- turning pydantic errors into problems with file, line and field ---------------------------

# pydantic error type -> (message key, hint key or ""), rendered through hooks/strings/.
_MESSAGES = {
    "missing": ("error.schema.missing", "error.schema.missing.hint"),
    "extra_forbidden": ("error.schema.unknown_key", ""),
    "string_pattern_mismatch": ("error.schema.not_an_id", "error.schema.not_an_id.hint"),
    "date_from_datetime_parsing": ("error.schema.not_a_date", "error.schema.not_a_date.hint"),
    "date_parsing": ("error.schema.not_a_date", "error.schema.not_a_date.hint"),
    "date_type": ("error.schema.not_a_date", "error.schema.not_a_date.hint"),
    "string_too_short": ("error.schema.empty_text", "error.schema.empty_text.hint"),
    "too_short": ("error.schema.empty_text", "error.schema.empty_list.hint"),
}

# pydantic error types whose English stays pydantic's own wording (passed as {detail}, which can
# carry specifics) while other languages get a translation.
_DETAILED = {
    "int_parsing": "error.schema.int",
    "int_type": "error.schema.int",
    "int_from_float": "error.schema.int",
    "bool_parsing": "error.schema.bool",
    "bool_type": "error.schema.bool",
    "string_type": "error.schema.string",
    "list_type": "error.schema.list",
    "model_type": "error.schema.mapping",
    "model_attributes_type": "error.schema.mapping",
    "dict_type": "error.schema.mapping",
    "greater_than": "error.schema.range",
    "greater_than_equal": "error.schema.range",
    "less_than": "error.schema.range",
    "less_than_equal": "error.schema.range",
    "string_too_long": "error.schema.too_long",
}


def _strip_optional(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) for a in _strip_optional(arg)]
    if origin is typing.Annotated:
        return _strip_optional(typing.get_args(annotation)[0])
    return [annotation]


def _allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys a model accepts at `loc` (used to suggest a fix for an unknown key)."""
    candidates: list[Any] = [model]
    for part in loc:
        nxt: list[Any] = []
        for cand in candidates:
            if isinstance(part, int):
                if typing.get_origin(cand) is list:
                    nxt.extend(_strip_optional(typing.get_args(cand)[0]))
            elif isinstance(cand, type) and issubclass(cand, BaseModel) and part in cand.model_fields:
                nxt.extend(_strip_optional(cand.model_fields[part].annotation))
        candidates = nxt
    keys: list[str] = []
    for cand in candidates:
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            keys.extend(k for k in cand.model_fields if k not in keys)
    return keys


def _data_loc(data: Any, loc: tuple, error_type: str) -> Loc:
    """Keep only the parts of a pydantic location that exist in the data (drops union type tags)."""
    out: list[Any] = []
    node = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif last and error_type == "missing" and isinstance(node, dict) and isinstance(part, str):
            out.append(part)
        elif isinstance(part, str) and (part[:1].isupper() or part in {"str", "constrained-str"}):
            continue  # a union branch tag, not a key
        elif last and isinstance(part, str):
            out.append(part)
    return tuple(out)


def _wrong_branch(data: Any, loc: tuple) -> bool:
    """True for an error from a union branch that does not fit the data's shape."""
    node = data
    for part in loc:
        if isinstance(part, str) and (part[:1].isupper() or part in {"str", "constrained-str"}):
            is_model_tag = part[:1].isupper()
            return is_model_tag != isinstance(node, dict)
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return False
    return False


def validation_problems(
    exc: ValidationError, located: Located, shown_as: str, model: type[BaseModel]
) -> list[Problem]:
    """Problems with file, line and field path for every error of a pydantic validation."""
    problems: list[Problem] = []
    seen: set[tuple] = set()
    errors = [e for e in exc.errors() if not _wrong_branch(located.data, e["loc"])] or exc.errors()
    for err in errors:
        loc = _data_loc(located.data, err["loc"], err["type"])
        key = (loc, err["type"])
        if key in seen:
            continue
        seen.add(key)
        detail = err["msg"][:1].lower() + err["msg"][1:]
        if err["type"] in _MESSAGES:
            message_key, hint_key = _MESSAGES[err["type"]]
            message, hint = Msg.of(message_key), Msg.of(hint_key) if hint_key else None
        else:
            message, hint = Msg.of(_DETAILED.get(err["type"], "error.schema.other"), detail=detail), None
        if err["type"] == "extra_forbidden":
            allowed = _allowed_keys(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
            if not allowed:
                hint = Msg.of("error.schema.unknown_key.remove")
            elif close:
                hint = Msg.of("error.schema.unknown_key.close", close=close[0], allowed=", ".join(allowed))
            else:
                hint = Msg.of("error.schema.unknown_key.allowed", allowed=", ".join(allowed))
        elif err["type"] == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            message, hint = Msg.of("error.schema.not_allowed"), Msg.of("error.schema.not_allowed.hint", expected=expected)
        problems.append(Problem.keyed(shown_as, located.line_of(loc), field_path(loc), message, hint))
    return problems


# --- loading ------------------------------------------------------------------------------------


def _load(path: Path, shown_as: str, model: type[BaseModel], problems: list[Problem]):
    located, errs = read_yaml(path, shown_as)
    problems.extend(errs)
    if located is None:
        return None, None
    if not isinstance(located.data, dict):
        problems.append(Problem.keyed(shown_as, 1, "", Msg.of("error.not_a_mapping"), Msg.of("error.not_a_mapping.hint")))
        return None, located
    try:
        return model.model_validate(located.data), located
    except ValidationError as exc:
        problems.extend(validation_problems(exc, located, shown_as, model))
        return None, located


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_site(data_dir: Path, root: Path | None = None) -> SiteData:
    """Load, validate and cross-check all data under `data_dir`; raise DataError with every problem."""
    data_dir = Path(data_dir)
    root = Path(root) if root else data_dir.parent
    problems: list[Problem] = []

    campaign_file = _rel(data_dir / "campaign.yaml", root)
    units_file = _rel(data_dir / "units.yaml", root)
    campaign, campaign_loc = _load(data_dir / "campaign.yaml", campaign_file, Campaign, problems)
    units, units_loc = _load(data_dir / "units.yaml", units_file, Units, problems)

    honourees: list[tuple[str, Honouree, Located, str]] = []
    honouree_dir = data_dir / "honourees"
    for path in sorted(honouree_dir.glob("*.yaml")) if honouree_dir.is_dir() else []:
        shown = _rel(path, root)
        if not SLUG_RE.match(path.stem):
            problems.append(
                Problem.keyed(shown, None, "", Msg.of("error.file_name_not_id"), Msg.of("error.file_name_not_id.hint"))
            )
        honouree, located = _load(path, shown, Honouree, problems)
        if honouree is not None:
            honourees.append((path.stem, honouree, located, shown))

    results = None
    results_path = data_dir / "results.yaml"
    results_file = _rel(results_path, root)
    results_loc = None
    if results_path.exists():
        results, results_loc = _load(results_path, results_file, Results, problems)

    if campaign is not None:
        problems.extend(check_campaign(campaign, campaign_loc, campaign_file))
    if units is not None:
        problems.extend(check_units(units, units_loc, units_file))
    if campaign is not None and units is not None:
        for hid, honouree, located, shown in honourees:
            problems.extend(check_honouree(hid, honouree, located, shown, campaign, units, data_dir))
        if results is not None:
            known = {hid: h for hid, h, _, _ in honourees}
            problems.extend(check_results(results, results_loc, results_file, campaign, known))

    if problems:
        raise DataError(problems)

    warnings: list[Problem] = []
    warnings.extend(missing_translations(campaign, campaign_loc, campaign_file))
    warnings.extend(missing_translations(units, units_loc, units_file))
    for hid, honouree, located, shown in honourees:
        warnings.extend(missing_translations(honouree, located, shown))
    if results is not None:
        warnings.extend(missing_translations(results, results_loc, results_file))

    return SiteData(
        campaign=campaign,
        units=units,
        honourees=tuple((hid, h) for hid, h, _, _ in honourees),
        results=results,
        data_dir=data_dir,
        warnings=tuple(warnings),
    )


def missing_translations(model: BaseModel, located: Located, shown_as: str) -> list[Problem]:
    """A warning for every text that has no English yet."""
    out = []
    for loc, text in iter_texts(model):
        if not text.is_translated("en"):
            out.append(
                Problem.keyed(
                    shown_as,
                    located.line_of(loc),
                    field_path(loc + ("en",)),
                    Msg.of("error.translation_missing"),
                    Msg.of("error.translation_missing.hint"),
                )
            )
    return out


# --- cross-checks -------------------------------------------------------------------------------


def _dupes(items, loc_of, what: str, located: Located, shown_as: str) -> list[Problem]:
    """`what` names the entity: award_form, unit or event (error.entity.<what>)."""
    seen: dict[str, int] = {}
    out = []
    for i, item in enumerate(items):
        if item.id in seen:
            loc = loc_of(i)
            out.append(
                Problem.keyed(
                    shown_as,
                    located.line_of(loc),
                    field_path(loc),
                    Msg.of("error.duplicate_id", what=Msg.of(f"error.entity.{what}"), id=item.id, first=seen[item.id]),
                    Msg.of("error.duplicate_id.hint"),
                )
            )
        else:
            seen[item.id] = i
    return out


def check_campaign(campaign: Campaign, located: Located, shown_as: str) -> list[Problem]:
    """Rules on the plan itself: ids unique, dates coherent."""
    out: list[Problem] = []

    def p(loc: Loc, message: Msg, hint: Msg | None = None) -> None:
        out.append(Problem.keyed(shown_as, located.line_of(loc), field_path(loc), message, hint))

    period = campaign.awards.period
    base = ("awards", "period")
    if period.end < period.start:
        p(base + ("end",), Msg.of("error.period_reversed", end=period.end, start=period.start), Msg.of("error.period_reversed.hint"))
    plan_year = (campaign.document.date or campaign.document.basis.date).year
    for name, day in (("start", period.start), ("end", period.end)):
        if day.year != plan_year:
            p(base + (name,), Msg.of("error.period_outside_year", year=plan_year), Msg.of("error.period_outside_year.hint"))
    basis = campaign.document.basis
    if basis.date > period.start:
        p(("document", "basis", "date"), Msg.of("error.basis_after_start"), Msg.of("error.basis_after_start.hint"))
    ann = campaign.anniversary
    expected = ann.founded.replace(year=ann.founded.year + ann.years)
    if ann.date != expected:
        p(("anniversary", "date"), Msg.of("error.anniversary", years=ann.years, founded=ann.founded, expected=expected, date=ann.date))
    out.extend(
        _dupes(campaign.award_forms, lambda i: ("awards", "forms", "items", i, "id"), "award_form", located, shown_as)
    )
    criteria = campaign.criteria
    all_criteria = [("collective", i, c) for i, c in enumerate(criteria.collective.items)] + [
        ("individual", i, c) for i, c in enumerate(criteria.individual.items)
    ]
    seen: set[str] = set()
    for kind, i, c in all_criteria:
        if c.id in seen:
            p(("awards", "standards", "criteria", kind, "items", i, "id"), Msg.of("error.duplicate_criterion", id=c.id))
        seen.add(c.id)
    out.extend(_dupes(campaign.events, lambda i: ("events", i, "id"), "event", located, shown_as))
    for i in range(1, len(campaign.events)):
        if campaign.events[i].date < campaign.events[i - 1].date:
            p(("events", i, "date"), Msg.of("error.events_order"), Msg.of("error.events_order.hint"))
    return out


def check_units(units: Units, located: Located, shown_as: str) -> list[Problem]:
    """Unit ids are unique."""
    return _dupes(units.units, lambda i: ("units", i, "id"), "unit", located, shown_as)


def check_honouree(
    hid: str,
    honouree: Honouree,
    located: Located,
    shown_as: str,
    campaign: Campaign,
    units: Units,
    data_dir: Path,
) -> list[Problem]:
    """References of one honouree: unit, criteria, award form, photo; name shape by kind."""
    out: list[Problem] = []

    def p(loc: Loc, message: Msg, hint: Msg | None = None) -> None:
        out.append(Problem.keyed(shown_as, located.line_of(loc), field_path(loc), message, hint))

    unit_ids = [u.id for u in units.units]
    if honouree.kind == "individual" and not isinstance(honouree.name, str):
        p(("name",), Msg.of("error.person_name_translated"), Msg.of("error.person_name_translated.hint"))
    if honouree.kind == "collective" and isinstance(honouree.name, str):
        p(("name",), Msg.of("error.collective_name_plain"), Msg.of("error.collective_name_plain.hint"))
    if honouree.unit not in unit_ids:
        p(("unit",), Msg.of("error.unknown_unit", id=honouree.unit), _suggest(honouree.unit, unit_ids, "units.yaml"))
    own = [c.id for c in campaign.criteria.of(honouree.kind).items]
    other_kind = "individual" if honouree.kind == "collective" else "collective"
    other = [c.id for c in campaign.criteria.of(other_kind).items]
    for i, cid in enumerate(honouree.criteria):
        if cid in other:
            p(
                ("criteria", i),
                Msg.of("error.criterion_other_kind", id=cid, other=_kinds(other_kind), kind=_kinds(honouree.kind)),
                Msg.of("error.criterion_other_kind.hint", ids=", ".join(own)),
            )
        elif cid not in own:
            p(("criteria", i), Msg.of("error.unknown_criterion", id=cid), _suggest(cid, own, "campaign.yaml"))
    if len(set(honouree.criteria)) != len(honouree.criteria):
        p(("criteria",), Msg.of("error.criterion_twice"), Msg.of("error.criterion_twice.hint"))
    nomination = honouree.nomination
    if nomination is not None:
        form = campaign.award_form(nomination.award_form)
        form_ids = [f.id for f in campaign.award_forms]
        if form is None:
            p(
                ("nomination", "award_form"),
                Msg.of("error.unknown_award_form", id=nomination.award_form),
                _suggest(nomination.award_form, form_ids, "campaign.yaml"),
            )
        elif not form.admits(honouree.kind):
            p(("nomination", "award_form"), Msg.of("error.kind_not_admitted", form=form.id, kind=_kinds(honouree.kind)))
        if nomination.proposed_by not in unit_ids:
            p(
                ("nomination", "proposed_by"),
                Msg.of("error.unknown_unit", id=nomination.proposed_by),
                _suggest(nomination.proposed_by, unit_ids, "units.yaml"),
            )
        if nomination.date < campaign.period.start:
            p(
                ("nomination", "date"),
                Msg.of("error.nominated_before_start", date=nomination.date, start=campaign.period.start),
                Msg.of("error.nominated_before_start.hint"),
            )
    photo_path = data_dir / "photos" / honouree.photo.file
    if "/" in honouree.photo.file or "\\" in honouree.photo.file or not photo_path.is_file():
        p(("photo", "file"), Msg.of("error.photo_missing", file=honouree.photo.file), Msg.of("error.photo_missing.hint"))
    elif (problem := check_image(photo_path)) is not None:
        p(("photo", "file"), Msg.of("error.photo_unreadable", file=honouree.photo.file, problem=problem), Msg.of("error.photo_unreadable.hint"))
    return out


def check_results(
    results: Results, located: Located, shown_as: str, campaign: Campaign, honourees: dict[str, Honouree]
) -> list[Problem]:
    """Decisions respect the plan: known forms and honourees, kinds admitted, quotas, dates."""
    out: list[Problem] = []

    def p(loc: Loc, message: Msg, hint: Msg | None = None) -> None:
        out.append(Problem.keyed(shown_as, located.line_of(loc), field_path(loc), message, hint))

    form_ids = [f.id for f in campaign.award_forms]
    awarded_at: dict[str, Loc] = {}
    seen_forms: dict[str, int] = {}
    for d_index, decision in enumerate(results.decisions):
        base: Loc = ("decisions", d_index)
        form = campaign.award_form(decision.award_form)
        if form is None:
            p(base + ("award_form",), Msg.of("error.unknown_award_form", id=decision.award_form), _suggest(decision.award_form, form_ids, "campaign.yaml"))
        elif form.id in seen_forms:
            p(base + ("award_form",), Msg.of("error.second_decision", form=form.id, first=seen_forms[form.id]), Msg.of("error.second_decision.hint"))
        else:
            seen_forms[form.id] = d_index
        if decision.date <= campaign.period.end:
            p(
                base + ("date",),
                Msg.of("error.decision_during_campaign", date=decision.date, end=campaign.period.end),
                Msg.of("error.decision_during_campaign.hint"),
            )
        counts = {kind: 0 for kind in KINDS}
        for i, hid in enumerate(decision.awarded):
            loc = base + ("awarded", i)
            honouree = honourees.get(hid)
            if honouree is None:
                p(loc, Msg.of("error.unknown_honouree", id=hid), _suggest(hid, list(honourees), "data/honourees/"))
                continue
            counts[honouree.kind] += 1
            if form is not None and not form.admits(honouree.kind):
                p(loc, Msg.of("error.kind_not_admitted", form=form.id, kind=_kinds(honouree.kind)))
            if form is not None and (honouree.nomination is None or honouree.nomination.award_form != form.id):
                p(loc, Msg.of("error.not_nominated", id=hid, form=decision.award_form), Msg.of("error.not_nominated.hint"))
            if hid in awarded_at and hid not in results.allow_repeat_awards:
                p(loc, Msg.of("error.awarded_twice", id=hid, where=field_path(awarded_at[hid])), Msg.of("error.awarded_twice.hint"))
            awarded_at.setdefault(hid, loc)
        if form is not None:
            for kind in KINDS:
                quota = form.quota.of(kind)
                if counts[kind] > quota:
                    p(
                        base + ("awarded",),
                        Msg.of("error.over_quota", form=form.id, count=counts[kind], kind=_kinds(kind, counts[kind]), quota=quota),
                        Msg.of("error.over_quota.hint"),
                    )
    if results.status == "final" and not results.decisions:
        p(("status",), Msg.of("error.final_without_decisions"), Msg.of("error.final_without_decisions.hint"))
    return out


def _suggest(value: str, options: list[str], where: str) -> Msg:
    close = difflib.get_close_matches(value, options, n=1)
    if close:
        return Msg.of("error.suggest.close", close=close[0], where=where)
    return Msg.of("error.suggest", where=where)


def _kinds(kind: str, count: int = 2) -> Msg:
    """The name of a kind (collective, individual), plural unless `count` is 1."""
    return Msg.of(f"error.kind.{kind}.{'one' if count == 1 else 'other'}")
