"""Rules across the data: ids unique, references known, dates coherent, quotas kept."""

from __future__ import annotations

import difflib
from pathlib import Path

from pydantic import BaseModel

from thidua.load.images import photo_problem
from thidua.load.yamlfile import Loc, Located, field_path
from thidua.model.data import KINDS, Campaign, Honouree, Results, Units, iter_texts
from thidua.model.problems import Msg, Problem
from thidua.model.text import fold


class Report:
    """The problems found in one file: `report(loc, message, hint)` adds one at the line and field of `loc`."""

    def __init__(self, located: Located, shown_as: str):
        self.located = located
        self.shown_as = shown_as
        self.problems: list[Problem] = []

    def __call__(self, loc: Loc, message: Msg, hint: Msg | None = None) -> None:
        self.problems.append(Problem.keyed(self.shown_as, self.located.line_of(loc), field_path(loc), message, hint))


def missing_translations(model: BaseModel, located: Located, shown_as: str) -> list[Problem]:
    """A warning for every text that has no English yet."""
    report = Report(located, shown_as)
    for loc, text in iter_texts(model):
        if not text.is_translated("en"):
            report(loc + ("en",), Msg.of("error.translation_missing"), Msg.of("error.translation_missing.hint"))
    return report.problems


def _dupes(items, loc_of, what: str, report: Report) -> None:
    """Reports every repeated id; `what` names the entity: award_form, unit or event (error.entity.<what>)."""
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.id in seen:
            report(
                loc_of(i),
                Msg.of("error.duplicate_id", what=Msg.of(f"error.entity.{what}"), id=item.id, first=seen[item.id]),
                Msg.of("error.duplicate_id.hint"),
            )
        else:
            seen[item.id] = i


def check_campaign(campaign: Campaign, located: Located, shown_as: str) -> list[Problem]:
    """Rules on the plan itself: ids unique, dates coherent."""
    report = Report(located, shown_as)
    period = campaign.awards.period
    base = ("awards", "period")
    if period.end < period.start:
        report(base + ("end",), Msg.of("error.period_reversed", end=period.end, start=period.start), Msg.of("error.period_reversed.hint"))
    plan_year = (campaign.document.date or campaign.document.basis.date).year
    for name, day in (("start", period.start), ("end", period.end)):
        if day.year != plan_year:
            report(base + (name,), Msg.of("error.period_outside_year", year=plan_year), Msg.of("error.period_outside_year.hint"))
    basis = campaign.document.basis
    if basis.date > period.start:
        report(("document", "basis", "date"), Msg.of("error.basis_after_start"), Msg.of("error.basis_after_start.hint"))
    ann = campaign.anniversary
    expected = ann.founded.replace(year=ann.founded.year + ann.years)
    if ann.date != expected:
        report(("anniversary", "date"), Msg.of("error.anniversary", years=ann.years, founded=ann.founded, expected=expected, date=ann.date))
    _dupes(campaign.award_forms, lambda i: ("awards", "forms", "items", i, "id"), "award_form", report)
    criteria = campaign.criteria
    all_criteria = [("collective", i, c) for i, c in enumerate(criteria.collective.items)] + [
        ("individual", i, c) for i, c in enumerate(criteria.individual.items)
    ]
    seen: set[str] = set()
    for kind, i, c in all_criteria:
        if c.id in seen:
            report(("awards", "standards", "criteria", kind, "items", i, "id"), Msg.of("error.duplicate_criterion", id=c.id))
        seen.add(c.id)
    _dupes(campaign.events, lambda i: ("events", i, "id"), "event", report)
    for i in range(1, len(campaign.events)):
        if campaign.events[i].date < campaign.events[i - 1].date:
            report(("events", i, "date"), Msg.of("error.events_order"), Msg.of("error.events_order.hint"))
    return report.problems


def check_units(units: Units, located: Located, shown_as: str) -> list[Problem]:
    """Unit ids are unique."""
    report = Report(located, shown_as)
    _dupes(units.units, lambda i: ("units", i, "id"), "unit", report)
    return report.problems


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
    report = Report(located, shown_as)
    unit_ids = [u.id for u in units.units]
    if honouree.kind == "individual" and not isinstance(honouree.name, str):
        report(("name",), Msg.of("error.person_name_translated"), Msg.of("error.person_name_translated.hint"))
    if honouree.kind == "collective" and isinstance(honouree.name, str):
        report(("name",), Msg.of("error.collective_name_plain"), Msg.of("error.collective_name_plain.hint"))
    if honouree.unit not in unit_ids:
        report(("unit",), Msg.of("error.unknown_unit", id=honouree.unit), _suggest(honouree.unit, unit_ids, "units.yaml"))
    own = [c.id for c in campaign.criteria.of(honouree.kind).items]
    other_kind = "individual" if honouree.kind == "collective" else "collective"
    other = [c.id for c in campaign.criteria.of(other_kind).items]
    for i, cid in enumerate(honouree.criteria):
        if cid in other:
            report(
                ("criteria", i),
                Msg.of("error.criterion_other_kind", id=cid, other=_kinds(other_kind), kind=_kinds(honouree.kind)),
                Msg.of("error.criterion_other_kind.hint", ids=", ".join(own)),
            )
        elif cid not in own:
            report(("criteria", i), Msg.of("error.unknown_criterion", id=cid), _suggest(cid, own, "campaign.yaml"))
    if len(set(honouree.criteria)) != len(honouree.criteria):
        report(("criteria",), Msg.of("error.criterion_twice"), Msg.of("error.criterion_twice.hint"))
    nomination = honouree.nomination
    if nomination is not None:
        form = campaign.award_form(nomination.award_form)
        form_ids = [f.id for f in campaign.award_forms]
        if form is None:
            report(
                ("nomination", "award_form"),
                Msg.of("error.unknown_award_form", id=nomination.award_form),
                _suggest(nomination.award_form, form_ids, "campaign.yaml"),
            )
        elif not form.admits(honouree.kind):
            report(("nomination", "award_form"), Msg.of("error.kind_not_admitted", form=form.id, kind=_kinds(honouree.kind)))
        if nomination.proposed_by not in unit_ids:
            report(
                ("nomination", "proposed_by"),
                Msg.of("error.unknown_unit", id=nomination.proposed_by),
                _suggest(nomination.proposed_by, unit_ids, "units.yaml"),
            )
        if nomination.date < campaign.period.start:
            report(
                ("nomination", "date"),
                Msg.of("error.nominated_before_start", date=nomination.date, start=campaign.period.start),
                Msg.of("error.nominated_before_start.hint"),
            )
    photo_path = data_dir / "photos" / honouree.photo.file
    if "/" in honouree.photo.file or "\\" in honouree.photo.file or not photo_path.is_file():
        report(("photo", "file"), Msg.of("error.photo_missing", file=honouree.photo.file), Msg.of("error.photo_missing.hint"))
    elif (problem := photo_problem(photo_path, honouree.photo.file, data_dir)) is not None:
        report(("photo", "file"), *problem)
    return report.problems


def check_results(
    results: Results, located: Located, shown_as: str, campaign: Campaign, honourees: dict[str, Honouree]
) -> list[Problem]:
    """Decisions respect the plan: known forms and honourees, kinds admitted, quotas, dates."""
    report = Report(located, shown_as)
    form_ids = [f.id for f in campaign.award_forms]
    awarded_at: dict[str, Loc] = {}
    seen_forms: dict[str, int] = {}
    for d_index, decision in enumerate(results.decisions):
        base: Loc = ("decisions", d_index)
        form = campaign.award_form(decision.award_form)
        if form is None:
            report(base + ("award_form",), Msg.of("error.unknown_award_form", id=decision.award_form), _suggest(decision.award_form, form_ids, "campaign.yaml"))
        elif form.id in seen_forms:
            report(base + ("award_form",), Msg.of("error.second_decision", form=form.id, first=seen_forms[form.id]), Msg.of("error.second_decision.hint"))
        else:
            seen_forms[form.id] = d_index
        if decision.date <= campaign.period.end:
            report(
                base + ("date",),
                Msg.of("error.decision_during_campaign", date=decision.date, end=campaign.period.end),
                Msg.of("error.decision_during_campaign.hint"),
            )
        counts = {kind: 0 for kind in KINDS}
        for i, hid in enumerate(decision.awarded):
            loc = base + ("awarded", i)
            honouree = honourees.get(hid)
            if honouree is None:
                report(loc, Msg.of("error.unknown_honouree", id=hid), _suggest(hid, list(honourees), "data/honourees/"))
                continue
            counts[honouree.kind] += 1
            if form is not None and not form.admits(honouree.kind):
                report(loc, Msg.of("error.kind_not_admitted", form=form.id, kind=_kinds(honouree.kind)))
            if form is not None and (honouree.nomination is None or honouree.nomination.award_form != form.id):
                report(loc, Msg.of("error.not_nominated", id=hid, form=decision.award_form), Msg.of("error.not_nominated.hint"))
            if hid in awarded_at and hid not in results.allow_repeat_awards:
                report(loc, Msg.of("error.awarded_twice", id=hid, where=field_path(awarded_at[hid])), Msg.of("error.awarded_twice.hint"))
            awarded_at.setdefault(hid, loc)
        if form is not None:
            for kind in KINDS:
                quota = form.quota.of(kind)
                if counts[kind] > quota:
                    report(
                        base + ("awarded",),
                        Msg.of("error.over_quota", form=form.id, count=counts[kind], kind=_kinds(kind, counts[kind]), quota=quota),
                        Msg.of("error.over_quota.hint"),
                    )
    if results.is_final and not results.decisions:
        report(("status",), Msg.of("error.final_without_decisions"), Msg.of("error.final_without_decisions.hint"))
    return report.problems


def check_honourees_together(
    honourees: list[tuple[str, Honouree, Located, str]], campaign: Campaign, units: Units
) -> list[Problem]:
    """Rules across the honouree files: one file per person or collective, and each proposing unit
    within the award form's quota of nominations (what `thidua import` checks, for files written by hand)."""
    out: list[Problem] = []
    unit_names = {u.id: u.name.vi for u in units.units}
    first: dict[tuple[str, str, str], str] = {}
    for _, honouree, located, shown in honourees:
        identity = (honouree.kind, fold(honouree.display_name("vi")), honouree.unit)
        if identity in first:
            report = Report(located, shown)
            report(
                ("name",),
                Msg.of("error.same_honouree", other=first[identity], name=honouree.display_name("vi"), unit=unit_names.get(honouree.unit, honouree.unit)),
                Msg.of("error.same_honouree.hint"),
            )
            out.extend(report.problems)
        else:
            first[identity] = shown
    nominated: dict[tuple[str, str, str], list[str]] = {}
    for _, honouree, located, shown in honourees:
        nomination = honouree.nomination
        form = campaign.award_form(nomination.award_form) if nomination else None
        if form is None or not form.admits(honouree.kind) or nomination.proposed_by not in unit_names:
            continue  # reported by check_honouree
        files = nominated.setdefault((form.id, honouree.kind, nomination.proposed_by), [])
        files.append(shown)
        quota = form.quota.of(honouree.kind)
        if len(files) > quota:
            report = Report(located, shown)
            report(
                ("nomination", "proposed_by"),
                Msg.of(
                    "error.unit_over_quota",
                    unit=unit_names[nomination.proposed_by],
                    count=len(files),
                    kind=_kinds(honouree.kind, len(files)),
                    form=form.id,
                    quota=quota,
                    files=", ".join(files[:-1]),
                ),
                Msg.of("error.sheet.over_quota.hint"),
            )
            out.extend(report.problems)
    return out


def _suggest(value: str, options: list[str], where: str) -> Msg:
    close = difflib.get_close_matches(value, options, n=1)
    if close:
        return Msg.of("error.suggest.close", close=close[0], where=where)
    return Msg.of("error.suggest", where=where)


def _kinds(kind: str, count: int = 2) -> Msg:
    """The name of a kind (collective, individual), plural unless `count` is 1."""
    return Msg.of(f"error.kind.{kind}.{'one' if count == 1 else 'other'}")
