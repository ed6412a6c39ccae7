"""MkDocs hook: builds the Pagefind search index once every language of the site is written."""

from __future__ import annotations

import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from thidua_search import SearchIndexError, build_index

log = get_plugin_logger("thidua.search")


# Priority -150, below the i18n plugin's on_post_build (-100), which builds the other languages
# from inside the Vietnamese build: when this runs in the outer build, every language is written.
# The inner builds (i18n.building is True) skip, so the site is indexed once, not once per language.
@event_priority(-150)
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return
    languages = list(getattr(i18n, "build_languages", None) or []) if i18n is not None else None
    started = time.perf_counter()
    try:
        report = build_index(Path(config.site_dir), languages)
    except SearchIndexError as error:
        raise PluginError(f"Search index: {error}") from error
    for warning in report.warnings:
        log.warning(warning)
    pages = ", ".join(f"{count} {lang}" for lang, count in sorted(report.pages.items()))
    log.info(f"Search index: {pages} pages in {time.perf_counter() - started:.2f} s")
    log.debug("timing search %.6f", time.perf_counter() - started)
