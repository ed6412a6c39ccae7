"""The facts a language build shares between its page views and the open data: awards, order, stories, timeline.

Page views (thidua.publish.views) and exports (thidua.publish.exports) are siblings over these facts:
neither imports the other.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass, field
from collections.abc import Callable
from typing import Any

from thidua.keys import Digest, hash_text
from thidua.load.stories import photo_names
from thidua.model.data import AwardForm, Decision, Honouree, Text, Unit
from thidua.model.dates import TimelineEvent, format_date, page_style, timeline_events
from thidua.model.languages import LANGUAGES
from thidua.model.site import SiteData
from thidua.model.strings import Phrase, t, text, tn
from thidua.model.text import fold
from thidua.publish.pages import honouree_order
from thidua.publish.photos import PhotoSet


@dataclass(frozen=True)
class Award:
    """Where a honouree stands: nominated for a form, and (once results are final) awarded or not."""

    nominated: AwardForm | None
    final: bool
    awarded: AwardForm | None = None
    decision: Decision | None = None

    @property
    def filter_id(self) -> str:
        """The award form the directory filters by: the awarded one once final, else the nominated one."""
        form = self.awarded if self.final else self.nominated
        return form.id if form else ""


class Story:
    """A honouree's story in one language as templates show it: `story_html(base_url)`, the HTML for a page at
    that depth, rendered on first use (thidua.publish.facts.BuildContext.story_html).

    Its key (thidua.keys) is what that HTML is made from: the Markdown and, for a story that shows pictures,
    the published photos it may show. A page kept in the build's store need not render its story again."""

    __slots__ = ("_facts", "hid", "lang", "markdown")

    def __init__(self, facts: "BuildContext", hid: str, lang: str) -> None:
        self._facts = facts
        self.hid = hid
        self.lang = lang
        self.markdown = facts.site.honouree(hid).story.get(lang)

    def __call__(self, base: str = ".") -> Any:
        return self._facts.story_html(self.hid, self.lang, base)

    def __key__(self) -> tuple[str, str | None]:
        return self.markdown, self._facts.story_photos_key() if "![" in self.markdown else None


# BuildContext's fields that are code, not data (in the engine's key, thidua.keys.engine_key).
CODE_FIELDS = ("render_markdown",)
# BuildContext's fields of each honouree's own (page_keys): its photo, its sharing card, its entries in other campaigns.
OWN_FIELDS = ("photos", "share_cards", "elsewhere")


@dataclass
class BuildContext:
    """What one language build knows besides the data: the date, processed photos, the story renderer."""

    site: SiteData
    today: dt.date
    photos: dict[str, PhotoSet] = field(default_factory=dict)
    # (text, image_src) -> HTML: model.story.StoryRenderer().render; image_src maps a story's picture to its URL.
    render_markdown: Callable[..., Any] = lambda text, image_src=None: text
    site_url: str = ""
    order: list[str] = field(default_factory=list)
    # (page kind, honouree id or None) -> its sharing card (thidua.publish.cards.CardImage), drawn by hook_cards.
    share_cards: dict[tuple[str, str | None], Any] = field(default_factory=dict)
    # A Department's campaign: each honouree's entries in the other campaigns (thidua.model.department.Elsewhere).
    elsewhere: dict[str, tuple[Any, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.order = honouree_order(self.site)
        self._index = {hid: i for i, hid in enumerate(self.order)}
        self._awards: dict[str, Award] = {}
        # Views many pages share (a honouree's card: the directory, the results, its neighbours' links), made
        # once per language build: one object, walked once for the keys of the pages that hold it.
        self.shared: dict[tuple, Any] = {}
        self._stories: dict[tuple[str, str, str | None], Any] = {}
        # A story's pictures are honourees' photos, shown as their published page size.
        by_file = {h.photo.file: self.photos[hid] for hid, h in self.site.honourees if hid in self.photos}
        self._story_photos = {name: by_file[file] for name, file in photo_names(set(by_file)).items()}
        results = self.site.final_results
        for hid, h in self.site.honourees:
            nominated = self.site.campaign.award_form(h.nomination.award_form) if h.nomination else None
            self._awards[hid] = Award(nominated, results is not None)
        if results is not None:
            for decision in results.decisions:
                form = self.site.campaign.award_form(decision.award_form)
                for hid in decision.awarded:
                    self._awards[hid] = Award(self._awards[hid].nominated, True, form, decision)

    def story_html(self, hid: str, lang: str, base: str = ".") -> Any:
        """A honouree's story rendered once per language build (its page and the booklet show it).

        `base` is the page's way up to the site root (MkDocs' base_url), where the photos are; a story
        without a picture is the same from every page and rendered once.
        """
        text = self.site.honouree(hid).story.get(lang)
        key = (hid, lang, base if "![" in text else None)
        html = self._stories.get(key)
        if html is None:
            html = self._stories[key] = self.render_markdown(text, functools.partial(self._story_photo, base))
        return html

    def story(self, hid: str, lang: str) -> Story:
        """A honouree's story as views hand it to templates (see Story)."""
        return Story(self, hid, lang)

    def key(self, digest: Digest) -> str:
        """The key of everything this language build's views are made from: every field (the whole site's data
        included, and every field a later change adds), except the story renderer, which is code (the engine's
        key). A view is a function of these, its page and its language, so a key that holds this one, the page
        and the language changes whenever any view could.

        Each field's part is kept with the very value it was made from: a field given another value (hook_cards
        sets the sharing cards once the facts are made) is walked again. A field's value is replaced, never changed
        in place (the site's data is frozen; the dicts are made whole)."""
        kept: dict[str, tuple[object, Digest, str]] = self.__dict__.setdefault("_key_parts", {})
        parts = []
        for item in dataclasses.fields(self):
            if item.name in CODE_FIELDS:
                continue
            value = getattr(self, item.name)
            known = kept.get(item.name)
            if known is not None and known[0] is value and known[1] is digest:
                part = known[2]
            else:
                walked = value
                if isinstance(value, SiteData):  # the whole site, field by field (a page's key never holds it)
                    walked = {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
                part = digest.of(walked)
                kept[item.name] = (value, digest, part)
            parts += [item.name, part]
        return hash_text("build context", *parts)

    def page_keys(self, digest: Digest) -> tuple[str, dict[str, str]]:
        """The keys of what a honouree page is made from, split so that an edit of one honouree changes only the keys
        of the pages that show it: the part every honouree page shares (every field, as in `key`, but each honouree's
        own values: the site's data but its honourees, the order, the photos a story may show, the sections' sharing
        cards) and each honouree's own part (its data, photo, sharing card and entries in other campaigns). A honouree's
        page (thidua.publish.views.honouree_view) reads the shared part, its own and its neighbours' in the order
        (their cards in its previous/next links), nothing else: `honouree_page_key`."""
        kept = self.__dict__.get("_page_keys")
        inputs = self._page_inputs()
        if kept is not None and kept[0] is digest and all(a is b for a, b in zip(kept[1], inputs)):
            return kept[2]
        parts = []
        site_part = ""
        for item in dataclasses.fields(self):
            name = item.name
            if name in CODE_FIELDS or name in OWN_FIELDS:
                continue
            value = getattr(self, name)
            if isinstance(value, SiteData):
                value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.name != "honourees"}
            parts += [name, digest.of(value)]
            if name == "site":
                site_part = parts[-1]
        parts += ["story photos", self.story_photos_key()]
        # What a honouree's card and booklet entry read besides its own: the site's data but its honourees (units,
        # awards, results), and the photos a story may show. Not the date, the order or the address (own_view_key).
        self.__dict__["_views_shared"] = hash_text("honouree views' shared facts", site_part, self.story_photos_key())
        sections = {key: card for key, card in self.share_cards.items() if key[0] != "honouree"}
        parts += ["section cards", digest.of(sections)]
        shared = hash_text("honouree pages' shared facts", *parts)
        own = {
            hid: digest.of((hid, h, self.photos.get(hid), self.share_cards.get(("honouree", hid)), self.elsewhere.get(hid, ())))
            for hid, h in self.site.honourees
        }
        keys = (shared, own)
        self.__dict__["_page_keys"] = (digest, inputs, keys)
        return keys

    def _page_inputs(self) -> tuple[object, ...]:
        """The fields' values (each replaced, never changed in place): page_keys' memo holds while they are the same."""
        return tuple(getattr(self, item.name) for item in dataclasses.fields(self))

    def honouree_page_key(self, digest: Digest, hid: str) -> str:
        """The key of every fact a honouree's page is made from: the shared part, its own and its neighbours'."""
        shared, own = self.page_keys(digest)
        before, after = self.neighbours(hid)
        return hash_text(
            "honouree page facts", shared, hid, own[hid], own[before] if before else "-", own[after] if after else "-"
        )

    def own_view_key(self, digest: Digest, hid: str, what: str, lang: str) -> str:
        """The key of a view of one honouree made from that honouree's own facts (page_keys) and, of those every page
        shares, only the site's data but its honourees and the photos a story may show: its card and its booklet entry
        (thidua.publish.views.know_views), which show neither the date, nor the order, nor the site's address, nor
        their neighbours. Whoever makes such a view read more must add it here."""
        _, own = self.page_keys(digest)
        return hash_text("own view", what, lang, self.__dict__["_views_shared"], hid, own[hid])

    def story_photos_key(self) -> str:
        """The key of the photos a story may show: each name with its published page-size file."""
        key = getattr(self, "_story_photos_key", None)
        if key is None:
            pairs = sorted((name, photo.page.jpg) for name, photo in self._story_photos.items())
            key = self._story_photos_key = hash_text(*(f"{name}\0{jpg}" for name, jpg in pairs))
        return key

    def _story_photo(self, base: str, name: str) -> str | None:
        photo = self._story_photos.get(name)
        return f"{base}/{photo.page.jpg}" if photo else None

    def award(self, hid: str) -> Award:
        return self._awards[hid]

    def position(self, hid: str) -> int:
        """Where a honouree stands in the directory's order."""
        return self._index[hid]

    def neighbours(self, hid: str) -> tuple[str | None, str | None]:
        i = self._index[hid]
        return (self.order[i - 1] if i > 0 else None, self.order[i + 1] if i + 1 < len(self.order) else None)


def decision_number(decision: Decision, sample: bool) -> Text | str:
    """A decision's number as pages show it: a sample decision's is marked so in every language."""
    if not sample:
        return decision.number
    return Text(**{lang: f"{decision.number} ({t(lang, 'results.sample_mark')})" for lang in LANGUAGES})


def is_own_unit(hid: str, h: Honouree, unit: Unit | None) -> bool:
    """Whether a collective is the unit itself (a division honoured as a whole), named by the same id or name."""
    if h.kind != "collective" or unit is None:
        return False
    return hid == unit.id or fold(h.display_name("vi")) == fold(unit.name.vi)


def timeline_with_results(site: SiteData) -> list[TimelineEvent]:
    """The plan's timeline with the nominations and, once final, the decisions."""
    extra: list[TimelineEvent] = []
    nominations = [h.nomination for _, h in site.honourees if h.nomination]
    if nominations:
        first = min(n.date for n in nominations)
        last = max(n.date for n in nominations)
        units = {n.proposed_by for n in nominations}
        extra.append(
            TimelineEvent(
                "de-nghi-khen-thuong",
                first,
                "nomination",
                text("timeline.nominations"),
                Text(
                    **{
                        lang: t(
                            lang,
                            "timeline.nominations.desc",
                            nominations=tn(lang, "timeline.nominations.count", len(nominations)),
                            units=tn(lang, "timeline.nominations.units", len(units)),
                            first=format_date(first, lang, page_style(lang)),
                            last=format_date(last, lang, page_style(lang)),
                        )
                        for lang in LANGUAGES
                    }
                ),
            )
        )
    results = site.final_results
    if results is not None:
        seen: dict[str, int] = {}
        for d in results.decisions:
            form = site.campaign.award_form(d.award_form)
            # A form's first decision keeps the id it always had; its others are numbered (stable
            # calendar UIDs as decisions are added).
            seen[d.award_form] = seen.get(d.award_form, 0) + 1
            suffix = "" if seen[d.award_form] == 1 else f"-{seen[d.award_form]}"
            extra.append(
                TimelineEvent(
                    f"quyet-dinh-{d.award_form}{suffix}",
                    d.date,
                    "decision",
                    Phrase.of("timeline.decision", form=form.short_name),
                    Phrase.of("timeline.decision.desc", number=decision_number(d, results.sample)),
                )
            )
    return timeline_events(site.campaign, extra)
