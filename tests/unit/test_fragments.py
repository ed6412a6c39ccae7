"""Fragments read only what their key holds: the values handed to them and the language-bound helpers.

A fragment is kept in the build's store by the key of its values, its language, its interface text, the
templates and the engine (thidua.publish.fragments). A template that read anything else (the page, the nav,
MkDocs' config, the whole site's data, the build date) could be served stale from the store: these tests
read the fragment templates, and what they import, for every name and filter they use.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import pytest
from jinja2 import meta, nodes

from thidua.keys import Digest
from thidua.load.files import load_site
from thidua.publish.facts import BuildContext
from thidua.publish.fragments import BOOKLET_ENTRY, CARD, FRAGMENT_TEMPLATES, HONOUREE_BODY, HONOUREE_HEAD, Rendered
from thidua.publish.pages import honouree_page
from thidua.publish.views import HonoureeView, booklet_entry, card, honouree_view

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "overrides"
# What each fragment is rendered with (hook_pages.on_post_page, the td_fragment calls of the section pages).
VALUES = {
    # The honouree page's two fragments get the same values (hook_pages.on_post_page): its view, and its sharing
    # tags' values as thidua/og.html works them out for other pages.
    HONOUREE_HEAD: {"td", "base_url", "s", "image", "url", "site_name", "title", "description", "languages"},
    HONOUREE_BODY: {"td", "base_url", "s", "image", "url", "site_name", "title", "description", "languages"},
    CARD: {"c", "heading", "base_url"},
    BOOKLET_ENTRY: {"e", "base_url"},
}
# The environment's helpers that depend only on what the key holds (the language, its interface text, the URL
# style) and Jinja's own.
HELPERS = {"t", "tn", "lang_root", "thidua_lang", "range", "dict", "namespace", "loop", "none", "true", "false"}
FILTERS = {"tx", "num", "fdate", "page_link", "lower", "upper", "e", "escape", "default", "join", "length", "trim", "replace", "first", "last", "int", "string", "safe", "phrase"}
TESTS = {"untranslated", "string", "none", "defined", "undefined", "sameas", "number", "phrase"}


def environment(tree: nodes.Template | None = None) -> jinja2.Environment:
    """An environment that knows every filter and test the tree uses (to compile it for jinja2.meta)."""
    env = jinja2.Environment()
    if tree is not None:
        env.filters.update({f.name: str for f in tree.find_all(nodes.Filter)})
        env.tests.update({t.name: bool for t in tree.find_all(nodes.Test)})
    return env


def parsed(name: str) -> nodes.Template:
    return jinja2.Environment().parse((TEMPLATES / name).read_text(encoding="utf-8"))


def undeclared(tree: nodes.Template) -> set[str]:
    """The names a template reads from its context (jinja2.meta.find_undeclared_variables, with its filters known)."""
    env = environment(tree)
    codegen = meta.TrackingCodeGenerator(env)
    codegen.visit(tree)
    return set(codegen.undeclared_identifiers)


def with_imports(name: str) -> list[str]:
    """A template and every template it imports or includes."""
    seen, todo = [], [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.append(current)
        for node in parsed(current).find_all((nodes.Import, nodes.FromImport, nodes.Include, nodes.Extends)):
            if isinstance(node.template, nodes.Const):
                todo.append(node.template.value)
    return seen


@pytest.mark.parametrize("name", FRAGMENT_TEMPLATES)
def test_a_fragment_reads_only_its_values_and_the_language_s_helpers(name: str) -> None:
    allowed = VALUES[name] | HELPERS
    for template in with_imports(name):
        tree = parsed(template)
        assert not list(tree.find_all(nodes.Extends)), f"{template}: a fragment extends no page template"
        # A name a macro sets itself ({% set shown = shown | lower %}: Jinja's tracker counts the read on the
        # right) is not read from the context.
        names = undeclared(tree) - {n.name for a in tree.find_all(nodes.Assign) for n in (a.target, *a.target.find_all(nodes.Name)) if isinstance(n, nodes.Name)}
        if template != name:  # an imported template's macros see the importing fragment's values
            names -= VALUES[name]
        assert names <= allowed, f"{template} (in {name}) reads {sorted(names - allowed)}"
        filters = {f.name for f in tree.find_all(nodes.Filter)}
        assert filters <= FILTERS, f"{template} (in {name}) uses the filters {sorted(filters - FILTERS)}"
        tests = {t.name for t in tree.find_all(nodes.Test)}
        assert tests <= TESTS, f"{template} (in {name}) uses the tests {sorted(tests - TESTS)}"


def test_the_check_catches_a_fragment_that_reads_the_page() -> None:
    tree = jinja2.Environment().parse("{{ page.title }} {{ config.site_name | tx }} {{ td.h.name }}")
    assert undeclared(tree) - VALUES[HONOUREE_BODY] - HELPERS == {"page", "config"}


@pytest.fixture(scope="module")
def facts() -> BuildContext:
    return BuildContext(site=load_site(REPO / "data", root=REPO), today=dt.date(2021, 3, 1))


def test_the_values_of_every_fragment_have_a_key(facts: BuildContext) -> None:
    digest = Digest()
    for hid in facts.order:
        view = honouree_view(facts, honouree_page(hid), "vi")
        assert isinstance(view, HonoureeView) and not hasattr(view, "site") and not hasattr(view, "today")
        digest.of({"td": view, "base_url": "../..", "site_name": "x"})
        digest.of({"c": card(facts, hid, "vi"), "heading": "h3", "base_url": ".."})
        digest.of({"e": booklet_entry(facts, hid, "en"), "base_url": ".."})


def test_a_honouree_s_key_follows_its_neighbours_and_not_the_others(facts: BuildContext) -> None:
    hid = facts.order[3]
    key = Digest().of(honouree_view(facts, honouree_page(hid), "vi"))
    assert key == Digest().of(honouree_view(facts, honouree_page(hid), "vi"))
    assert key != Digest().of(honouree_view(facts, honouree_page(hid), "en"))
    assert key != Digest().of(honouree_view(facts, honouree_page(facts.order[4]), "vi"))


def test_what_a_build_rendered_is_summed_up_for_its_log() -> None:
    log = Rendered()
    for hid in ("a", "b"):
        log.add("honouree pages", hid, False)
    for _ in range(3):
        log.add("honouree pages", "x", True)
    log.add("cards", "a", True)
    assert log.summary() == "cards: 0 rendered, 1 from the cache; honouree pages: 2 rendered (a, b), 3 from the cache"


def test_an_edit_of_one_honouree_changes_the_page_facts_of_it_and_its_neighbours_only() -> None:
    """BuildContext.page_keys: a honouree's own data is in its own part, read by its page and its neighbours'; a unit
    is in the part every page shares."""
    import dataclasses

    from conftest import BILINGUAL

    site = load_site(BILINGUAL, root=BILINGUAL.parent)
    before = BuildContext(site=site, today=dt.date(2021, 3, 1))
    digest = Digest()
    keys = {hid: before.honouree_page_key(digest, hid) for hid in before.order}
    edited = before.order[len(before.order) // 2]
    honourees = tuple(
        (hid, h.model_copy(update={"citation": h.citation.model_copy(update={"vi": "Một trích dẫn khác"})}) if hid == edited else h)
        for hid, h in site.honourees
    )
    after = BuildContext(site=dataclasses.replace(site, honourees=honourees), today=before.today)
    assert after.order == before.order
    changed = {hid for hid in after.order if after.honouree_page_key(digest, hid) != keys[hid]}
    i = after.order.index(edited)
    assert changed == set(after.order[i - 1 : i + 2])
    assert after.page_keys(digest)[0] == before.page_keys(digest)[0]
    # A unit's name is shown by every page that names it: the shared part changes, so every page is made again.
    first = site.units.units[0]
    renamed = first.model_copy(update={"name": first.name.model_copy(update={"vi": first.name.vi + " (tên mới)"})})
    units = site.units.model_copy(update={"units": [renamed, *site.units.units[1:]]})
    other = BuildContext(site=dataclasses.replace(site, units=units), today=before.today)
    assert other.page_keys(digest)[0] != before.page_keys(digest)[0]


def test_cards_and_booklet_entries_are_keyed_by_their_honouree_s_own_facts() -> None:
    """views.know_views: an edit of one honouree changes the key of its card and booklet entry only (not its
    neighbours', which show nothing of it); a unit's new name changes every one; the key is the same in a new digest."""
    import dataclasses

    from conftest import BILINGUAL

    from thidua.publish.views import know_views

    def fragment_keys(ctx: BuildContext) -> dict[tuple[str, str], str]:
        digest = Digest()
        know_views(ctx, digest, "vi")
        keys = {}
        for hid in ctx.order:
            keys[("card", hid)] = digest.of({"c": card(ctx, hid, "vi"), "heading": "h3", "base_url": ".."})
            keys[("entry", hid)] = digest.of({"e": booklet_entry(ctx, hid, "vi"), "base_url": ".."})
        return keys

    site = load_site(BILINGUAL, root=BILINGUAL.parent)
    before = BuildContext(site=site, today=dt.date(2021, 3, 1))
    keys = fragment_keys(before)
    assert fragment_keys(BuildContext(site=site, today=before.today)) == keys  # from the facts, not from identity
    # A card and an entry do not show the build's date: another day keys them the same.
    assert fragment_keys(BuildContext(site=site, today=dt.date(2021, 6, 1))) == keys
    edited = before.order[len(before.order) // 2]
    honourees = tuple(
        (hid, h.model_copy(update={"story": h.story.model_copy(update={"vi": "Một câu chuyện khác."})}) if hid == edited else h)
        for hid, h in site.honourees
    )
    after = fragment_keys(BuildContext(site=dataclasses.replace(site, honourees=honourees), today=before.today))
    assert {what for what in keys if after[what] != keys[what]} == {("card", edited), ("entry", edited)}
    first = site.units.units[0]
    renamed = first.model_copy(update={"name": first.name.model_copy(update={"vi": first.name.vi + " (tên mới)"})})
    units = site.units.model_copy(update={"units": [renamed, *site.units.units[1:]]})
    other = fragment_keys(BuildContext(site=dataclasses.replace(site, units=units), today=before.today))
    assert all(other[what] != keys[what] for what in keys)


def test_only_a_frozen_value_s_part_can_be_known() -> None:
    digest = Digest()
    with pytest.raises(TypeError):
        digest.know_value({"a": 1}, "key")
