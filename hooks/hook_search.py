"""MkDocs hook: builds the Pagefind search index once every language of the site is written.

Each language is indexed by its own Pagefind runs (thidua.search; thousands of honourees in shards). The
default language's pages are written when its build reaches on_post_build: its runs start there, in the
background, while the i18n plugin builds the other languages; once they are written, they are indexed,
the first runs are awaited and the bundles are published together in site/pagefind/. Bundles whose pages
did not change are taken from the build's store.

Under `mkdocs serve`, the index is made after the build, in a thread (thidua.search.index.Refresh): the
page an edit changed is served without waiting for Pagefind, and a search made meanwhile says that the
index is being refreshed. The next rebuild stops that thread before MkDocs empties the site folder. What
runs in which folder is a fact of this process (the serve command, its threads), not of one build: it is
kept in this module, as hook_publish keeps the command.
"""

from __future__ import annotations

import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger

from thidua.publish import state
from thidua.search.index import (
    BackgroundIndex,
    Refresh,
    SearchIndexError,
    build_index,
    root_pages,
)
from thidua.search.shards import plan

log = get_plugin_logger("thidua.search")

# The command this process runs (on_startup), the index refreshes under way by site folder (serve), and
# the default language's run under way in the background (on_build_error stops it).
_process: dict = {"command": None, "refreshing": {}, "started": None}


def on_startup(command, dirty):
    _process["command"] = command


def _serving() -> bool:
    return _process["command"] == "serve"


# on_pre_build: before MkDocs empties the site folder, a refresh still writing into it is stopped.
def on_pre_build(config):
    refresh = _process["refreshing"].pop(str(config.site_dir), None)
    if refresh is not None:
        refresh.cancel()


# Priority -90, above the i18n plugin's on_post_build (-100), which builds the other languages from
# inside the default language's build: here only the default language's pages are written. The
# inner builds skip. The run under way is kept on the build's state for the event below.
@event_priority(-90)
def _start_default_language(config):
    languages = state.i18n_languages(config)
    if languages is None or state.inner_language_build(config) or len(languages) < 2 or _serving():
        return  # one language: indexed at the end, in one run; under serve: after the build
    started = time.perf_counter()
    pages = root_pages(Path(config.site_dir), languages)
    build = state.of(config)
    if pages:
        # A language in shards: the shards (the honouree pages) in the background now, while the other languages are
        # built; its section pages' bundle, which any edit changes, after them in this thread (build_index), beside
        # the background's last runs rather than after them.
        groups = plan("", pages)
        later = tuple(groups[:1]) if len(groups) > 1 else ()
        build.search_started = _process["started"] = BackgroundIndex(
            Path(config.site_dir), groups[len(later):], publish_early=True, store=build.store, engine=build.engine,
            later=later,
        )
    log.debug("timing search_start %.6f", time.perf_counter() - started)


# Priority -150, below the i18n plugin's on_post_build (-100): in the outer build, every language is
# written. The inner builds skip, so the site is indexed once, not once per language.
@event_priority(-150)
def _index_and_publish(config):
    if state.inner_language_build(config):
        return
    languages = state.i18n_languages(config)
    build = state.of(config)
    if _serving():
        _process["refreshing"][str(config.site_dir)] = Refresh(
            Path(config.site_dir), languages, store=build.store, engine=build.engine, done=_refreshed
        )
        log.info("Search index: being refreshed in the background (the pages are served meanwhile)")
        return
    job, build.search_started, _process["started"] = build.search_started, None, None
    started = time.perf_counter()
    try:
        report = build_index(
            Path(config.site_dir), languages, started={"": job} if job is not None else None,
            store=build.store, engine=build.engine,
        )
    except SearchIndexError as error:
        raise PluginError(f"Search index: {error}") from error
    for warning in report.warnings:
        log.warning(warning)
    pages = ", ".join(f"{count} {lang}" for lang, count in sorted(report.pages.items()))
    made, reused = report.bundles
    log.info(f"Search index: {pages} pages in {time.perf_counter() - started:.2f} s ({made} bundles indexed, {reused} from the cache)")
    log.debug("search index steps: " + ", ".join(f"{step} {seconds:.2f} s" for step, seconds in report.seconds.items()))
    # The stage's time on the build's critical path: what the default language's run still took
    # after the other languages were built, the other languages' runs, publishing.
    log.debug("timing search %.6f", time.perf_counter() - started)


on_post_build = CombinedEvent(_start_default_language, _index_and_publish)


def on_build_error(error):
    """A failed build (an English page's error, strict mode): the default language's run in the background is
    stopped and waited for, so that it writes nothing into the site folder once the build is given up
    (hook_publish then discards its staging folder)."""
    job, _process["started"] = _process["started"], None
    if job is not None:
        job.cancelled.set()
        job.discard()


def _refreshed(refresh: Refresh, seconds: float) -> None:
    """The end of a refresh under serve, in its thread: what it did, in the log."""
    if refresh.error is not None:
        if not refresh.cancelled.is_set():
            log.error(f"Search index: {refresh.error}")
        return
    report = refresh.report
    for warning in report.warnings:
        log.warning(warning)
    pages = ", ".join(f"{count} {lang}" for lang, count in sorted(report.pages.items()))
    made, reused = report.bundles
    log.info(f"Search index refreshed: {pages} pages in {seconds:.2f} s ({made} bundles indexed, {reused} from the cache)")
