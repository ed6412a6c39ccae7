"""MkDocs hook: reads the site's options and loads and validates all campaign data before anything is written."""

from __future__ import annotations

import time

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from thidua.load.files import load_site
from thidua.model import strings
from thidua.model.dates import build_date
from thidua.model.options import OptionsError, read_options
from thidua.model.problems import DataError
from thidua.publish import state

log = get_plugin_logger("thidua")


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
        site = load_site(options.data_path(project), root=project)
        today = build_date()
    except (OptionsError, DataError) as exc:
        raise PluginError(exc.format()) from None
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    for problem in site.warnings:
        log.warning(problem.format())
    state.keep(config, state.BuildState(project=project, options=options, site=site, today=today))
    # Stage timings are debug lines, `timing <stage> <seconds>`, that benchmarks/run.py reads.
    log.debug("timing load %.6f", time.perf_counter() - started)
    return config
