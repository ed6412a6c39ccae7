"""What one build command keeps between MkDocs events, as one typed object, and where the hooks find it.

MkDocs hands every event the same config object for a whole build command (`mkdocs serve` makes a new
one per rebuild), and the i18n plugin reuses it for the English build it runs inside the Vietnamese
build. So the build's state lives on the config under one key (KEY), made once by hook_data's
on_config: what is computed once per build command (data, photos, edition, open data) is kept on
BuildState; what each language's build makes for itself is kept on its LanguageBuild. Nothing is
kept in module globals.

The functions at the end are the hooks' only way to the state and to MkDocs facts they share (the
project folder, the language under way, the i18n plugin's inner build). They read the config and the
plugin by their attributes: nothing here imports MkDocs (ARCHITECTURE.md, "The build's state").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from thidua.keys import Digest
from thidua.load.memo import Warm
from thidua.model.languages import DEFAULT_LANGUAGE
from thidua.model.options import ProjectOptions
from thidua.model.department import Department
from thidua.model.site import SiteData
from thidua.publish.campaigns import CampaignFacts
from thidua.publish.edition import Edition
from thidua.publish.exports import Download
from thidua.publish.facts import BuildContext
from thidua.publish.fragments import Fragments
from thidua.publish.pages import PageSpec
from thidua.publish.photos import PhotoSet
from thidua.store import Store

KEY = "thidua_build"


@dataclass
class LanguageBuild:
    """What one language's build makes for its own pages (hook_pages), replaced by the next language's."""

    lang: str
    pages: dict[tuple[str, str | None], PageSpec]  # (kind, honouree id): the page (on_files)
    facts: BuildContext | None  # what every page of this language shares (on_files); None on a Department's home
    env: Any = None  # the theme's Jinja environment (on_env), which renders the honouree pages (on_post_page)
    fragments: Fragments | None = None  # the fragments of this language, through the build's store (on_env)
    make_fragments: Any = None  # (Digest) -> Fragments of this language's environment (on_env; a serve preview's)
    shell_context: dict | None = None  # the shell's template context, from on_page_context to its on_post_page


@dataclass
class BuildState:
    """What a build command computes once; each field is written by one hook (named) and read by others."""

    project: Path  # the folder of mkdocs.yml
    options: ProjectOptions  # extra.thidua, read once (hook_data)
    site: SiteData | None  # every data file, validated (hook_data); None for a Department's archive home
    today: dt.date  # the build date: SOURCE_DATE_EPOCH or today, Viet Nam time (hook_data)
    department: Department | None = None  # a Department's campaigns (data/campaigns/), for its archive home (hook_data)
    facts: CampaignFacts | None = None  # a Department's campaign built at /<slug>/: what it shows of the others (hook_data)
    store: Store | None = None  # the build's store under .cache/build/ (hook_data)
    engine: str = ""  # the key of the code that makes the build's output (hook_data: thidua.keys.engine_key)
    digest: Digest = field(default_factory=Digest, repr=False)  # hashes of the data's values, once per build
    loaded: Warm | None = field(default=None, repr=False)  # what the load found by key, for a preview's load (hook_data)
    photos: dict[str, PhotoSet] | None = None  # by honouree id (hook_photos)
    edition: Edition | None = None  # the edition's facts for the colophon and the PDFs (hook_archive)
    downloads: list[Download] | None = None  # the open-data files (hook_exports)
    search_started: Any = None  # the default language's Pagefind run under way (hook_search)
    language: LanguageBuild | None = field(default=None, repr=False)  # the language build under way (hook_pages)
    campaign_builds: Any = None  # a Department's campaigns being built (hook_department)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this build publishes."""
        return self.department.languages if self.department is not None else self.site.languages


# --- where the hooks find it on MkDocs' config ---------------------------------------------------


def get(config) -> BuildState | None:
    """The build's state, or None before hook_data has made it (or after it stopped the build)."""
    return config.get(KEY)


def of(config) -> BuildState:
    """The build's state (made by hook_data's on_config, the first of our hooks)."""
    return config[KEY]


def keep(config, state: BuildState) -> BuildState:
    config[KEY] = state
    return state


def project_dir(config) -> Path:
    """The folder of the config file (mkdocs.yml): the project's folder, whatever the working directory."""
    return Path(config.config_file_path).resolve().parent


def config_file_name(config) -> str:
    """The config file's name as messages show it (mkdocs.yml)."""
    return Path(config.config_file_path).name


def language(config) -> str:
    """The language of the build under way (the i18n plugin sets the theme's language per build)."""
    return config.theme.get("language") or DEFAULT_LANGUAGE


def i18n_languages(config) -> list[str] | None:
    """The languages the i18n plugin builds, or None without the plugin."""
    i18n = config.plugins.get("i18n")
    return list(getattr(i18n, "build_languages", None) or []) if i18n is not None else None


def inner_language_build(config) -> bool:
    """Whether this is one of the i18n plugin's inner builds: the other languages, which it builds one after
    the other from inside the default language's on_post_build (its priority -100).

    mkdocs-static-i18n 1.3 has no public way to say so: it sets its plugin object's `building` attribute
    to True around those builds. This is the only place that reads it (tests/build/test_wiring.py fails if
    the plugin stops setting it)."""
    i18n = config.plugins.get("i18n")
    return bool(i18n is not None and getattr(i18n, "building", False))
