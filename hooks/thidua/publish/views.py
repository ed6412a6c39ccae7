"""What each generated page's template needs, computed once per page from SiteData (no HTML here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

from thidua.model.data import KINDS, AwardForm, Decision, Honouree, Text
from thidua.model.dates import (
    TimelineEvent,
    campaign_status,
    format_date,
    timeline_events,
    timeline_picture,
)
from thidua.model.languages import LANGUAGES
from thidua.model.site import SiteData
from thidua.model.strings import t, text
from thidua.model.text import fold
from thidua.publish.pages import PageSpec, honouree_order, honouree_path
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


@dataclass
class BuildContext:
    """What one build knows besides the data: the date, processed photos, the story renderer."""

    site: SiteData
    today: dt.date
    photos: dict[str, PhotoSet] = field(default_factory=dict)
    render_markdown: Callable[[str], Any] = str
    site_url: str = ""
    order: list[str] = field(default_factory=list)
    downloads: list = field(default_factory=list)  # the open-data files (thidua.publish.exports.Download)

    def __post_init__(self) -> None:
        self.order = honouree_order(self.site)
        self._index = {hid: i for i, hid in enumerate(self.order)}
        self._awards: dict[str, Award] = {}
        self._stories: dict[tuple[str, str], Any] = {}
        results = self.site.final_results
        for hid, h in self.site.honourees:
            nominated = self.site.campaign.award_form(h.nomination.award_form) if h.nomination else None
            self._awards[hid] = Award(nominated, results is not None)
        if results is not None:
            for decision in results.decisions:
                form = self.site.campaign.award_form(decision.award_form)
                for hid in decision.awarded:
                    self._awards[hid] = Award(self._awards[hid].nominated, True, form, decision)

    def story_html(self, hid: str, lang: str) -> Any:
        """A honouree's story rendered once per language build (its page and the booklet show it)."""
        key = (hid, lang)
        html = self._stories.get(key)
        if html is None:
            html = self._stories[key] = self.render_markdown(self.site.honouree(hid).story.get(lang))
        return html

    def award(self, hid: str) -> Award:
        return self._awards[hid]

    def position(self, hid: str) -> int:
        """Where a honouree stands in the directory's order."""
        return self._index[hid]

    def neighbours(self, hid: str) -> tuple[str | None, str | None]:
        i = self._index[hid]
        return (self.order[i - 1] if i > 0 else None, self.order[i + 1] if i + 1 < len(self.order) else None)


@dataclass(frozen=True)
class Card:
    """A honouree as the directory and the home page list it."""

    id: str
    honouree: Honouree
    path: str
    photo: PhotoSet | None
    award: Award
    folded_name: str


def card(ctx: BuildContext, hid: str, lang: str) -> Card:
    h = ctx.site.honouree(hid)
    return Card(hid, h, honouree_path(hid), ctx.photos.get(hid), ctx.award(hid), fold(h.display_name(lang)))


def page_view(ctx: BuildContext, spec: PageSpec, lang: str) -> dict[str, Any]:
    """The data a generated page's template renders."""
    site = ctx.site
    campaign = site.campaign
    view: dict[str, Any] = {
        "site": site,
        "campaign": campaign,
        "page_kind": spec.kind,
        "lang": lang,
        "today": ctx.today,
        "status": campaign_status(campaign, ctx.today),
        "sample": False,
    }
    if spec.kind == "plan":
        view["notes"] = plan_notes(campaign)
    if spec.kind in ("home", "timeline", "results"):
        events = timeline_with_results(site)
        view["events"] = events
        view["picture"] = timeline_picture(campaign, events, ctx.today)
    if spec.kind == "home":
        featured = [hid for hid in ctx.order if site.honouree(hid).featured]
        latest = sorted(ctx.order, key=lambda hid: site.honouree(hid).published, reverse=True)
        chosen = (featured or latest)[:3]
        view["featured"] = [card(ctx, hid, lang) for hid in chosen]
        view["sample"] = any(c.honouree.sample for c in view["featured"])
    if spec.kind == "directory":
        cards = [card(ctx, hid, lang) for hid in ctx.order]
        view["groups"] = [(kind, [c for c in cards if c.honouree.kind == kind]) for kind in KINDS]
        view["units"] = [u for u in site.units.units if any(c.honouree.unit == u.id for c in cards)]
        view["forms"] = campaign.award_forms
        view["count"] = len(cards)
        view["sample"] = any(c.honouree.sample for c in cards)
        view["final"] = site.final_results is not None
    if spec.kind == "honouree":
        view.update(honouree_view(ctx, spec.honouree, lang))
    if spec.kind == "results":
        view.update(results_view(ctx, lang))
        view["upcoming"] = [e for e in view["events"] if e.date >= ctx.today]
    if spec.kind == "data":
        view["downloads"] = ctx.downloads
    return view


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
                            count=len(nominations),
                            units=len(units),
                            first=format_date(first, lang, "short"),
                            last=format_date(last, lang, "short"),
                        )
                        for lang in LANGUAGES
                    }
                ),
            )
        )
    results = site.final_results
    if results is not None:
        for d in results.decisions:
            form = site.campaign.award_form(d.award_form)
            extra.append(
                TimelineEvent(
                    f"quyet-dinh-{d.award_form}",
                    d.date,
                    "decision",
                    Text(**{lang: t(lang, "timeline.decision", form=form.short_name.get(lang)) for lang in LANGUAGES}),
                    Text(**{lang: t(lang, "timeline.decision.desc", number=d.number) for lang in LANGUAGES}),
                )
            )
    return timeline_events(site.campaign, extra)


@dataclass(frozen=True)
class QuotaSlots:
    """One kind's quota of one award form, as slots used and free (the quota picture)."""

    kind: str
    quota: int
    used: int

    @property
    def slots(self) -> list[bool]:
        return [i < self.used for i in range(max(self.quota, self.used))]


def results_view(ctx: BuildContext, lang: str) -> dict[str, Any]:
    """Per award form: the decision, its recipients and the quota used; a summary by unit."""
    site = ctx.site
    results = site.results
    final = site.final_results is not None
    view: dict[str, Any] = {"final": final, "sample": bool(results and results.sample)}
    if not final:
        return view
    by_form = {d.award_form: d for d in results.decisions}
    sections = []
    for form in site.campaign.award_forms:
        decision = by_form.get(form.id)
        awarded = list(decision.awarded) if decision else []
        recipients = [card(ctx, hid, lang) for hid in awarded]
        recipients.sort(key=lambda c: (KINDS.index(c.honouree.kind), ctx.position(c.id)))
        kinds = [c.honouree.kind for c in recipients]
        quota = [QuotaSlots(k, form.quota.of(k), kinds.count(k)) for k in KINDS]
        sections.append({"form": form, "decision": decision, "recipients": recipients, "quota": quota})
    units = []
    for unit in site.units.units:
        counts = [
            sum(1 for hid in (by_form[f.id].awarded if f.id in by_form else []) if site.honouree(hid).unit == unit.id)
            for f in site.campaign.award_forms
        ]
        if any(counts):
            units.append((unit, counts, sum(counts)))
    view["sections"] = sections
    view["units"] = units
    view["totals"] = [sum(u[1][i] for u in units) for i in range(len(site.campaign.award_forms))]
    view["sample"] = view["sample"] or any(c.honouree.sample for s in sections for c in s["recipients"])
    return view


def honouree_view(ctx: BuildContext, hid: str, lang: str) -> dict[str, Any]:
    """One honouree's page: the story rendered, the criteria as a checklist, the award, neighbours."""
    h = ctx.site.honouree(hid)
    met = set(h.criteria)
    group = ctx.site.campaign.criteria.of(h.kind)
    prev_id, next_id = ctx.neighbours(hid)
    photo = ctx.photos.get(hid)
    return {
        "h": h,
        "hid": hid,
        "unit": ctx.site.unit(h.unit),
        "photo": photo,
        "story_html": ctx.story_html(hid, lang),
        "checklist": [(c, c.id in met) for c in group.items],
        "criteria_group": group,
        "award": ctx.award(hid),
        "proposed_by": ctx.site.unit(h.nomination.proposed_by) if h.nomination else None,
        "prev": card(ctx, prev_id, lang) if prev_id else None,
        "next": card(ctx, next_id, lang) if next_id else None,
        "sample": h.sample,
        "og_image": f"{ctx.site_url.rstrip('/')}/{photo.page.jpg}" if photo else None,
    }


def plan_notes(campaign) -> list:
    """The editor's notes on the plan, in document order."""
    sections = (campaign.purposes, campaign.contents, campaign.organisation)
    return [item.note for sec in sections for item in sec.items if item.note is not None]
