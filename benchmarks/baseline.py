"""The references a benchmark compares our build with: the same pages as hand-made Markdown.

`write_baseline` writes a plain MkDocs project (stock Material, its default search plugin, no hooks,
no i18n plugin) whose docs/ holds every page of our site in both languages as a Markdown file with
the same text: Vietnamese at the root, English under en/, a fixed nav of the section pages, the
honouree pages out of the nav (as ours). Each honouree page shows its photo (our resized JPEG).

`section_pages` gives the same section pages' Markdown to the floor (benchmarks/floor.py), and
`honouree_markdown` a honouree page's, so the three builds publish the same text.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
LANGS = ("vi", "en")
SECTIONS = (
    # path, vi title, en title
    ("", "Trang chủ", "Home"),
    ("ke-hoach/", "Kế hoạch", "Plan"),
    ("thoi-gian/", "Thời gian", "Timeline"),
    ("tieu-chuan/", "Tiêu chuẩn", "Criteria"),
    ("ton-vinh/", "Tôn vinh", "Honourees"),
    ("ket-qua/", "Kết quả", "Results"),
    ("du-lieu/", "Dữ liệu mở", "Open data"),
    ("gioi-thieu/", "Giới thiệu", "About"),
)
LABELS = {
    "vi": {"collective": "Tập thể", "individual": "Cá nhân", "position": "Chức vụ", "unit": "Đơn vị", "story": "Câu chuyện",
           "achievements": "Thành tích", "criteria": "Tiêu chuẩn", "award": "Khen thưởng", "nominated": "Được đề nghị",
           "awarded": "Được tặng", "published": "Đăng ngày", "prev": "Trước", "next": "Sau", "back": "Danh sách"},
    "en": {"collective": "Collective", "individual": "Individual", "position": "Position", "unit": "Unit", "story": "Story",
           "achievements": "Achievements", "criteria": "Criteria", "award": "Award", "nominated": "Nominated for",
           "awarded": "Awarded", "published": "Published", "prev": "Previous", "next": "Next", "back": "All honourees"},
}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path):
    """A YAML file, read with the fastest safe loader available."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)


def tx(value, lang: str) -> str:
    """A bilingual value in `lang` (plain strings are the same in both)."""
    if isinstance(value, dict):
        return value.get(lang) or value["vi"]
    return "" if value is None else str(value)


def load_data(project: Path) -> dict:
    """The generated data of a project, as plain YAML values (no model: this is the reference)."""
    data = Path(project) / "data"
    honourees = {p.stem: load_yaml(p) for p in sorted((data / "honourees").glob("*.yaml"))}
    return {
        "site": load_yaml(data / "site.yaml"),
        "campaign": load_yaml(data / "campaign.yaml"),
        "units": {u["id"]: u for u in load_yaml(data / "units.yaml")["units"]},
        "honourees": honourees,
        "results": load_yaml(data / "results.yaml") if (data / "results.yaml").exists() else None,
    }


def order(data: dict) -> list[str]:
    """Collectives then individuals, each by id (the directory's order, near enough)."""
    return sorted(data["honourees"], key=lambda hid: (data["honourees"][hid]["kind"] != "collective", hid))


def awarded_forms(data: dict) -> dict[str, str]:
    """Honouree id -> the award form it received."""
    out = {}
    for decision in (data["results"] or {}).get("decisions", []):
        for hid in decision["awarded"]:
            out[hid] = decision["award_form"]
    return out


def honouree_markdown(hid: str, h: dict, data: dict, lang: str, prev: str | None, nxt: str | None,
                      photo: str | None, awarded: dict[str, str]) -> str:
    """One honouree page, as a person would write it in Markdown."""
    lab = LABELS[lang]
    forms = {f["id"]: f for f in data["campaign"]["awards"]["forms"]["items"]}
    criteria = data["campaign"]["awards"]["standards"]["criteria"][h["kind"]]["items"]
    unit = data["units"][h["unit"]]
    lines = [f"# {tx(h['name'], lang)}", ""]
    if photo:
        lines += [f"![{tx(h['photo']['alt'], lang)}]({photo}){{ width=600 }}", ""]
    lines += [
        f"**{lab[h['kind']]}** · {lab['position']}: {tx(h['position'], lang)} · {lab['unit']}: {tx(unit['name'], lang)}",
        "",
        f"> {tx(h['citation'], lang)}",
        "",
        f"## {lab['story']}",
        "",
        tx(h["story"], lang).strip(),
        "",
        f"## {lab['achievements']}",
        "",
    ]
    lines += [f"- {tx(a, lang)}" for a in h["achievements"]]
    lines += ["", f"## {lab['criteria']}", ""]
    lines += [f"- [{'x' if c['id'] in h['criteria'] else ' '}] {tx(c['text'], lang)}" for c in criteria]
    lines += ["", f"## {lab['award']}", ""]
    if h.get("nomination"):
        lines.append(f"{lab['nominated']}: {tx(forms[h['nomination']['award_form']]['name'], lang)}")
        lines.append("")
    if hid in awarded:
        lines.append(f"**{lab['awarded']}: {tx(forms[awarded[hid]]['name'], lang)}**")
        lines.append("")
    lines += [f"{lab['published']}: {h['published']}", ""]
    links = [f"[{lab['back']}](../index.md)"]
    if prev:
        links.insert(0, f"[← {lab['prev']}: {tx(data['honourees'][prev]['name'], lang)}](../{prev}/index.md)")
    if nxt:
        links.append(f"[{lab['next']}: {tx(data['honourees'][nxt]['name'], lang)} →](../{nxt}/index.md)")
    lines += [" · ".join(links), ""]
    return "\n".join(lines)


def _plan(c: dict, lang: str) -> str:
    doc = c["document"]
    lines = [f"# {tx(doc['title'], lang)}", ""]
    lines += [tx(p, lang) + "\n" for p in doc["preamble"]]
    for section in (c["purposes"], c["contents"], c["organisation"]):
        lines += [f"## {section['number']} {tx(section['heading'], lang)}", ""]
        for item in section["items"]:
            lines.append(f"{item['number']} {tx(item['text'], lang)}\n")
            if item.get("note"):
                lines.append(f"!!! note\n    {tx(item['note'], lang)}\n")
    aw = c["awards"]
    lines += [f"## {aw['number']} {tx(aw['heading'], lang)}", "", f"{tx(aw['period']['wording'], lang)}", ""]
    lines += [f"- {tx(f['name'], lang)}" for f in aw["forms"]["items"]]
    lines += ["", f"**{tx(c['recipients']['heading'], lang)}**", ""]
    lines += [f"- {tx(r['name'], lang)}" for r in c["recipients"]["items"]]
    lines += ["", f"{tx(c['signatory']['title'], lang)}  ", c["signatory"]["name"], ""]
    return "\n".join(lines)


def _criteria(c: dict, lang: str) -> str:
    aw = c["awards"]
    lines = [f"# {tx(aw['standards']['heading'], lang)}", "", "| | " + " | ".join(LABELS[lang][k] for k in ("collective", "individual")) + " |", "|---|---:|---:|"]
    lines += [f"| {tx(f['name'], lang)} | {f['quota']['collective']} | {f['quota']['individual']} |" for f in aw["forms"]["items"]]
    for kind in ("collective", "individual"):
        group = aw["standards"]["criteria"][kind]
        lines += ["", f"## {tx(group['label'], lang)}", ""] + [f"- {tx(i['text'], lang)}" for i in group["items"]]
    return "\n".join(lines) + "\n"


def _timeline(c: dict, data: dict, lang: str) -> str:
    period = c["awards"]["period"]
    lines = [f"# {SECTIONS[2][1 if lang == 'vi' else 2]}", "", f"- {period['start']}: {tx(period['heading'], lang)}", f"- {period['end']}: {tx(period['wording'], lang)}"]
    lines += [f"- {e['date']}: {tx(e['title'], lang)}" for e in c.get("events", [])]
    lines += [f"- {d['date']}: {d['number']}" for d in (data["results"] or {}).get("decisions", [])]
    lines.append(f"- {c['anniversary']['date']}: {tx(c['anniversary']['name'], lang)}")
    return "\n".join(lines) + "\n"


def _directory(data: dict, lang: str) -> str:
    lines = [f"# {SECTIONS[4][1 if lang == 'vi' else 2]}", ""]
    for kind in ("collective", "individual"):
        lines += [f"## {LABELS[lang][kind]}", ""]
        for hid in order(data):
            h = data["honourees"][hid]
            if h["kind"] == kind:
                lines.append(f"- [{tx(h['name'], lang)}]({hid}/index.md) — {tx(data['units'][h['unit']]['name'], lang)}: {tx(h['citation'], lang)}")
        lines.append("")
    return "\n".join(lines)


def _results(data: dict, lang: str) -> str:
    forms = {f["id"]: f for f in data["campaign"]["awards"]["forms"]["items"]}
    lines = [f"# {SECTIONS[5][1 if lang == 'vi' else 2]}", ""]
    for d in (data["results"] or {}).get("decisions", []):
        lines += [f"## {tx(forms[d['award_form']]['name'], lang)}", "", f"{d['number']}, {d['date']}", ""]
        lines += [f"- [{tx(data['honourees'][hid]['name'], lang)}](../ton-vinh/{hid}/index.md)" for hid in d["awarded"]]
        lines.append("")
    return "\n".join(lines)


def _home(data: dict, lang: str) -> str:
    c = data["campaign"]
    featured = [hid for hid in order(data) if data["honourees"][hid].get("featured")][:3]
    lines = [f"# {tx(c['document']['title'], lang)}", "", tx(c["awards"]["period"]["wording"], lang), ""]
    lines += [f"- [{tx(data['honourees'][hid]['name'], lang)}](ton-vinh/{hid}/index.md): {tx(data['honourees'][hid]['citation'], lang)}" for hid in featured]
    lines += ["", " · ".join(f"[{s[1 if lang == 'vi' else 2]}]({s[0]}index.md)" for s in SECTIONS[1:]), ""]
    return "\n".join(lines)


def _open_data(lang: str) -> str:
    files = ("campaign.json", "honourees.json", "results.json", "honourees.csv", "results.csv", "timeline.ics",
             "campaign.schema.json", "honourees.schema.json", "results.schema.json")
    return f"# {SECTIONS[6][1 if lang == 'vi' else 2]}\n\n" + "\n".join(f"- `{f}`" for f in files) + "\n"


def section_pages(data: dict) -> list[tuple[str, str, str]]:
    """(path, lang, markdown) of the section pages in both languages (the about page is the data's own text)."""
    c = data["campaign"]
    out = []
    for lang in LANGS:
        text = (data["site"].get("about") or {})
        about = f"# {SECTIONS[7][1 if lang == 'vi' else 2]}\n\n" + (text.get(lang) or text.get("vi") or "")
        pages = {
            "": _home(data, lang),
            "ke-hoach/": _plan(c, lang),
            "thoi-gian/": _timeline(c, data, lang),
            "tieu-chuan/": _criteria(c, lang),
            "ton-vinh/": _directory(data, lang),
            "ket-qua/": _results(data, lang),
            "du-lieu/": _open_data(lang),
            "gioi-thieu/": about,
        }
        out += [(path, lang, pages[path]) for path, _, _ in SECTIONS]
    return out


_PHOTO_NAME = re.compile(r"^(?P<id>.+)-[0-9a-f]{10}-page\.jpg$")


def page_photos(site: Path) -> dict[str, Path]:
    """Honouree id -> our built site's page-sized JPEG of its photo."""
    out = {}
    for path in (Path(site) / "ton-vinh" / "anh").glob("*-page.jpg"):
        match = _PHOTO_NAME.match(path.name)
        if match:
            out[match["id"]] = path
    return out


def _config(n_pages: int) -> str:
    nav_vi = "\n".join(f"  - {title}: {path}index.md" for path, title, _ in SECTIONS)
    nav_en = "\n".join(f"      - {title}: en/{path}index.md" for path, _, title in SECTIONS)
    return f"""# Generated by benchmarks/baseline.py: stock MkDocs + Material, {n_pages} hand-made pages, no hooks.
site_name: Thi đua chào mừng 70 năm Ngày truyền thống ngành Công Thương
site_url: http://127.0.0.1:8000/
theme:
  name: material
  language: vi
  font: false
  features:
    - navigation.tabs
    - navigation.top
    - navigation.footer
    - toc.follow
markdown_extensions:
  - attr_list
  - admonition
  - toc:
      permalink: true
not_in_nav: |
  /ton-vinh/*/
  /en/ton-vinh/*/
nav:
{nav_vi}
  - English:
{nav_en}
"""


def write_baseline(project: Path, dest: Path, photos_from: Path | None = None) -> int:
    """Write the baseline project for `project`'s data into `dest`; return its number of pages."""
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "docs"
    data = load_data(project)
    photos = page_photos(photos_from) if photos_from else {}
    count = 0
    for path, lang, text in section_pages(data):
        target = docs / ("en/" if lang == "en" else "") / path / "index.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        count += 1
    ids = order(data)
    awarded = awarded_forms(data)
    for i, hid in enumerate(ids):
        prev = ids[i - 1] if i > 0 else None
        nxt = ids[i + 1] if i + 1 < len(ids) else None
        folder = docs / "ton-vinh" / hid
        folder.mkdir(parents=True)
        photo = None
        if hid in photos:
            try:
                os.link(photos[hid], folder / "photo.jpg")
            except OSError:
                shutil.copyfile(photos[hid], folder / "photo.jpg")
            photo = "photo.jpg"
        (folder / "index.md").write_text(honouree_markdown(hid, data["honourees"][hid], data, "vi", prev, nxt, photo, awarded), encoding="utf-8")
        en = docs / "en" / "ton-vinh" / hid
        en.mkdir(parents=True)
        en_photo = f"../../../ton-vinh/{hid}/photo.jpg" if photo else None
        (en / "index.md").write_text(honouree_markdown(hid, data["honourees"][hid], data, "en", prev, nxt, en_photo, awarded), encoding="utf-8")
        count += 2
    (dest / "mkdocs.yml").write_text(_config(count), encoding="utf-8")
    return count
