"""The Atom feed of honourees' stories, one per language, with absolute links."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from thidua.model.languages import lang_root
from thidua.model.site import SiteData
from thidua.model.strings import t
from thidua.publish.pages import honouree_path

ATOM = "http://www.w3.org/2005/Atom"


def _stamp(day: dt.date) -> str:
    # Stories carry a date, not a time: midnight in Viet Nam (UTC+7).
    return f"{day.isoformat()}T00:00:00+07:00"


def atom_feed(site: SiteData, lang: str, site_url: str, site_name: str, photo_urls: dict[str, str]) -> bytes:
    """The feed of every honouree's story in `lang`, newest first (deterministic: no build time in it)."""
    root_url = site_url.rstrip("/") + "/" + lang_root(lang)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = root_url + "ton-vinh/"
    ET.SubElement(feed, f"{{{ATOM}}}title").text = t(lang, "feed.title", site=site_name)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": root_url + "ton-vinh/feed.xml"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": root_url + "ton-vinh/"})
    entries = sorted(site.honourees, key=lambda item: (item[1].published, item[0]), reverse=True)
    updated = max((h.published for _, h in entries), default=site.campaign.period.end)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(updated)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = site.campaign.document.issuer.get(lang)
    for hid, h in entries:
        url = root_url + honouree_path(hid)
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        title = h.display_name(lang)
        if h.sample:
            title += f" ({t(lang, 'sample.notice.title')})"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = title
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": url})
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _stamp(h.published)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(h.published)
        summary = h.citation.get(lang)
        if h.sample:
            summary += " " + t(lang, "sample.notice")
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = summary
        if hid in photo_urls:
            ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "enclosure", "type": "image/jpeg", "href": photo_urls[hid]})
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
