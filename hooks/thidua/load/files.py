"""Reads every data file into one immutable SiteData, then cross-checks it, reporting all problems at once."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from thidua.keys import hash_text
from thidua.load.checks import (
    blank_texts,
    check_campaign,
    check_honouree,
    check_honourees_together,
    check_results,
    check_site_info,
    check_units,
    translation_gaps,
)
from thidua.load.errors import validation_problems
from thidua.load.images import outside
from thidua.load.memo import LazyLocated, LoadMemo, content_key
from thidua.load.partial import BROKEN, Broken, is_broken, partial
from thidua.load.stories import check_story, story_checker
from thidua.load.yamlfile import Located, read_yaml
from thidua.model.data import Campaign, Honouree, Results, SiteInfo, Unit, Units
from thidua.model.problems import DataError, Msg, Problem
from thidua.model.site import Coverage, SiteData
from thidua.model.text import is_slug

@dataclass(frozen=True)
class Inherited:
    """What a campaign of a Department (data/campaigns/<slug>/) takes from the Department's files at the top
    of data/, already validated there: site.yaml's publisher, contact, licence and languages, the units."""

    site: dict  # data/site.yaml as data: the keys a campaign's own site.yaml may leave out
    units: tuple[Unit, ...]
    key: str  # the hash of those files' bytes (what the honourees' checks depend on)


# --- loading ------------------------------------------------------------------------------------


def _read_mapping(path: Path, shown_as: str, problems: list[Problem], content: bytes | None = None):
    """The file read with its lines, and whether it is a mapping of fields (its problems added to `problems`)."""
    located, errs = read_yaml(path, shown_as, content)
    problems.extend(errs)
    if located is None:
        return None, False
    if not isinstance(located.data, dict):
        problems.append(Problem.keyed(shown_as, 1, "", Msg.of("error.not_a_mapping"), Msg.of("error.not_a_mapping.hint")))
        return located, False
    return located, True


def _load(
    path: Path, shown_as: str, model: type[BaseModel], problems: list[Problem], *, partly: bool = False,
    content: bytes | None = None,
):
    """The file's model and its line map; its problems added to `problems`. A file that fails validation
    gives None, or with `partly` what can be read of it (see partial), for the checks across files.
    `content`: the file's bytes as read already (the build's store keys them)."""
    located, mapping = _read_mapping(path, shown_as, problems, content)
    if not mapping:
        return None, located
    try:
        return model.model_validate(located.data), located
    except ValidationError as exc:
        problems.extend(validation_problems(exc, located, shown_as, model))
        return (partial(model, located.data) if partly else None), located


def _photo_file(honouree: Honouree):
    """The honouree's photo file name, BROKEN when its file could not give it."""
    photo = honouree.photo
    return BROKEN if is_broken(photo) else photo.file


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    """The problems file by file (in the order files were read), each file's from its first line down."""
    first: dict[str, int] = {}
    for problem in problems:
        first.setdefault(problem.file, len(first))
    return sorted(problems, key=lambda p: (first[p.file], p.line or 0))


def _checked(problems: list[Problem], check: Callable[..., list[Problem]], *args: object) -> None:
    """Run one file's checks, adding their problems; a check that needs a value the file could not
    give is skipped (the value's own problem is reported already)."""
    found: list[Problem] = []
    try:
        found = check(*args)
    except Broken:
        pass
    problems.extend(found)


def _rel(path: Path, root: Path) -> str:
    text, top = os.fspath(path), os.fspath(root).rstrip(os.sep)
    if top and text.startswith(top + os.sep) and os.sep == "/":  # thousands of files: without pathlib's parsing
        return text[len(top) + 1 :]
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_plan(data_dir: Path, root: Path | None = None, inherited: Inherited | None = None) -> tuple[Campaign, Units]:
    """Only the plan and the units, each checked for its shape (what the office's `new` and `template`
    need), so a half-filled honouree file does not block them; raise DataError with every problem.
    With `inherited` (a Department's campaign), the Department's units and the campaign's own."""
    data_dir = Path(data_dir)
    root = Path(root) if root else data_dir.parent
    problems: list[Problem] = []
    campaign, _ = _load(data_dir / "campaign.yaml", _rel(data_dir / "campaign.yaml", root), Campaign, problems)
    if inherited is None:
        units, _ = _load(data_dir / "units.yaml", _rel(data_dir / "units.yaml", root), Units, problems)
    else:
        _, _, units = _department_units(
            data_dir, _rel(data_dir / "units.yaml", root), inherited, problems, _bytes(data_dir / "units.yaml")
        )
    if problems:
        raise DataError(problems)
    return campaign, units.as_at(campaign.period.start)


def load_site_info(data_dir: Path, root: Path | None = None) -> SiteInfo:
    """Only data/site.yaml (what the archive command names its files after); raise DataError."""
    data_dir = Path(data_dir)
    root = Path(root) if root else data_dir.parent
    problems: list[Problem] = []
    info, _ = _load(data_dir / "site.yaml", _rel(data_dir / "site.yaml", root), SiteInfo, problems)
    if problems:
        raise DataError(problems)
    return info


def _bytes(path: Path) -> bytes | None:
    """A file's bytes, or None when it cannot be read (read_yaml then says why)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


# What a campaign's site.yaml takes from the Department's when it leaves them out.
INHERITED_SITE_KEYS = ("english", "publisher", "contact", "licence")


def _campaign_site(data_dir: Path, shown_as: str, inherited: Inherited, problems: list[Problem]):
    """A Department's campaign's site.yaml (its slug, name, description, About text, and whatever it gives
    of its own), over what it inherits: a SiteInfo, and its lines."""
    located, mapping = _read_mapping(data_dir / "site.yaml", shown_as, problems)
    if not mapping:
        return None, located
    own = located.data
    if own.get("slug") not in (None, data_dir.name):
        problems.append(
            Problem.keyed(
                shown_as, located.line_of(("slug",)), "slug",
                Msg.of("error.campaign_slug", slug=str(own.get("slug")), folder=data_dir.name),
                Msg.of("error.campaign_slug.hint", folder=data_dir.name),
            )
        )  # fmt: skip
    if "primary" in own:
        problems.append(
            Problem.keyed(shown_as, located.line_of(("primary",)), "primary", Msg.of("error.primary_in_campaign"),
                          Msg.of("error.primary_in_campaign.hint"))
        )  # fmt: skip
    merged = {key: inherited.site[key] for key in INHERITED_SITE_KEYS if key in inherited.site and key not in own}
    merged.update(own)
    merged["slug"] = data_dir.name
    merged.pop("primary", None)
    whole = Located(data=merged, lines=located.lines)
    try:
        return SiteInfo.model_validate(merged), whole
    except ValidationError as exc:
        problems.extend(validation_problems(exc, whole, shown_as, SiteInfo))
        return partial(SiteInfo, merged), whole


def _department_units(
    data_dir: Path, shown_as: str, inherited: Inherited, problems: list[Problem], content: bytes | None
):
    """The Department's units and the campaign's own (its units.yaml, when it has one), as one Units."""
    own, located = None, None
    if content is not None:
        own, located = _load(data_dir / "units.yaml", shown_as, Units, problems, partly=True, content=content)
    mine = list(own.units) if own is not None and not is_broken(own.units) else []
    known = {unit.id for unit in inherited.units}
    for i, unit in enumerate(mine):
        if not is_broken(unit) and not is_broken(unit.id) and unit.id in known:
            problems.append(
                Problem.keyed(
                    shown_as, located.line_of(("units", i, "id")) if located else None, f"units[{i + 1}].id",
                    Msg.of("error.unit_in_department", id=unit.id), Msg.of("error.unit_in_department.hint", id=unit.id),
                )
            )  # fmt: skip
    return own, located, Units.model_construct(units=[*inherited.units, *mine])


def load_site(
    data_dir: Path, root: Path | None = None, memo: LoadMemo | None = None, inherited: Inherited | None = None
) -> SiteData:
    """Load, validate and cross-check all data under `data_dir`; raise DataError with every problem.

    With `memo` (the build's store), an unchanged honouree file that validated is taken from the store
    instead of being parsed (its model and its English gaps), and the checks it passed with the same
    inputs are not run again (thidua.load.memo).

    With `inherited`, `data_dir` is one campaign of a Department (thidua.load.department): its site.yaml
    and units.yaml (optional) add to the Department's."""
    data_dir = Path(data_dir)
    root = Path(root) if root else data_dir.parent
    memo = memo or LoadMemo(None, "")
    problems: list[Problem] = []

    site_file = _rel(data_dir / "site.yaml", root)
    campaign_file = _rel(data_dir / "campaign.yaml", root)
    units_file = _rel(data_dir / "units.yaml", root)
    # Every file is read as far as it can be (partly=True), then every rule is checked on what was
    # read: a bad date does not hide a missing photo of the same file. Only valid files reach SiteData.
    campaign_bytes, units_bytes = _bytes(data_dir / "campaign.yaml"), _bytes(data_dir / "units.yaml")
    if inherited is None:
        info, info_loc = _load(data_dir / "site.yaml", site_file, SiteInfo, problems, partly=True)
    else:
        info, info_loc = _campaign_site(data_dir, site_file, inherited, problems)
    campaign, campaign_loc = _load(
        data_dir / "campaign.yaml", campaign_file, Campaign, problems, partly=True, content=campaign_bytes
    )
    own_units = None  # a Department's campaign: its own units.yaml (checked as a file), beside the Department's
    if inherited is None:
        units, units_loc = _load(data_dir / "units.yaml", units_file, Units, problems, partly=True, content=units_bytes)
    else:
        own_units, units_loc, units = _department_units(data_dir, units_file, inherited, problems, units_bytes)
    # The honourees' checks depend on the plan and the units: remembered only while both are valid.
    plan = None if problems else hash_text(
        content_key(campaign_bytes or b""), content_key(units_bytes or b""), inherited.key if inherited else ""
    )

    honourees: list[tuple[str, Honouree, Located, str]] = []
    file_keys: dict[str, str] = {}  # the store's key of each honouree file that validated
    file_gaps: dict[str, dict] = {}  # its English gaps: {required: translation_gaps(...)}
    unreadable: list[str] = []  # honourees whose file could not be read at all
    partly_read: set[str] = set()  # honourees whose file failed validation (read field by field)
    honouree_dir = data_dir / "honourees"
    # One folder: by name, as pathlib orders its paths (without comparing thousands of Path objects).
    for path in sorted(honouree_dir.iterdir(), key=lambda p: p.name) if honouree_dir.is_dir() else []:
        shown = _rel(path, root)
        if path.name.startswith("."):
            continue  # hidden files: an editor's or the import's temporary files
        if path.suffix != ".yaml":
            if path.suffix.lower() in (".yaml", ".yml"):
                problems.append(
                    Problem.keyed(
                        shown, None, "", Msg.of("error.honouree_extension"),
                        Msg.of("error.honouree_extension.hint", name=f"{path.stem}.yaml"),
                    )
                )  # fmt: skip
            continue
        if not memo.trusts(shown) and outside(path, data_dir, memo.real_folders):
            problems.append(Problem.keyed(shown, None, "", Msg.of("error.file_outside"), Msg.of("error.file_outside.hint")))
            continue
        if not is_slug(path.stem):
            problems.append(
                Problem.keyed(shown, None, "", Msg.of("error.file_name_not_id"), Msg.of("error.file_name_not_id.hint"))
            )
        # A process loading again (mkdocs serve) knows the key of a file whose stamp has not changed since.
        stamp, key, content = memo.file_stamp(path, shown), None, None
        key = memo.known_file_key(shown, stamp, path)
        if key is None:
            content = _bytes(path)
            key = memo.file_key(shown, content, stamp, path) if content is not None else None
        kept = memo.model(key) if key is not None else None
        if kept is not None:
            honouree, gaps = kept
            located = LazyLocated(lambda path=path, shown=shown, content=content: read_yaml(path, shown, content)[0])
            honourees.append((path.stem, honouree, located, shown))
            file_keys[shown], file_gaps[shown] = key, gaps
            continue
        memo.parsed += 1
        before = len(problems)
        if content is None:
            content = _bytes(path)
        honouree, located = _load(path, shown, Honouree, problems, partly=True, content=content)
        if honouree is not None and located is not None:
            honourees.append((path.stem, honouree, located, shown))
            if len(problems) > before:
                partly_read.add(path.stem)
            elif key is not None:
                gaps = {required: translation_gaps(honouree, located, shown, required=required) for required in (False, True)}
                memo.keep_model(key, honouree, gaps)
                file_keys[shown], file_gaps[shown] = key, gaps
        else:
            unreadable.append(path.stem)

    results = None
    results_path = data_dir / "results.yaml"
    results_file = _rel(results_path, root)
    results_loc = None
    if results_path.exists():
        results, results_loc = _load(results_path, results_file, Results, problems, partly=True)

    if info is not None:
        _checked(problems, check_site_info, info, info_loc, site_file)
    if campaign is not None:
        _checked(problems, check_campaign, campaign, campaign_loc, campaign_file)
        _checked(problems, blank_texts, campaign, campaign_loc, campaign_file)
    units_checked = units if inherited is None else own_units  # a file's checks, on that file's units
    if units_checked is not None:
        _checked(problems, check_units, units_checked, units_loc, units_file)
        _checked(problems, blank_texts, units_checked, units_loc, units_file)
    if campaign is not None and units is not None:
        # A story may show the honourees' photos (the build publishes them), no other picture.
        photo_files = {file for _, h, _, _ in honourees if not is_broken(file := _photo_file(h))}
        photo_names = hash_text(*sorted(photo_files))
        checker = None
        for hid, honouree, located, shown in honourees:
            check = None
            if plan is not None and shown in file_keys:
                check = memo.check_key(file_keys[shown], honouree, plan, data_dir, photo_names, shown)
            if memo.passed(check):
                continue
            memo.checked += 1
            checker = checker or story_checker(photo_files)
            found: list[Problem] = []
            _checked(found, check_honouree, hid, honouree, located, shown, campaign, units, data_dir)
            _checked(found, check_story, honouree, located, shown, photo_files, checker)
            if not found:
                memo.keep_passed(check)
            problems.extend(found)
        # files that failed validation are left out of the rules across files: what they would count is not known
        _checked(problems, check_honourees_together, [h for h in honourees if h[0] not in partly_read], campaign, units)
        if results is not None:
            # an honouree whose file could not be read is known, but nothing about it can be checked
            known = {**{hid: BROKEN for hid in unreadable}, **{hid: h for hid, h, _, _ in honourees}}
            _checked(problems, check_results, results, results_loc, results_file, campaign, known)
            _checked(problems, blank_texts, results, results_loc, results_file)

    # English: when the site publishes it, the texts without it are a coverage report (or errors,
    # when the campaign requires English); a Vietnamese-only site has nothing to report.
    coverage = None
    english = BROKEN if info is None else info.english
    if not is_broken(english) and english != "off":
        required = english == "required"
        files = [(info, info_loc, site_file), (campaign, campaign_loc, campaign_file), (units_checked, units_loc, units_file)]
        files += [(h, located, shown) for _, h, located, shown in honourees]
        if results is not None:
            files.append((results, results_loc, results_file))
        total, missing = 0, []
        for model, located, shown in files:
            if model is None:
                continue
            if shown in file_gaps:  # a honouree file that validated: its gaps, as kept with its model
                count, gaps = file_gaps[shown][required]
                total += count
                missing += gaps
                continue
            try:
                count, gaps = translation_gaps(model, located, shown, required=required)
            except Broken:  # a file read only in part: its own problems stop the build already
                continue
            total += count
            missing += gaps
        if required:
            problems.extend(missing)
        coverage = Coverage("en", total, () if required else tuple(missing))

    if problems:
        raise DataError(_in_file_order(problems))

    return SiteData(
        campaign=campaign,
        # A unit renamed since shows the name it had when the campaign began (thidua.model.data.Unit.as_at).
        units=units.as_at(campaign.period.start),
        info=info,
        honourees=tuple((hid, h) for hid, h, _, _ in honourees),
        results=results,
        data_dir=data_dir,
        coverage=coverage,
    )
