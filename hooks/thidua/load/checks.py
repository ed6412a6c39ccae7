"""Rules across the data: ids unique, references known, dates coherent, quotas kept."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from pydantic import BaseModel

from thidua.load.images import photo_problem
from thidua.load.partial import is_broken, readable, unless_broken
from thidua.load.yamlfile import Loc, Located, field_path
from thidua.model.data import (
    AUTHORITY_PREFIXES,
    KINDS,
    Campaign,
    Honouree,
    Results,
    SiteInfo,
    Text,
    Units,
    iter_texts,
)
from thidua.model.problems import Msg, Problem
from thidua.model.text import fold


class Report:
    """The problems found in one file: `report(loc, message, hint)` adds one at the line and field of `loc`."""

    def __init__(self, located: Located, shown_as: str):
        self.located = located
        self.shown_as = shown_as
        self.problems: list[Problem] = []

    def __call__(self, loc: Loc, message: Msg, hint: Msg | None = None) -> None:
        located = self.located
        self.problems.append(Problem.keyed(self.shown_as, located.line_of(loc), field_path(loc), message, hint, located.where(loc)))


def translation_gaps(model: BaseModel, located: Located, shown_as: str, *, required: bool = False) -> tuple[int, list[Problem]]:
    """How many texts a data file has, and one problem for each that has no English yet (an error
    when the campaign requires English, else an entry of the coverage report)."""
    report = Report(located, shown_as)
    key = "error.translation_required" if required else "error.translation_missing"
    total = 0
    for loc, text in iter_texts(model):
        total += 1
        if not text.is_translated("en"):
            report(loc + ("en",), Msg.of(key), Msg.of(f"{key}.hint"))
    return total, report.problems


def blank_texts(model: BaseModel, located: Located, shown_as: str) -> list[Problem]:
    """Every plain text field left empty ("", as `thidua init` writes what is still to copy from the
    plan): the model's Text fields refuse an empty text themselves, a number or a name does not."""
    report = Report(located, shown_as)

    def walk(value: object, loc: Loc) -> None:
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                child = getattr(value, name, None)
                if isinstance(child, str) and not child.strip() and not isinstance(value, Text):
                    report(loc + (name,), Msg.of("error.schema.empty_text"), Msg.of("error.blank_text.hint"))
                else:
                    walk(child, loc + (name,))
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                walk(item, loc + (i,))

    walk(model, ())
    return report.problems


def _dupes(items, loc_of, what: str, report: Report) -> None:
    """Reports every repeated id; `what` names the entity: award_form, unit or event (error.entity.<what>)."""
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.id in seen:
            report(
                loc_of(i),
                Msg.of("error.duplicate_id", what=Msg.of(f"error.entity.{what}"), id=item.id, first=report.located.line_of(loc_of(seen[item.id]))),
                Msg.of("error.duplicate_id.hint"),
            )
        else:
            seen[item.id] = i


def check_campaign(campaign: Campaign, located: Located, shown_as: str) -> list[Problem]:
    """Rules on the plan itself: ids unique, dates coherent."""
    report = Report(located, shown_as)
    period = campaign.awards.period
    base = ("awards", "period")
    # A period may span years (2021-2025, 12/2020-5/2021): what must hold is its order, and that the
    # plan is issued before the period ends (decisions come after it: check_results).
    if period.end < period.start:
        report(base + ("end",), Msg.of("error.period_reversed", end=period.end, start=period.start), Msg.of("error.period_reversed.hint"))
    issued = campaign.document.date
    if issued is not None and issued > period.end:
        report(("document", "date"), Msg.of("error.plan_after_period", date=issued, end=period.end), Msg.of("error.plan_after_period.hint"))
    basis = campaign.document.basis
    if basis.date > period.start:
        report(("document", "basis", "date"), Msg.of("error.basis_after_start"), Msg.of("error.basis_after_start.hint"))
    ann = campaign.anniversary
    if ann is not None:
        try:
            expected = ann.founded.replace(year=ann.founded.year + ann.years)
        except ValueError:  # founded on 29 February: the anniversary falls on 28 February
            expected = ann.founded.replace(year=ann.founded.year + ann.years, day=28)
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
    if (problem := _authority(campaign.signatory.authority)) is not None:
        report(("signatory", "authority", "vi"), problem, Msg.of("error.authority.hint"))
    return report.problems


def _authority(authority) -> Msg | None:
    """Each line of a delegated signature's authority (e.g. "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH")
    starts with TM., KT., Q., TL. or TUQ. (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""
    if authority is None:
        return None
    for line in authority.vi.splitlines():
        words = line.split()
        if words and words[0].upper() not in AUTHORITY_PREFIXES:
            return Msg.of("error.authority", value=line.strip(), prefixes=", ".join(AUTHORITY_PREFIXES))
    return None


def check_units(units: Units, located: Located, shown_as: str) -> list[Problem]:
    """Unit ids are unique; a unit of kind `other` says what it is."""
    report = Report(located, shown_as)
    _dupes(units.units, lambda i: ("units", i, "id"), "unit", report)
    for i, unit in enumerate(units.units):
        if unit.kind == "other" and unit.kind_label is None:
            report(("units", i, "kind"), Msg.of("error.unit_kind_label"), Msg.of("error.unit_kind_label.hint"))
    return report.problems


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_site_info(info: SiteInfo, located: Located, shown_as: str) -> list[Problem]:
    """The contact's e-mail address looks like one."""
    report = Report(located, shown_as)
    email = info.contact.email if info.contact else None
    if email is not None and not _EMAIL.match(email):
        report(("contact", "email"), Msg.of("error.email", value=email), Msg.of("error.email.hint"))
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
    # Each rule runs on its own (unless_broken): a field the file could not give skips only the rules
    # that need it, so one bad value does not hide the file's other problems.
    unit_ids = _ids(units.units)
    with unless_broken():
        if honouree.kind == "individual" and not isinstance(readable(honouree.name), str):
            report(("name",), Msg.of("error.person_name_translated"), Msg.of("error.person_name_translated.hint"))
        if honouree.kind == "collective" and isinstance(readable(honouree.name), str):
            report(("name",), Msg.of("error.collective_name_plain"), Msg.of("error.collective_name_plain.hint"))
    with unless_broken():
        if honouree.unit not in unit_ids:
            report(("unit",), Msg.of("error.unknown_unit", id=honouree.unit), _suggest(honouree.unit, unit_ids, "units.yaml"))
    with unless_broken():
        kind = readable(honouree.kind)
        own = _ids(campaign.criteria.of(kind).items)
        other_kind = "individual" if kind == "collective" else "collective"
        other = _ids(campaign.criteria.of(other_kind).items)
        for i, cid in enumerate(honouree.criteria):
            with unless_broken():
                if cid in other:
                    report(
                        ("criteria", i),
                        Msg.of("error.criterion_other_kind", id=cid, other=_kinds(other_kind), kind=_kinds(honouree.kind)),
                        Msg.of("error.criterion_other_kind.hint", ids=", ".join(own)),
                    )
                elif cid not in own:
                    report(("criteria", i), Msg.of("error.unknown_criterion", id=cid), _suggest(cid, own, "campaign.yaml", listed=True))
    with unless_broken():
        if len(set(honouree.criteria)) != len(honouree.criteria):
            report(("criteria",), Msg.of("error.criterion_twice"), Msg.of("error.criterion_twice.hint"))
    nomination = honouree.nomination
    if nomination is not None:
        with unless_broken():
            form = campaign.award_form(nomination.award_form)
            form_ids = _ids(campaign.award_forms)
            if form is None:
                report(
                    ("nomination", "award_form"),
                    Msg.of("error.unknown_award_form", id=nomination.award_form),
                    _suggest(nomination.award_form, form_ids, "campaign.yaml", listed=True),
                )
            elif not form.admits(readable(honouree.kind)):
                report(
                    ("nomination", "award_form"),
                    Msg.of("error.kind_not_admitted", form=form.id, kind=_kinds(honouree.kind)),
                    Msg.of("error.kind_not_admitted.hint", kind=_kinds(honouree.kind)),
                )
        with unless_broken():
            if nomination.proposed_by not in unit_ids:
                report(
                    ("nomination", "proposed_by"),
                    Msg.of("error.unknown_unit", id=nomination.proposed_by),
                    _suggest(nomination.proposed_by, unit_ids, "units.yaml"),
                )
        with unless_broken():
            if nomination.date < campaign.period.start:
                report(
                    ("nomination", "date"),
                    Msg.of("error.nominated_before_start", date=nomination.date, start=campaign.period.start),
                    Msg.of("error.nominated_before_start.hint"),
                )
    with unless_broken():
        photo_path = data_dir / "photos" / honouree.photo.file
        if "/" in honouree.photo.file or "\\" in honouree.photo.file or not photo_path.is_file():
            report(("photo", "file"), Msg.of("error.photo_missing", file=honouree.photo.file), Msg.of("error.photo_missing.hint"))
        elif (problem := photo_problem(photo_path, honouree.photo.file, data_dir)) is not None:
            report(("photo", "file"), *problem)
    return report.problems


def _ids(items) -> list[str]:
    """The ids of `items` that could be read (a file that fails validation may have some that could not)."""
    return [item.id for item in items if not is_broken(item) and not is_broken(item.id)]


def check_results(
    results: Results, located: Located, shown_as: str, campaign: Campaign, honourees: dict[str, Honouree]
) -> list[Problem]:
    """Decisions respect the plan: known forms and honourees, kinds admitted, quotas, dates."""
    report = Report(located, shown_as)
    form_ids = _ids(campaign.award_forms)
    awarded_at: dict[str, Loc] = {}
    numbers: dict[str, int] = {}
    # A form may have several decisions (collectives and individuals apart, a supplementary one):
    # its quota applies to their sum, reported at the decision that goes over it.
    counts: dict[str, dict[str, int]] = {f.id: {kind: 0 for kind in KINDS} for f in campaign.award_forms}
    decisions_of: dict[str, int] = {f.id: 0 for f in campaign.award_forms}
    # Each rule runs on its own (unless_broken): a decision's bad date does not hide its unknown honouree.
    for d_index, decision in enumerate(results.decisions if not is_broken(results.decisions) else []):
        base: Loc = ("decisions", d_index)
        form = None
        with unless_broken():
            form = campaign.award_form(decision.award_form)
            if form is None:
                report(
                    base + ("award_form",),
                    Msg.of("error.unknown_award_form", id=decision.award_form),
                    _suggest(decision.award_form, form_ids, "campaign.yaml", listed=True),
                )
        with unless_broken():
            if decision.number in numbers:
                report(base + ("number",), Msg.of("error.decision_number_twice", number=decision.number, first=located.line_of(("decisions", numbers[decision.number]))), Msg.of("error.decision_number_twice.hint"))
            else:
                numbers[decision.number] = d_index
        early = False  # the decision's date is reported already: its honourees' dates are not compared with it
        with unless_broken():
            if decision.date <= campaign.period.end:
                early = True
                report(
                    base + ("date",),
                    Msg.of("error.decision_during_campaign", date=decision.date, end=campaign.period.end),
                    Msg.of("error.decision_during_campaign.hint"),
                )
        with unless_broken():
            if (problem := _authority(decision.signer.authority)) is not None:
                report(base + ("signer", "authority", "vi"), problem, Msg.of("error.authority.hint"))
        before = dict(counts[form.id]) if form is not None else {}
        with unless_broken():
            for i, hid in enumerate(decision.awarded):
                with unless_broken():
                    loc = base + ("awarded", i)
                    honouree = honourees.get(hid)
                    if honouree is None:
                        report(loc, Msg.of("error.unknown_honouree", id=hid), _suggest(hid, list(honourees), "data/honourees/"))
                        continue
                    kind = readable(honouree.kind)
                    if form is not None:
                        counts[form.id][kind] += 1
                    if form is not None and not form.admits(kind):
                        report(loc, Msg.of("error.kind_not_admitted", form=form.id, kind=_kinds(kind)), Msg.of("error.kind_not_admitted.hint", kind=_kinds(kind)))
                    if form is not None and (honouree.nomination is None or honouree.nomination.award_form != form.id):
                        report(loc, Msg.of("error.not_nominated", id=hid, form=decision.award_form), Msg.of("error.not_nominated.hint"))
                    elif not early and honouree.nomination is not None and honouree.nomination.date > decision.date:
                        nominated = honouree.nomination.date
                        report(loc, Msg.of("error.decided_before_nomination", id=hid, nominated=nominated, date=decision.date), Msg.of("error.decided_before_nomination.hint", id=hid))
                    if hid in awarded_at and hid not in results.allow_repeat_awards:
                        report(loc, Msg.of("error.awarded_twice", id=hid, where=located.where(awarded_at[hid])), Msg.of("error.awarded_twice.hint"))
                    awarded_at.setdefault(hid, loc)
        with unless_broken():
            if form is not None:
                decisions_of[form.id] += 1
                for kind in KINDS:
                    quota, count = form.quota.of(kind), counts[form.id][kind]
                    # Reported once, at the decision that goes over.
                    if count > quota >= before[kind]:
                        key = "error.over_quota" if decisions_of[form.id] == 1 else "error.over_quota.decisions"
                        report(
                            base + ("awarded",),
                            Msg.of(key, form=form.id, count=count, kind=_kinds(kind, count), quota=quota, decisions=decisions_of[form.id]),
                            Msg.of("error.over_quota.hint"),
                        )
    with unless_broken():
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


# Up to this many valid ids are listed in a suggestion (award forms, criteria); longer lists are named by file.
_LISTED = 12


def _suggest(value: str, options: list[str], where: str, *, listed: bool = False) -> Msg:
    """What to write instead of `value`: the closest of `options`, and with `listed` all of them (when
    there are few), else the file that has them."""
    close = difflib.get_close_matches(value, options, n=1)
    if listed and 0 < len(options) <= _LISTED:
        ids = ", ".join(options)
        return Msg.of("error.suggest.close.listed", close=close[0], ids=ids) if close else Msg.of("error.suggest.listed", ids=ids)
    if close:
        return Msg.of("error.suggest.close", close=close[0], where=where)
    return Msg.of("error.suggest", where=where)


def _kinds(kind: str, count: int = 2) -> Msg:
    """The name of a kind (collective, individual), plural unless `count` is 1."""
    return Msg.of(f"error.kind.{kind}.{'one' if count == 1 else 'other'}")
