"""The archive edition as a BagIt bag (RFC 8493): the site is the payload, bag-info.txt is read from its open data."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import bagit

from thidua.model.data import Campaign, SiteInfo
from thidua.model.strings import t

# RFC 8493 is BagIt 1.0; the bagit library writes 0.97 (the draft before it) and validates both.
BAGIT_VERSION = "1.0"
ALGORITHM = "sha256"
MANIFEST = f"manifest-{ALGORITHM}.txt"
TAG_MANIFEST = f"tagmanifest-{ALGORITHM}.txt"
PAYLOAD = "data"
# The site's own open data (thidua.publish.exports): what the bag says about itself comes from what it holds.
CAMPAIGN_JSON = "du-lieu/campaign.json"


class BagFailed(Exception):
    """The bag could not be made, or did not validate once made."""


def site_campaign(site: Path) -> Campaign:
    """The campaign as the written site publishes it (its du-lieu/campaign.json)."""
    data = json.loads((site / CAMPAIGN_JSON).read_text(encoding="utf-8"))
    return Campaign.model_validate(data["campaign"])


DEPARTMENT_JSON = "du-lieu/department.json"


def is_department_site(site: Path) -> bool:
    """Whether the written site is a Department's of several campaigns (its du-lieu/department.json)."""
    # (Its du-lieu/campaign.json, when it has one, is the primary campaign's file kept at its old address.)
    return (site / DEPARTMENT_JSON).is_file()


def site_info(site: Path) -> SiteInfo:
    """The site's own facts (name, slug, languages, publisher) as the written site publishes them."""
    source = DEPARTMENT_JSON if is_department_site(site) else CAMPAIGN_JSON
    data = json.loads((site / source).read_text(encoding="utf-8"))
    return SiteInfo.model_validate(data["site"])


def department_campaigns(site: Path) -> list[str]:
    """The names (Vietnamese) of the campaigns a Department's written site holds."""
    data = json.loads((site / DEPARTMENT_JSON).read_text(encoding="utf-8"))
    return [c["name"]["vi"] for c in data["campaigns"]]


def bag_info(
    campaign: Campaign | list[str], site: SiteInfo, built: dt.date, name: str, epoch: int, commit: str | None
) -> dict[str, str | list[str]]:
    """bag-info.txt's fields (RFC 8493, 2.2.2): who made the bag, when, and what it holds.

    Source-Organization is the site's publisher (data/site.yaml); External-Identifier the plan's
    number, when it has one; Organization-Address, Contact-Name, -Phone and -Email the responsible
    office of site.yaml's contact, when given;
    External-Description says what the bag is, in every language of the site; Bagging-Date is the
    build date (never the clock's); Internal-Sender-Description says how to rebuild it. The bagit
    library adds Payload-Oxum.
    """
    if isinstance(campaign, list):  # a Department's site: every campaign's
        doc = None
        described = [
            t(lang, "archive.bag.department", issuer=site.publisher.name.get(lang), count=len(campaign), campaigns="; ".join(campaign))
            for lang in site.languages
        ]
    else:
        doc = campaign.document
        described = [
            t(lang, "archive.bag.description", document=f"{doc.kind.get(lang)} {doc.title.get(lang)}",
              issuer=site.publisher.name.get(lang))
            for lang in site.languages
        ]
    info: dict[str, str | list[str]] = {
        "Source-Organization": site.publisher.name.vi,
        "External-Description": described,
        "Bagging-Date": built.isoformat(),
        "Internal-Sender-Identifier": name,
        "Internal-Sender-Description": [
            t(lang, "archive.bag.commit" if commit else "archive.bag.rebuild", epoch=epoch, commit=commit or "")
            for lang in site.languages
        ],
        "Bag-Software-Agent": f"python -m thidua.archive (bagit.py {bagit.VERSION})",
    }
    if doc is not None and doc.number:
        info["External-Identifier"] = doc.number
    # The responsible office of data/site.yaml (the footer's contact): RFC 8493's contact fields.
    contact = site.contact
    if contact is not None:
        if contact.address is not None:
            info["Organization-Address"] = contact.address.vi
        info["Contact-Name"] = contact.office.vi
        if contact.phone:
            info["Contact-Phone"] = contact.phone
        if contact.email:
            info["Contact-Email"] = contact.email
    return info


def _tag_manifest(folder: Path) -> str:
    """tagmanifest-sha256.txt: every tag file at the top of the bag, in name order (the bagit library
    lists them in the file system's order, which differs between machines)."""
    lines = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.name.startswith("tagmanifest-"):
            lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n")
    return "".join(lines)


def make_bag(folder: Path, info: dict[str, str | list[str]], tag_files: dict[str, str]) -> None:
    """Turn `folder` into a bag in place: its files move under data/, listed in manifest-sha256.txt;
    bagit.txt, bag-info.txt, `tag_files` (e.g. README.txt) and tagmanifest-sha256.txt at the top.
    The same files and `info` give the same bytes. Validated before returning."""
    try:
        bagit.make_bag(str(folder), dict(info), checksums=[ALGORITHM])
    except (bagit.BagError, OSError, RuntimeError) as error:
        raise BagFailed(f"bagit: {error}") from error
    (folder / "bagit.txt").write_text(
        f"BagIt-Version: {BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n", encoding="utf-8", newline="\n"
    )
    for name, text in tag_files.items():
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
    (folder / TAG_MANIFEST).write_text(_tag_manifest(folder), encoding="utf-8", newline="\n")
    validate(folder)


def validate(folder: Path) -> None:
    """The checks of `bagit.py --validate`: structure, bagit.txt, Payload-Oxum, every checksum."""
    try:
        bagit.Bag(str(folder)).validate()
    except bagit.BagError as error:
        details = getattr(error, "details", None) or []
        listed = "".join(f"\n  {d}" for d in details[:20])
        raise BagFailed(f"the bag is not valid: {error}{listed}") from error
