"""MkDocs hook: reads the site's options, loads and validates all campaign data before anything is written, and
makes the build follow the data (site name, description, footer, the languages the i18n plugin builds)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from thidua import heap
from thidua.keys import Digest, engine_key
from thidua.load.files import load_site
from thidua.load.memo import LoadMemo
from thidua.model import strings
from thidua.model.dates import build_date
from thidua.model.languages import DEFAULT_LANGUAGE
from thidua.model.options import OptionsError, read_options
from thidua.model.problems import DataError
from thidua.load.department import is_department, load_department, load_inherited
from thidua.model.data import SiteInfo, Text
from thidua.publish.campaigns import FACTS_ENV, read_facts
from thidua.publish.department import department_nav
from thidua.model.strings import t
from thidua.publish import state
from thidua.store import Store

log = get_plugin_logger("thidua")

# What the last load in this process found (`mkdocs serve` loads again after every edit): taken from memory then.
_last_load: dict = {"warm": None, "command": None}


def on_startup(command, dirty):
    _last_load.update(warm=None, command=command)
    heap.start(command)


def on_shutdown():
    heap.stop()


# on_config at the default priority (0) runs before the i18n plugin's (-100) and before MkDocs
# cleans or writes site_dir: bad options or data stop the build with the previous site/ untouched.
# The i18n plugin runs a second build() with the same config for English: the build's state made
# here is kept on it (thidua.publish.state), so the data is read and validated once per build command.
def on_config(config):
    if state.get(config) is not None:
        return config
    started = time.perf_counter()
    strings.refresh()  # interface text edited under `mkdocs serve` shows on this rebuild
    project = state.project_dir(config)
    try:
        options = read_options(config.extra.get("thidua"), state.config_file_name(config))
        store = Store(options.build_cache(project))
        # The hook files are code the build runs too (filters, how pages are written).
        engine = engine_key(sorted(Path(__file__).resolve().parent.glob("hook_*.py")))
        memo = LoadMemo(store, engine, warm=_last_load["warm"], again=_last_load["command"] == "serve")
        data_dir = options.data_path(project)
        department, facts = None, None
        if options.campaign:
            # One campaign of a Department, built at /<slug>/ by the Department's build (thidua.publish.campaigns).
            _, _, inherited = load_inherited(data_dir, project)
            site = load_site(options.campaign_path(project), root=project, memo=memo, inherited=inherited)
            facts = read_facts(os.environ.get(FACTS_ENV, ""))
        elif is_department(data_dir):
            department = load_department(data_dir, root=project, memo=memo)
            site = None
        else:
            site = load_site(data_dir, root=project, memo=memo)
        today = build_date()
    except (OptionsError, DataError) as exc:
        raise PluginError(exc.format()) from None
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    _last_load["warm"] = memo.warm
    if department is not None:
        for problem in department.warnings:
            log.warning(problem.format())
        follow_the_data(config, department.info, department.info.description or department.info.name)
        config["nav"] = department_nav()
        log.info(f"A Department of {len(department.campaigns)} campaigns: each is built at /<slug>/, the archive home at /")
        state.keep(
            config,
            state.BuildState(
                project=project, options=options, site=None, department=department, today=today, store=store, engine=engine
            ),
        )
        log.debug("timing load %.6f", time.perf_counter() - started)
        return config
    for problem in site.warnings:
        log.warning(problem.format())
    follow_the_data(config, site.info, site.info.description or site.campaign.document.title)
    coverage = site.coverage
    if coverage is not None and not coverage.complete:
        # A report, not a warning: a strict build passes with English partly translated.
        log.info(t("en", "coverage.build", missing=len(coverage.missing), total=coverage.total, percent=coverage.percent))
    if _local(config.site_url):
        # Said plainly, not as a warning: previews and tests build without a published address.
        log.info(t("en", "site.url.local", url=config.site_url))
    count = len(site.honourees)
    log.debug(f"data: {memo.parsed} of {count} honouree files parsed, {memo.checked} checked, the others unchanged")
    digest = Digest()
    digest.know(memo.models)  # the honourees' models by their files' keys: not hashed again
    state.keep(
        config,
        state.BuildState(
            project=project, options=options, site=site, today=today, store=store, engine=engine, facts=facts, digest=digest,
            loaded=memo.warm,
        ),
    )
    # Stage timings are debug lines, `timing <stage> <seconds>`, that benchmarks/run.py reads.
    log.debug("timing load %.6f", time.perf_counter() - started)
    heap.settle()  # the loaded data stays until the end
    return config


def _local(url: str | None) -> bool:
    host = (urlsplit(url or "").hostname or "").lower()
    return host in ("", "localhost", "127.0.0.1", "::1", "0.0.0.0")


def follow_the_data(config, info: SiteInfo, description: Text) -> None:
    """Everything campaign-specific that MkDocs and the i18n plugin read comes from data/site.yaml:
    mkdocs.yml stays the same for every campaign.

    Runs before the i18n plugin's on_config (-100), which reads its languages' `build` flags and
    applies each language's site_name, site_description and copyright over the config's.
    """
    # Material writes these into its pages unescaped (as HTML, like a page title): escaped here, so a
    # name from the data shows as text. Our own templates mark them safe; the feeds use the data's.
    config.site_name = str(escape(info.name.vi))
    config.site_description = str(escape(description.vi))
    config.site_author = str(escape(info.publisher.name.vi))
    config.copyright = str(escape(info.publisher.name.vi))
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return
    for language in i18n.config.languages:
        locale = language.locale
        if locale == DEFAULT_LANGUAGE:
            continue
        # A language the data does not publish is not built at all: no pages, no switch, no warnings.
        language.build = locale in info.languages
        if language.build:
            language.site_name = str(escape(info.name.get(locale)))
            language.site_description = str(escape(description.get(locale)))
            language.copyright = str(escape(info.publisher.name.get(locale)))
# on_post_build at -900, in the outer build only (every language is written, hook_search has run): the
# keys this build used are recorded, and the store keeps only what the last few builds used.
@event_priority(-900)
def on_post_build(config):
    if state.inner_language_build(config):
        return
    build = state.of(config)
    if build.store is None:
        return
    started = time.perf_counter()
    build.store.remember("build")
    removed = build.store.prune()
    log.debug(f"build store: {build.store.hits} entries reused, {build.store.misses} made, {removed} old ones removed "
              f"in {time.perf_counter() - started:.2f} s")
