"""The Atom feed of honourees' stories, one per language, with absolute links."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from thidua.model.languages import lang_root
from thidua.model.site import SiteData
from thidua.model.strings import t
from thidua.publish.pages import honouree_path

ATOM = "http://www.w3.org/2005/Atom"


def _stamp(day: dt.date) -> str:
    # Stories carry a date, not a time: midnight in Viet Nam (UTC+7).
    return f"{day.isoformat()}T00:00:00+07:00"


# Attribute values as ElementTree writes them, between double quotes.
ATTRIBUTE_ENTITIES = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}


def _attribute(value: str) -> str:
    return escape(value, ATTRIBUTE_ENTITIES)


def _element(indent: str, tag: str, text: str) -> str:
    return f"{indent}<{tag}>{escape(text)}</{tag}>\n" if text else f"{indent}<{tag} />\n"


def _link(indent: str, **attributes: str) -> str:
    listed = " ".join(f'{name}="{_attribute(value)}"' for name, value in attributes.items())
    return f"{indent}<link {listed} />\n"


def atom_feed(site: SiteData, lang: str, site_url: str, site_name: str, photo_urls: dict[str, str]) -> bytes:
    """The feed of every honouree's story in `lang`, newest first (deterministic: no build time in it).

    Written as text, in the very form ElementTree gives an indented tree of it (its declaration, two spaces a
    level, `<x />` for an empty element): a feed of thousands of stories is made in a fraction of the time,
    and an edit's rebuild makes it again whole."""
    root_url = site_url.rstrip("/") + "/" + lang_root(lang)
    entries = sorted(site.honourees, key=lambda item: (item[1].published, item[0]), reverse=True)
    updated = max((h.published for _, h in entries), default=site.campaign.period.end)
    sample_title = f" ({t(lang, 'sample.notice.title')})"
    sample_notice = " " + t(lang, "sample.notice")
    out = [
        "<?xml version='1.0' encoding='utf-8'?>\n",
        f'<feed xmlns="{ATOM}" xml:lang="{_attribute(lang)}">\n',
        _element("  ", "id", root_url + "ton-vinh/"),
        _element("  ", "title", t(lang, "feed.title", site=site_name)),
        _link("  ", rel="self", href=root_url + "ton-vinh/feed.xml"),
        _link("  ", rel="alternate", type="text/html", href=root_url + "ton-vinh/"),
        _element("  ", "updated", _stamp(updated)),
        "  <author>\n",
        _element("    ", "name", site.campaign.document.issuer.get(lang)),
        "  </author>\n",
    ]
    for hid, h in entries:
        url = root_url + honouree_path(hid)
        title = h.display_name(lang) + (sample_title if h.sample else "")
        summary = h.citation.get(lang) + (sample_notice if h.sample else "")
        stamp = _stamp(h.published)
        out += [
            "  <entry>\n",
            _element("    ", "id", url),
            _element("    ", "title", title),
            _link("    ", rel="alternate", type="text/html", href=url),
            _element("    ", "published", stamp),
            _element("    ", "updated", stamp),
            _element("    ", "summary", summary),
        ]
        if hid in photo_urls:
            out.append(_link("    ", rel="enclosure", type="image/jpeg", href=photo_urls[hid]))
        out.append("  </entry>\n")
    out.append("</feed>\n")
    return "".join(out).encode("utf-8")
