"""MkDocs hook: writes each language's Atom feed of honourees' stories."""

from __future__ import annotations

from pathlib import Path

from thidua_feed import atom_feed
from thidua_model import DEFAULT_LANGUAGE
import thidua_state as state


# on_post_build runs once per language build (the i18n plugin builds English from inside the
# Vietnamese build's on_post_build), after the pages are written: the feed goes beside that
# language's directory page.
def on_post_build(config):
    site = config[state.SITE]
    lang = config.theme.get("language") or DEFAULT_LANGUAGE
    base = config.site_url.rstrip("/")
    photos = {hid: f"{base}/{p.page.jpg}" for hid, p in (config.get(state.PHOTOS) or {}).items()}
    folder = Path(config.site_dir) / ("" if lang == DEFAULT_LANGUAGE else lang) / "ton-vinh"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "feed.xml").write_bytes(atom_feed(site, lang, config.site_url, config.site_name, photos))
