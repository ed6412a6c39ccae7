"""A Department's campaigns in one site: every campaign's SiteData, the Department's own facts, and who is
honoured in more than one campaign."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from thidua.model.data import SiteInfo, Units
from thidua.model.problems import Problem
from thidua.model.site import SiteData


@dataclass(frozen=True)
class Elsewhere:
    """A honouree's entry in another campaign (the same `person` id): where it is and what it is called."""

    campaign: str  # the other campaign's slug
    honouree: str  # the honouree's id there
    name: dict  # the campaign's name by language ({"vi": ..., "en": ...})
    year: int  # the year that campaign began
    languages: tuple[str, ...] = ("vi",)  # the other campaign's languages (a link in another goes to its Vietnamese page)


@dataclass(frozen=True)
class Department:
    """data/ with a campaigns/ folder: the Department's site.yaml and units.yaml, and each campaign."""

    __unkeyed__ = "every campaign's data (a campaign's build is keyed by its own files)"

    info: SiteInfo  # data/site.yaml: the archive's name, languages, publisher, contact, licence, About
    units: Units  # data/units.yaml: the units every campaign shares
    campaigns: tuple[tuple[str, SiteData], ...]  # (slug, its data), in folder order
    data_dir: Path = Path("data")
    warnings: tuple[Problem, ...] = ()
    people: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict, compare=False)  # person id: (slug, hid)...

    @property
    def languages(self) -> tuple[str, ...]:
        return self.info.languages

    def campaign(self, slug: str) -> SiteData:
        return dict(self.campaigns)[slug]

    def newest_first(self) -> list[tuple[str, SiteData]]:
        """The campaigns by the day they began, the newest first (then by slug)."""
        return sorted(self.campaigns, key=lambda item: (item[1].campaign.period.start, item[0]), reverse=True)

    def elsewhere(self, slug: str) -> dict[str, tuple[Elsewhere, ...]]:
        """For each honouree of campaign `slug` with a person id, its entries in the other campaigns."""
        out: dict[str, tuple[Elsewhere, ...]] = {}
        for slug_here, site in self.campaigns:
            if slug_here != slug:
                continue
            for hid, honouree in site.honourees:
                if honouree.person is None:
                    continue
                others = [
                    Elsewhere(
                        campaign=other,
                        honouree=other_hid,
                        name=self.campaign(other).info.name.model_dump(exclude_none=True),
                        year=self.campaign(other).campaign.period.start.year,
                        languages=self.campaign(other).languages,
                    )
                    for other, other_hid in self.people.get(honouree.person, ())
                    if other != slug
                ]
                if others:
                    out[hid] = tuple(sorted(others, key=lambda e: (e.year, e.campaign)))
        return out
