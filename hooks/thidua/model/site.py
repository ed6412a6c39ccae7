"""SiteData: everything a build publishes, validated and cross-checked (made by thidua.load)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from thidua.model.data import Campaign, Honouree, Results, Units
from thidua.model.problems import Problem


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

    @property
    def final_results(self) -> Results | None:
        """The results once they are final (what pages and exports publish as awarded), else None."""
        return self.results if self.results is not None and self.results.is_final else None

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
