"""MkDocs hook: `mkdocs build` replaces site/ only when the whole build succeeded, its strict check included.

The build writes into a staging folder beside site/ (thidua.publish.folder). MkDocs runs its strict
check after every on_post_build (the i18n plugin's English build runs inside the Vietnamese build's),
then calls on_build_error when anything failed, strict mode included, and on_shutdown in every case
(mkdocs/__main__.py: build_command). So the staging folder is swapped in at on_shutdown, only if the
outer build reached its last on_post_build and no on_build_error came after. A killed build leaves
site/ as it was. `mkdocs serve` (which builds into a temporary folder of its own) and dirty builds keep
MkDocs' own behaviour.

on_shutdown receives no config: what this process builds is kept in the module (one build per
`mkdocs build` process; `serve` never stages).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority, get_plugin_logger

from thidua.publish import folder

log = get_plugin_logger("thidua")

STAGED = ("build", "gh-deploy")
_run: dict = {"command": None, "dirty": False, "config": None, "target": None, "staging": None, "ready": False}


def on_startup(command, dirty):
    _run.update(command=command, dirty=dirty, config=None, target=None, staging=None, ready=False)


# Priority 100: before every other on_config, so no hook reads the old site_dir. Once per build
# command: the i18n plugin's English build reuses the config, already pointing at the staging folder.
@event_priority(100)
def on_config(config):
    if _run["command"] not in STAGED or _run["dirty"] or _run["config"] is config:
        return config
    target = Path(config.site_dir).resolve()
    staging = folder.staging(target)
    _run.update(config=config, target=target, staging=staging, ready=False)
    config["site_dir"] = str(staging)
    log.info(f"Building into {staging.name} beside {target.name}/, put in its place once the build succeeds")
    return config


# Last of all, in the outer build (the i18n plugin's inner builds have `building` set): every language
# and every other hook's files are written. MkDocs' strict check comes after this.
@event_priority(-1000)
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if _run["config"] is config and not (i18n is not None and getattr(i18n, "building", False)):
        _run["ready"] = True


def on_build_error(error):
    _run["ready"] = False


def on_shutdown():
    config, target, staging = _run["config"], _run["target"], _run["staging"]
    if config is None:
        return
    if _run["ready"]:
        folder.publish(staging, target)
        log.info(f"Published the site to {target}")
    else:
        folder.discard(staging)
        log.warning(f"The build failed: {target} is left as it was")
    config["site_dir"] = str(target)  # gh-deploy reads it after on_shutdown
    _run.update(config=None, staging=None, ready=False)
