"""What each generated page's template needs, computed once per page from SiteData (no HTML here)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from thidua_dates import campaign_status, timeline_events, timeline_picture
from thidua_loader import SiteData
from thidua_pages import PageSpec


def page_view(site: SiteData, spec: PageSpec, lang: str, today: dt.date) -> dict[str, Any]:
    """The data a generated page's template renders."""
    campaign = site.campaign
    events = timeline_events(campaign)
    view: dict[str, Any] = {
        "site": site,
        "campaign": campaign,
        "page_kind": spec.kind,
        "lang": lang,
        "today": today,
        "status": campaign_status(campaign, today),
    }
    if spec.kind == "plan":
        view["notes"] = plan_notes(campaign)
    if spec.kind in ("home", "timeline"):
        view["events"] = events
        view["picture"] = timeline_picture(campaign, events, today)
    return view


def plan_notes(campaign) -> list:
    """The editor's notes on the plan, in document order."""
    sections = (campaign.purposes, campaign.contents, campaign.organisation)
    return [item.note for sec in sections for item in sec.items if item.note is not None]
