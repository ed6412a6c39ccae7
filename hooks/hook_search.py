"""MkDocs hook: builds the Pagefind search index once every language of the site is written.

Each language is indexed by its own Pagefind run (thidua.search). The default language's
pages are written when its build reaches on_post_build: its run starts there, in the background,
while the i18n plugin builds the other languages; once they are written, they are indexed, the
first run is awaited and the bundles are published together in site/pagefind/.
"""

from __future__ import annotations

import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger

from thidua.publish import state
from thidua.search.index import (
    BackgroundIndex,
    SearchIndexError,
    build_index,
    root_pages,
)

log = get_plugin_logger("thidua.search")


# Priority -90, above the i18n plugin's on_post_build (-100), which builds the other languages from
# inside the default language's build: here only the default language's pages are written. The
# inner builds skip. The run under way is kept on the build's state for the event below.
@event_priority(-90)
def _start_default_language(config):
    languages = state.i18n_languages(config)
    if languages is None or state.inner_language_build(config) or len(languages) < 2:
        return  # one language: indexed at the end, in one run
    started = time.perf_counter()
    pages = root_pages(Path(config.site_dir), languages)
    if pages:
        state.of(config).search_started = BackgroundIndex(Path(config.site_dir), pages, publish_early=True)
    log.debug("timing search_start %.6f", time.perf_counter() - started)


# Priority -150, below the i18n plugin's on_post_build (-100): in the outer build, every language is
# written. The inner builds skip, so the site is indexed once, not once per language.
@event_priority(-150)
def _index_and_publish(config):
    if state.inner_language_build(config):
        return
    languages = state.i18n_languages(config)
    build = state.of(config)
    job, build.search_started = build.search_started, None
    started = time.perf_counter()
    try:
        report = build_index(Path(config.site_dir), languages, started={"": job} if job is not None else None)
    except SearchIndexError as error:
        raise PluginError(f"Search index: {error}") from error
    for warning in report.warnings:
        log.warning(warning)
    pages = ", ".join(f"{count} {lang}" for lang, count in sorted(report.pages.items()))
    log.info(f"Search index: {pages} pages in {time.perf_counter() - started:.2f} s")
    log.debug("search index steps: " + ", ".join(f"{step} {seconds:.2f} s" for step, seconds in report.seconds.items()))
    # The stage's time on the build's critical path: what the default language's run still took
    # after the other languages were built, the other languages' runs, publishing.
    log.debug("timing search %.6f", time.perf_counter() - started)


on_post_build = CombinedEvent(_start_default_language, _index_and_publish)
