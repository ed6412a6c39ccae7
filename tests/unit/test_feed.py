"""The Atom feed, written as text: well-formed XML whatever the data holds, each value read back as it was given."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from xml.etree import ElementTree as ET

from thidua.load.files import load_site
from thidua.publish.feed import atom_feed

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "bilingual"
NS = {"a": "http://www.w3.org/2005/Atom"}
HOSTILE = 'Trích dẫn <script>alert("x")</script> & ]]> <![CDATA[ x ]]> \'a\' "b" &amp; &#60;'


def hostile_site():
    site = load_site(FIXTURE, root=FIXTURE)
    (hid, first), *rest = site.honourees
    changed = first.model_copy(update={"citation": first.citation.model_copy(update={"vi": HOSTILE})})
    return hid, dataclasses.replace(site, honourees=((hid, changed), *rest))


def test_a_citation_and_a_name_with_markup_come_back_as_the_same_text() -> None:
    hid, site = hostile_site()
    photo = 'https://example.org/anh/a&b"<c>.jpg'
    feed = atom_feed(site, "vi", "https://example.org/?x=1&y=<2>/", 'Sở <b>Công</b> & "Thương"', {hid: photo})
    root = ET.fromstring(feed)  # raises on anything that is not well-formed XML
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    assert not root.findall(".//script") and not root.findall(".//b")  # markup stays text, never elements
    assert root.find("a:title", NS).text.find('Sở <b>Công</b> & "Thương"') >= 0
    entries = root.findall("a:entry", NS)
    assert len(entries) == len(site.honourees)
    mine = next(e for e in entries if e.find("a:id", NS).text.endswith(f"/ton-vinh/{hid}/"))
    assert mine.find("a:summary", NS).text.startswith(HOSTILE)
    enclosures = [link.get("href") for link in mine.findall("a:link", NS) if link.get("rel") == "enclosure"]
    assert enclosures == [photo]
    assert root.find("a:link[@rel='self']", NS).get("href") == "https://example.org/?x=1&y=<2>/ton-vinh/feed.xml"


def test_entries_are_newest_first_and_an_empty_text_is_an_empty_element() -> None:
    _, site = hostile_site()
    feed = atom_feed(site, "en", "https://example.org/", "", {})
    root = ET.fromstring(feed)
    published = [e.find("a:published", NS).text for e in root.findall("a:entry", NS)]
    assert published == sorted(published, reverse=True)
    assert root.find("a:title", NS) is not None
    assert feed.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<feed ") and feed.endswith(b"</feed>\n")
