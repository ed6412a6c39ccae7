"""MkDocs hook: writes each language's Atom feed of honourees' stories."""

from __future__ import annotations

import time
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from thidua.keys import hash_text
from thidua.model.languages import lang_root
from thidua.publish import state
from thidua.publish.feed import atom_feed

log = get_plugin_logger("thidua")


# on_post_build runs once per language build (the i18n plugin builds English from inside the
# Vietnamese build's on_post_build), after the pages are written: the feed goes beside that
# language's directory page.
def on_post_build(config):
    started = time.perf_counter()
    build = state.of(config)
    site = build.site
    if site is None:  # a Department's feed joins its campaigns' (hook_department)
        return
    lang = state.language(config)
    facts = build.language.facts if build.language is not None else None
    # The feed is made from the language's facts alone (the site, its photos, its address): kept in the store by their key.
    key = None
    if build.store is not None and facts is not None and facts.site is site:
        key = hash_text("atom feed", build.engine, lang, facts.key(build.digest), config.site_url)
    feed = build.store.get(key) if key is not None else None
    if feed is None:
        base = config.site_url.rstrip("/")
        photos = {hid: f"{base}/{p.page.jpg}" for hid, p in (build.photos or {}).items()}
        feed = atom_feed(site, lang, config.site_url, site.info.name.get(lang), photos)
        if key is not None:
            build.store.put(key, feed)
    folder = Path(config.site_dir) / lang_root(lang) / "ton-vinh"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "feed.xml").write_bytes(feed)
    log.debug("timing exports %.6f", time.perf_counter() - started)
