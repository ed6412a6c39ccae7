"""MkDocs hook: computes the open-data files once per build and writes them to /du-lieu/."""

from __future__ import annotations

import time
from pathlib import Path

from mkdocs.plugins import event_priority, get_plugin_logger

from thidua.model.languages import DEFAULT_LANGUAGE
from thidua.publish import state
from thidua.publish.exports import downloads

log = get_plugin_logger("thidua")


# on_files at -300: after hook_pages (-200) has made this language build's facts. The files are made
# in memory before any page renders, so the /du-lieu/ page can give each one's size (hook_pages hands
# them to its view); they are made once per build command and kept on the build's state for the
# English build.
@event_priority(-300)
def on_files(files, config):
    build = state.of(config)
    if build.site is None:  # a Department's joined files are made from its campaigns' (hook_department)
        build.downloads = []
    if build.downloads is None:
        started = time.perf_counter()
        build.downloads = downloads(build.language.facts, build.store, build.digest, build.engine)
        log.debug("timing exports %.6f", time.perf_counter() - started)
    return files


# on_post_build of the Vietnamese build (the i18n plugin's English build runs inside it): the files
# are language-neutral and live once, at the site root.
def on_post_build(config):
    if state.language(config) != DEFAULT_LANGUAGE:
        return
    started = time.perf_counter()
    folder = Path(config.site_dir)
    for download in state.of(config).downloads:
        target = folder / download.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(download.content)
    log.debug("timing exports %.6f", time.perf_counter() - started)
