"""MkDocs hook: `mkdocs build` replaces site/ only when the whole build succeeded, its strict check included.

The build writes into a staging folder beside site/ (thidua.publish.folder). MkDocs runs its strict
check after every on_post_build (the i18n plugin's English build runs inside the Vietnamese build's),
then calls on_build_error when anything failed, strict mode included, and on_shutdown in every case
(mkdocs/__main__.py: build_command). So the staging folder is swapped in at on_shutdown, only if the
outer build reached its last on_post_build and no on_build_error came after. A killed build leaves
site/ as it was. `mkdocs serve` (which builds into a temporary folder of its own) and dirty builds keep
MkDocs' own behaviour.

A large site's honouree folders and sharing cards are not made anew in each staging folder: the site a swap
replaces is kept as a spare in the project's cache, and the next build carries those folders over from it once
MkDocs has emptied the staging folder (on_files), then sweeps them of what it did not publish before the swap
(thidua.publish.folder).

A `mkdocs build` whose every input is the same as the one that published the site in place (thidua.publish.unchanged)
stops once the data is loaded and checked: the site is kept as it is, and the log says so.

on_shutdown receives no config: what this process builds is kept in the module (one build per
`mkdocs build` process; `serve` never stages).
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger
from mkdocs.utils import CountHandler

from thidua import fs
from thidua.model.languages import lang_root
from thidua.publish import folder, state, unchanged
from thidua.publish.cards import PUBLIC_DIR as CARDS_DIR
from thidua.publish.pages import DIRECTORY

log = get_plugin_logger("thidua")

STAGED = ("build", "gh-deploy")
_run: dict = {
    "command": None, "dirty": False, "config": None, "target": None, "staging": None, "ready": False,
    "spare": None, "carried": [], "swept": [], "since": 0, "links": None, "key": None, "store": None,
    "warnings": None,
}  # fmt: skip


def on_startup(command, dirty):
    _run.update(
        command=command, dirty=dirty, config=None, target=None, staging=None, ready=False, spare=None, carried=[],
        swept=[],
    )  # fmt: skip


# Priority 100: before every other on_config, so no hook reads the old site_dir. Once per build
# command: the i18n plugin's English build reuses the config, already pointing at the staging folder.
@event_priority(100)
def _stage(config):
    if _run["command"] not in STAGED or _run["dirty"] or _run["config"] is config:
        return config
    target = Path(config.site_dir).resolve()
    staging = folder.staging(target)
    _run.update(config=config, target=target, staging=staging, ready=False, spare=None, carried=[], swept=[])
    _run.update(since=folder.started(staging), links=fs.record_links(), key=None, store=None)
    # The build's warnings, counted as MkDocs counts them in strict mode (it counts them only then): a site built
    # with one is not kept by the next build.
    if _run["warnings"] is None:
        _run["warnings"] = CountHandler(level=logging.WARNING)
        logging.getLogger("mkdocs").addHandler(_run["warnings"])
    _run["warnings"].counts.clear()
    config["site_dir"] = str(staging)
    log.info(f"Building into {staging.name} beside {target.name}/, put in its place once the build succeeds")
    return config


# Priority -1000, after every other on_config: the data is loaded and checked, the photos processed, the edition
# made (its data digest, date and commit). A `mkdocs build` (not gh-deploy, which must deploy what it builds) of a
# single campaign whose every input is the same as the build's that published the site in place stops here.
@event_priority(-1000)
def _keep_unchanged(config):
    if _run["config"] is not config or _run["command"] != "build":
        return config
    build = state.get(config)
    if build is None or build.store is None or build.site is None or build.edition is None:
        return config
    if build.department is not None or build.facts is not None:
        return config  # a Department's site and its campaigns' builds keep what they build their own way
    if build.edition.pdfs or build.edition.archive:
        return config  # printed by a browser the key does not hold; the archive edition is always made anew
    custom = config.theme.custom_dir
    key = unchanged.site_key(
        engine=build.engine, config_file=Path(config.config_file_path), docs=Path(config.docs_dir),
        custom=Path(custom) if custom else None, edition=build.edition, environ=os.environ,
        settings={
            "site_dir": str(_run["target"]), "strict": bool(config.strict), "use_directory_urls": config.use_directory_urls,
            "theme": config.theme.name, "site_url": config.site_url, "options": build.options,
        },
    )  # fmt: skip
    _run.update(key=key, store=build.store.folder)
    if not unchanged.unchanged(build.store.folder, _run["target"], key):
        return config
    target = _run["target"]
    shutil.rmtree(_run["staging"], ignore_errors=True)
    fs.stop_recording()
    _run.update(config=None, staging=None, ready=False, spare=None, carried=[], swept=[], links=None, key=None)
    config["site_dir"] = str(target)
    log.info(
        f"Nothing the site is made of changed since the build that published {target} (the data, docs/, overrides/, "
        "mkdocs.yml, the engine, the build date): it is kept as it is. The data was checked; nothing was written."
    )
    raise SystemExit(0)


def carried_folders(languages) -> list[str]:
    """The folders carried over from the spare site: each language's honouree pages (and the photos beside the
    Vietnamese ones), the sharing cards. Every other file is written anew by each build."""
    return [lang_root(lang) + DIRECTORY.rstrip("/") for lang in languages] + [CARDS_DIR]


# Priority 100, first of all, in the outer build: MkDocs has just emptied the staging folder, and nothing is
# written yet. The spare (the site the last swap replaced) sits in the project's cache, beside the build's store.
@event_priority(100)
def on_files(files, config):
    if _run["config"] is not config or state.inner_language_build(config) or _run["spare"] is not None:
        return files
    build = state.get(config)
    if build is None or build.store is None:
        return files
    spare = build.options.spare_site(build.project)
    _run["spare"] = spare
    _run["carried"] = folder.carry(spare, _run["staging"], carried_folders(build.languages))
    return files


def _sweep(names: list[str]) -> None:
    names = [name for name in names if name in _run["carried"] and name not in _run["swept"]]
    if names:
        removed = folder.sweep(_run["staging"], names, _run["links"], _run["since"])
        _run["swept"].extend(names)
        log.debug(f"carried over {', '.join(names)} from the site before the last; {removed} files no longer made removed")


# Priority -80, in each language's build, once its pages, photos and feed (hook_feed, 0) are written and before its
# search index reads them (hook_search, -90 and below): its carried honouree folder is swept of what this build
# did not make.
@event_priority(-80)
def _sweep_language(config):
    if _run["config"] is config and _run["carried"]:
        _sweep([lang_root(state.language(config)) + DIRECTORY.rstrip("/")])


# Priority -120, in the outer build, after the i18n plugin's (-100) has built every other language and before the
# search index and the archive read the site (hook_search -150, hook_archive -160): the sharing cards, which every
# language's build publishes, are swept.
@event_priority(-120)
def _sweep_cards(config):
    if _run["config"] is config and not state.inner_language_build(config):
        _sweep(_run["carried"])


# Last of all, in the outer build (the i18n plugin's inner builds have `building` set): every language
# and every other hook's files are written. MkDocs' strict check comes after this.
@event_priority(-1000)
def _ready(config):
    if _run["config"] is config and not state.inner_language_build(config):
        _run["ready"] = True


on_config = CombinedEvent(_stage, _keep_unchanged)
on_post_build = CombinedEvent(_sweep_language, _sweep_cards, _ready)


def on_build_error(error):
    _run["ready"] = False


def on_shutdown():
    config, target, staging, spare = _run["config"], _run["target"], _run["staging"], _run["spare"]
    if config is None:
        return
    fs.stop_recording()
    if _run["ready"]:
        folder.publish(staging, target, spare)
        log.info(f"Published the site to {target}")
        if _run["key"] is not None:  # what it was built from, for the next build (thidua.publish.unchanged)
            if _run["warnings"] is not None and not sum(_run["warnings"].counts.values()):
                unchanged.record(_run["store"], target, _run["key"])
            else:
                unchanged.forget(_run["store"], target)
    else:
        folder.discard(staging, spare)
        log.warning(f"The build failed: {target} is left as it was")
    config["site_dir"] = str(target)  # gh-deploy reads it after on_shutdown
    _run.update(config=None, staging=None, ready=False, spare=None, carried=[], swept=[], links=None, key=None)
