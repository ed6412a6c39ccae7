"""SiteData: everything a build publishes, validated and cross-checked (made by thidua.load)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from thidua.model.data import Campaign, Honouree, Results, SiteInfo, Units
from thidua.model.languages import DEFAULT_LANGUAGE
from thidua.model.problems import Problem


@dataclass(frozen=True)
class Coverage:
    """How much of the data's text has its translation in one language: a report, not a warning."""

    lang: str
    total: int  # texts in the data (every vi/en pair)
    missing: tuple[Problem, ...] = ()  # one per text without this language, file:line:field

    @property
    def translated(self) -> int:
        return self.total - len(self.missing)

    @property
    def percent(self) -> int:
        """Whole percent translated, rounded down: 100 only when nothing is missing."""
        return 100 if not self.missing else (100 * self.translated) // max(self.total, 1)

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class SiteData:
    """Everything the site publishes, validated and cross-checked."""

    # Never part of a key of the build's store (thidua.keys): a page's key holds what the page shows.
    __unkeyed__ = "the whole site's data (a key holds what the page shows, e.g. a honouree and its neighbours)"

    campaign: Campaign
    units: Units
    info: SiteInfo
    honourees: tuple[tuple[str, Honouree], ...] = ()
    results: Results | None = None
    data_dir: Path = Path("data")
    warnings: tuple[Problem, ...] = ()
    coverage: Coverage | None = None  # of English, when the site publishes English
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def final_results(self) -> Results | None:
        """The results once they are final (what pages and exports publish as awarded), else None."""
        return self.results if self.results is not None and self.results.is_final else None

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the site is published in (data/site.yaml), Vietnamese first."""
        return self.info.languages

    @property
    def other_languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in self.languages if lang != DEFAULT_LANGUAGE)

    @property
    def has_samples(self) -> bool:
        """Whether anything published is sample data (honourees or results)."""
        return any(h.sample for _, h in self.honourees) or bool(self.results and self.results.sample)

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
