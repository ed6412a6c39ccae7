"""Reads a Department's data folder (data/site.yaml, data/units.yaml, data/campaigns/<slug>/ for each
campaign) into one Department, every campaign checked, every problem named by its file."""

from __future__ import annotations

from pathlib import Path

from thidua.keys import hash_text
from thidua.load.checks import blank_texts, check_site_info, check_units
from thidua.load.files import Inherited, _bytes, _load, _rel, load_site
from thidua.load.memo import LoadMemo, content_key
from thidua.model.data import SiteInfo, Units
from thidua.model.department import Department
from thidua.model.problems import DataError, Msg, Problem
from thidua.model.text import is_slug

CAMPAIGNS = "campaigns"


def is_department(data_dir: Path) -> bool:
    """Whether `data_dir` holds several campaigns (a campaigns/ folder) rather than one."""
    return (Path(data_dir) / CAMPAIGNS).is_dir()


def campaign_folders(data_dir: Path) -> list[Path]:
    """The campaigns' folders under data/campaigns/ (every folder with a campaign.yaml), by name."""
    folder = Path(data_dir) / CAMPAIGNS
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".") and (p / "campaign.yaml").exists())


def load_inherited(data_dir: Path, root: Path) -> tuple[SiteInfo, Units, Inherited]:
    """The Department's own files, validated: what every campaign takes from them; raise DataError."""
    problems: list[Problem] = []
    site_file, units_file = _rel(data_dir / "site.yaml", root), _rel(data_dir / "units.yaml", root)
    site_bytes, units_bytes = _bytes(data_dir / "site.yaml"), _bytes(data_dir / "units.yaml")
    info, info_loc = _load(data_dir / "site.yaml", site_file, SiteInfo, problems, content=site_bytes)
    units, units_loc = _load(data_dir / "units.yaml", units_file, Units, problems, content=units_bytes)
    if info is not None:
        problems += check_site_info(info, info_loc, site_file)
    if units is not None:
        problems += check_units(units, units_loc, units_file) + blank_texts(units, units_loc, units_file)
        known = {unit.id for unit in units.units}
        for i, unit in enumerate(units.units):
            if unit.merged_into is not None and unit.merged_into not in known:
                problems.append(
                    Problem.keyed(units_file, units_loc.line_of(("units", i, "merged_into")), f"units[{i + 1}].merged_into",
                                  Msg.of("error.unit_merged_unknown", id=unit.merged_into), Msg.of("error.unit_merged_unknown.hint"))
                )  # fmt: skip
    if (data_dir / "campaign.yaml").exists():
        problems.append(
            Problem.keyed(_rel(data_dir / "campaign.yaml", root), None, "", Msg.of("error.campaigns_and_campaign"),
                          Msg.of("error.campaigns_and_campaign.hint"))
        )  # fmt: skip
    if problems:
        raise DataError(problems)
    inherited = Inherited(
        site=info.model_dump(mode="json", exclude_none=True),
        units=tuple(units.units),
        key=hash_text(content_key(site_bytes or b""), content_key(units_bytes or b"")),
    )
    return info, units, inherited


def load_department(
    data_dir: Path, root: Path | None = None, memo: LoadMemo | None = None, only: str | None = None
) -> Department:
    """Every campaign of the Department (or, with `only`, that one), checked; raise DataError with every
    problem of every campaign, each named by its file (data/campaigns/<slug>/...)."""
    data_dir = Path(data_dir)
    root = Path(root) if root else data_dir.parent
    info, units, inherited = load_inherited(data_dir, root)
    problems: list[Problem] = []
    folders = campaign_folders(data_dir)
    shown_campaigns = _rel(data_dir / CAMPAIGNS, root) + "/"
    if not folders:
        raise DataError([Problem.keyed(shown_campaigns, None, "", Msg.of("error.no_campaigns"), Msg.of("error.no_campaigns.hint"))])
    slugs = [folder.name for folder in folders]
    site_file = _rel(data_dir / "site.yaml", root)
    if info.primary is not None and info.primary not in slugs:
        problems.append(
            Problem.keyed(site_file, None, "primary", Msg.of("error.primary_unknown", slug=info.primary),
                          Msg.of("error.primary_unknown.hint", slugs=", ".join(slugs)))
        )  # fmt: skip
    campaigns = []
    warnings: list[Problem] = []
    for folder in folders:
        if only is not None and folder.name != only:
            continue
        if not is_slug(folder.name):
            problems.append(
                Problem.keyed(_rel(folder, root) + "/", None, "", Msg.of("error.campaign_folder_name", folder=folder.name),
                              Msg.of("error.campaign_folder_name.hint"))
            )  # fmt: skip
            continue
        try:
            site = load_site(folder, root=root, memo=memo, inherited=inherited)
        except DataError as error:
            problems += error.problems
            continue
        campaigns.append((folder.name, site))
        warnings += site.warnings
    people: dict[str, list[tuple[str, str]]] = {}
    for slug, site in campaigns:
        seen: dict[str, str] = {}
        for hid, honouree in site.honourees:
            if honouree.person is None:
                continue
            if honouree.person in seen:
                shown = _rel(folder_of(data_dir, slug) / "honourees" / f"{hid}.yaml", root)
                problems.append(
                    Problem.keyed(shown, None, "person", Msg.of("error.person_twice", person=honouree.person, other=seen[honouree.person]),
                                  Msg.of("error.person_twice.hint"))
                )  # fmt: skip
            seen[honouree.person] = hid
            people.setdefault(honouree.person, []).append((slug, hid))
    if problems:
        raise DataError(problems)
    return Department(
        info=info,
        units=units,
        campaigns=tuple(campaigns),
        data_dir=data_dir,
        warnings=tuple(warnings),
        people={person: tuple(entries) for person, entries in people.items()},
    )


def folder_of(data_dir: Path, slug: str) -> Path:
    return Path(data_dir) / CAMPAIGNS / slug
