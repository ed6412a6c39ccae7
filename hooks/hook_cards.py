"""MkDocs hook: draws each language's sharing cards (thidua.publish.cards), cached outside site/, and publishes them."""

from __future__ import annotations

import os
import time

from mkdocs.plugins import event_priority, get_plugin_logger

# How the photos are published: hook_photos sits beside this hook (MkDocs puts the hooks' folder on the import
# path while it loads a hook).
from hook_photos import publish_cached
from thidua.publish import state
from thidua.keys import hash_text
from thidua.publish.cards import cards_from_store, honouree_card, keep_cards, make_cards, page_card
from thidua.publish.fragments import strings_key
from thidua.publish.pages import SECTION_PAGES, EDITION_PAGES
from thidua.publish.views import page_share, share_description

log = get_plugin_logger("thidua")


# Priority -300: after hook_pages has made this language's facts (-200). Each language's build draws
# its own cards (the site's name, data/site.yaml, in the build's language) and publishes them at the root.
@event_priority(-300)
def on_files(files, config):
    started = time.perf_counter()
    build = state.of(config)
    facts = build.language.facts
    if facts is None:  # a Department's archive home: its pages share the site's name and description
        return files
    lang = build.language.lang
    campaign = facts.site.info.name.get(lang)
    folder = build.options.card_cache(build.project)
    # What every card shows is a function of the language's facts (no card yet), its interface text and the engine:
    # while they are unchanged, the cards are the last build's, taken from one entry of the store.
    key = None
    if build.store is not None and not facts.share_cards:
        key = hash_text("sharing cards", build.engine, strings_key(lang), lang, campaign, os.fspath(folder), facts.key(build.digest))
        kept = cards_from_store(build.store, key, folder)
        if kept is not None:
            facts.share_cards = kept
            publish_cached(((os.fspath(image.cached), image.public) for image in kept.values()), config.site_dir)
            log.info(f"sharing cards ({lang}): nothing they show changed, all {len(kept):,} taken from the cache")
            log.debug("timing photos_cards %.6f", time.perf_counter() - started)
            return files
    specs = {}
    for spec in (*SECTION_PAGES, *EDITION_PAGES):
        specs[(spec.kind, None)] = page_card(facts, spec.kind, spec.title(facts.site, lang), share_description(facts, spec.kind, lang), lang, campaign)
    for hid in facts.order:
        specs[("honouree", hid)] = honouree_card(facts, hid, lang, campaign)
    made = make_cards(list(specs.values()), folder)
    facts.share_cards = {page: made.cards[spec.stem] for page, spec in specs.items()}
    if key is not None:
        keep_cards(build.store, key, facts.share_cards)
    publish_cached(((os.fspath(image.cached), image.public) for image in facts.share_cards.values()), config.site_dir)
    log.info(f"sharing cards ({lang}): {made.drawn} drawn, {len(specs) - made.drawn} reused from the cache")
    log.debug("timing photos_cards %.6f", time.perf_counter() - started)
    return files


# on_env, after on_files: a page without a view of its own (the 404 page) shares the home page's card.
def on_env(env, config, files):
    build = state.of(config)
    if build.language.facts is not None:
        env.globals["td_site_share"] = page_share(build.language.facts, SECTION_PAGES[0], build.language.lang)
    return env
