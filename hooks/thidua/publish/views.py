"""What each generated page's template renders: one typed view per page kind, made from the build's facts (no HTML here).

`VIEWS` maps every page kind MkDocs renders to the function that makes its view; `page_view` looks it up.
Templates read a view's fields as `td.<field>` (overrides/thidua/).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from markupsafe import Markup

from thidua.keys import Digest
from thidua.model.data import (
    KINDS,
    AwardForm,
    Campaign,
    CriteriaGroup,
    Criterion,
    Decision,
    Honouree,
    SiteInfo,
    Text,
    Unit,
)
from thidua.model.dates import Status, TimelineEvent, TimelinePicture, campaign_status, timeline_picture
from thidua.model.site import SiteData
from thidua.model.strings import t
from thidua.model.text import fold
from thidua.publish.edition import Edition
from thidua.publish.exports import Download
from thidua.publish.facts import Award, BuildContext, Story, decision_number, is_own_unit, timeline_with_results
from thidua.publish.pages import PageSpec, honouree_path
from thidua.publish.photos import PhotoSet
from thidua.publish.shell import BODY, HEAD
from thidua.publish.timeline import TimelineLayout, layout


@dataclass(frozen=True)
class ViewInputs:
    """What page views are made from: the language build's facts, and what the build made besides them."""

    facts: BuildContext
    edition: Edition | None = None  # the edition's facts (hook_archive), for the plan, the booklet, the colophon
    downloads: Sequence[Download] = ()  # the open-data files (hook_exports), for the data page


# --- the pieces views are made of -------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """A honouree as the directory, the home page and the results list it (thidua/card.html)."""

    id: str
    honouree: Honouree
    path: str
    photo: PhotoSet | None
    award: Award
    folded_name: str
    unit: Unit | None
    own_unit: bool = False  # a collective that is its unit: no unit is shown beside it


def card(ctx: BuildContext, hid: str, lang: str) -> Card:
    made = ctx.shared.get(("card", hid, lang))
    if made is None:
        h = ctx.site.honouree(hid)
        unit = ctx.site.unit(h.unit)
        own = is_own_unit(hid, h, unit)
        made = Card(hid, h, honouree_path(hid), ctx.photos.get(hid), ctx.award(hid), fold(h.display_name(lang)), unit, own)
        ctx.shared[("card", hid, lang)] = made
    return made


@dataclass(frozen=True)
class QuotaSlots:
    """One kind's quota of one award form, as slots used and free (the quota picture)."""

    kind: str
    quota: int
    used: int

    @property
    def slots(self) -> list[bool]:
        return [i < self.used for i in range(max(self.quota, self.used))]


@dataclass(frozen=True)
class DecisionEntry:
    """One decision of an award form: its number as shown (a sample's marked so), its recipients."""

    decision: Decision
    number: Text | str
    recipients: list[Card]


@dataclass(frozen=True)
class ResultSection:
    """One award form on the results page: its decisions (several, e.g. collectives and individuals apart,
    each with its own number, date and signer), their recipients together, the quota they use together."""

    form: AwardForm
    decisions: list[DecisionEntry]
    recipients: list[Card]
    quota: list[QuotaSlots]


class UnitTally(NamedTuple):
    """One unit's awards on the results page: per award form, and in all."""

    unit: Unit
    counts: list[int]
    total: int


@dataclass(frozen=True)
class BookletEntry:
    """One honouree's page of the booklet, as their own page shows them (thidua/booklet-entry.html)."""

    hid: str
    h: Honouree
    unit: Unit | None
    photo: PhotoSet | None
    story_html: Story  # story_html(base_url): the story as HTML for a page at that depth
    award: Award  # awarded (with the decision) or only nominated
    decision_number: Text | str | None = None  # the awarding decision's number as shown (a sample's marked so)
    own_unit: bool = False  # a collective that is its unit: no unit is shown beside it


@dataclass(frozen=True)
class SharedImage:
    """The picture a shared link shows: its absolute address, its size in pixels, what it shows."""

    url: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class Share:
    """What a link to a page shows where it is pasted (Zalo, Facebook...): its Open Graph and Twitter tags."""

    kind: str  # og:type: website, or article for a honouree's story
    title: str  # empty: the site's name (the home page)
    description: str
    image: SharedImage | None = None


# --- the views ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """What every generated page knows: the campaign, its kind, its language, whether it shows sample data."""

    campaign: Campaign
    page_kind: str
    lang: str
    sample: bool
    share: Share | None = field(default=None, kw_only=True)  # the page's sharing tags (thidua/og.html)


@dataclass(frozen=True)
class PageView(Page):
    """What every section page shows besides: the whole site's data, the campaign's status on the build date.

    The criteria page needs nothing more."""

    site: SiteData
    today: dt.date
    status: Status


@dataclass(frozen=True)
class HomeView(PageView):
    events: list[TimelineEvent]
    picture: TimelinePicture
    featured: list[Card]


@dataclass(frozen=True)
class Heading:
    """An entry of a page's contents list: a heading's numbering as issued, its text, its anchor, its sub-headings."""

    number: str
    title: Text | str
    anchor: str
    children: tuple["Heading", ...] = ()


@dataclass(frozen=True)
class PlanView(PageView):
    notes: list[Text]  # the editor's notes on the plan, in document order
    edition: Edition | None
    contents: tuple[Heading, ...] = ()  # sections I–IV (and the notes): the page's contents list and sidebar


@dataclass(frozen=True)
class TimelineView(PageView):
    events: list[TimelineEvent]
    picture: TimelinePicture
    layout: TimelineLayout  # the picture's labels in lanes, or none: the list (thidua.publish.timeline)


@dataclass(frozen=True)
class DirectoryView(PageView):
    groups: list[tuple[str, list[Card]]]  # (kind, its cards), collectives first
    units: list[Unit]  # the units with a honouree, for the filter
    forms: list[AwardForm]
    count: int
    final: bool


@dataclass(frozen=True)
class ResultsView(PageView):
    events: list[TimelineEvent]
    picture: TimelinePicture
    upcoming: list[TimelineEvent]
    final: bool
    sections: list[ResultSection] = field(default_factory=list)
    units: list[UnitTally] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class DataView(PageView):
    downloads: Sequence[Download]
    data_date: dt.date | None = None  # the day the data last changed (thidua.publish.edition)


@dataclass(frozen=True)
class ColophonView(PageView):
    edition: Edition | None


@dataclass(frozen=True)
class AboutView(PageView):
    """The About page: the data's own text, or what the plan's facts say about its sources; the contact."""

    info: SiteInfo
    about_html: Any  # site.yaml's about, rendered (Markdown), or None: the page is written from the facts
    about_untranslated: bool
    missing_facts: str | None  # no_number, no_date, no_number_date: what the issued text leaves out
    has_notes: bool
    english: bool


@dataclass(frozen=True)
class BookletView(PageView):
    edition: Edition | None
    entries: list[BookletEntry]


@dataclass(frozen=True)
class HonoureeView(Page):
    """One honouree's page (written from the shell: hook_pages.on_post_page). Everything it holds is the
    key of the page's article and sharing tags in the build's store (thidua.publish.fragments): it holds
    what the page shows (the honouree, its unit, award, neighbours), never the whole site's data, nor the
    build date, which the page does not show."""

    hid: str
    h: Honouree
    unit: Unit | None
    photo: PhotoSet | None
    story_html: Story  # story_html(base_url): the story as HTML for a page at that depth
    checklist: list[tuple[Criterion, bool]]  # each criterion of the honouree's kind, and whether it is met
    criteria_group: CriteriaGroup
    award: Award
    decision_number: Text | str | None  # the awarding decision's number as shown (a sample's marked so)
    proposed_by: Unit | None
    prev: Card | None
    next: Card | None
    canonical: str = ""
    own_unit: bool = False  # a collective that is its unit: no unit is shown beside it
    elsewhere: tuple = ()  # a Department's campaign: the same person's entries in the other campaigns (Elsewhere)


@dataclass(frozen=True)
class ShellView:
    """The honouree pages' shell: markers where each honouree's sharing tags and article go."""

    page_kind: str
    lang: str

    @property
    def head(self) -> Markup:
        return Markup(HEAD)

    @property
    def body(self) -> Markup:
        return Markup(BODY)


# --- making them --------------------------------------------------------------------------------


# What a shared section page says of itself: the home page its plan's title, the others their line on
# the home page (home.section.*), the edition's pages their lead.
SHARE_DESCRIPTIONS = {"colophon": "colophon.what.web", "booklet": "booklet.lead"}


def share_description(ctx: BuildContext, kind: str, lang: str) -> str:
    """What a section page holds, as its sharing tags and its card say it."""
    if kind == "home":
        return ctx.site.campaign.document.title.get(lang)
    return t(lang, SHARE_DESCRIPTIONS.get(kind, f"home.section.{kind}"))


def shared_image(ctx: BuildContext, kind: str, hid: str | None, alt: str) -> SharedImage | None:
    """A page's sharing card (hook_cards), at its absolute address."""
    card = ctx.share_cards.get((kind, hid))
    if card is None:
        return None
    return SharedImage(f"{ctx.site_url.rstrip('/')}/{card.public}", card.width, card.height, alt)


def page_share(ctx: BuildContext, spec: PageSpec, lang: str) -> Share:
    """A section page's sharing tags: its title (the site's name for the home page), what it holds, its card."""
    title = "" if spec.kind == "home" else spec.title(ctx.site, lang)
    description = share_description(ctx, spec.kind, lang)
    alt = f"{title}: {description}" if title else description
    return Share("website", title, description, shared_image(ctx, spec.kind, None, alt))


def honouree_share(ctx: BuildContext, hid: str, lang: str) -> Share:
    """A honouree's sharing tags: "Name – award" (or the award proposed while results are pending), the
    citation, their card."""
    h = ctx.site.honouree(hid)
    award = ctx.award(hid)
    name = h.display_name(lang)
    if award.final and award.awarded:
        title = f"{name} – {award.awarded.name.get(lang)}"
    elif not award.final and award.nominated:
        title = f"{name} – {t(lang, 'share.nominated', form=award.nominated.name.get(lang))}"
    else:
        title = name
    return Share("article", title, h.citation.get(lang), shared_image(ctx, "honouree", hid, title))


def _page(ctx: BuildContext, spec: PageSpec, lang: str, sample: bool = False) -> dict[str, Any]:
    """The fields of PageView, for a view's constructor."""
    campaign = ctx.site.campaign
    return {
        "site": ctx.site,
        "campaign": campaign,
        "page_kind": spec.kind,
        "lang": lang,
        "today": ctx.today,
        "status": campaign_status(campaign, ctx.today),
        "sample": sample,
        "share": page_share(ctx, spec, lang),
    }


def _honouree_page(ctx: BuildContext, spec: PageSpec, lang: str, sample: bool) -> dict[str, Any]:
    """The fields of Page, for a honouree's view."""
    return {
        "campaign": ctx.site.campaign, "page_kind": spec.kind, "lang": lang, "sample": sample,
        "share": honouree_share(ctx, spec.honouree, lang),
    }  # fmt: skip


def home_view(inputs: ViewInputs, spec: PageSpec, lang: str) -> HomeView:
    ctx = inputs.facts
    site = ctx.site
    events = timeline_with_results(site)
    featured = [hid for hid in ctx.order if site.honouree(hid).featured]
    latest = sorted(ctx.order, key=lambda hid: site.honouree(hid).published, reverse=True)
    cards = [card(ctx, hid, lang) for hid in (featured or latest)[:3]]
    return HomeView(
        **_page(ctx, spec, lang, sample=any(c.honouree.sample for c in cards)),
        events=events,
        picture=timeline_picture(site.campaign, events, ctx.today),
        featured=cards,
    )


def plan_view(inputs: ViewInputs, spec: PageSpec, lang: str) -> PlanView:
    campaign = inputs.facts.site.campaign
    notes = plan_notes(campaign)
    return PlanView(
        **_page(inputs.facts, spec, lang),
        notes=notes,
        edition=inputs.edition,
        contents=plan_contents(campaign, lang, bool(notes)),
    )


def plan_contents(campaign: Campaign, lang: str, notes: bool) -> tuple[Heading, ...]:
    """The plan's sections I–IV with III's parts, at the anchors overrides/thidua/plan.html gives them."""
    aw = campaign.awards
    parts = (aw.period, aw.forms, aw.standards)
    entries = [
        Heading(campaign.purposes.number, campaign.purposes.heading, "muc-i"),
        Heading(campaign.contents.number, campaign.contents.heading, "muc-ii"),
        Heading(aw.number, aw.heading, "muc-iii", tuple(Heading(p.number, p.heading, f"muc-iii-{i}") for i, p in enumerate(parts, 1))),
        Heading(campaign.organisation.number, campaign.organisation.heading, "muc-iv"),
    ]
    if notes:
        entries.append(Heading("", t(lang, "plan.notes"), "ghi-chu"))
    return tuple(entries)


def timeline_view(inputs: ViewInputs, spec: PageSpec, lang: str) -> TimelineView:
    ctx = inputs.facts
    events = timeline_with_results(ctx.site)
    picture = timeline_picture(ctx.site.campaign, events, ctx.today)
    return TimelineView(**_page(ctx, spec, lang), events=events, picture=picture, layout=layout(picture))


def criteria_view(inputs: ViewInputs, spec: PageSpec, lang: str) -> PageView:
    return PageView(**_page(inputs.facts, spec, lang))


def directory_view(inputs: ViewInputs, spec: PageSpec, lang: str) -> DirectoryView:
    ctx = inputs.facts
    site = ctx.site
    cards = [card(ctx, hid, lang) for hid in ctx.order]
    return DirectoryView(
        **_page(ctx, spec, lang, sample=any(c.honouree.sample for c in cards)),
        groups=[(kind, [c for c in cards if c.honouree.kind == kind]) for kind in KINDS],
        units=[u for u in site.units.units if any(c.honouree.unit == u.id for c in cards)],
        forms=site.campaign.award_forms,
        count=len(cards),
        final=site.final_results is not None,
    )


def results_view(inputs: ViewInputs, spec: PageSpec, lang: str) -> ResultsView:
    """Per award form: the decision, its recipients and the quota used; a summary by unit."""
    ctx = inputs.facts
    site = ctx.site
    events = timeline_with_results(site)
    common = {
        "events": events,
        "picture": timeline_picture(site.campaign, events, ctx.today),
        "upcoming": [e for e in events if e.date >= ctx.today],
    }
    sample = bool(site.results and site.results.sample)
    results = site.final_results
    if results is None:
        return ResultsView(**_page(ctx, spec, lang, sample=sample), **common, final=False)
    by_form: dict[str, list[Decision]] = {f.id: [] for f in site.campaign.award_forms}
    for d in results.decisions:
        by_form.setdefault(d.award_form, []).append(d)

    def listed(hids) -> list[Card]:
        cards = [card(ctx, hid, lang) for hid in hids]
        return sorted(cards, key=lambda c: (KINDS.index(c.honouree.kind), ctx.position(c.id)))

    sections = []
    for form in site.campaign.award_forms:
        entries = [DecisionEntry(d, decision_number(d, results.sample), listed(d.awarded)) for d in by_form[form.id]]
        # One list per form, its decisions' recipients together: collectives first, then individuals.
        recipients = listed(hid for d in by_form[form.id] for hid in d.awarded)
        kinds = [c.honouree.kind for c in recipients]
        # A kind the form is not for (a flag for collectives) shows no quota, unless awarded anyway.
        quota = [QuotaSlots(k, form.quota.of(k), kinds.count(k)) for k in KINDS if form.admits(k) or k in kinds]
        sections.append(ResultSection(form, entries, recipients, quota))
    units = []
    # Awards by (unit, form), counted once (thousands of recipients, hundreds of units).
    awarded = Counter((site.honouree(hid).unit, form_id) for form_id, ds in by_form.items() for d in ds for hid in d.awarded)
    for unit in site.units.units:
        counts = [awarded[(unit.id, f.id)] for f in site.campaign.award_forms]
        if any(counts):
            units.append(UnitTally(unit, counts, sum(counts)))
    return ResultsView(
        **_page(ctx, spec, lang, sample=sample or any(c.honouree.sample for s in sections for c in s.recipients)),
        **common,
        final=True,
        sections=sections,
        units=units,
        totals=[sum(u.counts[i] for u in units) for i in range(len(site.campaign.award_forms))],
    )


def data_view(inputs: ViewInputs, spec: PageSpec, lang: str) -> DataView:
    edition = inputs.edition
    return DataView(
        **_page(inputs.facts, spec, lang),
        downloads=inputs.downloads,
        data_date=edition.data_date if edition else inputs.facts.today,
    )


def colophon_view(inputs: ViewInputs, spec: PageSpec, lang: str) -> ColophonView:
    return ColophonView(**_page(inputs.facts, spec, lang), edition=inputs.edition)


def about_view(inputs: ViewInputs, spec: PageSpec, lang: str) -> AboutView:
    """The About page: data/site.yaml's about (Markdown), or what the plan's data says about its sources."""
    ctx = inputs.facts
    info = ctx.site.info
    doc = ctx.site.campaign.document
    missing = {(True, True): "no_number_date", (True, False): "no_number", (False, True): "no_date"}.get(
        (doc.number is None, doc.date is None)
    )
    return AboutView(
        **_page(ctx, spec, lang),
        info=info,
        about_html=ctx.render_markdown(info.about.get(lang)) if info.about else None,
        about_untranslated=bool(info.about and not info.about.is_translated(lang)),
        missing_facts=missing,
        has_notes=bool(plan_notes(ctx.site.campaign)),
        english="en" in ctx.site.languages,
    )


def shown_decision_number(ctx: BuildContext, hid: str) -> Text | str | None:
    """The number of the decision that awards a honouree, as pages show it (a sample's marked so)."""
    decision = ctx.award(hid).decision
    return decision_number(decision, ctx.site.results.sample) if decision else None


def booklet_entry(ctx: BuildContext, hid: str, lang: str) -> BookletEntry:
    made = ctx.shared.get(("booklet entry", hid, lang))
    if made is None:
        h = ctx.site.honouree(hid)
        unit = ctx.site.unit(h.unit)
        made = BookletEntry(
            hid, h, unit, ctx.photos.get(hid), ctx.story(hid, lang), ctx.award(hid), shown_decision_number(ctx, hid),
            own_unit=is_own_unit(hid, h, unit),
        )
        ctx.shared[("booklet entry", hid, lang)] = made
    return made


def know_views(ctx: BuildContext, digest: Digest, lang: str, hids: Sequence[str] | None = None) -> None:
    """Gives `digest` the key of every honouree's card and booklet entry in `lang` (Digest.know_value), before the
    section pages render them: each is made from the facts every honouree page shares and its honouree's own (its
    data, photo, award, unit, story: BuildContext.own_view_key), so an edit of one honouree changes the keys of its
    card and entry only, and no key walks the thousands of others. `hids`: only these honourees' (a preview's pages
    and their neighbours), else every one."""
    for hid in ctx.order if hids is None else hids:
        digest.know_value(card(ctx, hid, lang), ctx.own_view_key(digest, hid, "card", lang))
        digest.know_value(booklet_entry(ctx, hid, lang), ctx.own_view_key(digest, hid, "booklet entry", lang))


def booklet_view(inputs: ViewInputs, spec: PageSpec, lang: str) -> BookletView:
    """The booklet's pages: every honouree, in the directory's order, as their own page shows them; the
    sample notice when any of them is a sample."""
    ctx = inputs.facts
    # The booklet shows every honouree: it says so while any of them is sample data (cover and pages).
    sample = any(h.sample for _, h in ctx.site.honourees)
    return BookletView(
        **_page(ctx, spec, lang, sample=sample),
        edition=inputs.edition,
        entries=[booklet_entry(ctx, hid, lang) for hid in ctx.order],
    )


def shell_view(inputs: ViewInputs, spec: PageSpec, lang: str) -> ShellView:
    return ShellView(spec.kind, lang)


def honouree_view(ctx: BuildContext, spec: PageSpec, lang: str, canonical: str = "") -> HonoureeView:
    """One honouree's page: the story rendered, the criteria as a checklist, the award, neighbours."""
    hid = spec.honouree
    h = ctx.site.honouree(hid)
    met = set(h.criteria)
    group = ctx.site.campaign.criteria.of(h.kind)
    prev_id, next_id = ctx.neighbours(hid)
    photo = ctx.photos.get(hid)
    return HonoureeView(
        **_honouree_page(ctx, spec, lang, sample=h.sample),
        hid=hid,
        h=h,
        unit=ctx.site.unit(h.unit),
        photo=photo,
        story_html=ctx.story(hid, lang),
        checklist=[(c, c.id in met) for c in group.items],
        criteria_group=group,
        award=ctx.award(hid),
        decision_number=shown_decision_number(ctx, hid),
        proposed_by=ctx.site.unit(h.nomination.proposed_by) if h.nomination else None,
        prev=card(ctx, prev_id, lang) if prev_id else None,
        next=card(ctx, next_id, lang) if next_id else None,
        canonical=canonical,
        own_unit=is_own_unit(hid, h, ctx.site.unit(h.unit)),
        elsewhere=ctx.elsewhere.get(hid, ()),
    )


def plan_notes(campaign: Campaign) -> list[Text]:
    """The editor's notes on the plan, in document order."""
    sections = (campaign.purposes, campaign.contents, campaign.organisation)
    return [item.note for sec in sections for item in sec.items if item.note is not None]


# Every page kind MkDocs renders (thidua.publish.pages.site_pages), and what makes its view. The
# honouree kind's page is the shell; each honouree's own view is made as the shell is filled in
# (honouree_view).
VIEWS: dict[str, Callable[[ViewInputs, PageSpec, str], PageView | ShellView]] = {
    "home": home_view,
    "plan": plan_view,
    "timeline": timeline_view,
    "criteria": criteria_view,
    "directory": directory_view,
    "results": results_view,
    "data": data_view,
    "colophon": colophon_view,
    "about": about_view,
    "booklet": booklet_view,
    "honouree": shell_view,
}


def page_view(inputs: ViewInputs, spec: PageSpec, lang: str) -> PageView | ShellView:
    """The view a generated page's template renders."""
    return VIEWS[spec.kind](inputs, spec, lang)
