"""MkDocs hook: resizes honouree photos (metadata stripped, cached outside site/) and publishes them."""

from __future__ import annotations

import os
import time

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File

from thidua.fs import link_or_copy
from thidua.model.languages import DEFAULT_LANGUAGE
from thidua.progress import Progress
from thidua.publish import state
from thidua.publish.photos import PhotoError, process_photos

log = get_plugin_logger("thidua")


class LinkedPhotoFile(File):
    """A cached photo rendition, published as a hard link to the cache (a copy across file systems).

    Thousands of honourees mean tens of thousands of renditions: linking costs no data written. The
    cached files are read-only and named by their content, so a link can never change under the site.
    """

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        target = self.abs_dest_path
        try:
            link_or_copy(self.abs_src_path, target)
        except FileNotFoundError:  # its folder is not made yet (tens of thousands of files share a few folders)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            link_or_copy(self.abs_src_path, target)


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


# on_files: the cached renditions are published like any static file (linked: see LinkedPhotoFile), at the
# root. Priority -250, after the i18n plugin has sorted the files by language (-100): tens of thousands of
# renditions outside docs_dir have nothing for it to sort (as the sharing cards, hook_cards, -300).
@event_priority(-250)
def on_files(files, config):
    # The i18n plugin's other-language builds would copy every rendition again onto the same
    # root paths (one copy per language per build): only the default language's build lists them.
    if state.language(config) != DEFAULT_LANGUAGE:
        return files
    build = state.of(config)
    folder = build.options.photo_cache(build.project)
    for photo in build.photos.values():
        for cached, public in photo.files:
            files.append(
                LinkedPhotoFile(
                    cached.relative_to(folder).as_posix(),
                    str(folder),
                    config.site_dir,
                    config.use_directory_urls,
                    dest_uri=public,
                )
            )
    return files
