"""Page views: a table of page kinds to typed views, made from the build's facts; exports are their siblings."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from conftest import BILINGUAL
from thidua.load.files import load_site
from thidua.model.languages import LANGUAGES
from thidua.publish.exports import downloads
from thidua.publish.facts import BuildContext
from thidua.publish.pages import honouree_page, site_pages
from thidua.publish.views import VIEWS, DataView, HonoureeView, ShellView, ViewInputs, honouree_view, page_view


@pytest.fixture(scope="module")
def facts() -> BuildContext:
    return BuildContext(site=load_site(BILINGUAL, root=BILINGUAL), today=dt.date(2021, 3, 1))


def test_every_page_mkdocs_renders_has_a_typed_view_in_the_table(facts: BuildContext) -> None:
    pages = site_pages(facts.site)
    assert {spec.kind for spec in pages} == set(VIEWS)
    inputs = ViewInputs(facts)
    for spec in pages:
        for lang in LANGUAGES:
            view = page_view(inputs, spec, lang)
            assert dataclasses.is_dataclass(view) and not isinstance(view, dict)
            assert (view.page_kind, view.lang) == (spec.kind, lang)
            assert isinstance(view, ShellView) == (spec.kind == "honouree")


def test_the_data_page_lists_the_files_it_is_given(facts: BuildContext) -> None:
    files = downloads(facts)
    spec = next(s for s in site_pages(facts.site) if s.kind == "data")
    view = page_view(ViewInputs(facts, downloads=files), spec, "vi")
    assert isinstance(view, DataView) and view.downloads is files
    assert [d.name for d in view.downloads][:2] == ["campaign.json", "honourees.json"]
    assert page_view(ViewInputs(facts), spec, "vi").downloads == ()


def test_a_honouree_view_carries_its_page_and_its_neighbours(facts: BuildContext) -> None:
    hid = facts.order[1]
    view = honouree_view(facts, honouree_page(hid), "en", canonical="https://example.org/en/ton-vinh/x/")
    assert isinstance(view, HonoureeView)
    assert (view.hid, view.page_kind, view.lang, view.canonical) == (hid, "honouree", "en", "https://example.org/en/ton-vinh/x/")
    assert view.prev.id == facts.order[0] and view.next.id == facts.order[2]
    assert [c.id for c, _ in view.checklist] == [c.id for c in facts.site.campaign.criteria.of(view.h.kind).items]
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.canonical = ""  # type: ignore[misc]


def test_the_key_of_a_build_s_facts_changes_with_every_field_they_hold() -> None:
    """The honouree pages of a language are taken whole from the store by this key (thidua.publish.preview's
    ShellPages.publish_all): every field of the facts (the whole site's data included) is part of it, and a
    field added later is too, unless it is code."""
    from thidua.keys import Digest
    from thidua.publish.facts import CODE_FIELDS

    site = load_site(BILINGUAL, root=BILINGUAL)
    made = BuildContext(site=site, today=dt.date(2021, 3, 1))
    key = made.key(Digest())
    assert BuildContext(site=load_site(BILINGUAL, root=BILINGUAL), today=dt.date(2021, 3, 1)).key(Digest()) == key
    hid, h = site.honourees[3]
    edited = h.model_copy(update={"citation": h.citation.model_copy(update={"vi": h.citation.vi + " Sửa."})})
    honourees = tuple((i, edited if i == hid else x) for i, x in site.honourees)
    changes = {
        "site": {"site": dataclasses.replace(site, honourees=honourees)},
        "today": {"today": dt.date(2021, 3, 2)},
        "site_url": {"site_url": "https://example.org/"},
        "elsewhere": {"elsewhere": {hid: ("another campaign",)}},
        "share_cards": {"share_cards": {("home", None): "card"}},
        "photos": {"photos": {hid: None}},
    }
    fields = {f.name for f in dataclasses.fields(BuildContext)} - set(CODE_FIELDS) - {"order"}  # order: from the site
    assert set(changes) == fields, "a field of BuildContext without a test that it changes the key"
    for name, change in changes.items():
        other = BuildContext(**{"site": site, "today": dt.date(2021, 3, 1), **change})
        assert other.key(Digest()) != key, name
    # A field given another value after a key was made (hook_cards sets the sharing cards): a new key.
    digest = Digest()
    first = made.key(digest)
    assert made.key(digest) == first == key
    made.share_cards = {("home", None): "card"}
    assert made.key(digest) not in (first, key)
    made.share_cards = {}
    assert made.key(digest) == key
    # A site's data of any field, not only its honourees: the units, the plan, the site's own settings.
    units = site.units.model_copy(update={"units": site.units.units[1:]})
    assert BuildContext(site=dataclasses.replace(site, units=units), today=dt.date(2021, 3, 1)).key(Digest()) != key
