"""The site's own options (mkdocs.yml, `extra.thidua`): read once into a typed model, every bad value named.

    extra:
      thidua:
        data_dir: data          # the campaign's data folder, from mkdocs.yml's folder
        cache_dir: .cache       # resized photos and the build's store are kept here, outside site/
        archive: false          # the archive edition (python -m thidua.archive sets it)
        pdf: false              # print the plan and the booklet to PDF
        campaign: ""            # one campaign of a Department (data/campaigns/<slug>/), as its build at
                                # /<slug>/ is run (thidua.publish.campaigns sets THIDUA_CAMPAIGN)

MkDocs' `!ENV` tag may give a flag as the text of an environment variable ("true", "0", "yes"...).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from thidua.model.problems import Msg, Problem

SECTION = "extra.thidua"
_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


@dataclass(frozen=True)
class ProjectOptions:
    """The options of one site, with their defaults."""

    data_dir: str = "data"
    cache_dir: str = ".cache"
    archive: bool = False
    pdf: bool = False
    campaign: str = ""

    def data_path(self, project: Path) -> Path:
        """The data folder, from the project's folder (never the working directory)."""
        return (project / self.data_dir).resolve()

    def campaign_path(self, project: Path) -> Path | None:
        """With `campaign`: that campaign's folder in the Department's data folder."""
        return self.data_path(project) / "campaigns" / self.campaign if self.campaign else None

    def _own_cache(self, project: Path, name: str) -> Path:
        # A campaign built beside others keeps its store and templates apart: builds run side by side,
        # and each prunes its store to what its own last builds used.
        base = project / self.cache_dir
        return (base / "campaigns" / self.campaign / name if self.campaign else base / name).resolve()

    def site_cache(self, project: Path) -> Path:
        """The campaigns' built sites of a Department (thidua.publish.campaigns)."""
        return (project / self.cache_dir / "sites").resolve()

    def photo_cache(self, project: Path) -> Path:
        """The photo cache, beside mkdocs.yml and outside site/, so a clean build keeps it."""
        return (project / self.cache_dir / "photos").resolve()

    def card_cache(self, project: Path) -> Path:
        """The sharing cards' cache (thidua.publish.cards), beside the photos'."""
        return (project / self.cache_dir / "cards").resolve()

    def build_cache(self, project: Path) -> Path:
        """The build's store (thidua.store), beside the photo cache."""
        return self._own_cache(project, "build")

    def spare_site(self, project: Path) -> Path:
        """The site the last `mkdocs build` replaced, kept for the next build to start from (thidua.publish.folder)."""
        return self._own_cache(project, "spare-site")

    def template_cache(self, project: Path) -> Path:
        """The templates' compiled bytecode (thidua.publish.compiled), beside the build's store."""
        return self._own_cache(project, "templates")


NAMES = tuple(f.name for f in fields(ProjectOptions))
FOLDERS = ("data_dir", "cache_dir")
TEXTS = ("campaign",)


class OptionsError(Exception):
    """Every bad option of mkdocs.yml's extra.thidua, each naming the file and the option."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = list(problems)
        super().__init__(self.format())

    def format(self, lang: str = "en") -> str:
        count = len(self.problems)
        head = Msg.of("options.head.one" if count == 1 else "options.head.other", count=count, file=self.file)
        return "\n".join([head.render(lang), *("  " + p.format(lang) for p in self.problems)])


def _shown(value: object) -> str:
    return f"'{value}'" if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)


def _flag(value: object) -> bool | None:
    """A flag from YAML (true, false, 0, 1) or from an environment variable's text; None if it is neither."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    return None


def read_options(section: object, file: str = "mkdocs.yml") -> ProjectOptions:
    """The options in `section` (the value of extra.thidua, None when absent); OptionsError names every bad one.

    An option left empty (`pdf:`) keeps its default."""
    if section is None:
        return ProjectOptions()
    names = ", ".join(NAMES)
    if not isinstance(section, Mapping):
        problem = Problem.keyed(
            file, None, SECTION, Msg.of("options.not_a_mapping", value=_shown(section)), Msg.of("options.names", names=names)
        )
        raise OptionsError(file, [problem])
    problems: list[Problem] = []
    values: dict[str, object] = {}
    for name, value in section.items():
        where = f"{SECTION}.{name}"
        if name not in NAMES:
            close = difflib.get_close_matches(str(name), NAMES, n=1)
            hint = Msg.of("options.names.close", close=close[0], names=names) if close else Msg.of("options.names", names=names)
            problems.append(Problem.keyed(file, None, where, Msg.of("options.unknown", name=name), hint))
        elif value is None:
            continue
        elif name in TEXTS:
            values[name] = str(value).strip()
        elif name in FOLDERS:
            if isinstance(value, str) and value.strip():
                values[name] = value
            else:
                default = getattr(ProjectOptions, name)
                problems.append(
                    Problem.keyed(file, None, where, Msg.of("options.not_a_folder", value=_shown(value), file=file, default=default))
                )
        else:
            flag = _flag(value)
            if flag is None:
                problems.append(
                    Problem.keyed(file, None, where, Msg.of("options.not_a_flag", value=_shown(value)), Msg.of("options.not_a_flag.hint"))
                )
            else:
                values[name] = flag
    if problems:
        raise OptionsError(file, problems)
    return ProjectOptions(**values)
