"""MkDocs hook: load and validate all campaign data before anything is written."""

from __future__ import annotations

import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from thidua.load.files import load_site
from thidua.model import strings
from thidua.model.dates import build_date
from thidua.model.problems import DataError
from thidua.publish import state

log = get_plugin_logger("thidua")


def data_dir(config) -> Path:
    """The data folder, resolved from the config file's folder (never the working directory)."""
    root = Path(config.config_file_path).resolve().parent
    configured = (config.extra.get("thidua") or {}).get("data_dir", "data")
    return (root / configured).resolve()


# on_config at the default priority (0) runs before the i18n plugin's (-100) and before MkDocs
# cleans or writes site_dir: bad data stops the build with the previous site/ untouched. The i18n
# plugin runs a second build() with the same config for English; the data loaded for this config
# is kept on it, so it is read and validated once per build command.
def on_config(config):
    if config.get(state.SITE) is not None:
        return config
    started = time.perf_counter()
    strings.refresh()  # interface text edited under `mkdocs serve` shows on this rebuild
    folder = data_dir(config)
    try:
        site = load_site(folder, root=Path(config.config_file_path).resolve().parent)
        today = build_date()
    except DataError as exc:
        raise PluginError(exc.format()) from None
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    for problem in site.warnings:
        log.warning(problem.format())
    config[state.SITE] = site
    config[state.TODAY] = today
    # Stage timings are debug lines, `timing <stage> <seconds>`, that benchmarks/run.py reads.
    log.debug("timing load %.6f", time.perf_counter() - started)
    return config
