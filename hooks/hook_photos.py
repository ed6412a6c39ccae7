"""MkDocs hook: resizes honouree photos (metadata stripped, cached outside site/) and publishes them."""

from __future__ import annotations

import os
import time

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from thidua.fs import link_or_copy
from thidua.model.languages import DEFAULT_LANGUAGE
from thidua.progress import Progress
from thidua.publish import state
from thidua.publish.photos import PhotoError, process_photos

log = get_plugin_logger("thidua")


def publish_cached(pairs, site_dir: str) -> None:
    """Puts each cached file (`pairs`: its path, its path under the site root) into the site as a hard link to the
    cache (a copy across file systems), not through MkDocs' list of files.

    Thousands of honourees mean tens of thousands of renditions and sharing cards: linking costs no data written,
    and a File object and MkDocs' copy for each cost more than the link (a link already in place, in a folder carried
    from the last site, is left as it is: thidua.fs.link_or_copy). The cached files are read-only and named by their
    content, so a link can never change under the site. Nothing in the site's pages links to them through MkDocs:
    the templates write their paths."""
    for cached, public in pairs:
        target = os.path.join(site_dir, public)
        try:
            link_or_copy(cached, target)
        except FileNotFoundError:  # its folder is not made yet (tens of thousands of files share a few folders)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            link_or_copy(cached, target)


# on_config, after hook_data (listed before this hook in mkdocs.yml): photos are processed before
# anything is written, so an unreadable photo stops the build with the site untouched. Kept on the
# build's state, so the i18n plugin's English build reuses them.
def on_config(config):
    build = state.of(config)
    if build.photos is not None:
        return config
    if build.site is None:  # a Department's archive home shows no photo: its campaigns' builds publish them
        build.photos = {}
        return config
    started = time.perf_counter()
    items = [(hid, build.site.data_dir / "photos" / h.photo.file) for hid, h in build.site.honourees]
    try:
        photos, processed = process_photos(
            items, build.options.photo_cache(build.project), progress=lambda count: Progress("photos", count, log=log.info)
        )
    except PhotoError as exc:
        # The photos' folder as the office knows it: data/photos/, or a Department's campaign's.
        folder = build.site.data_dir / "photos"
        shown = folder.relative_to(build.project).as_posix() if folder.is_relative_to(build.project) else folder.as_posix()
        raise PluginError(f"{shown}/{exc}") from None
    log.info(f"photos: {processed} processed, {len(items) - processed} reused from the cache")
    build.photos = photos
    log.debug("timing photos %.6f", time.perf_counter() - started)
    return config


# on_files: the cached renditions are published into the site folder (publish_cached), at the root. Priority -250,
# after the staging folder is made (hook_publish, 100) and the i18n plugin has sorted the files by language (-100).
@event_priority(-250)
def on_files(files, config):
    # The i18n plugin's other-language builds would publish every rendition again onto the same root paths: only
    # the default language's build does.
    if state.language(config) != DEFAULT_LANGUAGE:
        return files
    build = state.of(config)
    publish_cached(
        ((os.fspath(cached), public) for photo in build.photos.values() for cached, public in photo.files),
        config.site_dir,
    )
    return files
